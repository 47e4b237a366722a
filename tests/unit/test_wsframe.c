/* Unit tests for wsframe.c: RFC 6455 5.7 examples, length forms, masking. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "wsframe.h"

#define S(s)	(s), sizeof(s) - 1

struct hcase {
	const char	*desc;
	unsigned	 b0;
	uint64_t	 len;
	const char	*key;
	const char	*want;
	size_t		 wantlen;
};

static const struct hcase hcases[] = {
	{ "unmasked text 'Hello' (RFC 6455 5.7)", 0x81, 5, NULL,
	    S("\x81\x05") },
	{ "masked text 'Hello' (RFC 6455 5.7)", 0x81, 5, "\x37\xfa\x21\x3d",
	    S("\x81\x85\x37\xfa\x21\x3d") },
	{ "first fragment 'Hel' (RFC 6455 5.7)", 0x01, 3, NULL,
	    S("\x01\x03") },
	{ "last fragment 'lo' (RFC 6455 5.7)", 0x80, 2, NULL, S("\x80\x02") },
	{ "256-byte binary (RFC 6455 5.7)", 0x82, 256, NULL,
	    S("\x82\x7e\x01\x00") },
	{ "64 KiB binary (RFC 6455 5.7)", 0x82, 65536, NULL,
	    S("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00") },
	{ "empty text", 0x81, 0, NULL, S("\x81\x00") },
	{ "125: the longest 7-bit length", 0x82, 125, NULL, S("\x82\x7d") },
	{ "126: the shortest 16-bit length", 0x82, 126, NULL,
	    S("\x82\x7e\x00\x7e") },
	{ "65535: the longest 16-bit length, masked", 0x02, 65535,
	    "\x01\x02\x03\x04", S("\x02\xfe\xff\xff\x01\x02\x03\x04") },
	{ "2^32 + 1, masked continuation", 0x80, 0x100000001ULL,
	    "\xff\x00\xff\x00",
	    S("\x80\xff\x00\x00\x00\x01\x00\x00\x00\x01\xff\x00\xff\x00") },
};

static void
header_tests(void)
{
	unsigned char	 h[WSFRAME_HEADER_MAX];
	size_t		 i, n;

	for (i = 0; i < sizeof(hcases) / sizeof(hcases[0]); i++) {
		n = wsframe_header(h, hcases[i].b0, hcases[i].len,
		    (const unsigned char *)hcases[i].key);
		tap_is_mem(h, n, hcases[i].want, hcases[i].wantlen, "header: %s",
		    hcases[i].desc);
	}
}

static void
mask_tests(void)
{
	static const unsigned char	 key[4] = { 0x37, 0xfa, 0x21, 0x3d };
	unsigned char			 src[80], got[80], want[80];
	size_t				 n, i;
	int				 bad = 0;

	wsframe_mask(got, (const unsigned char *)"Hello", 5, key);
	tap_is_mem(got, 5, "\x7f\x9f\x4d\x51\x58", 5,
	    "mask: 'Hello' as in RFC 6455 5.7");
	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 37 + 11);
	for (n = 0; n <= sizeof(src) - 3; n++) {
		/* Unaligned source and destination, every length. */
		for (i = 0; i < n; i++)
			want[i] = src[i + 3] ^ key[i % 4];
		memset(got, 0, sizeof(got));
		wsframe_mask(got + 1, src + 3, n, key);
		if (memcmp(got + 1, want, n) != 0 || got[0] != 0 ||
		    (n + 1 < sizeof(got) && got[n + 1] != 0))
			bad++;
	}
	tap_is_int(bad, 0, "mask: lengths 0..77 unaligned match byte-wise "
	    "masking and stay in bounds");
	memcpy(got, src, sizeof(src));
	wsframe_mask(got, got, sizeof(src), key);
	wsframe_mask(got, got, sizeof(src), key);
	tap_is_mem(got, sizeof(src), src, sizeof(src),
	    "mask: in place, twice, gives the input back");
}

int
main(void)
{
	header_tests();
	mask_tests();
	return tap_done();
}
