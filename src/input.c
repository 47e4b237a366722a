/*
 * The send side of a session, on libwebsockets 4.1: stdin (adopted into the
 * lws loop), --send-file files, -x messages and the REPL's typed lines become
 * messages in the send queue, with backpressure on stdin; the queue goes out
 * from WRITEABLE, and once input has ended the --wait quiet timer starts the
 * close.  Quirks are numbered as in shared/lws-notes.md.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libwebsockets.h>

#include "msg.h"
#include "output.h"
#include "json.h"
#include "repl.h"
#include "session_int.h"

static int	 enqueue(struct session *, const unsigned char *, size_t,
		    bool);
static void	 queued(struct session *);
static void	 files_piece(struct session *, const unsigned char *,
		    const struct filesrc_piece *);
static void	 files_failed(struct session *, const char *);
static void	 files_fill(struct session *);
static int	 files_stdin(struct session *);
static void	 quiet_expired(lws_sorted_usec_list_t *);
static bool	 repl_sendable(struct session *);

/* Copies a message into the send queue; returns 0 or -1 on ENOMEM. */
static int
enqueue(struct session *s, const unsigned char *p, size_t n, bool binary)
{
	return pump_queue_add(&s->q, p, n,
	    PUMP_MESSAGE | (binary ? PUMP_BINARY : 0));
}

/*
 * One input record becomes one message, unless -j refuses it (the rest
 * goes on) or --chat turns it into a packet.  Returns 0, or -1 on ENOMEM.
 */
int
input_record(struct session *s, const unsigned char *p, size_t n,
    const char *what)
{
	switch (output_input(p, n, what)) {
	case 0:
		return enqueue(s, p, n, s->o->binary);
	case -1:
		return -1;
	default:
		return 0;
	}
}

/* pump callback: one input record (UTF-8 checked). */
int
on_record(void *ctx, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;
	char		 what[64];

	if (!output_inspects_input())
		return enqueue(s, p, n, s->o->binary) == -1 ? 1 : 0;
	snprintf(what, sizeof(what), "stdin %s %llu", s->o->nul ? "record" :
	    "line", (unsigned long long)s->in.records);
	return input_record(s, p, n, what) == -1 ? 1 : 0;
}

/* chat callback: a packet to send, queued like any message. */
int
chat_send(void *ctx, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;

	if (enqueue(s, p, n, false) == -1)
		return -1;
	if (s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
	return 0;
}

/* Input was queued: pause stdin above QUEUE_HIGH, and ask to write. */
static void
queued(struct session *s)
{
	if (s->q.bytes > QUEUE_HIGH && !s->in_paused) {
		lws_rx_flow_control(s->in_wsi, 0);
		s->in_paused = true;
	}
	if (!pump_queue_empty(&s->q) && s->state == ST_OPEN)
		lws_callback_on_writable(s->ws);
}

/* One read of stdin; returns -1 to have lws close the stdin wsi. */
int
read_stdin(struct session *s)
{
	int	 r;

	if (s->interactive) {
		if (repl_read() == -1) {
			input_end(s);
			return -1;
		}
		return 0;
	}
	if (filesrc_on_stdin(&s->files))
		return files_stdin(s);
	if (s->in_held || s->close_wanted) {
		/* Not yet (or no more): applied once this callback returns. */
		lws_rx_flow_control(s->in_wsi, 0);
		s->in_paused = !s->in_held;
		return 0;
	}
	r = pump_in_read(&s->in);
	if (s->in.failed)
		sess_set_status(s, WSC_EXIT_IO);
	if (r == -1) {
		input_end(s);
		return -1;
	}
	queued(s);
	return 0;
}

/* stdin closed by lws (POLLHUP): keep what is left in the pipe (quirk 8). */
void
drain_stdin(struct session *s)
{
	pump_in_drain(&s->in);
}

/* A piece of a --send-file file into the queue, as a fragment. */
static void
files_piece(struct session *s, const unsigned char *p,
    const struct filesrc_piece *pc)
{
	unsigned	 flags = s->o->binary ? PUMP_BINARY : 0;

	flags |= pc->first ? PUMP_FIRST : 0;
	flags |= pc->final ? PUMP_FINAL : 0;
	if (pump_queue_add(&s->q, p, pc->len, flags) == -1) {
		files_failed(s, NULL);
		return;
	}
	if (filesrc_done(&s->files) && s->in_held) {
		/* Every file is queued: stdin lines may follow. */
		s->in_held = false;
		if (s->in_wsi != NULL && !s->in_paused)
			lws_rx_flow_control(s->in_wsi, 1);
		if (s->in_hup && !s->input_eof) {
			drain_stdin(s);
			input_end(s);
		}
	}
}

/*
 * A file could not be sent whole: say why, send what came before it, and
 * close (status 10); the message in progress stays unfinished.
 */
static void
files_failed(struct session *s, const char *why)
{
	if (why != NULL)
		msg_err("%s", why);
	filesrc_free(&s->files);
	s->files.next = s->files.npaths;
	if (s->in_wsi != NULL && !s->in_paused) {
		lws_rx_flow_control(s->in_wsi, 0);
		s->in_paused = true;
	}
	request_close(s, s->o->close_code, s->o->close_reason, WSC_EXIT_IO,
	    false);
}

/*
 * Queues pieces of the files while the queue is below its high-water mark
 * (regular files; stdin is read when it is readable).
 */
static void
files_fill(struct session *s)
{
	struct filesrc_piece	 pc;
	char			 err[512];
	bool			 from_stdin;
	int			 r;

	while (!filesrc_done(&s->files) &&
	    (!filesrc_on_stdin(&s->files) || s->in_hup) &&
	    !s->close_wanted && s->q.bytes < QUEUE_HIGH) {
		from_stdin = filesrc_on_stdin(&s->files);
		r = filesrc_next(&s->files, s->in.rdbuf, PUMP_READ_CHUNK, &pc,
		    err, sizeof(err));
		if (r == -1) {
			files_failed(s, err);
			return;
		}
		if (r == 1)
			files_piece(s, s->in.rdbuf, &pc);
		if (r == 1 && from_stdin && pc.final)
			input_end(s);
	}
	if (filesrc_on_stdin(&s->files) && s->in_held && s->in_wsi != NULL) {
		s->in_held = false;	/* "-": stdin is the file now */
		if (!s->in_paused)
			lws_rx_flow_control(s->in_wsi, 1);
	}
}

/* --send-file -: one read of stdin into the file's message. */
static int
files_stdin(struct session *s)
{
	struct filesrc_piece	 pc;
	char			 err[512];
	int			 r;

	r = filesrc_next(&s->files, s->in.rdbuf, PUMP_READ_CHUNK, &pc, err,
	    sizeof(err));
	if (r == -1) {
		files_failed(s, err);
		return -1;
	}
	if (r == 1)
		files_piece(s, s->in.rdbuf, &pc);
	if (r == 1 && pc.final) {
		/* stdin has ended: the files after it, then the close. */
		input_end(s);
		if (s->state == ST_OPEN && s->ws != NULL)
			lws_callback_on_writable(s->ws);
		return -1;
	}
	queued(s);
	return 0;
}

/*
 * lws closes stdin on POLLHUP (the writer has gone) while the files still
 * come first: keep a descriptor of our own, which no longer blocks, and
 * read it when its turn comes (quirk 8: nothing in the pipe is lost).
 */
void
files_hup(struct session *s)
{
	int	 fd = fcntl(s->in.fd, F_DUPFD_CLOEXEC, 3);

	if (s->files.fd == s->in.fd)
		s->files.fd = fd;
	s->files.stdin_fd = fd;
	s->in.fd = fd;
	s->in_hup = true;
	if (s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
}

/* End of input: flush the last record and start the end-of-input policy. */
void
input_end(struct session *s)
{
	if (s->input_eof)
		return;
	s->input_eof = true;
	if (pump_in_finish(&s->in) == -1)
		sess_set_status(s, WSC_EXIT_IO);
	msg_verbose(2, "stdin: end of input after %llu messages",
	    (unsigned long long)s->in.records);
	if (s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
}

/*
 * Sets last_rx_ms if a message arrived since: once per service pass, not
 * a clock read per message.
 */
void
stamp_rx(struct session *s)
{
	if (s->rx_unstamped) {
		s->rx_unstamped = false;
		s->last_rx_ms = now_ms();
	}
}

/*
 * Once input has ended and everything is sent, close after the peer has
 * been quiet for --wait seconds (lws drops data that arrives after our
 * Close, quirk 11, so the wait comes first).
 */
void
check_quiet(struct session *s)
{
	int64_t	 since, left;

	if (!s->input_eof || !pump_queue_empty(&s->q) ||
	    !filesrc_done(&s->files) ||
	    s->state != ST_OPEN || s->close_wanted ||
	    s->o->wait == OPTS_WAIT_INF || waitcond_active(&s->wc))
		return;
	if (s->sent_all_ms == 0)
		s->sent_all_ms = now_ms();
	if (s->o->wait == 0) {
		request_close(s, s->o->close_code, s->o->close_reason,
		    WSC_EXIT_OK, false);
		return;
	}
	stamp_rx(s);
	since = s->last_rx_ms > s->sent_all_ms ? s->last_rx_ms :
	    s->sent_all_ms;
	left = since + (int64_t)(s->o->wait * 1000) - now_ms();
	if (left <= 0) {
		msg_verbose(2, "peer quiet for %g s: closing", s->o->wait);
		request_close(s, s->o->close_code, s->o->close_reason,
		    WSC_EXIT_OK, false);
		return;
	}
	if (!s->quiet_armed) {
		s->quiet_armed = true;
		lws_sul_schedule(s->ctx, 0, &s->sul_quiet, quiet_expired,
		    left * LWS_US_PER_MS);
	}
}

static void
quiet_expired(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_quiet);

	s->quiet_armed = false;
	check_quiet(s);
}

/* Sends queued messages while the socket takes them, then the Close. */
int
on_writeable(struct session *s, struct lws *wsi)
{
	int	 r;

	if (s->own_rx && (r = own_rx_writeable(s, wsi)) != 1)
		return r;
	if (s->close_sent || s->state != ST_OPEN)
		return 0;
	if (!s->close_wanted && send_pings(s, wsi) == -1) {
		msg_err("ping: the connection failed");
		sess_set_status(s, WSC_EXIT_ABNORMAL);
		s->retryable = true;
		return -1;
	}
	if (lws_send_pipe_choked(wsi)) {
		lws_callback_on_writable(wsi);
		return 0;
	}
	if (!filesrc_done(&s->files))
		files_fill(s);
	if (s->close_wanted && (s->close_drop_queue || pump_queue_empty(&s->q))) {
		if (s->interactive)
			repl_status("closing: sending %d '%s'", s->close_code,
			    s->close_reason);
		msg_verbose(1, "close: sending %d '%s'", s->close_code,
		    s->close_reason);
		return send_close(s, wsi, s->close_code, s->close_reason);
	}
	if (pump_queue_write(&s->q, wsi) == -1) {
		msg_err("send: the connection failed");
		sess_set_status(s, WSC_EXIT_ABNORMAL);
		s->retryable = true;
		return -1;
	}
	if (s->in_paused && s->q.bytes < QUEUE_LOW && s->in_wsi != NULL) {
		lws_rx_flow_control(s->in_wsi, 1);
		s->in_paused = false;
	}
	if (!pump_queue_empty(&s->q) || s->close_wanted ||
	    (!filesrc_done(&s->files) && (!filesrc_on_stdin(&s->files) ||
	    s->in_hup)))
		lws_callback_on_writable(wsi);
	else
		check_quiet(s);
	return 0;
}

/* repl: whether a message may be queued now; if not, says why. */
static bool
repl_sendable(struct session *s)
{
	if (s->close_wanted || s->state > ST_OPEN) {
		msg_err("not sent: the connection is closing");
		return false;
	}
	if (!filesrc_done(&s->files)) {
		/* Its fragments must not be interleaved with a message. */
		msg_err("not sent: --send-file is still being sent");
		return false;
	}
	return true;
}

/*
 * repl: a typed line is input like a stdin line (-b, -j, --chat); with -j,
 * a JSON text cut short waits for the next line (multi-line paste).
 */
int
repl_line(void *ctx, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;
	char		 what[64];
	int		 r;

	if (!repl_sendable(s))
		return -1;
	snprintf(what, sizeof(what), "input line %llu",
	    (unsigned long long)++s->in.records);
	if (s->o->chat && output_chat() != NULL) {
		if ((r = chat_say(output_chat(), p, n, output_now_ms())) == 1)
			msg_err("%s: not sent: the chat server has sent no id "
			    "yet", what);
	} else if (output_json()) {
		if (s->json_more.len > 0 && buf_putc(&s->json_more, '\n') == -1)
			return -1;
		if (buf_append(&s->json_more, p, n) == -1)
			return -1;
		if (json_input_check(s->json_more.data, s->json_more.len, NULL,
		    0) == JSON_INPUT_INCOMPLETE)
			return 1;
		r = input_record(s, s->json_more.data, s->json_more.len, what);
		s->json_more.len = 0;
	} else
		r = input_record(s, p, n, what);
	if (r == 0 && s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
	return r == -1 ? -1 : 0;
}

/* repl: /json on|off. */
int
repl_json(void *ctx, bool on)
{
	(void)ctx;
	output_set_json(on);
	return 0;
}

/* repl: /nick NAME with --chat. */
int
repl_nick(void *ctx, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;
	int		 r;

	if (output_chat() == NULL) {
		msg_err("/nick: only in --chat mode");
		return -1;
	}
	r = chat_nick(output_chat(), p, n, output_now_ms());
	if (r == 0 && s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
	return r;
}

/* repl: a command's message (/binary, /send-file) into the send queue. */
int
repl_send(void *ctx, const unsigned char *p, size_t n, unsigned flags)
{
	struct session	*s = ctx;
	unsigned	 pf = 0;

	if (!repl_sendable(s))
		return -1;
	pf |= flags & REPL_BINARY ? PUMP_BINARY : 0;
	pf |= flags & REPL_FIRST ? PUMP_FIRST : 0;
	pf |= flags & REPL_FINAL ? PUMP_FINAL : 0;
	if (pump_queue_add(&s->q, p, n, pf) == -1)
		return -1;
	if (s->state == ST_OPEN && s->ws != NULL)
		lws_callback_on_writable(s->ws);
	return 0;
}

/* repl: /close and /quit (the reason was validated by replcmd). */
int
repl_close_cb(void *ctx, int code, const char *reason)
{
	struct session	*s = ctx;

	if (s->close_wanted) {
		msg_err("close: already closing");
		return -1;
	}
	snprintf(s->close_reason_buf, sizeof(s->close_reason_buf), "%s",
	    reason);
	if (s->state == ST_CONNECTING) {
		/* Like the lines before it: sent once open, after them. */
		s->close_wanted = true;
		s->close_code = code;
		s->close_reason = s->close_reason_buf;
		return 0;
	}
	request_close(s, code, s->close_reason_buf, WSC_EXIT_OK, false);
	return 0;
}

/* repl: /ping; the round trip is printed when the pong comes. */
int
repl_ping(void *ctx, const unsigned char *p, size_t n)
{
	struct session	*s = ctx;

	if (s->state != ST_OPEN || s->close_wanted) {
		msg_err("ping: the connection is not open");
		return -1;
	}
	if (n > PINGTRACK_PAYLOAD)
		n = PINGTRACK_PAYLOAD;
	if (session_ping(s, p, n) == -1) {
		msg_err("ping: too many pings waiting to be sent");
		return -1;
	}
	return 0;
}
