/*
 * Fuzzes the header-file parser (-H @FILE) and the header check: no crash,
 * every line handed on passes headers_check() and holds no CR, LF or NUL,
 * and an error is one line.
 */
#include <string.h>

#include "fuzz.h"
#include "headers.h"

static int
check_line(void *ctx, const char *line, size_t len)
{
	char	 err[256];

	(void)ctx;
	FUZZ_CHECK(len > 0);
	FUZZ_CHECK(memchr(line, '\r', len) == NULL);
	FUZZ_CHECK(memchr(line, '\n', len) == NULL);
	FUZZ_CHECK(memchr(line, '\0', len) == NULL);
	FUZZ_CHECK(headers_check(line, len, err, sizeof(err)) == 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 err[512];

	err[0] = '\0';
	if (headers_parse_text((const char *)data, size, check_line, NULL, err,
	    sizeof(err)) == -1)
		FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
	return 0;
}
