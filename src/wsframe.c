/* RFC 6455 frame headers and payload masking; pure. */
#include <string.h>

#include "wsframe.h"

size_t
wsframe_header(unsigned char *h, unsigned b0, uint64_t len,
    const unsigned char *key)
{
	unsigned char	 mbit = key != NULL ? 0x80 : 0;
	size_t		 n;
	int		 i;

	h[0] = (unsigned char)b0;
	if (len < 126) {
		h[1] = (unsigned char)(mbit | len);
		n = 2;
	} else if (len <= 0xffff) {
		h[1] = mbit | 126;
		h[2] = (unsigned char)(len >> 8);
		h[3] = (unsigned char)len;
		n = 4;
	} else {
		h[1] = mbit | 127;
		for (i = 0; i < 8; i++)
			h[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	if (key != NULL) {
		memcpy(h + n, key, 4);
		n += 4;
	}
	return n;
}

/* Eight bytes at a time: the key repeated twice is a 64-bit mask. */
void
wsframe_mask(unsigned char *dst, const unsigned char *src, size_t n,
    const unsigned char *key)
{
	unsigned char	 k8[8];
	uint64_t	 m, w;
	size_t		 i;

	memcpy(k8, key, 4);
	memcpy(k8 + 4, key, 4);
	memcpy(&m, k8, 8);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, src + i, 8);
		w ^= m;
		memcpy(dst + i, &w, 8);
	}
	for (; i < n; i++)
		dst[i] = src[i] ^ k8[i & 7];
}
