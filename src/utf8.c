/*
 * UTF-8 validation per RFC 3629 as a small state machine, so that a message
 * split anywhere across chunks gets the same answer as in one piece.  Runs
 * of ASCII are skipped sixteen bytes at a time.
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/*
 * States besides UTF8_ACCEPT and UTF8_REJECT: how many continuation bytes
 * are still due, and the range the next one must fall in (narrower after
 * E0, ED, F0 and F4, which is how overlongs, surrogates and code points
 * above U+10FFFF are refused).
 */
enum {
	UTF8_CONT1 = 2,		/* 1 more: 80..BF */
	UTF8_CONT2,		/* 2 more: 80..BF */
	UTF8_CONT2_E0,		/* 2 more, next A0..BF */
	UTF8_CONT2_ED,		/* 2 more, next 80..9F */
	UTF8_CONT3,		/* 3 more: 80..BF */
	UTF8_CONT3_F0,		/* 3 more, next 90..BF */
	UTF8_CONT3_F4		/* 3 more, next 80..8F */
};

#define UTF8_HIGH_BITS	UINT64_C(0x8080808080808080)

static uint32_t	 utf8_lead(unsigned char);
static uint32_t	 utf8_step(uint32_t, unsigned char);

/* The state after lead byte c at a character boundary. */
static uint32_t
utf8_lead(unsigned char c)
{
	if (c < 0x80)
		return UTF8_ACCEPT;
	if (c < 0xc2)		/* a continuation byte, or overlong C0/C1 */
		return UTF8_REJECT;
	if (c < 0xe0)
		return UTF8_CONT1;
	if (c == 0xe0)
		return UTF8_CONT2_E0;
	if (c == 0xed)
		return UTF8_CONT2_ED;
	if (c < 0xf0)
		return UTF8_CONT2;
	if (c == 0xf0)
		return UTF8_CONT3_F0;
	if (c < 0xf4)
		return UTF8_CONT3;
	if (c == 0xf4)
		return UTF8_CONT3_F4;
	return UTF8_REJECT;	/* F5..FF */
}

static uint32_t
utf8_step(uint32_t state, unsigned char c)
{
	switch (state) {
	case UTF8_ACCEPT:
		return utf8_lead(c);
	case UTF8_CONT1:
		return c >= 0x80 && c <= 0xbf ? UTF8_ACCEPT : UTF8_REJECT;
	case UTF8_CONT2:
		return c >= 0x80 && c <= 0xbf ? UTF8_CONT1 : UTF8_REJECT;
	case UTF8_CONT2_E0:
		return c >= 0xa0 && c <= 0xbf ? UTF8_CONT1 : UTF8_REJECT;
	case UTF8_CONT2_ED:
		return c >= 0x80 && c <= 0x9f ? UTF8_CONT1 : UTF8_REJECT;
	case UTF8_CONT3:
		return c >= 0x80 && c <= 0xbf ? UTF8_CONT2 : UTF8_REJECT;
	case UTF8_CONT3_F0:
		return c >= 0x90 && c <= 0xbf ? UTF8_CONT2 : UTF8_REJECT;
	case UTF8_CONT3_F4:
		return c >= 0x80 && c <= 0x8f ? UTF8_CONT2 : UTF8_REJECT;
	default:
		return UTF8_REJECT;
	}
}

/* True when all n bytes at p are valid, complete UTF-8. */
bool
utf8_valid(const unsigned char *p, size_t n)
{
	uint32_t	 state = UTF8_ACCEPT;

	return utf8_feed(&state, p, n) == UTF8_ACCEPT;
}

/*
 * Feeds p[0..n) into the streaming validator *state and returns the new
 * state; UTF8_REJECT is sticky.
 */
uint32_t
utf8_feed(uint32_t *state, const unsigned char *p, size_t n)
{
	const unsigned char	*end;
	uint32_t		 s = *state;
	uint64_t		 w, w2;

	if (n == 0)
		return s;
	end = p + n;
	while (p < end && s != UTF8_REJECT) {
		if (s == UTF8_ACCEPT) {
			while (end - p >= 16) {
				memcpy(&w, p, sizeof(w));
				memcpy(&w2, p + 8, sizeof(w2));
				if ((w | w2) & UTF8_HIGH_BITS)
					break;
				p += 16;
			}
			while (end - p >= 8) {
				memcpy(&w, p, sizeof(w));
				if (w & UTF8_HIGH_BITS)
					break;
				p += 8;
			}
			while (p < end && *p < 0x80)
				p++;
			if (p == end)
				break;
		}
		s = utf8_step(s, *p++);
	}
	*state = s;
	return s;
}

size_t
utf8_seqlen(const unsigned char *p, size_t n)
{
	uint32_t	 s;
	size_t		 i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	s = utf8_lead(p[0]);
	for (i = 1; i < n && s != UTF8_ACCEPT && s != UTF8_REJECT; i++)
		s = utf8_step(s, p[i]);
	return s == UTF8_ACCEPT ? i : 0;
}
