/*
 * Fuzzes wsrx differentially: the first two bytes pick the read sizes (and
 * where a callback stops the parse); the rest, parsed in one read and in
 * those reads, must give the same messages, control frames and error.
 * Every callback is checked against the contract on the way: FIRST once
 * per message, FINAL ends it, one type per message, frame_left counting
 * down, control frames whole and at most 125 bytes, a failed parser
 * staying failed.
 */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "wsrx.h"

struct run {
	struct buf	 norm;		/* messages and control frames */
	struct buf	 raw;		/* every callback, pieces as they came */
	int		 open;		/* a message is open */
	int		 binary;	/* its type */
	uint64_t	 frame_left;	/* of the last data piece */
	size_t		 bytes;		/* payload bytes handed on */
	int		 events;
	int		 stop_at;	/* return 7 from this event (1-), or 0 */
};

/* Appends a length-prefixed record. */
static void
record(struct buf *b, int kind, unsigned what, uint64_t left,
    const unsigned char *p, size_t n)
{
	FUZZ_CHECK(buf_printf(b, "%c%x:%llu:%zu:", kind, what,
	    (unsigned long long)left, n) == 0);
	FUZZ_CHECK(buf_append(b, p, n) == 0);
}

static int
on_data(void *ctx, const unsigned char *p, size_t n, unsigned flags,
    uint64_t frame_left)
{
	struct run	*r = ctx;

	FUZZ_CHECK(p != NULL || n == 0);
	FUZZ_CHECK((flags & ~(WSRX_FIRST | WSRX_FINAL | WSRX_BINARY)) == 0);
	if (r->frame_left > 0) {
		/* The rest of the frame of the last piece. */
		FUZZ_CHECK(n > 0 && n <= r->frame_left);
		FUZZ_CHECK(frame_left == r->frame_left - n);
		FUZZ_CHECK(!(flags & WSRX_FIRST));
	}
	/* FIRST exactly when no message is open; FINAL ends it. */
	FUZZ_CHECK(!!(flags & WSRX_FIRST) == !r->open);
	FUZZ_CHECK(!(flags & WSRX_FINAL) || frame_left == 0);
	if (flags & WSRX_FIRST) {
		r->binary = !!(flags & WSRX_BINARY);
		FUZZ_CHECK(buf_printf(&r->norm, "M%d:", r->binary) == 0);
	} else
		FUZZ_CHECK(r->binary == !!(flags & WSRX_BINARY));
	r->open = !(flags & WSRX_FINAL);
	r->frame_left = frame_left;
	r->bytes += n;
	FUZZ_CHECK(buf_append(&r->norm, p, n) == 0);
	if (!r->open)
		FUZZ_CHECK(buf_printf(&r->norm, ":end\n") == 0);
	record(&r->raw, 'd', flags, frame_left, p, n);
	return ++r->events == r->stop_at ? 7 : 0;
}

static int
on_control(void *ctx, unsigned opcode, const unsigned char *p, size_t n)
{
	struct run	*r = ctx;

	FUZZ_CHECK(opcode == WSRX_CLOSE || opcode == WSRX_PING ||
	    opcode == WSRX_PONG);
	FUZZ_CHECK(n <= WSRX_CONTROL_MAX && (p != NULL || n == 0));
	FUZZ_CHECK(r->frame_left == 0);		/* never inside a frame */
	r->bytes += n;
	FUZZ_CHECK(buf_printf(&r->norm, "C%x:%zu:", opcode, n) == 0);
	FUZZ_CHECK(buf_append(&r->norm, p, n) == 0);
	FUZZ_CHECK(buf_printf(&r->norm, "\n") == 0);
	record(&r->raw, 'c', opcode, 0, p, n);
	return ++r->events == r->stop_at ? 7 : 0;
}

static const struct wsrx_ops ops = { on_data, on_control };

/* Ends a run's normal form with its result and error. */
static void
finish(struct run *r, const struct wsrx *rx, int rv)
{
	FUZZ_CHECK(rv == 0 || rv == -1 || (rv == 7 && r->stop_at > 0));
	FUZZ_CHECK((rv == -1) == (rx->error != NULL));
	FUZZ_CHECK(buf_printf(&r->norm, "%s rv %d error %s\n",
	    r->open ? "open" : "", rv, rx->error ? rx->error : "none") == 0);
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len &&
	    (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run	 whole = { 0 }, cut = { 0 }, stop = { 0 };
	struct wsrx	 rx;
	uint32_t	 x;
	size_t		 off, n, max;
	int		 rv;

	if (size < 2)
		return 0;
	x = data[0] * 0x9e3779b9u + 1;	/* the read sizes' generator */
	max = data[1] % 64 + 1;		/* the largest read */
	data += 2;
	size -= 2;

	wsrx_init(&rx);
	rv = wsrx_feed(&rx, data, size, &ops, &whole);
	FUZZ_CHECK(whole.bytes <= size);
	finish(&whole, &rx, rv);

	/* The same bytes in reads of 0 to max bytes. */
	wsrx_init(&rx);
	for (off = 0, rv = 0; off < size && rv == 0; off += n) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		n = x % (max + 1);
		if (n > size - off)
			n = size - off;
		rv = wsrx_feed(&rx, data + off, n, &ops, &cut);
	}
	finish(&cut, &rx, rv);
	if (rv == -1) {
		/* Failed for good: the rest is refused and hands on nothing. */
		n = cut.events;
		FUZZ_CHECK(wsrx_feed(&rx, data, size, &ops, &cut) == -1);
		FUZZ_CHECK(wsrx_feed(&rx, data, 0, &ops, &cut) == -1);
		FUZZ_CHECK(cut.events == (int)n);
	}
	FUZZ_CHECK(same(&whole.norm, &cut.norm));

	/* Stopped by a callback: the events up to it, then nothing. */
	if (whole.events > 0) {
		stop.stop_at = 1 + (int)(x % (uint32_t)whole.events);
		wsrx_init(&rx);
		rv = wsrx_feed(&rx, data, size, &ops, &stop);
		FUZZ_CHECK(rv == 7 && rx.error == NULL);
		FUZZ_CHECK(stop.events == stop.stop_at);
		FUZZ_CHECK(stop.raw.len <= whole.raw.len &&
		    memcmp(stop.raw.data, whole.raw.data, stop.raw.len) == 0);
		if (stop.stop_at == whole.events)
			FUZZ_CHECK(same(&stop.raw, &whole.raw));
	}
	buf_free(&whole.norm);
	buf_free(&whole.raw);
	buf_free(&cut.norm);
	buf_free(&cut.raw);
	buf_free(&stop.norm);
	buf_free(&stop.raw);
	return 0;
}
