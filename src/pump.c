/*
 * The pipe front end: stdin into records, send queues written from the
 * WRITEABLE callback, and received messages to stdout.  Shared by the
 * client session and listen mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "b64.h"
#include "msg.h"
#include "opts.h"
#include "pump.h"
#include "term.h"
#include "utf8.h"
#include "wsframe.h"

#define OUT_HIGH	(64 * 1024)	/* write stdout once this much is pending */

_Static_assert(PUMP_ENT_HDR >= sizeof(size_t) + sizeof(unsigned),
    "a queue entry's header holds its length and flags");

static int	 on_record(void *, const unsigned char *, size_t);
static void	 queue_compact(struct pump_queue *);
static unsigned char *queue_head(struct pump_queue *, size_t *, unsigned *);
static void	 queue_advance(struct pump_queue *, size_t);
static unsigned	 frame_b0(const struct pump_queue *, size_t, unsigned,
		    size_t);
static const unsigned char *next_key(struct pump_queue *, struct lws *);
static int	 frame_batch(struct pump_queue *, struct lws *);
static int	 emit_whole(struct pump_out *, const unsigned char *, size_t,
		    bool);
static int	 binout(const struct pump_out *);

int
pump_queue_add(struct pump_queue *q, const unsigned char *p, size_t n,
    unsigned flags)
{
	unsigned char	*e;

	if (q->data.cap - q->data.len < PUMP_ENT_HDR + n)
		queue_compact(q);
	if (buf_reserve(&q->data, PUMP_ENT_HDR + n) == -1) {
		msg_err("queue message: %s", strerror(errno));
		return -1;
	}
	e = q->data.data + q->data.len;
	memcpy(e, &n, sizeof(n));
	memcpy(e + sizeof(n), &flags, sizeof(flags));
	if (n > 0)
		memcpy(e + PUMP_ENT_HDR, p, n);
	q->data.len += PUMP_ENT_HDR + n;
	q->bytes += n;
	q->msgs++;
	return 0;
}

/*
 * Moves the entries down over those already written, once that is worth a
 * copy.  With an extension only called before or after a write: lws may
 * read the caller's buffer until the next WRITEABLE (quirk 2).
 */
static void
queue_compact(struct pump_queue *q)
{
	size_t	 left = q->data.len - q->off;

	if (q->off == 0)
		return;
	if (left > 0 && q->off < 65536 && q->off < left)
		return;
	memmove(q->data.data, q->data.data + q->off, left);
	q->data.len = left;
	q->off = 0;
}

/* The first entry's payload, length and flags. */
static unsigned char *
queue_head(struct pump_queue *q, size_t *len, unsigned *flags)
{
	unsigned char	*e = q->data.data + q->off;

	if (q->head_off == 0) {
		memcpy(&q->head_len, e, sizeof(q->head_len));
		memcpy(&q->head_flags, e + sizeof(q->head_len),
		    sizeof(q->head_flags));
	}
	*len = q->head_len;
	*flags = q->head_flags;
	return e + PUMP_ENT_HDR;
}

/* Accounts for chunk more bytes of the first entry written. */
static void
queue_advance(struct pump_queue *q, size_t chunk)
{
	q->head_off += chunk;
	q->bytes -= chunk;
	q->sent_bytes += chunk;
	if (q->head_off < q->head_len)
		return;
	q->off += PUMP_ENT_HDR + q->head_len;
	q->head_off = 0;
	q->msgs--;
	if (q->head_flags & PUMP_FINAL)
		q->sent_msgs++;
	if (q->msgs == 0)
		q->off = q->data.len = 0;
}

/* The first byte of the next frame of the first entry, chunk bytes long. */
static unsigned
frame_b0(const struct pump_queue *q, size_t len, unsigned flags,
    size_t chunk)
{
	unsigned	 b0 = WSFRAME_CONT;

	if (q->head_off == 0 && (flags & PUMP_FIRST))
		b0 = flags & PUMP_BINARY ? WSFRAME_BINARY : WSFRAME_TEXT;
	if (q->head_off + chunk == len && (flags & PUMP_FINAL))
		b0 |= WSFRAME_FIN;
	return b0;
}

/* A fresh 4-byte masking key; getrandom() is called once per 256. */
static const unsigned char *
next_key(struct pump_queue *q, struct lws *wsi)
{
	if (q->nkeys < 4) {
		if (getrandom(q->keys, sizeof(q->keys), GRND_NONBLOCK) !=
		    (ssize_t)sizeof(q->keys) &&
		    lws_get_random(lws_get_context(wsi), q->keys,
		    sizeof(q->keys)) != sizeof(q->keys))
			return NULL;
		q->nkeys = sizeof(q->keys);
	}
	q->nkeys -= 4;
	return q->keys + q->nkeys;
}

/*
 * Frames entries into q->wire, whole frames only (so that the control
 * frames lws sends between writes fall between frames), up to
 * PUMP_WIRE_MAX bytes or one fragment.  Returns 0, or -1 without a key.
 */
static int
frame_batch(struct pump_queue *q, struct lws *wsi)
{
	const unsigned char	*key = NULL;
	unsigned char		*p, *w;
	size_t			 len, chunk;
	unsigned		 flags;

	q->wire.len = 0;
	while (q->msgs > 0) {
		p = queue_head(q, &len, &flags);
		chunk = len - q->head_off;
		if (chunk > PUMP_FRAG_SIZE)
			chunk = PUMP_FRAG_SIZE;
		if (q->wire.len > 0 &&
		    q->wire.len + WSFRAME_HEADER_MAX + chunk > PUMP_WIRE_MAX)
			break;
		if (buf_reserve(&q->wire, WSFRAME_HEADER_MAX + chunk) == -1)
			return -1;
		if (q->masked && (key = next_key(q, wsi)) == NULL)
			return -1;
		w = q->wire.data + q->wire.len;
		w += wsframe_header(w, frame_b0(q, len, flags, chunk), chunk,
		    key);
		if (key != NULL)
			wsframe_mask(w, p + q->head_off, chunk, key);
		else
			memcpy(w, p + q->head_off, chunk);
		q->wire.len = (size_t)(w + chunk - q->wire.data);
		queue_advance(q, chunk);
	}
	return 0;
}

int
pump_queue_write(struct pump_queue *q, struct lws *wsi)
{
	enum lws_write_protocol	 wp;
	size_t			 len, chunk;
	unsigned		 flags, b0;
	unsigned char		*p;

	queue_compact(q);
	while (q->msgs > 0 && !lws_send_pipe_choked(wsi)) {
		if (q->frames) {
			if (frame_batch(q, wsi) == -1 ||
			    lws_write(wsi, q->wire.data, q->wire.len,
			    LWS_WRITE_RAW) < (int)q->wire.len)
				return -1;
			continue;
		}
		p = queue_head(q, &len, &flags);
		chunk = len - q->head_off;
		if (chunk > PUMP_FRAG_SIZE)
			chunk = PUMP_FRAG_SIZE;
		b0 = frame_b0(q, len, flags, chunk);
		wp = (b0 & 0x0f) == WSFRAME_BINARY ? LWS_WRITE_BINARY :
		    (b0 & 0x0f) == WSFRAME_TEXT ? LWS_WRITE_TEXT :
		    LWS_WRITE_CONTINUATION;
		if (!(b0 & WSFRAME_FIN))
			wp |= LWS_WRITE_NO_FIN;
		/*
		 * permessage-deflate keeps reading the buffer given to
		 * lws_write() until its output is drained (quirk 2), while
		 * the queue may move or reuse its storage as input arrives:
		 * the chunk goes out of q->wire, which is only reused here,
		 * once the pipe is no longer choked.
		 */
		if (buf_reserve(&q->wire, LWS_PRE + chunk) == -1)
			return -1;
		memcpy(q->wire.data + LWS_PRE, p + q->head_off, chunk);
		if (lws_write(wsi, q->wire.data + LWS_PRE, chunk, wp) <
		    (int)chunk)
			return -1;
		queue_advance(q, chunk);
	}
	return 0;
}

int
pump_control(struct pump_queue *q, struct lws *wsi, unsigned opcode,
    const unsigned char *p, size_t n)
{
	unsigned char		 f[WSFRAME_HEADER_MAX + 125], *w = f;
	const unsigned char	*key = NULL;

	if (n > 125 || (q->masked && (key = next_key(q, wsi)) == NULL))
		return -1;
	w += wsframe_header(w, WSFRAME_FIN | opcode, n, key);
	if (key != NULL)
		wsframe_mask(w, p, n, key);
	else if (n > 0)
		memcpy(w, p, n);
	w += n;
	/* A raw write: no LWS_PRE headroom. */
	return lws_write(wsi, f, (size_t)(w - f), LWS_WRITE_RAW) <
	    (int)(w - f) ? -1 : 0;
}

int
pump_queue_requeue(struct pump_queue *q, const char *const *msgs, size_t n,
    unsigned flags)
{
	struct pump_queue	 nq;
	unsigned char		*p;
	size_t			 i, len, rest, bytes = q->bytes, nmsgs = q->msgs;
	unsigned		 hflags;

	memset(&nq, 0, sizeof(nq));
	for (i = 0; i < n; i++)
		if (pump_queue_add(&nq, (const unsigned char *)msgs[i],
		    strlen(msgs[i]), flags | PUMP_MESSAGE) == -1)
			goto fail;
	rest = q->off;
	if (q->msgs > 0 && q->head_off > 0) {
		p = queue_head(q, &len, &hflags);
		rest += PUMP_ENT_HDR + len;
		if (q->frames) {
			if (pump_queue_add(&nq, p, len, hflags) == -1)
				goto fail;
		} else
			msg_verbose(1, "send: a message cut by the drop is "
			    "lost (%zu bytes)", len);
		bytes -= len - q->head_off;
		nmsgs--;
	}
	if (buf_append(&nq.data, q->data.data + rest, q->data.len - rest) ==
	    -1) {
		msg_err("queue message: %s", strerror(errno));
		goto fail;
	}
	nq.bytes += bytes;
	nq.msgs += nmsgs;
	buf_free(&q->data);
	q->data = nq.data;
	q->off = q->head_off = 0;
	q->bytes = nq.bytes;
	q->msgs = nq.msgs;
	return 0;
fail:
	buf_free(&nq.data);
	return -1;
}

void
pump_queue_clear(struct pump_queue *q)
{
	buf_free(&q->data);
	buf_free(&q->wire);
	q->off = q->head_off = q->bytes = q->msgs = 0;
}

int
pump_in_init(struct pump_in *in, int fd, bool binary, bool nul, size_t max,
    pump_record_cb cb, void *ctx)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->binary = binary;
	in->nul = nul;
	in->cb = cb;
	in->ctx = ctx;
	framing_init(&in->fr, nul ? FRAMING_NUL : FRAMING_LINE, max);
	if ((in->rdbuf = malloc(PUMP_READ_CHUNK)) == NULL) {
		msg_err("start: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* framing callback: text must be UTF-8, then the owner takes the record. */
static int
on_record(void *ctx, const unsigned char *p, size_t n)
{
	struct pump_in	*in = ctx;

	in->records++;
	if (!in->binary && !utf8_valid(p, n)) {
		msg_err("stdin %s %llu: not valid UTF-8 (use -b to send "
		    "binary)", in->nul ? "record" : "line",
		    (unsigned long long)in->records);
		in->failed = true;
		return 1;
	}
	return in->cb(in->ctx, p, n);
}

int
pump_in_read(struct pump_in *in)
{
	ssize_t	 n;
	int	 r;

	n = read(in->fd, in->rdbuf, PUMP_READ_CHUNK);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		msg_err("stdin: %s", strerror(errno));
		in->failed = true;
		return -1;
	}
	if (n == 0)
		return -1;
	r = framing_feed(&in->fr, in->rdbuf, (size_t)n, on_record, in);
	if (r != 0) {
		if (r == -1) {
			msg_err("stdin %s %llu: %s", in->nul ? "record" :
			    "line", (unsigned long long)in->records + 1,
			    errno == EMSGSIZE ? "longer than --max-message" :
			    strerror(errno));
			in->failed = true;
		}
		in->fr.partial.len = 0;
		return -1;
	}
	return 0;
}

/*
 * lws closes a paused stdin on POLLHUP with data still in the pipe (quirk
 * 8): read what is left without blocking, so nothing accepted is lost.
 */
void
pump_in_drain(struct pump_in *in)
{
	ssize_t	 n;
	int	 fl;

	if (in->fd == -1 || (fl = fcntl(in->fd, F_GETFL)) == -1)
		return;
	(void)fcntl(in->fd, F_SETFL, fl | O_NONBLOCK);
	while ((n = read(in->fd, in->rdbuf, PUMP_READ_CHUNK)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0 && framing_feed(&in->fr, in->rdbuf, (size_t)n,
		    on_record, in) != 0) {
			in->fr.partial.len = 0;
			break;
		}
	(void)fcntl(in->fd, F_SETFL, fl);
}

int
pump_in_finish(struct pump_in *in)
{
	if (framing_finish(&in->fr, on_record, in) == -1)
		in->failed = true;
	return in->failed ? -1 : 0;
}

void
pump_in_free(struct pump_in *in)
{
	framing_free(&in->fr);
	free(in->rdbuf);
	in->rdbuf = NULL;
}

void
pump_out_init(struct pump_out *po, bool nul)
{
	outbuf_init(&po->out, STDOUT_FILENO, OUT_HIGH);
	po->tty = isatty(STDOUT_FILENO);
	po->sep = nul ? '\0' : '\n';
	po->fmt = NULL;
	po->fmt_ctx = NULL;
	po->fmt_types = 0;
	po->binout = OPTS_BIN_AUTO;
}

/* How a binary message is shown: --binary-output, else by the terminal. */
static int
binout(const struct pump_out *po)
{
	if (po->binout != OPTS_BIN_AUTO)
		return po->binout;
	return po->tty ? OPTS_BIN_HEX : OPTS_BIN_RAW;
}

/* A complete message: formatted, escaped or as it is, with its separator. */
static int
emit_whole(struct pump_out *po, const unsigned char *p, size_t n, bool binary)
{
	struct buf	 esc = { 0 };
	int		 r = 0;

	if (po->fmt != NULL &&
	    (po->fmt_types & (binary ? PUMP_FMT_BINARY : PUMP_FMT_TEXT)))
		r = po->fmt(po->fmt_ctx, &esc, p, n, binary);
	if (r == 0 && binary && binout(po) == OPTS_BIN_HEX) {
		r = term_hexdump(&esc, p, n);
	} else if (r == 0 && binary && binout(po) == OPTS_BIN_BASE64) {
		r = b64_encode(&esc, p, n);
		if (r == 0)
			r = buf_putc(&esc, (unsigned char)po->sep);
	} else if (r == 0 && po->tty) {
		/* Text, or binary asked for raw: escaped all the same. */
		r = term_escape(&esc, p, n);
		if (r == 0)
			r = buf_putc(&esc, '\n');
	} else if (r == 0) {
		r = outbuf_write(&po->out, p, n);
		if (r == 0)
			r = outbuf_write(&po->out, &po->sep, 1);
		return r;
	}
	if (r >= 0)
		r = outbuf_write(&po->out, esc.data, esc.len);
	buf_free(&esc);
	return r;
}

int
pump_out_emit(struct pump_out *po, struct pump_rx *rx, const unsigned char *p,
    size_t n, bool binary, bool final, size_t hold)
{
	int		 r = 0;

	if (po->tty || (binary && binout(po) != OPTS_BIN_RAW) ||
	    (po->fmt != NULL &&
	    (po->fmt_types & (binary ? PUMP_FMT_BINARY : PUMP_FMT_TEXT)))) {
		if (final && rx->msg.len == 0)
			return emit_whole(po, p, n, binary);
		if (buf_append(&rx->msg, p, n) == -1)
			return -1;
		if (final) {
			r = emit_whole(po, rx->msg.data, rx->msg.len, binary);
			rx->msg.len = 0;
		}
	} else if (final && (rx->streaming || rx->msg.len == 0)) {
		r = outbuf_write_sep(&po->out, p, n, (unsigned char)po->sep);
	} else if (rx->streaming) {
		r = outbuf_write(&po->out, p, n);
	} else {
		r = buf_append(&rx->msg, p, n);
		if (r == 0 && (final || rx->msg.len > hold)) {
			r = final ? outbuf_write_sep(&po->out, rx->msg.data,
			    rx->msg.len, (unsigned char)po->sep) :
			    outbuf_write(&po->out, rx->msg.data, rx->msg.len);
			rx->msg.len = 0;
			rx->streaming = !final;
		}
	}
	return r;
}

/*
 * lws 4.1 fails a connection on a malformed frame (reserved opcode or bits,
 * fragmented or long control frame, stray continuation) by dropping TCP
 * with no Close and no callback saying why; a peer that dropped us instead
 * leaves the socket at end-of-file or reset.  When the peer is still there,
 * tell it why, as RFC 6455 7.1.7 allows: a Close 1002 written straight to
 * the socket lws no longer serves (masked from a client), unless lws still
 * holds part of a frame that must go first.  Over TLS nothing is written:
 * plain bytes inside the TLS stream would only be a broken record to the
 * peer ("wrong version number"), so it just sees the connection end.
 */
bool
pump_fail_malformed(struct lws *wsi, bool masked)
{
	unsigned char	 f[8] = { 0x88, 0x02, 0x03, 0xea };
	size_t		 n = 4;
	ssize_t		 r;
	char		 c;
	int		 fd = lws_get_socket_fd(wsi);

	if (fd < 0)
		return false;
	r = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
		return false;	/* end-of-file or reset: the peer left */
	if (lws_is_ssl(wsi) || lws_send_pipe_choked(wsi))
		return true;
	if (masked) {
		f[1] = 0x82;
		if (getrandom(f + 2, 4, GRND_NONBLOCK) != 4)
			memcpy(f + 2, "wsc!", 4);
		f[6] = (unsigned char)(0x03 ^ f[2]);	/* 1002 = 0x03ea */
		f[7] = (unsigned char)(0xea ^ f[3]);
		n = 8;
	}
	(void)send(fd, f, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	return true;
}
