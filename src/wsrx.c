/* RFC 6455 frames received by a client; pure. */
#include <string.h>

#include "wsrx.h"

void
wsrx_init(struct wsrx *r)
{
	memset(r, 0, sizeof(*r));
}

static int
fail(struct wsrx *r, const char *why)
{
	r->error = why;
	return -1;
}

/*
 * Checks the first two header bytes, which decide everything but the
 * length: a server's frames are never masked (5.1), and there is no
 * extension to give the reserved bits or opcodes a meaning (5.2).
 */
static int
check_start(struct wsrx *r, unsigned b0, unsigned b1)
{
	unsigned	 op = b0 & 0x0f;

	if (b0 & 0x70)
		return fail(r, "a frame with reserved bits set");
	if ((op > 0x2 && op < 0x8) || op > 0xa)
		return fail(r, "a frame with a reserved opcode");
	if (b1 & 0x80)
		return fail(r, "a masked frame (a server must not mask)");
	if (op & 0x8) {
		if (!(b0 & 0x80))
			return fail(r, "a fragmented control frame");
		if ((b1 & 0x7f) > WSRX_CONTROL_MAX)
			return fail(r, "a control frame longer than 125 bytes");
	} else if (op == 0 && !r->in_msg)
		return fail(r, "a continuation frame with no message started");
	else if (op != 0 && r->in_msg)
		return fail(r, "a new message inside a fragmented one");
	return 0;
}

/* The header's length from its first two bytes (never masked here). */
static size_t
header_len(unsigned b1)
{
	b1 &= 0x7f;
	return b1 == 127 ? 10 : b1 == 126 ? 4 : 2;
}

/* Hands on a data piece, ending the message at its final piece. */
static int
piece(struct wsrx *r, const struct wsrx_ops *ops, void *ctx,
    const unsigned char *p, size_t n)
{
	unsigned	 flags = r->msg_binary ? WSRX_BINARY : 0;

	if (r->msg_first) {
		flags |= WSRX_FIRST;
		r->msg_first = false;
	}
	if (r->left == 0) {
		r->in_frame = false;
		if (r->fin) {
			flags |= WSRX_FINAL;
			r->in_msg = false;
		}
	}
	return ops->data(ctx, p, n, flags, r->left);
}

static int
control_done(struct wsrx *r, const struct wsrx_ops *ops, void *ctx)
{
	r->in_frame = false;
	return ops->control(ctx, r->op, r->ctl, r->ctl_len);
}

/* Starts the frame whose complete header is h (checked by check_start). */
static int
start_frame(struct wsrx *r, const unsigned char *h, const struct wsrx_ops *ops,
    void *ctx)
{
	uint64_t	 len = h[1] & 0x7f;
	int		 i;

	if (len == 126)
		len = (uint64_t)h[2] << 8 | h[3];
	else if (len == 127) {
		if (h[2] & 0x80)
			return fail(r, "a 64-bit frame length with its top bit "
			    "set");
		for (len = 0, i = 2; i < 10; i++)
			len = len << 8 | h[i];
	}
	r->in_frame = true;
	r->op = h[0] & 0x0f;
	r->fin = (h[0] & 0x80) != 0;
	r->left = len;
	if (r->op & 0x8) {
		r->ctl_len = 0;
		return len == 0 ? control_done(r, ops, ctx) : 0;
	}
	if (r->op != 0) {
		r->in_msg = true;
		r->msg_binary = r->op == 0x2;
		r->msg_first = true;
	}
	return len == 0 ? piece(r, ops, ctx, h, 0) : 0;
}

int
wsrx_feed(struct wsrx *r, const unsigned char *p, size_t n,
    const struct wsrx_ops *ops, void *ctx)
{
	const unsigned char	*end = p + n, *h;
	size_t			 need, take;
	int			 rv;

	if (r->error != NULL)
		return -1;
	for (;;) {
		if (!r->in_frame) {
			if (r->hlen == 0 && end - p >= 2) {
				if (check_start(r, p[0], p[1]) == -1)
					return -1;
				need = header_len(p[1]);
				if ((size_t)(end - p) >= need) {
					h = p;
					p += need;
					goto header;
				}
			}
			/* A header cut by the end of the read: gather it. */
			while (p < end && r->hlen < 2)
				r->hdr[r->hlen++] = *p++;
			if (r->hlen < 2)
				return 0;
			if (r->hlen == 2 &&
			    check_start(r, r->hdr[0], r->hdr[1]) == -1)
				return -1;
			need = header_len(r->hdr[1]);
			while (p < end && r->hlen < need)
				r->hdr[r->hlen++] = *p++;
			if (r->hlen < need)
				return 0;
			h = r->hdr;
			r->hlen = 0;
header:
			if ((rv = start_frame(r, h, ops, ctx)) != 0)
				return rv;
			continue;
		}
		if (p == end)
			return 0;
		take = (size_t)(end - p);
		if (take > r->left)
			take = (size_t)r->left;
		r->left -= take;
		if (r->op & 0x8) {
			memcpy(r->ctl + r->ctl_len, p, take);
			r->ctl_len += take;
			p += take;
			if (r->left == 0 && (rv = control_done(r, ops, ctx)) != 0)
				return rv;
			continue;
		}
		p += take;
		if ((rv = piece(r, ops, ctx, p - take, take)) != 0)
			return rv;
	}
}
