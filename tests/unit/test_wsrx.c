/*
 * Unit tests for wsrx.c: every callback is logged as one line (kind, flags,
 * opcode, bytes, frame_left) and compared with the expected log; breaches
 * of RFC 6455 section 5; and split invariance: a stream parsed in one read,
 * byte by byte or cut anywhere gives the same messages and control frames.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "wsframe.h"
#include "wsrx.h"

#define S(s)	(const unsigned char *)(s), sizeof(s) - 1

/* What the callbacks saw. */
struct rxlog {
	struct buf	 text;		/* one line per callback */
	struct buf	 payload;	/* every data byte, in order */
	int		 events;
	int		 stop_at;	/* return stop_rv from this event (1-) */
	int		 stop_rv;
};

static void
log_bytes(struct buf *b, const unsigned char *p, size_t n)
{
	size_t	 i;

	if (n > 40) {
		buf_printf(b, "<%zu bytes>", n);
		return;
	}
	buf_putc(b, '\'');
	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\' && p[i] != '\'')
			buf_putc(b, p[i]);
		else
			buf_printf(b, "\\x%02x", p[i]);
	}
	buf_putc(b, '\'');
}

static int
log_data(void *ctx, const unsigned char *p, size_t n, unsigned flags,
    uint64_t frame_left)
{
	struct rxlog	*l = ctx;

	/* F first, L final, then B binary or - text; ? unknown flags. */
	buf_printf(&l->text, "data %s%s%s%s ", flags & WSRX_FIRST ? "F" : "",
	    flags & WSRX_FINAL ? "L" : "", flags & WSRX_BINARY ? "B" : "-",
	    flags & ~(WSRX_FIRST | WSRX_FINAL | WSRX_BINARY) ? "?" : "");
	log_bytes(&l->text, p, n);
	buf_printf(&l->text, " left %llu\n", (unsigned long long)frame_left);
	buf_append(&l->payload, p, n);
	return ++l->events == l->stop_at ? l->stop_rv : 0;
}

static int
log_control(void *ctx, unsigned opcode, const unsigned char *p, size_t n)
{
	struct rxlog	*l = ctx;

	buf_printf(&l->text, "ctl %x ", opcode);
	log_bytes(&l->text, p, n);
	buf_putc(&l->text, '\n');
	return ++l->events == l->stop_at ? l->stop_rv : 0;
}

static const struct wsrx_ops log_ops = { log_data, log_control };

static void
log_reset(struct rxlog *l)
{
	buf_free(&l->text);
	buf_free(&l->payload);
	memset(l, 0, sizeof(*l));
}

/* The log as a C string (empty when nothing was logged). */
static const char *
log_str(struct rxlog *l)
{
	buf_reserve(&l->text, 1);
	l->text.data[l->text.len] = '\0';
	return (const char *)l->text.data;
}

/* Where frame() began its last frames, for cuts around the headers. */
static size_t	 starts[64];
static size_t	 nstarts;

/* Appends the frame with first byte b0 and payload p (n bytes) to s. */
static void
frame(struct buf *s, unsigned b0, const void *p, size_t n)
{
	unsigned char	 h[WSFRAME_HEADER_MAX];

	starts[nstarts++ % 64] = s->len;

	buf_append(s, h, wsframe_header(h, b0, n, NULL));
	buf_append(s, p, n);
}

/* Parses p in one read into l; returns wsrx_feed()'s result. */
static int
feed_whole(struct wsrx *r, struct rxlog *l, const unsigned char *p, size_t n)
{
	wsrx_init(r);
	return wsrx_feed(r, p, n, &log_ops, l);
}

/* Parses one stream, checks the result, the error and the log. */
static void
check_log(const char *desc, const unsigned char *p, size_t n, int want_rv,
    const char *want_error, const char *want_log)
{
	struct wsrx	 r;
	struct rxlog	 l = { 0 };

	tap_is_int(feed_whole(&r, &l, p, n), want_rv, "%s: result", desc);
	tap_is_str(r.error, want_error, "%s: error", desc);
	tap_is_str(log_str(&l), want_log, "%s: log", desc);
	log_reset(&l);
}

static void
single_frames(void)
{
	check_log("text 'Hello' (RFC 6455 5.7)", S("\x81\x05Hello"), 0, NULL,
	    "data FL- 'Hello' left 0\n");
	check_log("binary frame", S("\x82\x03\x00\xff\x7f"), 0, NULL,
	    "data FLB '\\x00\\xff\\x7f' left 0\n");
	check_log("empty text message", S("\x81\x00"), 0, NULL,
	    "data FL- '' left 0\n");
	check_log("empty binary message", S("\x82\x00"), 0, NULL,
	    "data FLB '' left 0\n");
	check_log("empty ping, pong and close",
	    S("\x89\x00\x8a\x00\x88\x00"), 0, NULL,
	    "ctl 9 ''\nctl a ''\nctl 8 ''\n");
	check_log("ping 'Hello' (RFC 6455 5.7)", S("\x89\x05Hello"), 0, NULL,
	    "ctl 9 'Hello'\n");
	check_log("close 1000 'bye'", S("\x88\x05\x03\xe8" "bye"), 0, NULL,
	    "ctl 8 '\\x03\\xe8bye'\n");
	check_log("many frames in one read",
	    S("\x81\x01" "a\x82\x00\x89\x01p\x81\x02" "bc"), 0, NULL,
	    "data FL- 'a' left 0\ndata FLB '' left 0\nctl 9 'p'\n"
	    "data FL- 'bc' left 0\n");
	check_log("nothing", S(""), 0, NULL, "");
	check_log("a header cut after one byte", S("\x81"), 0, NULL, "");
	check_log("a payload cut short", S("\x81\x05Hel"), 0, NULL,
	    "data F- 'Hel' left 2\n");
	check_log("a control frame cut short", S("\x89\x05Hel"), 0, NULL, "");
}

/* A payload of n bytes that differ along the way. */
static unsigned char *
pattern(size_t n)
{
	unsigned char	*p;
	size_t		 i;

	if ((p = malloc(n ? n : 1)) == NULL)
		abort();
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + i / 251);
	return p;
}

static void
lengths(void)
{
	static const struct {
		size_t	 len;
		size_t	 hlen;
	} cases[] = {
		{ 0, 2 }, { 1, 2 }, { 125, 2 }, { 126, 4 }, { 127, 4 },
		{ 65535, 4 }, { 65536, 10 }, { 70001, 10 },
	};
	struct buf	 s = { 0 }, want = { 0 };
	struct rxlog	 l = { 0 };
	struct wsrx	 r;
	unsigned char	*p;
	size_t		 i, len, off;
	int		 rv;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len;
		p = pattern(len);
		frame(&s, 0x82, p, len);
		tap_is_int(s.len, cases[i].hlen + len,
		    "length %zu: a %zu-byte header", len, cases[i].hlen);

		buf_printf(&want, "data FLB ");
		log_bytes(&want, p, len);
		buf_printf(&want, " left 0\n");
		buf_putc(&want, '\0');
		rv = feed_whole(&r, &l, s.data, s.len);
		tap_ok(rv == 0 && r.error == NULL, "length %zu: parsed", len);
		tap_is_str(log_str(&l), (const char *)want.data,
		    "length %zu: one piece", len);
		buf_free(&want);
		tap_is_mem(l.payload.data, l.payload.len, p, len,
		    "length %zu: payload", len);
		log_reset(&l);

		/* The header one byte per read, then the payload at once. */
		wsrx_init(&r);
		rv = 0;
		for (off = 0; off < cases[i].hlen && rv == 0; off++)
			rv = wsrx_feed(&r, s.data + off, 1, &log_ops, &l);
		rv |= wsrx_feed(&r, s.data + off, s.len - off, &log_ops, &l);
		tap_ok(rv == 0 && r.error == NULL && l.events == 1,
		    "length %zu: header byte by byte, one piece", len);
		tap_is_mem(l.payload.data, l.payload.len, p, len,
		    "length %zu: header byte by byte, payload", len);
		log_reset(&l);
		buf_free(&s);
		free(p);
	}

	/* Control frames at the limit. */
	p = pattern(WSRX_CONTROL_MAX);
	frame(&s, 0x89, p, WSRX_CONTROL_MAX);
	frame(&s, 0x8a, p, WSRX_CONTROL_MAX);
	frame(&s, 0x88, p, WSRX_CONTROL_MAX);
	tap_is_int(feed_whole(&r, &l, s.data, s.len), 0,
	    "125-byte ping, pong and close: parsed");
	tap_is_str(log_str(&l), "ctl 9 <125 bytes>\nctl a <125 bytes>\n"
	    "ctl 8 <125 bytes>\n", "125-byte ping, pong and close: log");
	log_reset(&l);
	/* Byte by byte: handed on whole all the same. */
	wsrx_init(&r);
	for (off = 0, rv = 0; off < s.len && rv == 0; off++)
		rv = wsrx_feed(&r, s.data + off, 1, &log_ops, &l);
	tap_ok(rv == 0 && strcmp(log_str(&l), "ctl 9 <125 bytes>\n"
	    "ctl a <125 bytes>\nctl 8 <125 bytes>\n") == 0,
	    "125-byte control frames byte by byte: handed on whole");
	log_reset(&l);
	buf_free(&s);
	free(p);
}

static void
fragments(void)
{
	check_log("'Hel' 'lo' (RFC 6455 5.7)", S("\x01\x03Hel\x80\x02lo"), 0,
	    NULL, "data F- 'Hel' left 0\ndata L- 'lo' left 0\n");
	check_log("three binary fragments",
	    S("\x02\x02" "ab\x00\x02" "cd\x80\x02" "ef"), 0, NULL,
	    "data FB 'ab' left 0\ndata B 'cd' left 0\ndata LB 'ef' left 0\n");
	check_log("control frames between fragments",
	    S("\x01\x01" "a\x89\x01p\x00\x01" "b\x8a\x00\x88\x02\x03\xe8"
	    "\x80\x01" "c"), 0, NULL,
	    "data F- 'a' left 0\nctl 9 'p'\ndata - 'b' left 0\nctl a ''\n"
	    "ctl 8 '\\x03\\xe8'\ndata L- 'c' left 0\n");
	check_log("binary with a ping between fragments",
	    S("\x02\x01" "a\x89\x00\x80\x01" "b"), 0, NULL,
	    "data FB 'a' left 0\nctl 9 ''\ndata LB 'b' left 0\n");
	check_log("empty fragments", S("\x01\x00\x00\x00\x80\x00"), 0, NULL,
	    "data F- '' left 0\ndata - '' left 0\ndata L- '' left 0\n");
	check_log("a message after a fragmented one",
	    S("\x02\x01" "a\x80\x01" "b\x81\x01" "c\x01\x01" "d\x80\x00"), 0,
	    NULL,
	    "data FB 'a' left 0\ndata LB 'b' left 0\ndata FL- 'c' left 0\n"
	    "data F- 'd' left 0\ndata L- '' left 0\n");
	check_log("a continuation's header alone hands on nothing",
	    S("\x01\x01" "a\x00\x7e\x00\x7e"), 0, NULL,
	    "data F- 'a' left 0\n");
}

/* A breach, the events before it, and its reason. */
struct bcase {
	const char		*desc;
	const unsigned char	*p;
	size_t			 n;
	const char		*log;
	const char		*error;
};

#define E_RSV	"a frame with reserved bits set"
#define E_OP	"a frame with a reserved opcode"
#define E_MASK	"a masked frame (a server must not mask)"
#define E_FRAG	"a fragmented control frame"
#define E_LONG	"a control frame longer than 125 bytes"
#define E_CONT	"a continuation frame with no message started"
#define E_NEW	"a new message inside a fragmented one"
#define E_TOP	"a 64-bit frame length with its top bit set"

static const struct bcase bcases[] = {
	{ "RSV1", S("\xc1\x01x"), "", E_RSV },
	{ "RSV2", S("\xa1\x01x"), "", E_RSV },
	{ "RSV3", S("\x91\x01x"), "", E_RSV },
	{ "RSV1 on a ping", S("\xc9\x00"), "", E_RSV },
	{ "RSV3 on a continuation", S("\x01\x01x\x90\x01y"),
	    "data F- 'x' left 0\n", E_RSV },
	{ "opcode 3", S("\x83\x00"), "", E_OP },
	{ "opcode 4", S("\x84\x00"), "", E_OP },
	{ "opcode 5", S("\x85\x00"), "", E_OP },
	{ "opcode 6", S("\x86\x00"), "", E_OP },
	{ "opcode 7", S("\x87\x00"), "", E_OP },
	{ "opcode 0xB", S("\x8b\x00"), "", E_OP },
	{ "opcode 0xC", S("\x8c\x00"), "", E_OP },
	{ "opcode 0xD", S("\x8d\x00"), "", E_OP },
	{ "opcode 0xE", S("\x8e\x00"), "", E_OP },
	{ "opcode 0xF", S("\x8f\x00"), "", E_OP },
	{ "opcode 3 without FIN", S("\x03\x01x"), "", E_OP },
	{ "masked text", S("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"),
	    "", E_MASK },
	{ "masked empty ping", S("\x89\x80\x00\x00\x00\x00"), "", E_MASK },
	{ "masked after a message", S("\x81\x01" "a\x82\x81\x00\x00\x00\x00z"),
	    "data FL- 'a' left 0\n", E_MASK },
	{ "close without FIN", S("\x08\x00"), "", E_FRAG },
	{ "ping without FIN", S("\x09\x01p"), "", E_FRAG },
	{ "pong without FIN", S("\x0a\x00"), "", E_FRAG },
	{ "ping of length 126", S("\x89\x7e\x00\x7e"), "", E_LONG },
	{ "close of length 126, 16-bit", S("\x88\x7e\x00\x7e"), "", E_LONG },
	{ "pong of length 127", S("\x8a\x7f\0\0\0\0\0\0\0\x7e"), "", E_LONG },
	{ "ping of length 5 in 16 bits", S("\x89\x7e\x00\x05hello"), "",
	    E_LONG },
	{ "continuation first", S("\x80\x01x"), "", E_CONT },
	{ "continuation without FIN first", S("\x00\x00"), "", E_CONT },
	{ "continuation after a whole message", S("\x81\x01" "a\x80\x01" "b"),
	    "data FL- 'a' left 0\n", E_CONT },
	{ "continuation after a fragmented message",
	    S("\x01\x01" "a\x80\x01" "b\x00\x01" "c"),
	    "data F- 'a' left 0\ndata L- 'b' left 0\n", E_CONT },
	{ "continuation after a ping", S("\x89\x00\x80\x00"), "ctl 9 ''\n",
	    E_CONT },
	{ "text inside a fragmented text", S("\x01\x01" "a\x81\x01" "b"),
	    "data F- 'a' left 0\n", E_NEW },
	{ "binary inside a fragmented text", S("\x01\x01" "a\x82\x01" "b"),
	    "data F- 'a' left 0\n", E_NEW },
	{ "text without FIN inside a fragmented binary",
	    S("\x02\x01" "a\x01\x01" "b"), "data FB 'a' left 0\n", E_NEW },
	{ "text after a ping inside a fragmented text",
	    S("\x01\x01" "a\x89\x00\x81\x00"), "data F- 'a' left 0\nctl 9 ''\n",
	    E_NEW },
	{ "64-bit length with the top bit", S("\x82\x7f\x80\0\0\0\0\0\0\0"),
	    "", E_TOP },
	{ "64-bit length all ones", S("\x82\x7f\xff\xff\xff\xff\xff\xff\xff\xff"),
	    "", E_TOP },
	{ "64-bit length with the top bit, continuation",
	    S("\x01\x00\x80\x7f\x80\0\0\0\0\0\0\x01"), "data F- '' left 0\n",
	    E_TOP },
};

static void
breaches(void)
{
	struct wsrx	 r;
	struct rxlog	 l = { 0 };
	const char	*err;
	size_t		 i, off;
	int		 rv;

	for (i = 0; i < sizeof(bcases) / sizeof(bcases[0]); i++) {
		check_log(bcases[i].desc, bcases[i].p, bcases[i].n, -1,
		    bcases[i].error, bcases[i].log);

		/* Byte by byte: the same events and the same error. */
		wsrx_init(&r);
		for (off = 0, rv = 0; off < bcases[i].n && rv == 0; off++)
			rv = wsrx_feed(&r, bcases[i].p + off, 1, &log_ops, &l);
		tap_ok(rv == -1 && r.error != NULL &&
		    strcmp(r.error, bcases[i].error) == 0 &&
		    strcmp(log_str(&l), bcases[i].log) == 0,
		    "%s: byte by byte, same log and error", bcases[i].desc);

		/* Failed for good: a valid frame is refused, logs nothing. */
		err = r.error;
		log_reset(&l);
		rv = wsrx_feed(&r, S("\x81\x01x"), &log_ops, &l);
		rv += wsrx_feed(&r, S(""), &log_ops, &l);
		tap_ok(rv == -2 && r.error == err && l.events == 0,
		    "%s: stays failed", bcases[i].desc);
		log_reset(&l);
	}
}

/* A bad start is refused on its first two bytes, the header unfinished. */
static void
early(void)
{
	static const struct {
		const char		*desc;
		const unsigned char	*p;
		size_t			 n;
		const char		*error;
	} cases[] = {
		{ "RSV1 with a 64-bit length", S("\xc1\x7f"), E_RSV },
		{ "opcode 3 with a 16-bit length", S("\x83\x7e"), E_OP },
		{ "masked, 7-bit length", S("\x81\x85"), E_MASK },
		{ "masked, 16-bit length", S("\x82\xfe\x01"), E_MASK },
		{ "ping of length 126", S("\x89\x7e"), E_LONG },
		{ "close of length 127", S("\x88\x7f\x00"), E_LONG },
		{ "ping without FIN, 16-bit", S("\x09\x7e"), E_FRAG },
		{ "continuation first, 64-bit", S("\x80\x7f\x00\x00"), E_CONT },
	};
	struct wsrx	 r;
	struct rxlog	 l = { 0 };
	size_t		 i;
	int		 rv;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* In one read. */
		tap_is_int(feed_whole(&r, &l, cases[i].p, cases[i].n), -1,
		    "early: %s: refused in one read", cases[i].desc);
		tap_is_str(r.error, cases[i].error, "early: %s: error",
		    cases[i].desc);
		/* One byte, then the second. */
		wsrx_init(&r);
		rv = wsrx_feed(&r, cases[i].p, 1, &log_ops, &l);
		tap_is_int(rv, 0, "early: %s: first byte alone taken",
		    cases[i].desc);
		rv = wsrx_feed(&r, cases[i].p + 1, 1, &log_ops, &l);
		tap_ok(rv == -1 && r.error != NULL &&
		    strcmp(r.error, cases[i].error) == 0,
		    "early: %s: refused at the second byte", cases[i].desc);
		tap_is_int(l.events, 0, "early: %s: nothing handed on",
		    cases[i].desc);
		log_reset(&l);
	}
	/* After a whole frame in the same read. */
	tap_is_int(feed_whole(&r, &l, S("\x81\x01" "a\x01\x01" "b\x81\x7e")),
	    -1, "early: text inside a fragment, after frames in the read");
	tap_is_str(r.error, E_NEW, "early: that error");
	tap_is_str(log_str(&l), "data FL- 'a' left 0\ndata F- 'b' left 0\n",
	    "early: the frames before it handed on");
	log_reset(&l);
}

/* A callback's non-zero return stops the parse and is returned. */
static void
stops(void)
{
	static const unsigned char	 s[] =
	    "\x81\x01" "a\x89\x01p\x82\x00\x01\x02" "bc\x8a\x00\x80\x01" "d";
	struct wsrx	 r;
	struct rxlog	 l = { 0 };
	struct rxlog	 all = { 0 };
	const char	*want;
	size_t		 len;
	int		 k, rv, events;

	feed_whole(&r, &all, s, sizeof(s) - 1);
	tap_is_str(log_str(&all), "data FL- 'a' left 0\nctl 9 'p'\n"
	    "data FLB '' left 0\ndata F- 'bc' left 0\nctl a ''\n"
	    "data L- 'd' left 0\n", "stop: the whole stream");
	events = all.events;
	for (k = 1; k <= events; k++) {
		l.stop_at = k;
		l.stop_rv = 40 + k;
		rv = feed_whole(&r, &l, s, sizeof(s) - 1);
		tap_is_int(rv, 40 + k, "stop at event %d: its value returned",
		    k);
		/* The log is the first k lines of the whole one. */
		want = log_str(&all);
		for (len = 0, rv = 0; rv < k; len++)
			if (want[len] == '\n')
				rv++;
		tap_ok(l.events == k && l.text.len == len &&
		    memcmp(l.text.data, want, len) == 0,
		    "stop at event %d: nothing after it", k);
		tap_ok(r.error == NULL, "stop at event %d: no error", k);
		log_reset(&l);
	}
	/* -1 from a callback is passed on as it is, with no error. */
	l.stop_at = 1;
	l.stop_rv = -1;
	tap_is_int(feed_whole(&r, &l, s, sizeof(s) - 1), -1,
	    "stop: a callback's -1 is returned");
	tap_ok(r.error == NULL, "stop: a callback's -1 sets no error");
	log_reset(&l);
	log_reset(&all);
}

/* frame_left while one large frame comes in pieces. */
static void
pieces(void)
{
	struct buf	 s = { 0 }, want = { 0 };
	struct rxlog	 l = { 0 };
	struct wsrx	 r;
	unsigned char	*p;
	size_t		 off, n, hl, take;
	uint64_t	 left;
	int		 bad;

	p = pattern(300);
	frame(&s, 0x82, p, 300);
	wsrx_init(&r);
	wsrx_feed(&r, s.data, 4 + 100, &log_ops, &l);
	wsrx_feed(&r, s.data + 104, 150, &log_ops, &l);
	wsrx_feed(&r, s.data + 254, 50, &log_ops, &l);
	tap_is_str(log_str(&l), "data FB <100 bytes> left 200\n"
	    "data B <150 bytes> left 50\ndata LB <50 bytes> left 0\n",
	    "pieces: 300 bytes as 100 + 150 + 50");
	tap_is_mem(l.payload.data, l.payload.len, p, 300, "pieces: payload");
	log_reset(&l);

	/* A header alone hands on nothing; then one byte. */
	wsrx_init(&r);
	wsrx_feed(&r, s.data, 4, &log_ops, &l);
	tap_is_int(l.events, 0, "pieces: a header alone: nothing yet");
	wsrx_feed(&r, s.data + 4, 1, &log_ops, &l);
	tap_is_str(log_str(&l), "data FB '\\x00' left 299\n",
	    "pieces: then one byte");
	log_reset(&l);
	buf_free(&s);
	free(p);

	/*
	 * 70000 bytes in a fragment (a 64-bit length), in reads of 1000-odd
	 * bytes, then a continuation: one piece per read, frame_left what is
	 * still to come.
	 */
	p = pattern(70000);
	frame(&s, 0x01, p, 70000);
	frame(&s, 0x80, "z", 1);
	wsrx_init(&r);
	bad = 0;
	left = 70000;
	for (off = 0; off < s.len; off += n) {
		n = off == 0 ? 10 + 1000 : 1000 + off % 7;
		if (n > s.len - off)
			n = s.len - off;
		hl = off == 0 ? 10 : 0;
		buf_free(&want);
		if (left > 0) {
			take = n - hl > left ? (size_t)left : n - hl;
			left -= take;
			buf_printf(&want, "data %s- ", off == 0 ? "F" : "");
			log_bytes(&want, p + (70000 - left - take), take);
			buf_printf(&want, " left %llu\n",
			    (unsigned long long)left);
		}
		if (off + n == s.len)
			buf_printf(&want, "data L- 'z' left 0\n");
		buf_putc(&want, '\0');
		if (wsrx_feed(&r, s.data + off, n, &log_ops, &l) != 0 ||
		    strcmp(log_str(&l), (const char *)want.data) != 0) {
			if (bad++ == 0)
				tap_diag("at %zu got %s expected %s", off,
				    log_str(&l), (const char *)want.data);
		}
		buf_free(&l.text);
	}
	tap_is_int(bad, 0, "pieces: 70000 bytes in 1000-odd byte reads, "
	    "frame_left each time");
	tap_ok(l.payload.len == 70001 && memcmp(l.payload.data, p, 70000) == 0 &&
	    l.payload.data[70000] == 'z', "pieces: their payload");
	log_reset(&l);
	buf_free(&want);
	buf_free(&s);
	free(p);
}

/*
 * The normal form of a log: each message as its type and all its bytes,
 * each control frame; pieces may differ.  Counts broken invariants.
 */
struct norm {
	struct buf	 text;
	int		 open;		/* a message is open */
	int		 binary;
	uint64_t	 frame_left;	/* of the last data piece */
	int		 broken;
};

static int
norm_data(void *ctx, const unsigned char *p, size_t n, unsigned flags,
    uint64_t frame_left)
{
	struct norm	*m = ctx;

	if (m->frame_left > 0 && (n > m->frame_left ||
	    frame_left != m->frame_left - n || (flags & WSRX_FIRST)))
		m->broken++;
	if ((!(flags & WSRX_FIRST)) != m->open)
		m->broken++;
	if ((flags & WSRX_FINAL) && frame_left != 0)
		m->broken++;
	if (flags & WSRX_FIRST) {
		m->binary = (flags & WSRX_BINARY) != 0;
		buf_printf(&m->text, "msg %s '", m->binary ? "binary" : "text");
	} else if (m->binary != ((flags & WSRX_BINARY) != 0))
		m->broken++;
	buf_append(&m->text, p, n);
	m->open = !(flags & WSRX_FINAL);
	if (!m->open)
		buf_printf(&m->text, "'\n");
	m->frame_left = frame_left;
	return 0;
}

static int
norm_control(void *ctx, unsigned opcode, const unsigned char *p, size_t n)
{
	struct norm	*m = ctx;

	if (m->frame_left > 0 || n > WSRX_CONTROL_MAX)
		m->broken++;
	buf_printf(&m->text, "ctl %x '", opcode);
	buf_append(&m->text, p, n);
	buf_printf(&m->text, "'\n");
	return 0;
}

static const struct wsrx_ops norm_ops = { norm_data, norm_control };

/* Parses s cut at the given points (ascending) into m's text. */
static void
norm_feed(struct norm *m, const struct buf *s, const size_t *cuts, int ncuts)
{
	struct wsrx	 r;
	size_t		 from = 0, to;
	int		 i, rv = 0;

	memset(m, 0, sizeof(*m));
	wsrx_init(&r);
	for (i = 0; i <= ncuts && rv == 0; i++, from = to) {
		to = i < ncuts ? cuts[i] : s->len;
		rv = wsrx_feed(&r, s->data + from, to - from, &norm_ops, m);
	}
	if (m->open)
		buf_printf(&m->text, "' (open)\n");
	buf_printf(&m->text, "rv %d error %s\n", rv,
	    r.error ? r.error : "none");
}

static int
norm_same(const struct norm *a, const struct norm *b)
{
	return a->text.len == b->text.len && a->broken == 0 &&
	    b->broken == 0 &&
	    memcmp(a->text.data, b->text.data, a->text.len) == 0;
}

/* Many mixed frames, two of them big bytes long. */
static void
mixed(struct buf *s, size_t big)
{
	unsigned char	*p = pattern(big);

	frame(s, 0x81, "Hello", 5);
	frame(s, 0x82, "", 0);
	frame(s, 0x89, "ping", 4);
	frame(s, 0x01, "frag", 4);
	frame(s, 0x8a, "", 0);
	frame(s, 0x00, p, big);
	frame(s, 0x89, p + 1, WSRX_CONTROL_MAX);
	frame(s, 0x00, "", 0);
	frame(s, 0x80, "ment", 4);
	frame(s, 0x02, p + 2, 126);
	frame(s, 0x88, "\x03\xe8", 2);
	frame(s, 0x80, p + 3, 125);
	frame(s, 0x81, "", 0);
	frame(s, 0x82, p, big);
	frame(s, 0x8a, "pong", 4);
	frame(s, 0x81, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 11);
	free(p);
}

/*
 * Checks that s parses the same in one read, byte by byte, in reads of
 * fixed sizes and cut once anywhere (or, with near_starts, anywhere
 * within 16 bytes of a frame start recorded by frame()), and with pairs
 * cut twice anywhere.
 */
static void
invariance(const char *desc, const struct buf *s, int near_starts, int pairs)
{
	struct norm	 whole, cut;
	size_t		 cuts[2], *bytes, i, j, nbad = 0, nrun = 0;

	norm_feed(&whole, s, NULL, 0);
	tap_is_int(whole.broken, 0, "%s: invariants in one read", desc);

	/* One byte per read. */
	if ((bytes = malloc(s->len * sizeof(*bytes))) == NULL)
		abort();
	for (i = 0; i < s->len; i++)
		bytes[i] = i + 1;
	norm_feed(&cut, s, bytes, s->len > 0 ? (int)s->len - 1 : 0);
	tap_ok(norm_same(&whole, &cut), "%s: byte by byte", desc);
	buf_free(&cut.text);

	/* Fixed read sizes. */
	for (j = 2; j < 300; j = j * 2 + 1) {
		for (i = 0; (i + 1) * j < s->len; i++)
			bytes[i] = (i + 1) * j;
		norm_feed(&cut, s, bytes, (int)i);
		nbad += !norm_same(&whole, &cut);
		nrun++;
		buf_free(&cut.text);
	}
	free(bytes);
	tap_ok(nbad == 0, "%s: %zu read sizes", desc, nrun);

	/* Every single cut. */
	for (i = nbad = nrun = 0; i <= s->len; i++) {
		if (near_starts) {
			for (j = 0; j < nstarts && j < 64; j++)
				if (i + 16 >= starts[j] && i <= starts[j] + 16)
					break;
			if (j == nstarts || j == 64)
				continue;
		}
		cuts[0] = i;
		norm_feed(&cut, s, cuts, 1);
		nbad += !norm_same(&whole, &cut);
		nrun++;
		buf_free(&cut.text);
	}
	tap_ok(nbad == 0, "%s: cut at each of %zu points", desc, nrun);

	/* Every pair of cuts. */
	if (pairs) {
		for (i = 0, nbad = nrun = 0; i <= s->len; i++)
			for (j = i; j <= s->len; j++) {
				cuts[0] = i;
				cuts[1] = j;
				norm_feed(&cut, s, cuts, 2);
				nbad += !norm_same(&whole, &cut);
				nrun++;
				buf_free(&cut.text);
			}
		tap_ok(nbad == 0, "%s: each of %zu pairs of cuts", desc, nrun);
	}
	buf_free(&whole.text);
}

static void
split_invariance(void)
{
	static const struct {
		const unsigned char	*bytes;
		size_t			 n;
		const char		*error;
	} bad[] = {
		{ S("\x01\x01" "a\x89\x00\x81\x00"), E_NEW },
		{ S("\x89\x7e\x00\x7e"), E_LONG },
		{ S("\x82\x7f\x80"), NULL },	/* its header cut short */
		{ S("\x82\x7f\x80\x01\x02\x03\x04\x05\x06\x07"), E_TOP },
		{ S("\x81\x02" "ab\xc1\x00"), E_RSV },
		{ S("\x01\x00\x8a\x01p\x80\x7e\x00\x7e\xf0"), NULL },
	};
	struct buf	 s = { 0 };
	struct norm	 m;
	char		 desc[96], want[96];
	size_t		 i;

	mixed(&s, 200);
	norm_feed(&m, &s, NULL, 0);
	tap_ok(m.broken == 0 && strstr((const char *)m.text.data,
	    "msg text 'Hello'\nmsg binary ''\nctl 9 'ping'\n"
	    "msg text 'frag") == (const char *)m.text.data,
	    "split: the stream parses as built");
	buf_free(&m.text);
	invariance("split: mixed frames", &s, 0, 0);
	buf_free(&s);

	mixed(&s, 300);
	buf_append(&s, "\x81\x05" "ab", 4);	/* ends in a cut frame */
	invariance("split: mixed frames ending mid-frame", &s, 0, 0);
	buf_free(&s);

	nstarts = 0;
	mixed(&s, 70000);
	invariance("split: mixed frames with 64-bit lengths", &s, 1, 0);
	buf_free(&s);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mixed(&s, 130);
		buf_append(&s, bad[i].bytes, bad[i].n);
		snprintf(desc, sizeof(desc), "split: mixed frames then %s",
		    bad[i].error ? bad[i].error : "a cut frame");
		norm_feed(&m, &s, NULL, 0);
		snprintf(want, sizeof(want), "rv %d error %s\n",
		    bad[i].error ? -1 : 0, bad[i].error ? bad[i].error : "none");
		tap_ok(m.text.len > strlen(want) &&
		    memcmp(m.text.data + m.text.len - strlen(want), want,
		    strlen(want)) == 0, "%s: in one read", desc);
		buf_free(&m.text);
		invariance(desc, &s, 0, 0);
		buf_free(&s);
	}

	/* A short stream cut at every pair of points. */
	frame(&s, 0x01, "ab", 2);
	frame(&s, 0x89, "p", 1);
	frame(&s, 0x00, "", 0);
	frame(&s, 0x80, "cde", 3);
	frame(&s, 0x82, "\x7e\x7f", 2);
	frame(&s, 0x8a, "", 0);
	frame(&s, 0x81, "xyz", 3);
	{
		unsigned char	*p = pattern(130);

		frame(&s, 0x82, p, 130);
		free(p);
	}
	frame(&s, 0x88, "\x03\xe9", 2);
	buf_append(&s, "\x80\x00", 2);	/* E_CONT */
	invariance("split: short stream", &s, 0, 1);
	buf_free(&s);
}

int
main(void)
{
	single_frames();
	lengths();
	fragments();
	breaches();
	early();
	stops();
	pieces();
	split_invariance();
	return tap_done();
}
