/* Unit tests for b64.c: RFC 4648 and RFC 6455 vectors, then a reference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "tap.h"

#define S(s)	(s), sizeof(s) - 1

struct bcase {
	const char	*desc;
	const char	*in;
	size_t		 len;
	const char	*want;
};

static const struct bcase cases[] = {
	{ "RFC 4648 empty", S(""), "" },
	{ "RFC 4648 f", S("f"), "Zg==" },
	{ "RFC 4648 fo", S("fo"), "Zm8=" },
	{ "RFC 4648 foo", S("foo"), "Zm9v" },
	{ "RFC 4648 foob", S("foob"), "Zm9vYg==" },
	{ "RFC 4648 fooba", S("fooba"), "Zm9vYmE=" },
	{ "RFC 4648 foobar", S("foobar"), "Zm9vYmFy" },
	{ "NUL", S("\0"), "AA==" },
	{ "two NULs", S("\0\0"), "AAA=" },
	{ "three NULs", S("\0\0\0"), "AAAA" },
	{ "all ones", S("\xff\xff\xff"), "////" },
	{ "plus and slash", S("\xfb\xff"), "+/8=" },
	{ "62 and 63", S("\xfb\xef\xbe"), "++++" },
	{ "RFC 6455 sample nonce", S("the sample nonce"),
	    "dGhlIHNhbXBsZSBub25jZQ==" },
	{ "RFC 6455 accept digest",
	    S("\xb3\x7a\x4f\x2c\xc0\x62\x4f\x16\x90\xf6"
	    "\x46\x06\xcf\x38\x59\x45\xb2\xbe\xc4\xea"),
	    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" },
	{ "utf-8", S("caf\xc3\xa9"), "Y2Fmw6k=" },
};

static void	 ref_encode(struct buf *, const unsigned char *, size_t);

/* A bit-at-a-time reference encoder. */
static void
ref_encode(struct buf *out, const unsigned char *p, size_t n)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t			 bit, nbits = n * 8, k;
	unsigned int		 v;

	for (bit = 0; bit < nbits; bit += 6) {
		v = 0;
		for (k = 0; k < 6; k++) {
			v <<= 1;
			if (bit + k < nbits &&
			    p[(bit + k) / 8] & (0x80 >> ((bit + k) % 8)))
				v |= 1;
		}
		buf_putc(out, a[v]);
	}
	while (out->len % 4 != 0)
		buf_putc(out, '=');
}

int
main(void)
{
	struct buf	 out = { NULL, 0, 0 }, ref = { NULL, 0, 0 };
	unsigned char	*big;
	size_t		 i, n, bad;
	uint32_t	 x = 99;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out.len = 0;
		tap_is_int(b64_encode(&out, (const unsigned char *)cases[i].in,
		    cases[i].len), 0, "%s: returns 0", cases[i].desc);
		tap_is_mem(out.data, out.len, cases[i].want,
		    strlen(cases[i].want), "%s", cases[i].desc);
	}

	/* Appends to what is there. */
	out.len = 0;
	buf_append(&out, "x=", 2);
	b64_encode(&out, (const unsigned char *)"fo", 2);
	b64_encode(&out, (const unsigned char *)"", 0);
	b64_encode(&out, (const unsigned char *)"o", 1);
	tap_is_mem(out.data, out.len, "x=Zm8=bw==", 10, "appends");

	/* Every length up to 300 of changing bytes, against the reference. */
	big = malloc(1 << 20);
	for (i = 0; i < 1 << 20; i++) {
		x = x * 1103515245 + 12345;
		big[i] = (unsigned char)(x >> 16);
	}
	bad = 0;
	for (n = 0; n <= 300; n++) {
		out.len = ref.len = 0;
		b64_encode(&out, big + n, n);
		ref_encode(&ref, big + n, n);
		bad += out.len != ref.len ||
		    (out.len > 0 && memcmp(out.data, ref.data, out.len) != 0);
	}
	tap_is_int((long long)bad, 0, "lengths 0-300 match the reference");

	/* Every single byte value. */
	bad = 0;
	for (i = 0; i < 256; i++) {
		unsigned char	 c = (unsigned char)i;

		out.len = ref.len = 0;
		b64_encode(&out, &c, 1);
		ref_encode(&ref, &c, 1);
		bad += out.len != 4 || memcmp(out.data, ref.data, 4) != 0;
	}
	tap_is_int((long long)bad, 0, "every byte value");

	/* 1 MiB in one call. */
	out.len = ref.len = 0;
	tap_is_int(b64_encode(&out, big, 1 << 20), 0, "1 MiB: returns 0");
	ref_encode(&ref, big, 1 << 20);
	tap_is_mem(out.data, out.len, ref.data, ref.len, "1 MiB");
	free(big);
	buf_free(&out);
	buf_free(&ref);
	return tap_done();
}
