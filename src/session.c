/*
 * One client session on libwebsockets 4.1: the context, the protocol
 * callback, states, the Close we send, and the classification of the end.
 * The callback hands its work to input.c (stdin, --send-file and typed
 * lines into the send queue, and the queue out), rx.c (the receive side)
 * and conn.c (connection attempts, reconnects, timeouts and pings).
 * The lws quirks worked around here are numbered as in
 * shared/lws-notes.md (Q12).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "deflate.h"
#include "diag.h"
#include "hsread.h"
#include "msg.h"
#include "output.h"
#include "repl.h"
#include "session_int.h"
#include "sig.h"
#include "term.h"
#include "tls.h"
#include "wsclose.h"

static const char *const state_name[] = {
	"CONNECTING", "OPEN", "CLOSING", "CLOSED"
};
const char *const state_prompt[] = {
	"connecting", "open", "closing", "closed"
};

char				 sess_lws_err[256];
static session_event_fn		 event_fn;
static void			*event_ctx;

static int	 callback(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);
static void	 close_expired(lws_sorted_usec_list_t *);
static void	 on_closed(struct session *, struct lws *);
static void	 lws_log(int, const char *);
static void	 on_open(struct session *, struct lws *);
static void	 summary(struct session *, enum wsc_exit);
static void	 error_event(struct session *);
static bool	 is_conn_reason(enum lws_callback_reasons);

static const struct lws_protocols protocols[] = {
	{ "wsc", callback, 0, RX_BUF_SIZE, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* The monotonic clock in milliseconds. */
int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first cause of the end decides the exit status. */
void
sess_set_status(struct session *s, enum wsc_exit st)
{
	/* Local failures end the session: no reconnect forgets them. */
	if (st == WSC_EXIT_IO || st == WSC_EXIT_USAGE ||
	    st == WSC_EXIT_FAILURE)
		s->stop_all = true;
	if (s->status_set)
		return;
	s->status_set = true;
	s->status = st;
}

/* Moves to state st, said at -v and in the REPL prompt. */
void
set_state(struct session *s, enum state st)
{
	if (s->state == st)
		return;
	s->state = st;
	msg_verbose(1, "state: %s", state_name[st]);
	if (s->interactive)
		repl_set_state(state_prompt[st]);
}

/* Ends the service loop, which may be about to sleep in poll() (quirk 10). */
void
sess_finish(struct session *s)
{
	s->done = true;
	lws_cancel_service(s->ctx);
}

/*
 * Asks for a Close with code and reason (sent from WRITEABLE once the queue
 * is empty, or at once when drop is set).  A non-OK status is recorded now.
 */
void
request_close(struct session *s, int code, const char *reason,
    enum wsc_exit st, bool drop)
{
	s->stop_all = true;	/* our decision: never reconnected */
	if (st != WSC_EXIT_OK || drop)
		sess_set_status(s, st);
	if (drop)
		s->close_drop_queue = true;
	if (s->state == ST_CONNECTING || s->state == ST_CLOSED) {
		sess_set_status(s, st);
		sess_finish(s);
		return;
	}
	if (s->close_wanted)
		goto kick;
	s->close_wanted = true;
	s->close_code = code;
	s->close_reason = reason;
kick:
	if (s->ws != NULL && !s->close_sent)
		lws_callback_on_writable(s->ws);
}

static void
close_expired(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_close);

	if (s->done)
		return;
	if (!s->status_set)
		msg_err("close: no Close from the peer within %g s",
		    s->o->close_timeout);
	sess_set_status(s, WSC_EXIT_TIMEOUT);
	sess_finish(s);
}

/*
 * Sends our Close (code, reason) and bounds the wait for the peer's with
 * --close-timeout.  Through lws, it returns the -1 that makes lws send it:
 * from a callback of wsi, once only (quirk 12); on our own receive path,
 * the frame is written here and 0 returned (-1 if that failed).
 */
int
send_close(struct session *s, struct lws *wsi, int code, const char *reason)
{
	unsigned char	 f[WSCLOSE_PAYLOAD_MAX];

	s->close_sent = true;
	s->close_wanted = true;
	set_state(s, ST_CLOSING);
	lws_sul_schedule(s->ctx, 0, &s->sul_close, close_expired,
	    (lws_usec_t)(s->o->close_timeout * LWS_USEC_PER_SEC));
	if (!s->own_rx) {
		lws_close_reason(wsi, (enum lws_close_status)code,
		    (unsigned char *)(uintptr_t)reason, strlen(reason));
		return -1;
	}
	/* Ours is written raw; the peer's answer ends the connection. */
	if (pump_control(&s->q, wsi, 0x8, f,
	    wsclose_payload(f, (unsigned)code, reason)) == -1)
		return -1;
	/* A broken stream is not read further: the connection ends. */
	return s->wr.error != NULL ? -1 : 0;
}

/* The established connection is gone: classify how. */
static void
on_closed(struct session *s, struct lws *wsi)
{
	const char	*reason = s->peer_reason.data ?
			    (const char *)s->peer_reason.data : "";

	set_state(s, ST_CLOSED);
	s->ws = NULL;
	if (s->peer_closed)
		report_close(s, true, true, s->peer_code, reason);
	else if (s->close_sent)
		report_close(s, true, false, s->close_code, s->close_reason);
	else
		report_close(s, false, false, 1006, "");
	if (s->status_set) {
		/* The cause was recorded when we started the close. */
	} else if (s->peer_closed) {
		if ((s->peer_code == 1000 || s->peer_code == 1001 ||
		    s->peer_code == 1005) && wait_unmet(s)) {
			sess_set_status(s, WSC_EXIT_UNMET);
			s->retryable = true;
		} else if (s->peer_code == 1000 || s->peer_code == 1001 ||
		    s->peer_code == 1005) {
			sess_set_status(s, WSC_EXIT_OK);
			/* With input still to come, a reconnect goes on. */
			s->retryable = !s->input_eof ||
			    !pump_queue_empty(&s->q);
		} else {
			msg_err("peer closed the connection: %d '%s'%s",
			    s->peer_code, reason, s->peer_code == 1002 ?
			    " (or sent a close code not allowed on the wire)" :
			    "");
			sess_set_status(s, WSC_EXIT_ABNORMAL);
			s->retryable = true;
		}
	} else if (s->close_sent) {
		sess_set_status(s, WSC_EXIT_OK);
	} else if (!s->own_rx && pump_fail_malformed(wsi, true)) {
		msg_err("the peer broke the protocol (a malformed or "
		    "unexpected frame): closing with 1002");
		sess_set_status(s, WSC_EXIT_PROTOCOL);
	} else {
		msg_err("connection dropped without a Close frame (1006)");
		sess_set_status(s, WSC_EXIT_ABNORMAL);
		s->retryable = true;
	}
	conn_end(s);
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct session	*s;
	bool		 handled;
	int		 signo, rv;

	rv = tls_callback((int)reason, user, in, len, &handled);
	if (handled)
		return rv;
	rv = deflate_callback((int)reason, user, in, len, &handled);
	if (handled)
		return rv;
	if (wsi == NULL ||
	    (s = lws_context_user(lws_get_context(wsi))) == NULL)
		return 0;
	/* A connection we gave up on (a timeout) may still call back. */
	if (is_conn_reason(reason) &&
	    lws_get_opaque_user_data(wsi) != (void *)(uintptr_t)s->gen)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		s->t_req_us = lws_now_usecs();
		/*
		 * Not over TLS with --deflate: lws's parser will run, and the
		 * frames the limit leaves inside OpenSSL would wait unseen.
		 */
		if (!(s->o->deflate && lws_is_ssl(wsi)))
			hsread_arm(lws_get_socket_fd(wsi));
		diag_connected(wsi, s->u->tls, s->t_conn_us);
		diag_request(s->o, s->u, s->ci.host, s->ci.protocol);
		return append_headers(s, in, len);
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
		on_http_response(s, wsi);
		diag_response(wsi, s->http_status, s->o->show_secrets);
		if (s->t_req_us != 0)
			msg_verbose(1, "upgrade: response in %.1f ms",
			    (double)(lws_now_usecs() - s->t_req_us) / 1000.0);
		break;
	case LWS_CALLBACK_CLIENT_HTTP_REDIRECT:
		/* Only with -L: lws follows, we count and show (quirk 17). */
		(void)hsread_disarm();	/* its next socket is another */
		s->location.len = 0;
		if (in != NULL && term_escape(&s->location, in,
		    strlen(in)) == 0)
			(void)buf_putc(&s->location, '\0');
		if (++s->redirects > s->o->max_redirs) {
			msg_err("upgrade rejected: HTTP %d: more than %d "
			    "redirect%s (--max-redirs), the last to %s",
			    (int)len, s->o->max_redirs, s->o->max_redirs == 1 ?
			    "" : "s", s->location.len ? (char *)s->location.data :
			    "(no Location)");
			sess_set_status(s, WSC_EXIT_UPGRADE);
			return 1;
		}
		msg_verbose(1, "redirect: HTTP %d to %s", (int)len,
		    s->location.len ? (char *)s->location.data : "?");
		s->request_sent = false;
		s->http_status = 0;
		break;
	case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
		/* The header table is gone by ESTABLISHED (quirk 14). */
		if (lws_hdr_copy(wsi, s->protocol, sizeof(s->protocol),
		    WSI_TOKEN_PROTOCOL) < 0)
			s->protocol[0] = '\0';
		if (lws_hdr_copy(wsi, s->extensions, sizeof(s->extensions),
		    WSI_TOKEN_EXTENSIONS) < 0)
			s->extensions[0] = '\0';
		break;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		/* INFO was only wanted for TLS errors while connecting. */
		lws_set_log_level(s->log_level, lws_log);
		tls_report();
		own_rx_start(s, wsi);
		on_open(s, wsi);
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		s->ws = NULL;
		on_connect_error(s, in);
		break;
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
		/*
		 * lws's own handshake timeout ends here (quirk 3); ours
		 * (--connect-timeout) normally fires first.
		 */
		if (!s->done && s->state == ST_CONNECTING) {
			s->ws = NULL;
			msg_err("upgrade: no response from %s port %d within "
			    "%u s", s->u->host, s->u->port, s->lws_timeout);
			sess_set_status(s, WSC_EXIT_TIMEOUT);
			s->retryable = true;
			set_state(s, ST_CLOSED);
			conn_end(s);
		}
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return on_receive(s, wsi, in, len);
	case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
		on_pong(s, in, len);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(s, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		return on_peer_close(s, wsi, in, len);
	case LWS_CALLBACK_CLIENT_CLOSED:
		/* lws closes first on a reset: what came before still counts. */
		if (s->own_rx) {
			s->ws = NULL;
			own_rx_drain(s);
		}
		on_closed(s, wsi);
		break;
	case LWS_CALLBACK_RAW_RX_FILE:
		if (wsi == s->in_wsi)
			return read_stdin(s);
		if (wsi == s->rx_wsi)
			return own_rx_read(s);
		if (wsi == s->sig_wsi) {
			signo = sig_take(lws_get_socket_fd(wsi));
			if (sig_take_winch() && s->interactive)
				repl_resize();
			if (sig_take_cont() && s->interactive)
				repl_resume();
			if (signo != 0 && signo != s->signo && !s->done) {
				s->signo = signo;
				msg_verbose(1, "signal %d: closing", signo);
				if (s->interactive)
					repl_status("interrupted: closing (again "
					    "to exit at once)");
				request_close(s, 1000, "", signo == SIGINT ?
				    WSC_EXIT_SIGINT : WSC_EXIT_SIGTERM, true);
			}
		} else
			return -1;	/* a duplicate socket dropped */
		break;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		if (wsi == s->in_wsi) {
			s->in_wsi = NULL;
			if (!s->input_eof && !s->stopping &&
			    !filesrc_done(&s->files)) {
				files_hup(s);
				break;
			}
			if (!s->input_eof && !s->stopping) {
				if (s->interactive)
					repl_hangup();
				else
					drain_stdin(s);
				input_end(s);
			}
			s->in.fd = -1;	/* lws closed it */
		} else if (wsi == s->sig_wsi)
			s->sig_wsi = NULL;
		else if (wsi == s->rx_wsi)
			s->rx_wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

/* lws's own log: kept for error messages, shown at -vv. */
static void
lws_log(int level, const char *line)
{
	size_t	 n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (level & (LLL_ERR | LLL_WARN))
		snprintf(sess_lws_err, sizeof(sess_lws_err), "%.*s", (int)n,
		    line);
	if (level & (LLL_ERR | LLL_WARN | LLL_INFO))
		tls_note_log(line, n);
	if (msg_verbosity() >= 2 && (msg_verbosity() >= 3 ||
	    !(level & LLL_INFO)))
		msg_err("lws: %.*s", (int)n, line);
}

/* Adopts fd into the loop as a raw file (lws makes it non-blocking). */
struct lws *
adopt_fd(struct lws_vhost *vh, int fd)
{
	lws_sock_file_fd_type	 u;

	u.filefd = fd;
	return lws_adopt_descriptor_vhost(vh, LWS_ADOPT_RAW_FILE_DESC, u,
	    "wsc", NULL);
}

/* Reasons that belong to the client connection (tagged with its gen). */
static bool
is_conn_reason(enum lws_callback_reasons r)
{
	switch (r) {
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
	case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
	case LWS_CALLBACK_CLIENT_RECEIVE:
	case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
	case LWS_CALLBACK_CLIENT_WRITEABLE:
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
	case LWS_CALLBACK_CLIENT_CLOSED:
		return true;
	default:
		return false;
	}
}

void
session_on_event(session_event_fn fn, void *ctx)
{
	event_fn = fn;
	event_ctx = ctx;
}

/* Hands an event to the registered front end, if any. */
void
sess_event(struct session *s, struct session_event *ev)
{
	ev->s = s;
	if (event_fn != NULL)
		event_fn(event_ctx, ev);
}

/* Schedules sul to call cb in sec seconds. */
void
sess_schedule(struct session *s, lws_sorted_usec_list_t *sul, sul_cb_t cb,
    double sec)
{
	lws_sul_schedule(s->ctx, 0, sul, cb,
	    (lws_usec_t)(sec * LWS_USEC_PER_SEC) + 1);
}

/* Cancels the timer sul (a no-op when it is not armed). */
void
sess_cancel(lws_sorted_usec_list_t *sul)
{
	lws_sul_cancel(sul);
}

/* The connection opened: report it, start pings, send what is queued. */
static void
on_open(struct session *s, struct lws *wsi)
{
	struct session_event	 ev;

	sess_cancel(&s->sul_connect);
	sess_cancel(&s->sul_retry);
	set_state(s, ST_OPEN);
	s->was_open = true;
	msg_verbose(1, "open: in %.1f ms", (double)(lws_now_usecs() -
	    s->t_conn_us) / 1000.0);
	msg_verbose(1, "protocol: %s", s->protocol[0] ? s->protocol :
	    "(none)");
	msg_verbose(1, "extensions: %s", s->extensions[0] ? s->extensions :
	    "(none)");
	if (s->interactive)
		repl_status("connected to %s (protocol: %s, extensions: %s); "
		    "/help for commands", s->o->url, s->protocol[0] ?
		    s->protocol : "none", s->extensions[0] ? s->extensions :
		    "none");
	memset(&ev, 0, sizeof(ev));
	ev.kind = SESSION_EV_OPEN;
	ev.protocol = s->protocol;
	ev.extensions = s->extensions;
	sess_event(s, &ev);
	output_event_open(s->protocol, s->extensions);
	if (s->o->ping_interval > 0)
		sess_schedule(s, &s->sul_ping, ping_tick, s->o->ping_interval);
	/* Frames are built here unless an extension reshapes them. */
	s->q.frames = s->extensions[0] == '\0';
	s->q.masked = true;
	if (s->close_wanted || !pump_queue_empty(&s->q) ||
	    !filesrc_done(&s->files))
		lws_callback_on_writable(wsi);
	check_quiet(s);
}

/* At -v and to the front end: how the connection closed, and who closed. */
void
report_close(struct session *s, bool clean, bool by_peer, int code,
    const char *reason)
{
	struct session_event	 ev;

	if (!clean)
		msg_verbose(1, "closed: the connection dropped (1006)");
	else
		msg_verbose(1, "closed: by %s, code %d '%s'", by_peer ?
		    "the peer" : "us", code, reason);
	memset(&ev, 0, sizeof(ev));
	ev.kind = SESSION_EV_CLOSE;
	ev.code = code;
	ev.reason = reason;
	ev.clean = clean;
	ev.by_peer = by_peer;
	sess_event(s, &ev);
	output_event_close(code, reason, clean, !clean ? "none" : by_peer ?
	    "server" : "client");
}

/* A failed session's error for the front end (before stdout's last flush). */
static void
error_event(struct session *s)
{
	struct session_event	 ev;

	if (!s->status_set || s->status == WSC_EXIT_OK ||
	    msg_last_error()[0] == '\0')
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = SESSION_EV_ERROR;
	ev.error = msg_last_error();
	ev.status = s->status;
	sess_event(s, &ev);
	output_event_error(msg_last_error());
}

/* At -v, the last line: what went each way, for how long, the status. */
static void
summary(struct session *s, enum wsc_exit st)
{

	msg_verbose(1, "done: exit %d after %.3f s; sent %llu messages (%llu "
	    "bytes), received %llu (%llu bytes)%s", (int)st,
	    (double)(lws_now_usecs() - s->t_run_us) / 1e6,
	    (unsigned long long)s->q.sent_msgs,
	    (unsigned long long)s->q.sent_bytes,
	    (unsigned long long)s->msgs_in, (unsigned long long)s->bytes_in,
	    s->attempts > 0 ? "; reconnected" : "");
}

enum wsc_exit
session_run(const struct wsc_opts *o, const struct url *u)
{
	struct lws_context_creation_info	 info;
	struct lws_client_connect_info		 ci;
	struct session				*s;
	struct lws_vhost			*vh;
	lws_retry_bo_t				 retry;
	char					 hosthdr[300];
	int					 hlen;
	char					 protolist[1024];
	char					 errbuf[256];
	enum wsc_exit				 st;
	size_t					 i, off;
	int					 sigfd;

	if (tls_check_files(o) == -1)
		return WSC_EXIT_USAGE;
	/* lws builds the Host line in 128 bytes (quirk 16) */
	if ((hlen = url_host_header(u, hosthdr, sizeof(hosthdr))) == -1 ||
	    hlen > SESSION_HOST_MAX) {
		msg_err("URL: host '%.40s...' is too long: the Host header "
		    "carries at most %d bytes", u->host, SESSION_HOST_MAX);
		return WSC_EXIT_USAGE;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		msg_err("start: %s", strerror(errno));
		return WSC_EXIT_FAILURE;
	}
	s->o = o;
	s->u = u;
	s->gen = 1;
	s->t_run_us = lws_now_usecs();
	if ((st = route_prepare(&s->route, o, u)) != WSC_EXIT_OK) {
		route_free(&s->route);
		free(s);
		return st;
	}
	if (!s->route.via_unix && !s->route.via_proxy)
		diag_resolved(u->host, s->route.addrs);
	if (pump_in_init(&s->in, -1, o->binary, o->nul, o->max_message,
	    on_record, s) == -1) {
		pump_in_free(&s->in);
		free(s);
		return WSC_EXIT_FAILURE;
	}
	pump_out_init(&s->po, o->nul);
	filesrc_init(&s->files, o->send_files, o->nsend_files, o->binary, -1);
	s->po.binout = o->binary_output;
	if (waitcond_init(&s->wc, o->count, o->until, errbuf,
	    sizeof(errbuf)) == -1) {
		msg_err("--until: %s", errbuf);
		pump_in_free(&s->in);
		free(s);
		return WSC_EXIT_USAGE;
	}
	if (o->raw_output)
		s->po.tty = false;
	if (output_init(o, &s->po, chat_send, s) == -1) {
		st = WSC_EXIT_FAILURE;
		goto out;
	}
	s->interactive = o->interactive == OPTS_YES ||
	    (o->interactive == OPTS_AUTO && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO));
	for (i = 0; s->interactive && i < o->nsend_files; i++)
		if (strcmp(o->send_files[i], "-") == 0) {
			msg_err("--send-file -: stdin is the terminal in "
			    "interactive mode (use -I)");
			st = WSC_EXIT_USAGE;
			goto out;
		}
	for (i = 0; i < o->nsends; i++) {
		char what[64];

		snprintf(what, sizeof(what), "--send message %zu", i + 1);
		if (input_record(s, (unsigned char *)o->sends[i],
		    strlen(o->sends[i]), what) == -1) {
			st = WSC_EXIT_FAILURE;
			goto out;
		}
	}

	s->log_level = LLL_ERR | LLL_WARN;
	if (msg_verbosity() >= 2)
		s->log_level |= LLL_NOTICE;
	if (msg_verbosity() >= 3)
		s->log_level |= LLL_INFO | LLL_CLIENT;
	/* OpenSSL's error reasons come at INFO (Q5): kept until open. */
	lws_set_log_level(s->log_level | (u->tls || o->location ? LLL_INFO :
	    0), lws_log);
	/* lws would use http_proxy by itself and ignore no_proxy (quirk 18). */
	unsetenv("http_proxy");

	/*
	 * lws's 300/310 s keepalive is replaced by ours (--ping-interval,
	 * quirk 19): its validity timer is pushed out of reach.
	 */
	memset(&retry, 0, sizeof(retry));
	retry.secs_since_valid_ping = 65534;
	retry.secs_since_valid_hangup = 65535;

	/* Our --connect-timeout fires first; lws's own ones back it up. */
	s->lws_timeout = o->connect_timeout > 0 ?
	    (unsigned)o->connect_timeout + 5 : FOREVER_S;

	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_JUST_USE_RAW_ORIGIN;
	/* ws:// loads no CA store, unless -L may lead to wss:// */
	if (u->tls || o->location)
		tls_context_setup(&info, o);
	if (o->deflate)
		info.extensions = deflate_extensions();
	info.http_proxy_address = route_proxy_address(&s->route);
	info.fd_limit_per_thread = 16;
	info.pt_serv_buf_size = 65536;	/* one 64 KiB read per wakeup */
	info.timeout_secs = s->lws_timeout;
	info.connect_timeout_secs = s->lws_timeout;
	info.retry_and_idle_policy = &retry;
	info.user = s;
	if ((s->ctx = lws_create_context(&info)) == NULL) {
		msg_err("start: cannot create the libwebsockets context%s%s",
		    sess_lws_err[0] ? ": " : "", sess_lws_err);
		st = WSC_EXIT_FAILURE;
		goto out;
	}
	vh = lws_get_vhost_by_name(s->ctx, "default");

	/* Signals wake the loop through a self-pipe adopted like stdin. */
	if ((sigfd = sig_open()) != -1 &&
	    (s->sig_wsi = adopt_fd(vh, sigfd)) != NULL)
		sig_arm();

	/*
	 * stdin is adopted as a dup, since lws closes what it adopts, and
	 * made blocking again: on a terminal its file description is shared
	 * with stdout (quirk 7).  The flags are restored at exit.
	 */
	s->stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
	sig_restore_stdin(s->stdin_flags);
	if ((s->in.fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (s->in_wsi = adopt_fd(vh, s->in.fd)) == NULL) {
		msg_err("stdin: cannot read it: %s", s->in.fd == -1 ?
		    strerror(errno) : "not pollable");
		s->in.fd = -1;
		st = WSC_EXIT_IO;
		goto out;
	}
	if (s->stdin_flags != -1)
		(void)fcntl(s->in.fd, F_SETFL, s->stdin_flags & ~O_NONBLOCK);
	s->files.stdin_fd = s->in.fd;
	if (!filesrc_done(&s->files)) {
		/* stdin lines come after the files (or "-" is one of them). */
		lws_rx_flow_control(s->in_wsi, 0);
		s->in_held = true;
	}
	if (s->interactive) {
		struct repl_ops ops = { s, repl_line, repl_send,
		    repl_close_cb, repl_ping, repl_json,
		    o->chat ? repl_nick : NULL };

		if (repl_open(o, s->in.fd, &ops) == -1) {
			st = WSC_EXIT_FAILURE;
			goto out;
		}
		repl_set_state(state_prompt[s->state]);
		sig_arm_winch();
	}

	off = 0;
	protolist[0] = '\0';
	for (i = 0; i < o->nprotocols; i++) {
		int n = snprintf(protolist + off, sizeof(protolist) - off,
		    "%s%s", i ? ", " : "", o->protocols[i]);
		if (n < 0 || (size_t)n >= sizeof(protolist) - off) {
			msg_err("subprotocols: the list is too long");
			st = WSC_EXIT_USAGE;
			goto out;
		}
		off += (size_t)n;
	}

	memset(&ci, 0, sizeof(ci));
	ci.context = s->ctx;
	ci.address = route_address(&s->route);
	ci.port = u->port;
	ci.path = u->path;
	ci.host = hosthdr;
	ci.origin = o->origin;
	ci.protocol = o->nprotocols ? protolist : NULL;
	ci.local_protocol_name = "wsc";
	ci.ssl_connection = o->location ? 0 : LCCSCF_HTTP_NO_FOLLOW_REDIRECT;
	if (u->tls)
		ci.ssl_connection |= tls_connect_flags(o);
	ci.retry_and_idle_policy = &retry;
	s->ci = ci;
	if (o->timeout > 0)
		sess_schedule(s, &s->sul_session, session_expired, o->timeout);
	connect_start(s);

	while (!s->done) {
		if (lws_service(s->ctx, 0) < 0)
			break;
		stamp_rx(s);
		if (!s->out_closed && outbuf_flush(&s->po.out) == -1)
			out_failed(s);
		if (s->interactive)
			repl_flush();
	}
	error_event(s);
	repl_close();
	if (!s->out_closed && outbuf_flush(&s->po.out) == -1 &&
	    errno != EPIPE) {
		msg_err("stdout: %s", strerror(errno));
		sess_set_status(s, WSC_EXIT_IO);
	}
	if (!s->status_set) {
		msg_err("session ended unexpectedly");
		sess_set_status(s, WSC_EXIT_FAILURE);
	}
	st = s->status;
	/* -j refused input: said at the time (typed lines: just retyped). */
	if (st == WSC_EXIT_OK && output_refused() > 0 && !s->interactive)
		st = WSC_EXIT_IO;
	if (s->q.msgs > 0 && st != WSC_EXIT_OK)
		msg_warn("%zu message%s (%zu bytes) not sent", s->q.msgs,
		    s->q.msgs == 1 ? "" : "s", s->q.bytes);
	summary(s, st);
out:
	repl_close();
	s->stopping = true;
	if (s->ctx != NULL)
		lws_context_destroy(s->ctx);
	if (s->in.fd != -1)
		close(s->in.fd);
	if (s->stdin_flags != -1)
		(void)fcntl(STDIN_FILENO, F_SETFL, s->stdin_flags);
	sig_close();	/* the read end was lws's to close */
	output_free();
	pump_queue_clear(&s->q);
	pump_in_free(&s->in);
	outbuf_free(&s->po.out);
	buf_free(&s->rx.msg);
	buf_free(&s->peer_reason);
	buf_free(&s->json_more);
	filesrc_free(&s->files);
	waitcond_free(&s->wc);
	buf_free(&s->location);
	route_free(&s->route);
	free(s);
	return st;
}
