/*
 * Unit tests for utf8.c: a table of valid and invalid sequences, each fed
 * whole, split at every point and every pair of points, byte by byte and
 * inside ASCII runs of every alignment; then exhaustive and random
 * comparisons with a simple reference decoder.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

#define S(s)	(s), sizeof(s) - 1

struct ucase {
	const char	*desc;
	const char	*in;
	size_t		 len;
	bool		 valid;
};

static const struct ucase cases[] = {
	{ "empty", S(""), true },
	{ "ascii", S("a"), true },
	{ "NUL", S("\0"), true },
	{ "DEL", S("\x7f"), true },
	{ "ascii run",
	    S("The quick brown fox jumps over the lazy dog 0123456789"), true },
	{ "U+0080", S("\xc2\x80"), true },
	{ "U+07FF", S("\xdf\xbf"), true },
	{ "U+0800", S("\xe0\xa0\x80"), true },
	{ "U+1000", S("\xe1\x80\x80"), true },
	{ "U+CFFF", S("\xec\xbf\xbf"), true },
	{ "U+D000", S("\xed\x80\x80"), true },
	{ "U+D7FF", S("\xed\x9f\xbf"), true },
	{ "U+E000", S("\xee\x80\x80"), true },
	{ "BOM", S("\xef\xbb\xbf"), true },
	{ "U+FFFD", S("\xef\xbf\xbd"), true },
	{ "U+FFFF", S("\xef\xbf\xbf"), true },
	{ "U+10000", S("\xf0\x90\x80\x80"), true },
	{ "U+3FFFF", S("\xf0\xbf\xbf\xbf"), true },
	{ "U+40000", S("\xf1\x80\x80\x80"), true },
	{ "U+FFFFF", S("\xf3\xbf\xbf\xbf"), true },
	{ "U+100000", S("\xf4\x80\x80\x80"), true },
	{ "U+10FFFF", S("\xf4\x8f\xbf\xbf"), true },
	{ "greek", S("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"), true },
	{ "mixed", S("a\xc3\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d"),
	    true },
	{ "lone continuation 80", S("\x80"), false },
	{ "lone continuation bf", S("\xbf"), false },
	{ "continuation after ascii", S("abc\x80"), false },
	{ "overlong NUL C0 80", S("\xc0\x80"), false },
	{ "overlong C1 BF", S("\xc1\xbf"), false },
	{ "overlong E0 80 80", S("\xe0\x80\x80"), false },
	{ "overlong E0 9F BF", S("\xe0\x9f\xbf"), false },
	{ "overlong F0 80 80 80", S("\xf0\x80\x80\x80"), false },
	{ "overlong F0 8F BF BF", S("\xf0\x8f\xbf\xbf"), false },
	{ "surrogate D800", S("\xed\xa0\x80"), false },
	{ "surrogate DBFF", S("\xed\xaf\xbf"), false },
	{ "surrogate DC00", S("\xed\xb0\x80"), false },
	{ "surrogate DFFF", S("\xed\xbf\xbf"), false },
	{ "surrogate pair", S("\xed\xa0\xbd\xed\xb8\x80"), false },
	{ "U+110000", S("\xf4\x90\x80\x80"), false },
	{ "F4 BF BF BF", S("\xf4\xbf\xbf\xbf"), false },
	{ "F5", S("\xf5\x80\x80\x80"), false },
	{ "F7", S("\xf7\xbf\xbf\xbf"), false },
	{ "five bytes", S("\xf8\x88\x80\x80\x80"), false },
	{ "six bytes", S("\xfc\x84\x80\x80\x80\x80"), false },
	{ "FE", S("\xfe"), false },
	{ "FF", S("\xff"), false },
	{ "truncated 2", S("\xc2"), false },
	{ "truncated 3 of 1", S("\xe2"), false },
	{ "truncated 3 of 2", S("\xe2\x82"), false },
	{ "truncated 4 of 3", S("\xf0\x9f\x98"), false },
	{ "truncated at end", S("abc\xc3"), false },
	{ "truncated then ascii", S("\xe2\x82" "a"), false },
	{ "truncated then lead", S("\xc3\xc3\xa9"), false },
	{ "valid then truncated", S("\xc3\xa9\xc3"), false },
	{ "extra continuation", S("\xe2\x82\xac\x80"), false },
	{ "cesu-8", S("\xed\xa0\x81\xed\xb0\x80"), false },
	{ "latin-1", S("caf\xe9"), false },
	{ "bad in long ascii", S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xff"
	    "aaaaaaaaaaaaaaa"), false },
};

static bool	 ref_valid(const unsigned char *, size_t);
static int	 feed_split(const unsigned char *, size_t, const size_t *,
		    size_t);
static void	 test_case(const struct ucase *);
static void	 test_states(void);
static void	 test_exhaustive(void);
static void	 test_random(void);

/* An independent, slow reference: decode each code point and check it. */
static bool
ref_valid(const unsigned char *p, size_t n)
{
	size_t		 i = 0, len, k;
	uint32_t	 cp, min;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		} else if ((p[i] & 0xe0) == 0xc0) {
			len = 2;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			len = 3;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			len = 4;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return false;
		if (n - i < len)
			return false;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/*
 * Feeds p[0..n) in pieces ending at cuts[]: 1 when it ends accepted, 0 when
 * not, -1 when utf8_feed's return and *state disagree.
 */
static int
feed_split(const unsigned char *p, size_t n, const size_t *cuts, size_t ncut)
{
	uint32_t	 state = UTF8_ACCEPT, r = UTF8_ACCEPT;
	size_t		 i, at = 0, next;

	for (i = 0; i <= ncut; i++) {
		next = i < ncut ? cuts[i] : n;
		r = utf8_feed(&state, p + at, next - at);
		if (r != state)
			return -1;
		at = next;
	}
	return state == UTF8_ACCEPT;
}

static void
test_case(const struct ucase *t)
{
	const unsigned char	*p = (const unsigned char *)t->in;
	unsigned char		 buf[128];
	size_t			 cuts[2], i, j, k, bad;
	size_t			*bytes;

	tap_is_int(utf8_valid(p, t->len), t->valid, "%s: utf8_valid",
	    t->desc);
	tap_is_int(ref_valid(p, t->len), t->valid, "%s: reference agrees",
	    t->desc);

	bad = 0;
	for (i = 0; i <= t->len; i++) {
		cuts[0] = i;
		bad += feed_split(p, t->len, cuts, 1) != t->valid;
		for (j = i; j <= t->len; j++) {
			cuts[1] = j;
			bad += feed_split(p, t->len, cuts, 2) != t->valid;
		}
	}
	tap_is_int((long long)bad, 0, "%s: every split", t->desc);

	bytes = calloc(t->len + 1, sizeof(*bytes));
	for (i = 0; i < t->len; i++)
		bytes[i] = i + 1;
	tap_is_int(feed_split(p, t->len, bytes, t->len), t->valid,
	    "%s: byte by byte", t->desc);
	free(bytes);

	/* Inside ASCII runs of every length, for the 8-byte fast path. */
	bad = 0;
	for (i = 0; i <= 17; i++) {
		for (k = 0; k <= 17; k++) {
			memset(buf, 'x', sizeof(buf));
			memcpy(buf + i, p, t->len);
			bad += utf8_valid(buf, i + t->len + k) != t->valid;
			bad += utf8_valid(buf + 1, i + t->len + k) !=
			    ref_valid(buf + 1, i + t->len + k);
		}
	}
	tap_is_int((long long)bad, 0, "%s: inside ascii runs", t->desc);
}

static void
test_states(void)
{
	uint32_t	 s = UTF8_ACCEPT;

	tap_is_int(utf8_feed(&s, (const unsigned char *)"\xe2", 1) !=
	    UTF8_ACCEPT && s != UTF8_REJECT, 1, "state: mid-character");
	tap_is_int(utf8_feed(&s, (const unsigned char *)"\x82\xac", 2),
	    UTF8_ACCEPT, "state: completed");
	tap_is_int(utf8_feed(&s, (const unsigned char *)"\xff", 1),
	    UTF8_REJECT, "state: rejected");
	tap_is_int(utf8_feed(&s, (const unsigned char *)"abc", 3),
	    UTF8_REJECT, "state: reject is sticky");
	tap_is_int(utf8_feed(&s, NULL, 0), UTF8_REJECT,
	    "state: empty feed keeps reject");
	s = UTF8_ACCEPT;
	tap_is_int(utf8_feed(&s, NULL, 0), UTF8_ACCEPT,
	    "state: empty feed keeps accept");
	tap_is_int(utf8_valid(NULL, 0), 1, "empty input is valid");
}

static void
test_exhaustive(void)
{
	unsigned char	 b[4];
	size_t		 bad = 0;
	unsigned int	 i, j;

	for (i = 0; i < 256; i++) {
		b[0] = (unsigned char)i;
		bad += utf8_valid(b, 1) != ref_valid(b, 1);
		for (j = 0; j < 256; j++) {
			b[1] = (unsigned char)j;
			bad += utf8_valid(b, 2) != ref_valid(b, 2);
		}
	}
	tap_is_int((long long)bad, 0, "every 1- and 2-byte string");

	/* Every 3-byte string starting E0..EF, and 4-byte ones from F0..F4. */
	bad = 0;
	for (i = 0xe0; i <= 0xef; i++)
		for (j = 0; j < 0x10000; j++) {
			b[0] = (unsigned char)i;
			b[1] = (unsigned char)(j >> 8);
			b[2] = (unsigned char)j;
			bad += utf8_valid(b, 3) != ref_valid(b, 3);
		}
	tap_is_int((long long)bad, 0, "every 3-byte string with an E lead");
	bad = 0;
	for (i = 0xf0; i <= 0xff; i++)
		for (j = 0; j < 0x10000; j++) {
			b[0] = (unsigned char)i;
			b[1] = (unsigned char)(j >> 8);
			b[2] = (unsigned char)j;
			b[3] = 0x80 | (unsigned char)(j & 0x3f);
			bad += utf8_valid(b, 4) != ref_valid(b, 4);
		}
	tap_is_int((long long)bad, 0, "4-byte strings with an F lead");
}

static void
test_random(void)
{
	static const unsigned char	 alphabet[] = {
		'a', 0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1,
		0xf3, 0xf4, 0xf5, 0xff
	};
	unsigned char	 buf[40];
	uint32_t	 x = 12345, state;
	size_t		 bad = 0, nvalid = 0, n, i, cut;
	int		 round;

	for (round = 0; round < 200000; round++) {
		x = x * 1103515245 + 12345;
		n = (x >> 16) % sizeof(buf);
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			buf[i] = alphabet[(x >> 16) % sizeof(alphabet)];
		}
		x = x * 1103515245 + 12345;
		cut = n ? (x >> 16) % n : 0;
		state = UTF8_ACCEPT;
		utf8_feed(&state, buf, cut);
		utf8_feed(&state, buf + cut, n - cut);
		bad += utf8_valid(buf, n) != ref_valid(buf, n);
		bad += (state == UTF8_ACCEPT) != ref_valid(buf, n);
		nvalid += ref_valid(buf, n);
	}
	tap_is_int((long long)bad, 0, "200000 random strings (%zu valid)",
	    nvalid);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_case(&cases[i]);
	test_states();
	test_exhaustive();
	test_random();
	return tap_done();
}
