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

#include "msg.h"
#include "pump.h"
#include "term.h"
#include "utf8.h"

#define OUT_HIGH	(64 * 1024)	/* write stdout once this much is pending */

static int	 on_record(void *, const unsigned char *, size_t);

int
pump_queue_add(struct pump_queue *q, const unsigned char *p, size_t n,
    unsigned flags)
{
	struct pump_msg	*m;

	if ((m = malloc(sizeof(*m) + LWS_PRE + n)) == NULL) {
		msg_err("queue message: %s", strerror(errno));
		return -1;
	}
	m->next = NULL;
	m->len = n;
	m->flags = flags;
	if (n > 0)
		memcpy(m->data + LWS_PRE, p, n);
	if (q->tail != NULL)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	q->bytes += n;
	q->msgs++;
	return 0;
}

int
pump_queue_write(struct pump_queue *q, struct lws *wsi)
{
	struct pump_msg		*m;
	enum lws_write_protocol	 wp;
	size_t			 chunk;
	unsigned char		*p;

	while ((m = q->head) != NULL && !lws_send_pipe_choked(wsi)) {
		chunk = m->len - q->head_off;
		if (chunk > PUMP_FRAG_SIZE)
			chunk = PUMP_FRAG_SIZE;
		if (q->head_off == 0 && (m->flags & PUMP_FIRST))
			wp = m->flags & PUMP_BINARY ? LWS_WRITE_BINARY :
			    LWS_WRITE_TEXT;
		else
			wp = LWS_WRITE_CONTINUATION;
		if (q->head_off + chunk < m->len || !(m->flags & PUMP_FINAL))
			wp |= LWS_WRITE_NO_FIN;
		/*
		 * For a later fragment the LWS_PRE bytes before p are payload
		 * already sent, which lws may overwrite with the header.
		 */
		p = m->data + LWS_PRE + q->head_off;
		if (lws_write(wsi, p, chunk, wp) < (int)chunk)
			return -1;
		q->head_off += chunk;
		if (q->head_off < m->len)
			continue;
		q->head = m->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->head_off = 0;
		q->bytes -= m->len;
		q->msgs--;
		if (m->flags & PUMP_FINAL)
			q->sent_msgs++;
		q->sent_bytes += m->len;
		free(m);
	}
	return 0;
}

void
pump_queue_clear(struct pump_queue *q)
{
	struct pump_msg	*m;

	while ((m = q->head) != NULL) {
		q->head = m->next;
		free(m);
	}
	q->tail = NULL;
	q->head_off = q->bytes = q->msgs = 0;
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
}

int
pump_out_emit(struct pump_out *po, struct pump_rx *rx, const unsigned char *p,
    size_t n, bool binary, bool final, size_t hold)
{
	struct buf	 esc = { 0 };
	int		 r = 0;

	if (po->tty) {
		if (buf_append(&rx->msg, p, n) == -1)
			r = -1;
		if (r == 0 && final) {
			r = binary ?
			    term_hexdump(&esc, rx->msg.data, rx->msg.len) :
			    term_escape(&esc, rx->msg.data, rx->msg.len);
			if (r == 0 && !binary)
				r = buf_putc(&esc, '\n');
			if (r == 0)
				r = outbuf_write(&po->out, esc.data, esc.len);
			buf_free(&esc);
			rx->msg.len = 0;
		}
	} else if (rx->streaming || (final && rx->msg.len == 0)) {
		if (n > 0)
			r = outbuf_write(&po->out, p, n);
		if (r == 0 && final)
			r = outbuf_write(&po->out, &po->sep, 1);
	} else {
		r = buf_append(&rx->msg, p, n);
		if (r == 0 && (final || rx->msg.len >= hold)) {
			r = outbuf_write(&po->out, rx->msg.data, rx->msg.len);
			rx->msg.len = 0;
			rx->streaming = !final;
			if (r == 0 && final)
				r = outbuf_write(&po->out, &po->sep, 1);
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
 * holds part of a frame that must go first.
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
	if (lws_send_pipe_choked(wsi))
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
