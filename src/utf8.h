/* UTF-8 validation (RFC 3629: no surrogates, no overlongs, <= U+10FFFF); pure. */
#ifndef WSC_UTF8_H
#define WSC_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_ACCEPT	0	/* utf8_feed state: at a character boundary */
#define UTF8_REJECT	1	/* utf8_feed state: invalid input seen (sticky) */

/* True when all n bytes at p are valid, complete UTF-8. */
bool	utf8_valid(const unsigned char *p, size_t n);
/*
 * Streaming validation across chunks: feeds n bytes into *state (start at
 * UTF8_ACCEPT) and returns the new state, UTF8_REJECT once invalid.  A
 * message is valid when the state is UTF8_ACCEPT after its last chunk.
 */
uint32_t utf8_feed(uint32_t *state, const unsigned char *p, size_t n);
/*
 * The length (1-4) of the valid UTF-8 character at p[0..n), or 0 when p
 * does not start with one (or n is 0).
 */
size_t	utf8_seqlen(const unsigned char *p, size_t n);

#endif
