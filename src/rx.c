/*
 * The receive side of a session, on libwebsockets 4.1: messages from lws's
 * parser or from our own (wsrx.c on a duplicate of the socket), checked for
 * size and UTF-8, streamed to stdout or the REPL, fed to the wait condition;
 * the peer's Close, and failing the connection for a protocol error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "hsread.h"
#include "msg.h"
#include "repl.h"
#include "session_int.h"
#include "tls.h"
#include "utf8.h"
#include "wsclose.h"

static int	 rx_piece(struct session *, const unsigned char *, size_t,
		    bool, bool, uint64_t);
static int	 fail_connection(struct session *, int, const char *);
static int	 fail_close_frame(struct session *, struct lws *, int,
		    const char *);
static void	 emit_rx(struct session *, const unsigned char *, size_t,
		    bool);
static void	 wait_met(struct session *);
static void	 own_rx_more(lws_sorted_usec_list_t *);
static void	 own_rx_pending(struct session *);
static void	 own_rx_want_write(struct session *);
static void	 keep_peer_close(struct session *, const unsigned char *,
		    size_t);

/*
 * Fails the connection with code (1007, 1009): a peer protocol error.  The
 * Close goes out from WRITEABLE and the rest of the message is dropped.
 * Never by returning -1 from CLIENT_RECEIVE: lws 4.1.6 then skips resetting
 * its rx buffer and, still parsing the frame while it waits for the Close
 * ack, writes past the end of that buffer (a heap overflow that a server
 * controls; seen with valgrind on a frame larger than 64 KiB).
 */
static int
fail_connection(struct session *s, int code, const char *why)
{
	msg_err("received message: %s: closing with %d", why, code);
	s->rx_failed = true;
	request_close(s, code, why, WSC_EXIT_PROTOCOL, true);
	return 0;
}

/*
 * Fails the connection from WS_PEER_INITIATED_CLOSE, where returning 0
 * would make lws echo the peer's (invalid) Close: our reason is set and -1
 * returned.  Safe there because a control frame is complete and short;
 * from CLIENT_RECEIVE it is not (see fail_connection).
 */
static int
fail_close_frame(struct session *s, struct lws *wsi, int code,
    const char *why)
{
	msg_err("received Close: %s: closing with %d", why, code);
	sess_set_status(s, WSC_EXIT_PROTOCOL);
	return send_close(s, wsi, code, why);
}

/* A chunk of a message received through lws's parser. */
int
on_receive(struct session *s, struct lws *wsi, const void *in, size_t len)
{
	return rx_piece(s, in, len, lws_frame_is_binary(wsi) != 0,
	    lws_is_final_fragment(wsi) != 0,
	    lws_remaining_packet_payload(wsi));
}

/*
 * A piece of a received message (binary decides at its first piece;
 * frame_left bytes of its frame are still to come): validate, then
 * stream it out.
 */
static int
rx_piece(struct session *s, const unsigned char *p, size_t len, bool binary,
    bool final, uint64_t frame_left)
{
	if (s->close_sent || s->rx_failed || s->wc.met)
		return 0;	/* after a met condition nothing more is output */
	if (!s->rx_in_msg) {
		s->rx_in_msg = true;
		s->rx_binary = binary;
		s->rx_len = 0;
		s->rx_utf8 = UTF8_ACCEPT;
		s->rx.msg.len = 0;
		s->rx.streaming = false;
	}
	/* A frame announcing more than the limit fails at its first chunk. */
	if (len > s->o->max_message - s->rx_len ||
	    frame_left > s->o->max_message - s->rx_len - len)
		return fail_connection(s, 1009, "message larger than "
		    "--max-message");
	s->rx_len += len;
	s->bytes_in += len;
	if (!s->rx_binary && utf8_feed(&s->rx_utf8, p, len) == UTF8_REJECT)
		return fail_connection(s, 1007, "text is not valid UTF-8");
	if (final && !s->rx_binary && s->rx_utf8 != UTF8_ACCEPT)
		return fail_connection(s, 1007, "text ends inside a "
		    "UTF-8 sequence");
	emit_rx(s, p, len, final);
	/* Any data, a fragment too, means the peer is not quiet (-w). */
	s->rx_unstamped = true;
	if (final) {
		s->rx_in_msg = false;
		s->msgs_in++;
	}
	switch (waitcond_feed(&s->wc, p, len, final)) {
	case 1:
		wait_met(s);
		break;
	case -1:
		msg_err("received message: out of memory");
		request_close(s, 1011, "", WSC_EXIT_FAILURE, true);
		break;
	default:
		break;
	}
	return 0;
}

/*
 * Our own receive path, taken at ESTABLISHED when the connection has no
 * extension and hsread.c kept lws from reading past the 101: lws's
 * reading stops (rx flow control, for good), a duplicate of the socket is
 * adopted as a raw file to be told of input, and wsrx.c parses what
 * arrives, many frames per read: read(2) from the socket, or over TLS
 * SSL_read() from lws's connection (tls_read()), which may hold decrypted
 * input poll() will not announce (sul_rx comes back for it).  lws still
 * writes (the raw frames of the queue, pings; over TLS its SSL_write()),
 * and its wsi is dropped once the Close handshake is done.  With an
 * extension, lws's byte-at-a-time parser stays (-vv says which).
 */
void
own_rx_start(struct session *s, struct lws *wsi)
{
	int	 fd, dfd;
	bool	 clean = hsread_disarm();

	if (!clean || s->extensions[0] != '\0' ||
	    (fd = lws_get_socket_fd(wsi)) < 0 ||
	    (dfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1) {
		msg_verbose(2, "receive: frames parsed by lws");
		return;
	}
	if ((s->rx_wsi = adopt_fd(lws_get_vhost(wsi), dfd)) == NULL) {
		close(dfd);
		msg_verbose(2, "receive: frames parsed by lws");
		return;
	}
	lws_rx_flow_control(wsi, 0);
	wsrx_init(&s->wr);
	s->own_rx = true;
	s->rx_ssl = lws_is_ssl(wsi) ? lws_get_ssl(wsi) : NULL;
	msg_verbose(2, "receive: frames parsed by wsc");
	own_rx_pending(s);
}

static void
own_rx_more(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_rx);

	if (!s->done)
		(void)own_rx_read(s);
}

/* Comes back at once for input TLS holds (no POLLIN will say so). */
static void
own_rx_pending(struct session *s)
{
	if (s->rx_ssl != NULL && s->rx_wsi != NULL && tls_pending(s->rx_ssl))
		sess_schedule(s, &s->sul_rx, own_rx_more, 0);
}

/* The connection is over: its duplicate socket goes too. */
void
own_rx_stop(struct session *s)
{
	sess_cancel(&s->sul_rx);
	drop_later(s->rx_wsi);
	s->rx_wsi = NULL;
	s->rx_ssl = NULL;
	s->rx_wait_write = false;
	s->own_rx = false;
	s->pong_due = s->echo_due = s->kill = false;
}

/* Asks for WRITEABLE, where the replies go out, while there is a wsi. */
static void
own_rx_want_write(struct session *s)
{
	if (s->ws != NULL)
		lws_callback_on_writable(s->ws);
}

/* Drops the connection from its next WRITEABLE (lws flushes first). */
static void
own_rx_kill(struct session *s)
{
	s->kill = true;
	own_rx_want_write(s);
}

static int
own_rx_data(void *ctx, const unsigned char *p, size_t n, unsigned flags,
    uint64_t frame_left)
{
	return rx_piece(ctx, p, n, (flags & WSRX_BINARY) != 0,
	    (flags & WSRX_FINAL) != 0, frame_left);
}

/*
 * A Close: the answer to ours ends the connection; the peer's own is
 * checked, kept and parroted back (as lws does), then the connection
 * ends.  Nothing after a Close is parsed (returns 1).
 */
static int
own_rx_close(struct session *s, const unsigned char *p, size_t n)
{
	const char	*why;
	int		 fail;

	if (s->close_sent) {
		own_rx_kill(s);
		return 1;
	}
	if ((fail = wsclose_check(p, n, &why)) != 0) {
		msg_err("received Close: %s: closing with %d", why, fail);
		sess_set_status(s, WSC_EXIT_PROTOCOL);
		s->close_wanted = true;
		s->close_code = fail;
		s->close_reason = why;
		/* Our Close says why, as through lws (fail_close_frame). */
		s->echo_len = wsclose_payload(s->echo, (unsigned)fail, why);
	} else {
		keep_peer_close(s, p, n);
		memcpy(s->echo, p, n);
		s->echo_len = n;
	}
	s->echo_due = true;
	s->rx_failed = true;
	own_rx_want_write(s);
	return 1;
}

static int
own_rx_control(void *ctx, unsigned op, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;

	switch (op) {
	case WSRX_PING:
		/* Only the latest ping is answered (RFC 6455 5.5.3). */
		if (!s->close_sent && n <= sizeof(s->pong)) {
			memcpy(s->pong, p, n);
			s->pong_len = n;
			s->pong_due = true;
			own_rx_want_write(s);
		}
		return 0;
	case WSRX_PONG:
		on_pong(s, p, n);
		return 0;
	default:
		return own_rx_close(s, p, n);
	}
}

static const struct wsrx_ops own_rx_ops = { own_rx_data, own_rx_control };

/*
 * One read, parsed whole.  Returns 1 when something was parsed, 0 when
 * nothing more is to be read now, -1 when the peer is gone.
 */
static int
own_rx_once(struct session *s)
{
	static unsigned char	 rbuf[RX_BUF_SIZE];
	ssize_t			 n;

	if (s->rx_wsi == NULL)
		return -1;
	n = s->rx_ssl != NULL ? tls_read(s->rx_ssl, rbuf, sizeof(rbuf)) :
	    read(lws_get_socket_fd(s->rx_wsi), rbuf, sizeof(rbuf));
	if (n < 0 && errno == EINPROGRESS) {
		/* TLS must write first: no reading until WRITEABLE. */
		lws_rx_flow_control(s->rx_wsi, 0);
		s->rx_wait_write = true;
		own_rx_want_write(s);
		return 0;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return 0;
	if (n > 0 && (s->echo_due || s->kill))
		return 0;	/* a Close came: the rest is not parsed */
	if (n <= 0) {
		/* The peer is gone (end of file or reset). */
		msg_verbose(2, "receive: %s", n == 0 ? "end of stream" :
		    strerror(errno));
		drop_later(s->rx_wsi);
		s->rx_wsi = NULL;
		drop_later(s->ws);
		return -1;
	}
	if (wsrx_feed(&s->wr, rbuf, (size_t)n, &own_rx_ops, s) != -1)
		return 1;
	if (s->close_sent) {
		/* Waiting for the answer to our Close: none will be seen. */
		if (!s->kill)
			msg_verbose(1, "receive: after our Close: %s: dropping "
			    "the connection", s->wr.error);
		own_rx_kill(s);
	} else if (!s->rx_failed) {
		msg_err("the peer broke the protocol (%s): closing with 1002",
		    s->wr.error);
		s->rx_failed = true;
		request_close(s, 1002, s->wr.error, WSC_EXIT_PROTOCOL, true);
	}
	return 0;
}

/* Input on the socket (RAW_RX_FILE, or TLS input held by OpenSSL). */
int
own_rx_read(struct session *s)
{
	(void)own_rx_once(s);
	own_rx_pending(s);
	return 0;
}

/*
 * lws closed the connection itself, which it does at once on a reset
 * while its reading is stopped: what the socket still holds was sent
 * before, and is read (messages, the peer's Close) before the end is
 * classified.  Bounded by what a receive buffer holds.
 */
void
own_rx_drain(struct session *s)
{
	int	 i;

	for (i = 0; i < 256 && own_rx_once(s) == 1; i++)
		continue;
}

/*
 * WRITEABLE with our own receive path: the socket dropped once all is
 * said; a parroted Close (then the end); a pong.  Returns 1 when the
 * caller goes on with the usual writes.
 */
int
own_rx_writeable(struct session *s, struct lws *wsi)
{
	if (s->kill)
		return -1;
	if (s->rx_wait_write && s->rx_wsi != NULL) {
		/* The socket takes writes again: TLS can finish its own. */
		s->rx_wait_write = false;
		lws_rx_flow_control(s->rx_wsi, 1);
		sess_schedule(s, &s->sul_rx, own_rx_more, 0);
	}
	if (s->echo_due) {
		s->echo_due = false;
		if (!s->close_sent) {
			s->close_sent = true;
			set_state(s, ST_CLOSING);
			(void)pump_control(&s->q, wsi, 0x8, s->echo,
			    s->echo_len);
		}
		return -1;
	}
	if (s->pong_due && !s->close_sent) {
		s->pong_due = false;
		if (pump_control(&s->q, wsi, 0xa, s->pong, s->pong_len) == -1)
			return -1;
	}
	return 1;
}

/* A wait condition is met: close now, whatever input is left. */
static void
wait_met(struct session *s)
{
	msg_verbose(1, "wait condition met after %lu message%s: closing",
	    s->wc.seen, s->wc.seen == 1 ? "" : "s");
	if (s->in_wsi != NULL && !s->in_paused) {
		lws_rx_flow_control(s->in_wsi, 0);
		s->in_paused = true;
	}
	if (s->q.msgs > 0)
		msg_verbose(1, "%zu queued message%s (%zu bytes) not sent",
		    s->q.msgs, s->q.msgs == 1 ? "" : "s", s->q.bytes);
	request_close(s, s->o->close_code, s->o->close_reason, WSC_EXIT_OK,
	    true);
}

/*
 * Writes a received chunk.  A message that arrives in one chunk goes
 * straight out; a longer one is held back until it is complete, so that a
 * message failed for bad UTF-8 or size leaves nothing behind, unless it
 * grows past RX_HOLD, from where it is streamed (memory stays bounded).  On
 * a terminal the whole message is shown, escaped or as a hex dump.
 */
static void
emit_rx(struct session *s, const unsigned char *p, size_t n, bool final)
{
	if (s->out_closed)
		return;
	if (s->interactive) {
		/* Whole messages only, bounded by --max-message. */
		if (buf_append(&s->rx.msg, p, n) == -1) {
			out_failed(s);
			return;
		}
		if (final) {
			struct buf	 f = { 0 };
			int		 r = 0;

			/* -j, --jsonl, --chat format it as on a terminal. */
			if (s->po.fmt != NULL && (s->po.fmt_types &
			    (s->rx_binary ? PUMP_FMT_BINARY : PUMP_FMT_TEXT)))
				r = s->po.fmt(s->po.fmt_ctx, &f, s->rx.msg.data,
				    s->rx.msg.len, s->rx_binary);
			if (r == 1)
				repl_formatted(f.data, f.len);
			else
				repl_message(s->rx.msg.data, s->rx.msg.len,
				    s->rx_binary);
			buf_free(&f);
			s->rx.msg.len = 0;
		}
		return;
	}
	if (pump_out_emit(&s->po, &s->rx, p, n, s->rx_binary, final,
	    RX_HOLD) == -1)
		out_failed(s);
}

/* stdout failed: a closed pipe ends cleanly with 1001, anything else is 10. */
void
out_failed(struct session *s)
{
	if (s->out_closed)
		return;
	s->out_closed = true;
	if (errno == EPIPE) {
		msg_verbose(1, "stdout: closed by the reader: closing");
		request_close(s, 1001, "", WSC_EXIT_OK, true);
		return;
	}
	msg_err("stdout: %s", strerror(errno));
	request_close(s, 1001, "", WSC_EXIT_IO, true);
}

/*
 * Keeps the peer's close code and reason (escaped: it goes to a terminal),
 * or fails the connection for a Close that breaks RFC 6455: a 1-byte
 * payload, a code not allowed on the wire, a reason that is not UTF-8.
 * (lws itself rewrites some illegal codes to 1002 before we see them; see
 * lws-notes quirk 13.)
 */
int
on_peer_close(struct session *s, struct lws *wsi, const unsigned char *p,
    size_t n)
{
	const char	*why;
	int		 fail;

	if ((fail = wsclose_check(p, n, &why)) != 0)
		return fail_close_frame(s, wsi, fail, why);
	keep_peer_close(s, p, n);
	return 0;
}

/* Keeps a valid peer Close's code and reason, and says so. */
static void
keep_peer_close(struct session *s, const unsigned char *p, size_t n)
{
	s->peer_closed = true;
	s->peer_code = wsclose_read(p, n, &s->peer_reason);
	msg_verbose(1, "close: peer sent %d '%s'", s->peer_code,
	    (char *)s->peer_reason.data);
	if (s->interactive)
		repl_status("peer closed: %d '%s'", s->peer_code,
		    (char *)s->peer_reason.data);
	set_state(s, ST_CLOSING);
}

/* At the peer's clean Close: true (and said) if a wait condition is unmet. */
bool
wait_unmet(struct session *s)
{
	if (!waitcond_active(&s->wc) || s->wc.met)
		return false;
	if (s->wc.has_regex)
		msg_err("wait condition not met: the peer closed (%d) before a "
		    "message matched --until (%lu received)", s->peer_code,
		    s->wc.seen);
	else
		msg_err("wait condition not met: the peer closed (%d) after "
		    "%lu of %lu messages", s->peer_code, s->wc.seen,
		    s->wc.count);
	return true;
}
