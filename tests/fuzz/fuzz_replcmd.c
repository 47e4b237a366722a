/*
 * Fuzzes the interactive line parser: any line parses or fails with a
 * one-line, NUL-terminated error; a /close it accepts has a code and reason
 * pipe mode would accept; data is always NUL-terminated; a ping payload
 * fits a control frame.
 */
#include <string.h>

#include "fuzz.h"
#include "opts.h"
#include "replcmd.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replcmd	 c = { 0 };
	char		 err[256], why[256];

	memset(err, 'x', sizeof(err));
	if (replcmd_parse(&c, (const char *)data, size, err,
	    sizeof(err)) == -1) {
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		buf_free(&c.data);
		return 0;
	}
	FUZZ_CHECK(c.data.data != NULL && c.data.data[c.data.len] == '\0');
	switch (c.kind) {
	case REPLCMD_SEND:
		FUZZ_CHECK(c.data.len == size || c.data.len + 1 == size);
		break;
	case REPLCMD_CLOSE:
		FUZZ_CHECK(opts_check_close_code(c.code, why,
		    sizeof(why)) == 0);
		FUZZ_CHECK(opts_check_close_reason((char *)c.data.data, why,
		    sizeof(why)) == 0);
		break;
	case REPLCMD_PING:
		FUZZ_CHECK(c.data.len <= REPLCMD_PING_MAX);
		break;
	case REPLCMD_BINARY:
		FUZZ_CHECK(c.data.len <= size / 2);
		break;
	case REPLCMD_SEND_FILE:
		FUZZ_CHECK(c.data.len > 0 &&
		    strlen((char *)c.data.data) == c.data.len);
		break;
	default:
		break;
	}
	buf_free(&c.data);
	return 0;
}
