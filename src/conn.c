/*
 * The connection attempts of a session, on libwebsockets 4.1: connecting
 * (address by address), the upgrade request and response, why an attempt
 * failed, reconnects with backoff, --connect-timeout and -t, and the
 * keepalive (--ping-interval, --ping-timeout, session_ping()).  Quirks are
 * numbered as in shared/lws-notes.md.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libwebsockets.h>

#include "backoff.h"
#include "diag.h"
#include "hsread.h"
#include "msg.h"
#include "output.h"
#include "repl.h"
#include "request.h"
#include "session_int.h"
#include "term.h"
#include "tls.h"

static void	 retry_connect(lws_sorted_usec_list_t *);
static bool	 try_next_address(struct session *, const char *);
static void	 conn_reset(struct session *);
static void	 abandon(struct session *);
static void	 requeue_sends(struct session *);
static void	 connect_expired(lws_sorted_usec_list_t *);
static void	 ping_expired(lws_sorted_usec_list_t *);
static void	 reconnect_now(lws_sorted_usec_list_t *);
static void	 arm_ping_timeout(struct session *);

/* Adds -H headers, Basic auth and User-Agent to the upgrade request. */
int
append_headers(struct session *s, char **pp, size_t room)
{
	char	*start = *pp;

	s->request_sent = true;
	if (request_append_headers(s->o, s->u, pp, room) == -1) {
		sess_set_status(s, WSC_EXIT_USAGE);
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
		on_connect_error(s, sess_lws_err[0] ? sess_lws_err : "failed");
}

/* The connection never opened: say why and choose the status. */
void
on_connect_error(struct session *s, const char *why)
{
	const char	*tls_why, *loc;
	char		 where[160];

	if (why == NULL || *why == '\0')
		why = sess_lws_err[0] ? sess_lws_err : "unknown error";
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
		sess_set_status(s, WSC_EXIT_TLS);
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
		sess_set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	} else if (s->http_status >= 300 && s->http_status < 400) {
		msg_err("upgrade rejected: HTTP %d: redirected to %s (use -L "
		    "to follow)", s->http_status, loc ? loc : "(no Location)");
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (s->http_status != 0 && s->http_status != 101) {
		msg_err("upgrade rejected: HTTP %d", s->http_status);
		sess_set_status(s, WSC_EXIT_UPGRADE);
		s->retryable = s->http_status >= 500;
	} else if (strstr(why, "Accept hash") != NULL) {
		msg_err("upgrade rejected: wrong Sec-WebSocket-Accept from "
		    "the server");
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "PROTOCOL malformed") != NULL) {
		msg_err("upgrade rejected: the server chose a subprotocol "
		    "that was not offered");
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "EXT") != NULL) {
		msg_err("upgrade rejected: the server chose an extension "
		    "that was not offered (%s)", why);
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Redirect failed") != NULL &&
	    s->redirects >= OPTS_MAX_REDIRS) {
		msg_err("upgrade rejected: more than %d redirects (the most "
		    "libwebsockets follows), the last to %s", OPTS_MAX_REDIRS,
		    loc ? loc : "(no Location)");
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Redirect") != NULL) {
		msg_err("upgrade rejected: %s (redirected to %s)",
		    why + (strncmp(why, "HS: ", 4) == 0 ? 4 : 0),
		    loc ? loc : "?");
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strncmp(why, "HS: ", 4) == 0) {
		msg_err("upgrade rejected: %s", why + 4);
		sess_set_status(s, WSC_EXIT_UPGRADE);
	} else if (strstr(why, "Timed out") != NULL ||
	    strstr(why, "timed out") != NULL) {
		msg_err("connect to %s: %s", where, why);
		sess_set_status(s, WSC_EXIT_TIMEOUT);
		s->retryable = true;
	} else if (strstr(why, "SSL") != NULL || strstr(why, "ssl") != NULL) {
		msg_err("TLS with %s: %s", where, why);
		sess_set_status(s, WSC_EXIT_TLS);
	} else if (s->request_sent) {
		msg_err("upgrade failed: %s: %s%s", where,
		    strcmp(why, "read failed") == 0 ?
		    "the server hung up without answering" : why,
		    s->u->tls && s->o->cert == NULL ? " (does it require a "
		    "client certificate? see --cert)" : "");
		sess_set_status(s, WSC_EXIT_UPGRADE);
		s->retryable = true;
	} else if (s->route.via_unix) {
		msg_err("connect to %s: %s", where,
		    route_unix_reason(&s->route));
		sess_set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	} else {
		msg_err("connect to %s: %s", where,
		    strcmp(why, "Unable to connect") == 0 ?
		    "connection refused or unreachable" : why);
		sess_set_status(s, WSC_EXIT_CONNECT);
		s->retryable = true;
	}
	set_state(s, ST_CLOSED);
	conn_end(s);
}

/* The upgrade's HTTP status, and the Location of a redirect (escaped). */
void
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

/* Starts a connection attempt; its end comes back through conn_end(). */
void
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
		sess_schedule(s, &s->sul_connect, connect_expired,
		    s->o->connect_timeout);
	sess_lws_err[0] = '\0';
	tls_reset();
	wsi = lws_client_connect_via_info(&s->ci);
	if (s->gen != gen || s->done)
		return;		/* it already failed through a callback */
	if (wsi == NULL) {
		on_connect_error(s, sess_lws_err[0] ? sess_lws_err : "failed");
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
void
conn_end(struct session *s)
{
	struct session_event	 ev;
	uint32_t		 delay;
	char			 of[32];

	sess_cancel(&s->sul_connect);
	sess_cancel(&s->sul_retry);
	sess_cancel(&s->sul_ping);
	sess_cancel(&s->sul_pingto);
	sess_cancel(&s->sul_quiet);
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
		sess_finish(s);
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
	sess_event(s, &ev);
	output_event_reconnect(ev.attempt, ev.delay_ms);
	sess_schedule(s, &s->sul_reconnect, reconnect_now, delay / 1000.0);
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
	sess_cancel(&s->sul_close);
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
	sess_set_status(s, WSC_EXIT_TIMEOUT);
	s->retryable = true;
	abandon(s);
	conn_end(s);
}

/* -t: the whole session took too long. */
void
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
	sess_set_status(s, WSC_EXIT_TIMEOUT);
	s->stop_all = true;
	sess_finish(s);
}

/* --ping-interval: a ping is due (one outstanding at a time). */
void
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
	sess_schedule(s, &s->sul_ping, ping_tick, s->o->ping_interval);
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
	sess_set_status(s, WSC_EXIT_TIMEOUT);
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
		sess_cancel(&s->sul_pingto);
		return;
	}
	left = oldest + (int64_t)(s->o->ping_timeout * 1e6) -
	    lws_now_usecs();
	sess_schedule(s, &s->sul_pingto, ping_expired, left > 0 ?
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
	sess_event(s, &ev);
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
