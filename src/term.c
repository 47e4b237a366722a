/*
 * Making server bytes safe for a terminal: controls and invalid UTF-8 as
 * "\xNN" escapes, and binary as a hex dump in the style of hexdump -C.
 */
#include <stdio.h>
#include <string.h>

#include "term.h"

static const char	 term_hex[] = "0123456789abcdef";

static size_t	 term_seqlen(const unsigned char *, size_t);
static int	 term_putx(struct buf *, unsigned char);

/*
 * Returns the length (2-4) of the valid UTF-8 sequence starting with the
 * non-ASCII byte p[0], or 0 when p[0..n) does not start with one.
 */
static size_t
term_seqlen(const unsigned char *p, size_t n)
{
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xbf;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	if (p[0] < 0xe0)
		len = 2;
	else if (p[0] < 0xf0)
		len = 3;
	else
		len = 4;
	/* Narrower second bytes refuse overlongs, surrogates, > U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

static int
term_putx(struct buf *out, unsigned char c)
{
	char	 s[4];

	s[0] = '\\';
	s[1] = 'x';
	s[2] = term_hex[c >> 4];
	s[3] = term_hex[c & 0xf];
	return buf_append(out, s, sizeof(s));
}

/*
 * Appends p[0..n) to out with controls (but TAB and LF), DEL, C1 controls
 * and invalid UTF-8 bytes as "\xNN" and a backslash as "\\".  Returns 0, or
 * -1 on ENOMEM.
 */
int
term_escape(struct buf *out, const unsigned char *p, size_t n)
{
	size_t	 i = 0, run, len;

	while (i < n) {
		/* Copy the longest run that needs no escaping in one go. */
		for (run = i; run < n; run++) {
			if (p[run] >= 0x20 && p[run] < 0x7f && p[run] != '\\')
				continue;
			if (p[run] == '\t' || p[run] == '\n')
				continue;
			/* U+0080..U+009F, C2 80..C2 9F, are C1 controls. */
			if (p[run] >= 0x80 &&
			    (len = term_seqlen(p + run, n - run)) != 0 &&
			    (p[run] != 0xc2 || p[run + 1] > 0x9f)) {
				run += len - 1;
				continue;
			}
			break;
		}
		if (buf_append(out, p + i, run - i) == -1)
			return -1;
		if ((i = run) == n)
			break;
		if (p[i] == '\\') {
			if (buf_append(out, "\\\\", 2) == -1)
				return -1;
			i++;
		} else if (p[i] == 0xc2 && term_seqlen(p + i, n - i) != 0) {
			if (term_putx(out, p[i]) == -1 ||
			    term_putx(out, p[i + 1]) == -1)
				return -1;
			i += 2;
		} else {
			if (term_putx(out, p[i]) == -1)
				return -1;
			i++;
		}
	}
	return 0;
}

/*
 * Appends a hex dump of p[0..n) in lines of 16 bytes, each "offset  hex
 * |ascii|" and LF; nothing for an empty input.  Returns 0, or -1 on ENOMEM.
 */
int
term_hexdump(struct buf *out, const unsigned char *p, size_t n)
{
	/* Up to 16 offset digits, 50 for the hex, 20 for the ASCII and LF. */
	char	 line[96];
	size_t	 off, i, o, k, cnt;

	for (off = 0; off < n; off += 16) {
		cnt = n - off < 16 ? n - off : 16;
		o = 0;
		k = sizeof(size_t) * 2;
		while (k > 8 && (off >> (4 * (k - 1))) == 0)
			k--;
		while (k > 0) {
			k--;
			line[o++] = term_hex[(off >> (4 * k)) & 0xf];
		}
		line[o++] = ' ';
		for (i = 0; i < 16; i++) {
			line[o++] = ' ';
			if (i == 8)
				line[o++] = ' ';
			if (i < cnt) {
				line[o++] = term_hex[p[off + i] >> 4];
				line[o++] = term_hex[p[off + i] & 0xf];
			} else {
				line[o++] = ' ';
				line[o++] = ' ';
			}
		}
		line[o++] = ' ';
		line[o++] = ' ';
		line[o++] = '|';
		for (i = 0; i < cnt; i++) {
			line[o++] = p[off + i] >= 0x20 && p[off + i] < 0x7f ?
			    (char)p[off + i] : '.';
		}
		line[o++] = '|';
		line[o++] = '\n';
		if (buf_append(out, line, o) == -1)
			return -1;
	}
	return 0;
}

int
term_escape_line(struct buf *out, const unsigned char *p, size_t n)
{
	size_t	 i;
	char	 hex[5];

	for (i = 0; i < n; ) {
		size_t	 j = i;

		while (j < n && p[j] != '\t' && p[j] != '\n')
			j++;
		if (term_escape(out, p + i, j - i) == -1)
			return -1;
		if (j < n) {
			(void)snprintf(hex, sizeof(hex), "\\x%02x", p[j]);
			if (buf_append(out, hex, 4) == -1)
				return -1;
			j++;
		}
		i = j;
	}
	return 0;
}
