/*
 * Unit tests for framing.c: each table input is fed whole, split at every
 * point, split at every pair of points and byte by byte, and must give the
 * same messages every way.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framing.h"
#include "tap.h"

#define S(s)	(s), sizeof(s) - 1

struct fcase {
	enum framing_mode	 mode;
	size_t			 max;
	const char		*in;
	size_t			 inlen;
	const char		*want;	/* messages as "[...]", escaped */
	int			 err;	/* errno expected, or 0 */
};

/* What the callback saw. */
struct coll {
	struct buf		 out;
	int			 count;
	int			 stop_at;	/* return 7 on this message */
	const unsigned char	*lo, *hi;	/* the chunk being fed */
	int			 direct;	/* messages inside [lo, hi) */
};

static const struct fcase cases[] = {
	{ FRAMING_LINE, 0, S(""), "", 0 },
	{ FRAMING_LINE, 0, S("\n"), "[]", 0 },
	{ FRAMING_LINE, 0, S("\n\n"), "[][]", 0 },
	{ FRAMING_LINE, 0, S("a"), "[a]", 0 },
	{ FRAMING_LINE, 0, S("a\n"), "[a]", 0 },
	{ FRAMING_LINE, 0, S("a\nb"), "[a][b]", 0 },
	{ FRAMING_LINE, 0, S("a\r\n"), "[a]", 0 },
	{ FRAMING_LINE, 0, S("a\r\r\n"), "[a\\x0d]", 0 },
	{ FRAMING_LINE, 0, S("\r\n"), "[]", 0 },
	{ FRAMING_LINE, 0, S("\r"), "[]", 0 },
	{ FRAMING_LINE, 0, S("a\r"), "[a]", 0 },
	{ FRAMING_LINE, 0, S("\ra\n"), "[\\x0da]", 0 },
	{ FRAMING_LINE, 0, S("a\rb\n"), "[a\\x0db]", 0 },
	{ FRAMING_LINE, 0, S("a\rb"), "[a\\x0db]", 0 },
	{ FRAMING_LINE, 0, S("a\n\rb"), "[a][\\x0db]", 0 },
	{ FRAMING_LINE, 0, S("one\ntwo\r\nthree"), "[one][two][three]", 0 },
	{ FRAMING_LINE, 0, S("\n\r\n\r"), "[][][]", 0 },
	{ FRAMING_LINE, 0, S("a\0b\n\0"), "[a\\x00b][\\x00]", 0 },
	{ FRAMING_LINE, 0, S("caf\xc3\xa9\n\xff"), "[caf\\xc3\\xa9][\\xff]",
	    0 },
	{ FRAMING_LINE, 0, S("  spaced  \n\ttab\t\n"),
	    "[  spaced  ][\\x09tab\\x09]", 0 },
	{ FRAMING_LINE, 0, S("[x]\\\n"), "[\\[x\\]\\\\]", 0 },
	{ FRAMING_LINE, 3, S("abc\n"), "[abc]", 0 },
	{ FRAMING_LINE, 3, S("abc"), "[abc]", 0 },
	{ FRAMING_LINE, 3, S("abc\r\n"), "[abc]", 0 },
	{ FRAMING_LINE, 3, S("abc\r"), "[abc]", 0 },
	{ FRAMING_LINE, 3, S("abcd\n"), "", EMSGSIZE },
	{ FRAMING_LINE, 3, S("abcd"), "", EMSGSIZE },
	{ FRAMING_LINE, 3, S("abc\rd\n"), "", EMSGSIZE },
	{ FRAMING_LINE, 3, S("abc\rd"), "", EMSGSIZE },
	{ FRAMING_LINE, 3, S("abc\r\r\n"), "", EMSGSIZE },
	{ FRAMING_LINE, 3, S("ab\nabcd\nx\n"), "[ab]", EMSGSIZE },
	{ FRAMING_LINE, 3, S("ab\n\nabc\nx\n"), "[ab][][abc][x]", 0 },
	{ FRAMING_LINE, 1, S("\n\r\n"), "[][]", 0 },
	{ FRAMING_LINE, 1, S("\r\r\n"), "[\\x0d]", 0 },
	{ FRAMING_NUL, 0, S(""), "", 0 },
	{ FRAMING_NUL, 0, S("\0"), "[]", 0 },
	{ FRAMING_NUL, 0, S("\0\0"), "[][]", 0 },
	{ FRAMING_NUL, 0, S("a\0b\0"), "[a][b]", 0 },
	{ FRAMING_NUL, 0, S("a\0b"), "[a][b]", 0 },
	{ FRAMING_NUL, 0, S("a\r\0"), "[a\\x0d]", 0 },
	{ FRAMING_NUL, 0, S("a\r"), "[a\\x0d]", 0 },
	{ FRAMING_NUL, 0, S("\r"), "[\\x0d]", 0 },
	{ FRAMING_NUL, 0, S("a\nb\n\0c\r\n"), "[a\\x0ab\\x0a][c\\x0d\\x0a]",
	    0 },
	{ FRAMING_NUL, 3, S("abc\0"), "[abc]", 0 },
	{ FRAMING_NUL, 3, S("abc"), "[abc]", 0 },
	{ FRAMING_NUL, 3, S("abcd\0"), "", EMSGSIZE },
	{ FRAMING_NUL, 3, S("abc\r\0"), "", EMSGSIZE },
	{ FRAMING_NUL, 3, S("abc\r"), "", EMSGSIZE },
	{ FRAMING_NUL, 3, S("x\0abcd"), "[x]", EMSGSIZE },
};

static int	 collect(void *, const unsigned char *, size_t);
static int	 run(const struct fcase *, const size_t *, size_t,
		    struct buf *);
static void	 test_case(const struct fcase *);
static void	 test_direct(void);
static void	 test_stop(void);
static void	 test_growing_limit(void);
static void	 test_big(void);

static int
collect(void *ctx, const unsigned char *msg, size_t len)
{
	struct coll	*c = ctx;
	size_t		 i;

	c->count++;
	if (c->lo != NULL && msg >= c->lo && msg + len <= c->hi)
		c->direct++;
	buf_putc(&c->out, '[');
	for (i = 0; i < len; i++) {
		if (msg[i] == '[' || msg[i] == ']' || msg[i] == '\\')
			buf_printf(&c->out, "\\%c", msg[i]);
		else if (msg[i] >= 0x20 && msg[i] < 0x7f)
			buf_putc(&c->out, msg[i]);
		else
			buf_printf(&c->out, "\\x%02x", msg[i]);
	}
	buf_putc(&c->out, ']');
	return c->stop_at == c->count ? 7 : 0;
}

/*
 * Feeds t->in in pieces ending at the ncut offsets in cuts, then finishes;
 * leaves the messages in out (NUL-terminated) and returns errno or 0.
 */
static int
run(const struct fcase *t, const size_t *cuts, size_t ncut, struct buf *out)
{
	struct framing		 f;
	struct coll		 c;
	const unsigned char	*p = (const unsigned char *)t->in;
	size_t			 i, at = 0, next;
	int			 rc = 0;

	memset(&c, 0, sizeof(c));
	framing_init(&f, t->mode, t->max);
	for (i = 0; i <= ncut && rc == 0; i++) {
		next = i < ncut ? cuts[i] : t->inlen;
		errno = 0;
		rc = framing_feed(&f, p + at, next - at, collect, &c);
		at = next;
	}
	if (rc == 0) {
		errno = 0;
		rc = framing_finish(&f, collect, &c);
	}
	rc = rc == -1 ? errno : rc;
	framing_free(&f);
	buf_putc(&c.out, '\0');
	*out = c.out;
	return rc;
}

static void
test_case(const struct fcase *t)
{
	struct buf	 out;
	size_t		 cuts[2], i, j, bad;
	size_t		*bytes;
	int		 rc;
	const char	*mode = t->mode == FRAMING_LINE ? "line" : "nul";

	/* Whole. */
	rc = run(t, NULL, 0, &out);
	tap_is_str((char *)out.data, t->want, "%s max %zu '%s': whole", mode,
	    t->max, t->in);
	tap_is_int(rc, t->err, "%s max %zu '%s': whole result", mode, t->max,
	    t->in);
	buf_free(&out);

	/* Every single split point, and every pair. */
	bad = 0;
	for (i = 0; i <= t->inlen; i++) {
		cuts[0] = i;
		rc = run(t, cuts, 1, &out);
		if (rc != t->err || strcmp((char *)out.data, t->want) != 0) {
			if (bad++ == 0)
				tap_diag("split at %zu: got '%s' rc %d", i,
				    (char *)out.data, rc);
		}
		buf_free(&out);
		for (j = i; j <= t->inlen; j++) {
			cuts[1] = j;
			rc = run(t, cuts, 2, &out);
			if (rc != t->err ||
			    strcmp((char *)out.data, t->want) != 0) {
				if (bad++ == 0)
					tap_diag("split at %zu, %zu: got '%s' "
					    "rc %d", i, j, (char *)out.data,
					    rc);
			}
			buf_free(&out);
		}
	}
	tap_is_int((long long)bad, 0, "%s max %zu '%s': every split", mode,
	    t->max, t->in);

	/* Byte by byte. */
	bytes = calloc(t->inlen + 1, sizeof(*bytes));
	for (i = 0; i < t->inlen; i++)
		bytes[i] = i + 1;
	rc = run(t, bytes, t->inlen, &out);
	tap_ok(rc == t->err && strcmp((char *)out.data, t->want) == 0,
	    "%s max %zu '%s': byte by byte", mode, t->max, t->in);
	buf_free(&out);
	free(bytes);
}

static void
test_direct(void)
{
	static const unsigned char	 a[] = "one\ntwo\r\nthr";
	static const unsigned char	 b[] = "ee\nfour";
	struct framing			 f;
	struct coll			 c;

	memset(&c, 0, sizeof(c));
	framing_init(&f, FRAMING_LINE, 0);
	c.lo = a;
	c.hi = a + sizeof(a) - 1;
	tap_is_int(framing_feed(&f, a, sizeof(a) - 1, collect, &c), 0,
	    "direct: first feed");
	tap_is_int(c.count, 2, "direct: two messages from the first chunk");
	tap_is_int(c.direct, 2, "direct: both passed from the caller's data");
	tap_is_int((long long)f.partial.len, 3, "direct: only the tail copied");
	c.lo = b;
	c.hi = b + sizeof(b) - 1;
	tap_is_int(framing_feed(&f, b, sizeof(b) - 1, collect, &c), 0,
	    "direct: second feed");
	tap_is_int(c.count, 3, "direct: the completed message");
	tap_is_int(c.direct, 2, "direct: completed message came from the copy");
	tap_is_int(framing_finish(&f, collect, &c), 0, "direct: finish");
	tap_is_int(framing_finish(&f, collect, &c), 0, "direct: finish again");
	buf_putc(&c.out, '\0');
	tap_is_str((char *)c.out.data, "[one][two][three][four]",
	    "direct: messages");
	tap_is_int(framing_feed(&f, b, 0, collect, &c), 0, "empty feed");
	tap_is_int(c.count, 4, "empty feed delivers nothing");
	buf_free(&c.out);
	framing_free(&f);
	framing_free(&f);
}

static void
test_stop(void)
{
	static const unsigned char	 in[] = "a\nb\nc\nd";
	struct framing			 f;
	struct coll			 c;

	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	framing_init(&f, FRAMING_LINE, 0);
	tap_is_int(framing_feed(&f, in, sizeof(in) - 1, collect, &c), 7,
	    "stop: the callback's return comes back");
	tap_is_int(c.count, 2, "stop: nothing delivered after the stop");

	/* A stop on the message completed from the partial data. */
	framing_free(&f);
	buf_free(&c.out);
	memset(&c, 0, sizeof(c));
	c.stop_at = 1;
	framing_init(&f, FRAMING_LINE, 0);
	framing_feed(&f, (const unsigned char *)"ab", 2, collect, &c);
	tap_is_int(framing_feed(&f, in, sizeof(in) - 1, collect, &c), 7,
	    "stop: on a completed partial message");
	tap_is_int(c.count, 1, "stop: one message");
	c.stop_at = 0;
	tap_is_int(framing_finish(&f, collect, &c), 0,
	    "stop: partial data was consumed");
	tap_is_int(c.count, 1, "stop: no stale message at finish");

	/* A stop at finish. */
	c.stop_at = 2;
	framing_feed(&f, (const unsigned char *)"x", 1, collect, &c);
	tap_is_int(framing_finish(&f, collect, &c), 7, "stop: at finish");
	buf_free(&c.out);
	framing_free(&f);
}

static void
test_growing_limit(void)
{
	struct framing	 f;
	struct coll	 c;

	memset(&c, 0, sizeof(c));
	framing_init(&f, FRAMING_LINE, 10);
	tap_is_int(framing_feed(&f, (const unsigned char *)"12345", 5,
	    collect, &c), 0, "limit: 5 bytes pending");
	tap_is_int(framing_feed(&f, (const unsigned char *)"67890", 5,
	    collect, &c), 0, "limit: 10 bytes pending");
	tap_is_int(framing_feed(&f, (const unsigned char *)"\r", 1,
	    collect, &c), 0, "limit: a CR may still be dropped");
	errno = 0;
	tap_is_int(framing_feed(&f, (const unsigned char *)"x", 1, collect,
	    &c), -1, "limit: the pending line grows too long");
	tap_is_int(errno, EMSGSIZE, "limit: EMSGSIZE");
	tap_is_int(framing_finish(&f, collect, &c), 0,
	    "limit: the refused data is gone");
	tap_is_int(c.count, 0, "limit: nothing delivered");
	framing_free(&f);

	/* The limit applies to a message completed across feeds. */
	framing_init(&f, FRAMING_NUL, 4);
	tap_is_int(framing_feed(&f, (const unsigned char *)"ab", 2, collect,
	    &c), 0, "limit: 2 bytes pending");
	errno = 0;
	tap_is_int(framing_feed(&f, (const unsigned char *)"cde\0", 4,
	    collect, &c), -1, "limit: completed message too long");
	tap_is_int(errno, EMSGSIZE, "limit: EMSGSIZE on completion");
	buf_free(&c.out);
	framing_free(&f);
}

static void
test_big(void)
{
	struct framing	 f;
	struct coll	 c;
	unsigned char	*in;
	size_t		 n = 1 << 20, i, lines = 0, chunk;
	int		 rc = 0;

	in = malloc(n);
	for (i = 0; i < n; i++) {
		in[i] = i % 97 == 96 ? '\n' : 'a' + i % 26;
		lines += in[i] == '\n';
	}
	memset(&c, 0, sizeof(c));
	framing_init(&f, FRAMING_LINE, 96);
	for (i = 0; i < n && rc == 0; i += chunk) {
		chunk = n - i < 4093 ? n - i : 4093;
		rc = framing_feed(&f, in + i, chunk, collect, &c);
	}
	tap_is_int(rc, 0, "big: 1 MiB in 4093-byte reads");
	rc = framing_finish(&f, collect, &c);
	tap_is_int(c.count, (long long)lines + (in[n - 1] != '\n'),
	    "big: every line delivered");
	buf_free(&c.out);
	framing_free(&f);
	free(in);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		test_case(&cases[i]);
	test_direct();
	test_stop();
	test_growing_limit();
	test_big();
	return tap_done();
}
