/*
 * One client session on libwebsockets 4.1: the context, the protocol
 * callback, states, the Close we send, and the classification of the end.
 * The callback hands its work to input.c (stdin, --send-file and typed
 * lines into the send queue, and the queue out) and rx.c (the receive
 * side).
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "backoff.h"
#include "deflate.h"
#include "diag.h"
#include "hsread.h"
#include "msg.h"
#include "output.h"
#include "repl.h"
#include "request.h"
#include "session_int.h"
#include "sig.h"
#include "term.h"
#include "tls.h"

static const char *const state_name[] = {
	"CONNECTING", "OPEN", "CLOSING", "CLOSED"
};
static const char *const state_prompt[] = {
	"connecting", "open", "closing", "closed"
};

static char			 lws_last_err[256];
static session_event_fn		 event_fn;
static void			*event_ctx;

static int	 callback(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);
static void	 finish(struct session *);
static void	 close_expired(lws_sorted_usec_list_t *);
static int	 append_headers(struct session *, char **, size_t);
static void	 on_connect_error(struct session *, const char *);
static void	 on_closed(struct session *, struct lws *);
static void	 lws_log(int, const char *);
static void	 retry_connect(lws_sorted_usec_list_t *);
static bool	 try_next_address(struct session *, const char *);
static void	 on_http_response(struct session *, struct lws *);
static void	 cancel(lws_sorted_usec_list_t *);
static void	 event(struct session *, struct session_event *);
static void	 schedule(struct session *, lws_sorted_usec_list_t *,
		    sul_cb_t, double);
static void	 connect_start(struct session *);
static void	 conn_end(struct session *);
static void	 conn_reset(struct session *);
static void	 abandon(struct session *);
static void	 requeue_sends(struct session *);
static void	 connect_expired(lws_sorted_usec_list_t *);
static void	 session_expired(lws_sorted_usec_list_t *);
static void	 ping_tick(lws_sorted_usec_list_t *);
static void	 ping_expired(lws_sorted_usec_list_t *);
static void	 reconnect_now(lws_sorted_usec_list_t *);
static void	 arm_ping_timeout(struct session *);
static void	 on_open(struct session *, struct lws *);
static void	 report_close(struct session *, bool, bool, int,
		    const char *);
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
set_status(struct session *s, enum wsc_exit st)
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
static void
finish(struct session *s)
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
		set_status(s, st);
	if (drop)
		s->close_drop_queue = true;
	if (s->state == ST_CONNECTING || s->state == ST_CLOSED) {
		set_status(s, st);
		finish(s);
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
	set_status(s, WSC_EXIT_TIMEOUT);
	finish(s);
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
	unsigned char	 f[WSRX_CONTROL_MAX];
	size_t		 n = strlen(reason);

	s->close_sent = true;
	s->close_wanted = true;
	set_state(s, ST_CLOSING);
	lws_sul_schedule(s->ctx, 0, &s->sul_close, close_expired,
	    (lws_usec_t)(s->o->close_timeout * LWS_USEC_PER_SEC));
	if (!s->own_rx) {
		lws_close_reason(wsi, (enum lws_close_status)code,
		    (unsigned char *)(uintptr_t)reason, n);
		return -1;
	}
	/* Ours is written raw; the peer's answer ends the connection. */
	if (n > sizeof(f) - 2)
		n = sizeof(f) - 2;
	f[0] = (unsigned char)(code >> 8);
	f[1] = (unsigned char)code;
	memcpy(f + 2, reason, n);
	if (pump_control(&s->q, wsi, 0x8, f, n + 2) == -1)
		return -1;
	/* A broken stream is not read further: the connection ends. */
	return s->wr.error != NULL ? -1 : 0;
}

/* Adds -H headers, Basic auth and User-Agent to the upgrade request. */
static int
append_headers(struct session *s, char **pp, size_t room)
{
	char	*start = *pp;

	s->request_sent = true;
	if (request_append_headers(s->o, s->u, pp, room) == -1) {
		set_status(s, WSC_EXIT_USAGE);
		return -1;
	}
	diag_request_lines(start, (size_t)(*pp - start), s->o->show_secrets);
	return 0;
}

/*
 * After a failed TCP connect, moves on to the server's next address (in a
 * moment: not from inside lws's callback).  False when none is left.
 */
static bool
try_next_address(struct session *s, const char *why)
{
	char	 where[160];

	if (s->request_sent || s->http_status != 0 || s->status_set ||
	    (s->u->tls && tls_failure() != NULL))
		return false;
	route_describe(&s->route, where, sizeof(where));
	if (!route_next(&s->route))
		return false;
	msg_verbose(1, "connect to %s: %s: trying the next address", where,
	    strcmp(why, "Unable to connect") == 0 ?
	    "connection refused or unreachable" : why);
	lws_sul_schedule(s->ctx, 0, &s->sul_retry, retry_connect, 1);
	return true;
}

/* Connects again, to the route's current address. */
static void
retry_connect(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_retry);
	char		 where[160];

	tls_reset();
	s->ci.address = route_address(&s->route);
	route_describe(&s->route, where, sizeof(where));
	msg_verbose(1, "state: CONNECTING to %s", where);
	s->t_conn_us = lws_now_usecs();
	s->ci.opaque_user_data = (void *)(uintptr_t)s->gen;
	s->ws = lws_client_connect_via_info(&s->ci);
	if (s->ws == NULL && !s->done)
		on_connect_error(s, lws_last_err[0] ? lws_last_err : "failed");
}

/* The connection never opened: say why and choose the status. */
static void
on_connect_error(struct session *s, const char *why)
{
	const char	*tls_why, *loc;
	char		 where[160];

	if (why == NULL || *why == '\0')
		why = lws_last_err[0] ? lws_last_err : "unknown error";
	if (try_next_address(s, why))
		return;
	loc = s->location.len > 0 ? (const char *)s->location.data : NULL;
	if (s->redirects > 0 && loc != NULL)
		snprintf(where, sizeof(where), "%s (redirected)", loc);
	else
		route_describe(&s->route, where, sizeof(where));
	/* TLS is only ever set up for wss, or with -L for a redirect */
	tls_why = tls_failure();
	if (s->status_set) {
		/* We aborted it ourselves (e.g. headers too large). */
	} else if (tls_why != NULL && s->http_status == 0) {
		msg_err("TLS with %s: %s%s", where, tls_why,
		    s->o->cert == NULL && s->request_sent ? " (does the "
		    "server require a client certificate? see --cert)" : "");
		set_status(s, WSC_EXIT_TLS);
	} else if (s->route.via_proxy && strstr(why, "proxy") != NULL) {
		if (strstr(why, "not h1") != NULL)
			msg_err("proxy %s port %d refused to connect to %s port "
			    "%d (its answer to CONNECT was not 200; %s)",
			    s->route.proxy.host, s->route.proxy.port,
			    s->u->host, s->u->port, s->route.proxy.user == NULL ?
			    "authentication required? give USER:PASS@ in the "
			    "proxy URL" : "authentication refused?");
		else
			msg_err("proxy %s port %d: %s", s->route.proxy.host,
			    s->route.proxy.port, why);
		set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	} else if (s->http_status >= 300 && s->http_status < 400) {
		msg_err("upgrade rejected: HTTP %d: redirected to %s (use -L "
		    "to follow)", s->http_status, loc ? loc : "(no Location)");
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (s->http_status != 0 && s->http_status != 101) {
		msg_err("upgrade rejected: HTTP %d", s->http_status);
		set_status(s, WSC_EXIT_UPGRADE);
		s->retryable = s->http_status >= 500;
	} else if (strstr(why, "Accept hash") != NULL) {
		msg_err("upgrade rejected: wrong Sec-WebSocket-Accept from "
		    "the server");
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "PROTOCOL malformed") != NULL) {
		msg_err("upgrade rejected: the server chose a subprotocol "
		    "that was not offered");
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "EXT") != NULL) {
		msg_err("upgrade rejected: the server chose an extension "
		    "that was not offered (%s)", why);
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Redirect failed") != NULL &&
	    s->redirects >= OPTS_MAX_REDIRS) {
		msg_err("upgrade rejected: more than %d redirects (the most "
		    "libwebsockets follows), the last to %s", OPTS_MAX_REDIRS,
		    loc ? loc : "(no Location)");
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Redirect") != NULL) {
		msg_err("upgrade rejected: %s (redirected to %s)",
		    why + (strncmp(why, "HS: ", 4) == 0 ? 4 : 0),
		    loc ? loc : "?");
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strncmp(why, "HS: ", 4) == 0) {
		msg_err("upgrade rejected: %s", why + 4);
		set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Timed out") != NULL ||
	    strstr(why, "timed out") != NULL) {
		msg_err("connect to %s: %s", where, why);
		set_status(s, WSC_EXIT_TIMEOUT);
		s->retryable = true;
	} else if (strstr(why, "SSL") != NULL || strstr(why, "ssl") != NULL) {
		msg_err("TLS with %s: %s", where, why);
		set_status(s, WSC_EXIT_TLS);
	} else if (s->request_sent) {
		msg_err("upgrade failed: %s: %s%s", where,
		    strcmp(why, "read failed") == 0 ?
		    "the server hung up without answering" : why,
		    s->u->tls && s->o->cert == NULL ? " (does it require a "
		    "client certificate? see --cert)" : "");
		set_status(s, WSC_EXIT_UPGRADE);
		s->retryable = true;
	} else if (s->route.via_unix) {
		msg_err("connect to %s: %s", where,
		    route_unix_reason(&s->route));
		set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	} else {
		msg_err("connect to %s: %s", where,
		    strcmp(why, "Unable to connect") == 0 ?
		    "connection refused or unreachable" : why);
		set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	}
	set_state(s, ST_CLOSED);
	conn_end(s);
}

/* The upgrade's HTTP status, and the Location of a redirect (escaped). */
static void
on_http_response(struct session *s, struct lws *wsi)
{
	char	 loc[1024];
	int	 n;

	s->http_status = (int)lws_http_client_http_response(wsi);
	s->location.len = 0;
	if (s->http_status < 300 || s->http_status >= 400)
		return;
	if ((n = lws_hdr_copy(wsi, loc, sizeof(loc),
	    WSI_TOKEN_HTTP_LOCATION)) > 0 &&
	    term_escape(&s->location, (unsigned char *)loc, (size_t)n) == 0)
		(void)buf_putc(&s->location, '\0');
	else
		s->location.len = 0;
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
			set_status(s, WSC_EXIT_UNMET);
			s->retryable = true;
		} else if (s->peer_code == 1000 || s->peer_code == 1001 ||
		    s->peer_code == 1005) {
			set_status(s, WSC_EXIT_OK);
			/* With input still to come, a reconnect goes on. */
			s->retryable = !s->input_eof ||
			    !pump_queue_empty(&s->q);
		} else {
			msg_err("peer closed the connection: %d '%s'%s",
			    s->peer_code, reason, s->peer_code == 1002 ?
			    " (or sent a close code not allowed on the wire)" :
			    "");
			set_status(s, WSC_EXIT_ABNORMAL);
			s->retryable = true;
		}
	} else if (s->close_sent) {
		set_status(s, WSC_EXIT_OK);
	} else if (!s->own_rx && pump_fail_malformed(wsi, true)) {
		msg_err("the peer broke the protocol (a malformed or "
		    "unexpected frame): closing with 1002");
		set_status(s, WSC_EXIT_PROTOCOL);
	} else {
		msg_err("connection dropped without a Close frame (1006)");
		set_status(s, WSC_EXIT_ABNORMAL);
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
		if (!s->u->tls)
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
			set_status(s, WSC_EXIT_UPGRADE);
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
			set_status(s, WSC_EXIT_TIMEOUT);
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
		snprintf(lws_last_err, sizeof(lws_last_err), "%.*s", (int)n,
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
static void
event(struct session *s, struct session_event *ev)
{
	ev->s = s;
	if (event_fn != NULL)
		event_fn(event_ctx, ev);
}

/* Schedules sul to call cb in sec seconds. */
static void
schedule(struct session *s, lws_sorted_usec_list_t *sul, sul_cb_t cb,
    double sec)
{
	lws_sul_schedule(s->ctx, 0, sul, cb,
	    (lws_usec_t)(sec * LWS_USEC_PER_SEC) + 1);
}

static void
cancel(lws_sorted_usec_list_t *sul)
{
	lws_sul_cancel(sul);
}

/* The connection opened: report it, start pings, send what is queued. */
static void
on_open(struct session *s, struct lws *wsi)
{
	struct session_event	 ev;

	cancel(&s->sul_connect);
	cancel(&s->sul_retry);
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
	event(s, &ev);
	output_event_open(s->protocol, s->extensions);
	if (s->o->ping_interval > 0)
		schedule(s, &s->sul_ping, ping_tick, s->o->ping_interval);
	/* Frames are built here unless an extension reshapes them. */
	s->q.frames = s->extensions[0] == '\0';
	s->q.masked = true;
	if (s->close_wanted || !pump_queue_empty(&s->q) ||
	    !filesrc_done(&s->files))
		lws_callback_on_writable(wsi);
	check_quiet(s);
}

/* At -v and to the front end: how the connection closed, and who closed. */
static void
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
	event(s, &ev);
	output_event_close(code, reason, clean, !clean ? "none" : by_peer ?
	    "server" : "client");
}

/* Starts a connection attempt; its end comes back through conn_end(). */
static void
connect_start(struct session *s)
{
	struct lws	*wsi;
	unsigned	 gen = s->gen;
	char		 where[160];

	route_rewind(&s->route);
	s->ci.address = route_address(&s->route);
	s->ci.opaque_user_data = (void *)(uintptr_t)s->gen;
	s->t_conn_us = lws_now_usecs();
	s->t_req_us = 0;
	if (s->state != ST_CONNECTING) {
		s->state = ST_CONNECTING;	/* said just below */
		if (s->interactive)
			repl_set_state(state_prompt[ST_CONNECTING]);
	}
	route_describe(&s->route, where, sizeof(where));
	msg_verbose(1, "state: CONNECTING to %s", where);
	if (s->o->connect_timeout > 0)
		schedule(s, &s->sul_connect, connect_expired,
		    s->o->connect_timeout);
	lws_last_err[0] = '\0';
	tls_reset();
	wsi = lws_client_connect_via_info(&s->ci);
	if (s->gen != gen || s->done)
		return;		/* it already failed through a callback */
	if (wsi == NULL) {
		on_connect_error(s, lws_last_err[0] ? lws_last_err : "failed");
		return;
	}
	s->ws = wsi;
}

/* Has lws close wsi (if any) from its next service pass. */
void
drop_later(struct lws *wsi)
{
	if (wsi != NULL)
		lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

/* Gives up on the current wsi: lws closes it later, unheard (gen moves). */
static void
abandon(struct session *s)
{
	drop_later(s->ws);
	s->ws = NULL;
	set_state(s, ST_CLOSED);
}

/*
 * The current connection is over, its status set: reconnect after a
 * backoff if allowed and worth it, else end the session.
 */
static void
conn_end(struct session *s)
{
	struct session_event	 ev;
	uint32_t		 delay;
	char			 of[32];

	cancel(&s->sul_connect);
	cancel(&s->sul_retry);
	cancel(&s->sul_ping);
	cancel(&s->sul_pingto);
	cancel(&s->sul_quiet);
	(void)hsread_disarm();
	own_rx_stop(s);
	s->gen++;
	s->ws = NULL;
	if (s->done)
		return;
	if (!s->retryable || s->stop_all || s->timed_out ||
	    s->o->reconnect == 0 || (s->o->reconnect > 0 &&
	    s->attempts >= (unsigned long)s->o->reconnect)) {
		if (s->retryable && s->o->reconnect > 0 &&
		    s->attempts >= (unsigned long)s->o->reconnect)
			msg_err("reconnect: giving up after %u attempt%s",
			    s->attempts, s->attempts == 1 ? "" : "s");
		finish(s);
		return;
	}
	s->attempts++;
	delay = backoff_ms(s->attempts, BACKOFF_BASE_MS, BACKOFF_CAP_MS,
	    arc4random());
	if (s->o->reconnect > 0)
		snprintf(of, sizeof(of), " of %ld", s->o->reconnect);
	else
		of[0] = '\0';
	if (s->interactive)
		repl_status("reconnect %u%s in %.2f s", s->attempts, of,
		    delay / 1000.0);
	else
		msg_warn("reconnect %u%s in %.2f s", s->attempts, of,
		    delay / 1000.0);
	memset(&ev, 0, sizeof(ev));
	ev.kind = SESSION_EV_RECONNECT;
	ev.attempt = s->attempts;
	ev.delay_ms = delay;
	ev.status = s->status;
	event(s, &ev);
	output_event_reconnect(ev.attempt, ev.delay_ms);
	schedule(s, &s->sul_reconnect, reconnect_now, delay / 1000.0);
}

/* Puts the -x messages back at the head of the queue for a new connection. */
static void
requeue_sends(struct session *s)
{
	if (pump_queue_requeue(&s->q, (const char *const *)s->o->sends,
	    s->o->nsends, s->o->binary ? PUMP_BINARY : 0) == -1)
		request_close(s, 1011, "", WSC_EXIT_FAILURE, true);
}

/* Forgets everything about the previous connection. */
static void
conn_reset(struct session *s)
{
	s->status_set = false;
	s->status = WSC_EXIT_FAILURE;
	s->retryable = false;
	s->was_open = false;
	s->close_wanted = s->close_sent = s->close_drop_queue = false;
	s->peer_closed = false;
	s->peer_code = 0;
	s->peer_reason.len = 0;
	s->request_sent = false;
	s->http_status = 0;
	s->redirects = 0;
	s->location.len = 0;
	s->rx_failed = false;
	s->protocol[0] = s->extensions[0] = '\0';
	s->rx_in_msg = false;
	s->rx.msg.len = 0;
	s->rx.streaming = false;
	s->quiet_armed = false;
	s->sent_all_ms = 0;
	s->ping_due = false;
	s->nuping = 0;
	pingtrack_clear(&s->pt);
	waitcond_reset_msg(&s->wc);
	cancel(&s->sul_close);
	requeue_sends(s);
}

static void
reconnect_now(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_reconnect);

	if (s->done)
		return;
	conn_reset(s);
	connect_start(s);
}

/* --connect-timeout: name the phase that did not finish. */
static void
connect_expired(lws_sorted_usec_list_t *sul)
{
	struct session		*s = lws_container_of(sul, struct session,
				    sul_connect);
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	const char		*phase;
	char			 where[160];
	int			 fd;

	if (s->done || s->state != ST_CONNECTING)
		return;
	if (s->t_req_us != 0)
		phase = "no upgrade response";
	else if (s->ws != NULL && (fd = lws_get_socket_fd(s->ws)) >= 0 &&
	    getpeername(fd, (struct sockaddr *)&ss, &sl) == 0)
		phase = s->u->tls ? "TLS handshake not done" :
		    "no upgrade response";
	else
		phase = "TCP connect not done";
	route_describe(&s->route, where, sizeof(where));
	msg_err("connect to %s: %s within %g s (--connect-timeout)", where,
	    phase, s->o->connect_timeout);
	set_status(s, WSC_EXIT_TIMEOUT);
	s->retryable = true;
	abandon(s);
	conn_end(s);
}

/* -t: the whole session took too long. */
static void
session_expired(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session,
			    sul_session);

	if (s->done)
		return;
	s->timed_out = true;
	msg_err("timeout: the session did not end within %g s (--timeout)",
	    s->o->timeout);
	if (s->state == ST_OPEN && !s->close_sent) {
		request_close(s, s->o->close_code, s->o->close_reason,
		    WSC_EXIT_TIMEOUT, true);
		return;
	}
	set_status(s, WSC_EXIT_TIMEOUT);
	s->stop_all = true;
	finish(s);
}

/* --ping-interval: a ping is due (one outstanding at a time). */
static void
ping_tick(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session, sul_ping);

	if (s->done || s->state != ST_OPEN || s->close_sent)
		return;
	if (pingtrack_oldest(&s->pt) == -1) {
		s->ping_due = true;
		if (s->ws != NULL)
			lws_callback_on_writable(s->ws);
	}
	schedule(s, &s->sul_ping, ping_tick, s->o->ping_interval);
}

/* --ping-timeout: the oldest ping was not answered in time. */
static void
ping_expired(lws_sorted_usec_list_t *sul)
{
	struct session	*s = lws_container_of(sul, struct session,
			    sul_pingto);

	if (s->done || s->state != ST_OPEN || pingtrack_oldest(&s->pt) == -1)
		return;
	msg_err("ping: no pong within %g s: the peer is not responding",
	    s->o->ping_timeout);
	set_status(s, WSC_EXIT_TIMEOUT);
	s->retryable = true;
	report_close(s, false, false, 1006, "");
	abandon(s);
	conn_end(s);
}

/* Arms the ping timeout for the oldest unanswered ping, or disarms it. */
static void
arm_ping_timeout(struct session *s)
{
	int64_t	 oldest = pingtrack_oldest(&s->pt), left;

	if (oldest == -1 || s->o->ping_timeout <= 0) {
		cancel(&s->sul_pingto);
		return;
	}
	left = oldest + (int64_t)(s->o->ping_timeout * 1e6) -
	    lws_now_usecs();
	schedule(s, &s->sul_pingto, ping_expired, left > 0 ?
	    (double)left / 1e6 : 0);
}

/* Writes due pings (ours and session_ping()'s); -1 if lws_write failed. */
int
send_pings(struct session *s, struct lws *wsi)
{
	unsigned char	 buf[LWS_PRE + PINGTRACK_PAYLOAD];
	size_t		 n, i;
	int64_t		 now;

	for (i = 0; i < s->nuping; i++) {
		n = s->uping[i].len;
		memcpy(buf + LWS_PRE, s->uping[i].data, n);
		now = lws_now_usecs();
		(void)pingtrack_sent(&s->pt, buf + LWS_PRE, n, now);
		if (lws_write(wsi, buf + LWS_PRE, n, LWS_WRITE_PING) < (int)n)
			return -1;
		msg_verbose(1, "ping: sent %zu bytes", n);
	}
	if (s->nuping > 0)
		arm_ping_timeout(s);
	s->nuping = 0;
	if (!s->ping_due)
		return 0;
	s->ping_due = false;
	now = lws_now_usecs();
	n = pingtrack_payload(now, buf + LWS_PRE, PINGTRACK_PAYLOAD);
	(void)pingtrack_sent(&s->pt, buf + LWS_PRE, n, now);
	if (lws_write(wsi, buf + LWS_PRE, n, LWS_WRITE_PING) < (int)n)
		return -1;
	msg_verbose(2, "ping: sent '%.*s'", (int)n, (char *)buf + LWS_PRE);
	arm_ping_timeout(s);
	return 0;
}

/* A pong: match it to a ping for the RTT. */
void
on_pong(struct session *s, const void *p, size_t n)
{
	struct session_event	 ev;
	int64_t			 rtt;

	if (pingtrack_pong(&s->pt, p, n, lws_now_usecs(), &rtt) == -1) {
		msg_verbose(1, "pong: unsolicited (%zu bytes)", n);
		return;
	}
	if (s->interactive)
		repl_status("pong: round trip %.3f ms", (double)rtt / 1000.0);
	else
		msg_verbose(1, "pong: round trip %.3f ms",
		    (double)rtt / 1000.0);
	arm_ping_timeout(s);
	memset(&ev, 0, sizeof(ev));
	ev.kind = SESSION_EV_PONG;
	ev.rtt_ms = (double)rtt / 1000.0;
	ev.payload = p;
	ev.len = n;
	event(s, &ev);
	output_event_pong(ev.rtt_ms);
}

int
session_ping(struct session *s, const void *p, size_t n)
{
	if (s == NULL || s->state != ST_OPEN || s->close_sent ||
	    s->ws == NULL || n > PINGTRACK_PAYLOAD || s->nuping >= USER_PINGS)
		return -1;
	s->uping[s->nuping].len = n;
	if (n > 0)
		memcpy(s->uping[s->nuping].data, p, n);
	s->nuping++;
	lws_callback_on_writable(s->ws);
	return 0;
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
	event(s, &ev);
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
		    lws_last_err[0] ? ": " : "", lws_last_err);
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
		schedule(s, &s->sul_session, session_expired, o->timeout);
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
		set_status(s, WSC_EXIT_IO);
	}
	if (!s->status_set) {
		msg_err("session ended unexpectedly");
		set_status(s, WSC_EXIT_FAILURE);
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
