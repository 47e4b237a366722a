/*
 * Fuzzes the terminal sanitiser and the hex dump: the escaped text must
 * hold no control byte but TAB and LF, no C1 control, and be valid UTF-8;
 * the dump must have one line per 16 bytes.
 */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "term.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { 0 };
	size_t		 i, lines = 0;

	FUZZ_CHECK(term_escape(&out, data, size) == 0);
	for (i = 0; i < out.len; i++) {
		unsigned char c = out.data[i];
		FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n');
		FUZZ_CHECK(c != 0x7f);
		if (c == 0xc2 && i + 1 < out.len)
			FUZZ_CHECK(out.data[i + 1] < 0x80 ||
			    out.data[i + 1] > 0x9f);
	}
	FUZZ_CHECK(utf8_valid(out.data, out.len));
	buf_free(&out);

	FUZZ_CHECK(term_hexdump(&out, data, size) == 0);
	for (i = 0; i < out.len; i++) {
		FUZZ_CHECK(out.data[i] >= 0x20 || out.data[i] == '\n');
		FUZZ_CHECK(out.data[i] < 0x7f);
		lines += out.data[i] == '\n';
	}
	FUZZ_CHECK(lines == (size + 15) / 16);
	buf_free(&out);
	return 0;
}
