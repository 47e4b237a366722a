/* Fuzzes base64: output length and alphabet, and decoding it gives back the input. */
#include <string.h>

#include "b64.h"
#include "buf.h"
#include "fuzz.h"

static int
val(unsigned char c)
{
	const char	*a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789+/";
	const char	*p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { 0 }, back = { 0 };
	size_t		 i;
	int		 v[4], k;

	FUZZ_CHECK(b64_encode(&out, data, size) == 0);
	FUZZ_CHECK(out.len == (size + 2) / 3 * 4);
	for (i = 0; i < out.len; i += 4) {
		for (k = 0; k < 4; k++)
			v[k] = out.data[i + k] == '=' ? 0 : val(out.data[i + k]);
		for (k = 0; k < 4; k++)
			FUZZ_CHECK(v[k] >= 0);
		FUZZ_CHECK(buf_putc(&back, v[0] << 2 | v[1] >> 4) == 0);
		if (out.data[i + 2] != '=')
			FUZZ_CHECK(buf_putc(&back, (v[1] & 15) << 4 | v[2] >> 2) == 0);
		if (out.data[i + 3] != '=')
			FUZZ_CHECK(buf_putc(&back, (v[2] & 3) << 6 | v[3]) == 0);
	}
	FUZZ_CHECK(back.len == size &&
	    (size == 0 || memcmp(back.data, data, size) == 0));
	buf_free(&out);
	buf_free(&back);
	return 0;
}
