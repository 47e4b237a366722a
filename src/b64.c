/* Base64 encoding (RFC 4648, section 4: standard alphabet, padded). */
#include <errno.h>
#include <stdint.h>

#include "b64.h"

static const char	 b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/*
 * Appends the padded base64 encoding of p[0..n) to out.  Returns 0, or -1
 * with errno ENOMEM.
 */
int
b64_encode(struct buf *out, const unsigned char *p, size_t n)
{
	unsigned char	*o;
	size_t		 i;
	uint32_t	 v;

	if (n == 0)
		return 0;
	if (n / 3 >= SIZE_MAX / 4 - 1) {
		errno = ENOMEM;
		return -1;
	}
	if (buf_reserve(out, (n + 2) / 3 * 4) == -1)
		return -1;
	o = out->data + out->len;
	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 0x3f];
		*o++ = b64_alphabet[(v >> 6) & 0x3f];
		*o++ = b64_alphabet[v & 0x3f];
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		*o++ = b64_alphabet[v >> 18];
		*o++ = b64_alphabet[(v >> 12) & 0x3f];
		*o++ = i + 1 < n ? b64_alphabet[(v >> 6) & 0x3f] : '=';
		*o++ = '=';
	}
	out->len = (size_t)(o - out->data);
	return 0;
}
