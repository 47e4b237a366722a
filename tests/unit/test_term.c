/*
 * Unit tests for term.c: escaping tables, a round-trip and safety check on
 * random bytes, and hex dumps compared with hexdump -C.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "term.h"
#include "utf8.h"

#define S(s)	(s), sizeof(s) - 1

struct tcase {
	const char	*desc;
	const char	*in;
	size_t		 len;
	const char	*want;
};

static const struct tcase escapes[] = {
	{ "empty", S(""), "" },
	{ "plain", S("hello, world"), "hello, world" },
	{ "tab and lf pass", S("a\tb\nc\n"), "a\tb\nc\n" },
	{ "cr", S("line\r\n"), "line\\x0d\n" },
	{ "nul", S("a\0b"), "a\\x00b" },
	{ "bel", S("\x07"), "\\x07" },
	{ "bs vt ff", S("\x08\x0b\x0c"), "\\x08\\x0b\\x0c" },
	{ "unit separator", S("\x1f"), "\\x1f" },
	{ "del", S("\x7f"), "\\x7f" },
	{ "sgr", S("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m" },
	{ "osc title", S("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07" },
	{ "backslash", S("back\\slash"), "back\\\\slash" },
	{ "escaped lookalike", S("\\x41"), "\\\\x41" },
	{ "trailing backslash", S("a\\"), "a\\\\" },
	{ "latin", S("caf\xc3\xa9"), "caf\xc3\xa9" },
	{ "U+00A0", S("\xc2\xa0"), "\xc2\xa0" },
	{ "U+00C0", S("\xc3\x80"), "\xc3\x80" },
	{ "euro", S("\xe2\x82\xac"), "\xe2\x82\xac" },
	{ "emoji", S("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80" },
	{ "U+10FFFF", S("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf" },
	{ "U+FFFD", S("\xef\xbf\xbd"), "\xef\xbf\xbd" },
	{ "bidi override passes", S("\xe2\x80\xae"), "\xe2\x80\xae" },
	{ "C1 U+0080", S("\xc2\x80"), "\\xc2\\x80" },
	{ "C1 CSI U+009B", S("\xc2\x9b[31m"), "\\xc2\\x9b[31m" },
	{ "C1 U+009F", S("\xc2\x9f"), "\\xc2\\x9f" },
	{ "C1 amid text", S("a\xc2\x9d" "b"), "a\\xc2\\x9db" },
	{ "raw 8-bit CSI", S("\x9b" "31m"), "\\x9b31m" },
	{ "lone continuation", S("\x80"), "\\x80" },
	{ "truncated C2", S("\xc2"), "\\xc2" },
	{ "C2 then ascii", S("\xc2" "A"), "\\xc2A" },
	{ "C2 C2 9B", S("\xc2\xc2\x9b"), "\\xc2\\xc2\\x9b" },
	{ "C2 then NBSP", S("\xc2\xc2\xa0"), "\\xc2\xc2\xa0" },
	{ "FF FE", S("\xff\xfe"), "\\xff\\xfe" },
	{ "F5", S("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80" },
	{ "overlong", S("\xc0\x80"), "\\xc0\\x80" },
	{ "overlong E0", S("\xe0\x80\xaf"), "\\xe0\\x80\\xaf" },
	{ "surrogate", S("\xed\xa0\x80"), "\\xed\\xa0\\x80" },
	{ "above U+10FFFF", S("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80" },
	{ "truncated 3", S("\xe2\x82"), "\\xe2\\x82" },
	{ "truncated 3 then ascii", S("\xe2\x82" "a"), "\\xe2\\x82a" },
	{ "truncated 4 then valid", S("\xf0\x9f\x98\xc3\xa9"),
	    "\\xf0\\x9f\\x98\xc3\xa9" },
	{ "extra continuation", S("a\xe2\x82\xac\x80"), "a\xe2\x82\xac\\x80" },
	{ "latin-1", S("caf\xe9!"), "caf\\xe9!" },
	{ "all together", S("\\\x1b\xc2\x85\xc3\xa9\xff\t"),
	    "\\\\\\x1b\\xc2\\x85\xc3\xa9\\xff\t" },
};

static const struct tcase dumps[] = {
	{ "empty", S(""), "" },
	{ "hello", S("hello\n"),
	    "00000000  68 65 6c 6c 6f 0a                    "
	    "             |hello.|\n" },
	{ "8 bytes", S("01234567"),
	    "00000000  30 31 32 33 34 35 36 37              "
	    "             |01234567|\n" },
	{ "9 bytes", S("012345678"),
	    "00000000  30 31 32 33 34 35 36 37  38          "
	    "             |012345678|\n" },
	{ "16 bytes", S("0123456789abcdef"),
	    "00000000  30 31 32 33 34 35 36 37  38 39 61 62 "
	    "63 64 65 66  |0123456789abcdef|\n" },
	{ "17 bytes", S("0123456789abcdefg"),
	    "00000000  30 31 32 33 34 35 36 37  38 39 61 62 "
	    "63 64 65 66  |0123456789abcdef|\n"
	    "00000010  67                                   "
	    "             |g|\n" },
	{ "unprintable", S("\x00\x1f\x20\x7e\x7f\x80\xff\xc3\xa9|"),
	    "00000000  00 1f 20 7e 7f 80 ff c3  a9 7c       "
	    "             |.. ~.....||\n" },
	{ "escape sequence", S("\x1b[2J"),
	    "00000000  1b 5b 32 4a                          "
	    "             |.[2J|\n" },
};

static void	 test_escape(const struct tcase *);
static void	 test_escape_append(void);
static void	 test_escape_random(void);
static void	 test_escape_big(void);
static void	 test_hexdump(const struct tcase *);
static void	 test_hexdump_long(void);
static int	 unescape(const unsigned char *, size_t, struct buf *);

static void
test_escape(const struct tcase *t)
{
	struct buf	 out = { NULL, 0, 0 };

	tap_is_int(term_escape(&out, (const unsigned char *)t->in, t->len), 0,
	    "escape %s: returns 0", t->desc);
	tap_is_mem(out.data, out.len, t->want, strlen(t->want), "escape %s",
	    t->desc);
	buf_free(&out);
}

static void
test_escape_append(void)
{
	struct buf	 out = { NULL, 0, 0 };

	buf_append(&out, "pre:", 4);
	term_escape(&out, (const unsigned char *)"\x1b", 1);
	term_escape(&out, (const unsigned char *)"\xc2", 1);
	term_escape(&out, (const unsigned char *)"\x9b", 1);
	tap_is_mem(out.data, out.len, "pre:\\x1b\\xc2\\x9b", 16,
	    "escape appends; a character split across calls is escaped");
	buf_free(&out);
}

/* Reverses term_escape; returns -1 on a malformed escape. */
static int
unescape(const unsigned char *p, size_t n, struct buf *out)
{
	size_t		 i;
	unsigned int	 v;
	char		 hex[3];

	for (i = 0; i < n; i++) {
		if (p[i] != '\\') {
			buf_putc(out, p[i]);
			continue;
		}
		if (i + 1 < n && p[i + 1] == '\\') {
			buf_putc(out, '\\');
			i++;
			continue;
		}
		if (i + 3 >= n || p[i + 1] != 'x')
			return -1;
		memcpy(hex, p + i + 2, 2);
		hex[2] = '\0';
		if (sscanf(hex, "%2x", &v) != 1)
			return -1;
		buf_putc(out, (int)v);
		i += 3;
	}
	return 0;
}

static void
test_escape_random(void)
{
	unsigned char	 in[64];
	struct buf	 out = { NULL, 0, 0 }, back = { NULL, 0, 0 };
	uint32_t	 x = 777;
	size_t		 n, i, unsafe = 0, lossy = 0, invalid = 0;
	int		 round;

	for (round = 0; round < 50000; round++) {
		x = x * 1103515245 + 12345;
		n = (x >> 16) % sizeof(in);
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			/* Bias towards the interesting bytes. */
			in[i] = (x >> 16) & 1 ? (unsigned char)(x >> 24) :
			    (unsigned char)("\x1b\\\xc2\x9b\x80\xe2\x82\xac"
			    "\xf0\x9f\xed\xa0\x7f\x0d\n\tA"[(x >> 17) % 18]);
		}
		out.len = back.len = 0;
		term_escape(&out, in, n);
		for (i = 0; i < out.len; i++) {
			if ((out.data[i] < 0x20 && out.data[i] != '\t' &&
			    out.data[i] != '\n') || out.data[i] == 0x7f)
				unsafe++;
			if (out.data[i] == 0xc2 && i + 1 < out.len &&
			    out.data[i + 1] >= 0x80 && out.data[i + 1] <= 0x9f)
				unsafe++;
		}
		if (!utf8_valid(out.data, out.len))
			invalid++;
		if (unescape(out.data, out.len, &back) == -1 ||
		    back.len != n || (n > 0 && memcmp(back.data, in, n) != 0))
			lossy++;
	}
	tap_is_int((long long)unsafe, 0, "random: no controls survive");
	tap_is_int((long long)invalid, 0, "random: output is valid UTF-8");
	tap_is_int((long long)lossy, 0, "random: escaping is reversible");
	buf_free(&out);
	buf_free(&back);
}

static void
test_escape_big(void)
{
	struct buf	 out = { NULL, 0, 0 };
	unsigned char	*in;
	size_t		 n = 1 << 20, i;

	in = malloc(n);
	for (i = 0; i < n; i++)
		in[i] = i % 3 == 2 ? 0xa9 : i % 3 == 1 ? 0xc3 : 'x';
	tap_is_int(term_escape(&out, in, n), 0, "big: 1 MiB escaped");
	tap_ok(out.len == n && memcmp(out.data, in, n) == 0,
	    "big: valid text unchanged");
	free(in);
	buf_free(&out);
}

static void
test_hexdump(const struct tcase *t)
{
	struct buf	 out = { NULL, 0, 0 };

	tap_is_int(term_hexdump(&out, (const unsigned char *)t->in, t->len),
	    0, "hexdump %s: returns 0", t->desc);
	tap_is_mem(out.data, out.len, t->want, strlen(t->want), "hexdump %s",
	    t->desc);
	buf_free(&out);
}

static void
test_hexdump_long(void)
{
	static const char	 first[] = "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  |................|\n";
	static const char	 last[] = "00000ff0  f0 f1 f2 f3 f4 f5 f6 f7  "
	    "f8 f9 fa fb fc fd fe ff  |................|\n";
	static const char	 mid[] = "00000040  40 41 42 43 44 45 46 47  "
	    "48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|\n";
	unsigned char		 in[4096];
	struct buf		 out = { NULL, 0, 0 };
	size_t			 i, lines = 0;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	buf_append(&out, "pre", 3);
	tap_is_int(term_hexdump(&out, in, sizeof(in)), 0, "hexdump 4 KiB");
	for (i = 0; i < out.len; i++)
		lines += out.data[i] == '\n';
	tap_is_int((long long)lines, 256, "hexdump 4 KiB: 256 lines");
	tap_is_int((long long)out.len, 3 + 256 * 79, "hexdump 4 KiB: length");
	tap_is_mem(out.data, 3 + sizeof(first) - 1, "pre" "00000000  00 01 "
	    "02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|\n",
	    3 + sizeof(first) - 1, "hexdump 4 KiB: appended first line");
	tap_is_mem(out.data + 3 + 4 * 79, sizeof(mid) - 1, mid,
	    sizeof(mid) - 1, "hexdump 4 KiB: printable line");
	tap_is_mem(out.data + out.len - 79, 79, last, sizeof(last) - 1,
	    "hexdump 4 KiB: last line");
	buf_free(&out);
}

/* term_escape_line: TAB and LF escaped too, all else as term_escape. */
static void
test_escape_line(void)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "", "" },
		{ "a\tb\nc", "a\\x09b\\x0ac" },
		{ "\n", "\\x0a" },
		{ "\xc3\n\xa9", "\\xc3\\x0a\\xa9" },
		{ "\x1b]0;x\x07\t\xc3\xa9", "\\x1b]0;x\\x07\\x09\xc3\xa9" },
		{ "back\\slash\n", "back\\\\slash\\x0a" },
	};
	struct buf	 out = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out.len = 0;
		tap_is_int(term_escape_line(&out, (const unsigned char *)t[i].in,
		    strlen(t[i].in)), 0, "escape_line %zu: returns 0", i);
		tap_is_mem(out.data, out.len, t[i].want, strlen(t[i].want),
		    "escape_line %zu", i);
		tap_ok(memchr(out.data ? (char *)out.data : "", '\n', out.len) ==
		    NULL, "escape_line %zu: no LF left", i);
	}
	buf_free(&out);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(escapes) / sizeof(escapes[0]); i++)
		test_escape(&escapes[i]);
	test_escape_append();
	test_escape_random();
	test_escape_big();
	for (i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++)
		test_hexdump(&dumps[i]);
	test_hexdump_long();
	test_escape_line();
	return tap_done();
}
