/*
 * The value of one hexadecimal digit, for the parsers that decode %XX,
 * \xHH and \uXXXX.  Header-only: a few instructions, inlined where used.
 */
#ifndef WSC_HEX_H
#define WSC_HEX_H

/* 0-15 for 0-9, a-f and A-F; -1 for anything else. */
static inline int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
