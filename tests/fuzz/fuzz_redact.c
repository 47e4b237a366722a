/*
 * Fuzzes the redaction of secrets in diagnostics: show copies everything
 * unchanged; otherwise a secret header keeps its name (and an
 * Authorization scheme) and ends in the mark, any other header line is
 * unchanged, and a user:password keeps only the user.
 */
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "redact.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { NULL, 0, 0 };
	const char	*line = (const char *)data, *colon;
	char		*s;
	size_t		 mark = strlen(REDACT_MARK);

	FUZZ_CHECK(redact_header(&out, line, size, true) == 0);
	FUZZ_CHECK(out.len == size && memcmp(out.data, data, size) == 0);
	out.len = 0;
	FUZZ_CHECK(redact_header(&out, line, size, false) == 0);
	colon = memchr(line, ':', size);
	if (colon != NULL &&
	    redact_is_secret_header(line, (size_t)(colon - line))) {
		FUZZ_CHECK(out.len >= (size_t)(colon + 1 - line));
		FUZZ_CHECK(memcmp(out.data, line, (size_t)(colon + 1 - line)) ==
		    0);
		FUZZ_CHECK(out.len <= size + mark);
	} else {
		FUZZ_CHECK(out.len == size && memcmp(out.data, data, size) == 0);
	}

	/* The string forms stop at the first NUL, as on a command line. */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	out.len = 0;
	FUZZ_CHECK(redact_userpass(&out, s, false) == 0);
	if ((colon = strchr(s, ':')) != NULL) {
		FUZZ_CHECK(out.len == (size_t)(colon + 1 - s) + mark);
		FUZZ_CHECK(memcmp(out.data + out.len - mark, REDACT_MARK, mark) ==
		    0);
	} else {
		FUZZ_CHECK(out.len == strlen(s) && strcmp((char *)out.data, s) == 0);
	}
	out.len = 0;
	FUZZ_CHECK(redact_url(&out, s, true) == 0);
	FUZZ_CHECK(out.len == strlen(s) && strcmp((char *)out.data, s) == 0);
	out.len = 0;
	FUZZ_CHECK(redact_url(&out, s, false) == 0);
	FUZZ_CHECK(out.len <= strlen(s) + mark);
	FUZZ_CHECK(out.data[out.len] == '\0');
	free(s);
	buf_free(&out);
	return 0;
}
