/*
 * One WebSocket client session on libwebsockets: connect (and reconnect),
 * pump stdin into messages and received messages to stdout, close by the
 * end-of-input policy or a wait condition, keep the connection alive with
 * pings, and classify how it ended.
 */
#ifndef WSC_SESSION_H
#define WSC_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "exitcode.h"
#include "opts.h"
#include "url.h"

struct session;

/* Lifecycle events, for front ends (--jsonl, the interactive REPL). */
enum session_event_kind {
	SESSION_EV_OPEN,	/* protocol, extensions */
	SESSION_EV_CLOSE,	/* code, reason, clean, by_peer */
	SESSION_EV_ERROR,	/* error: the message printed, status */
	SESSION_EV_PONG,	/* rtt_ms, payload/len of the ping answered */
	SESSION_EV_RECONNECT	/* attempt, delay_ms */
};

/*
 * One event; pointers are valid only during the callback.  code is the
 * close code (1005: none, 1006: dropped); for a close we started it is our
 * code, since libwebsockets does not report the peer's answer.
 */
struct session_event {
	enum session_event_kind	 kind;
	struct session		*s;		/* for session_ping() */
	const char		*protocol;	/* "" when none */
	const char		*extensions;	/* "" when none */
	int			 code;
	const char		*reason;	/* escaped for a terminal */
	bool			 clean;		/* Close handshake done */
	bool			 by_peer;	/* the peer closed first */
	const char		*error;
	enum wsc_exit		 status;
	double			 rtt_ms;
	const unsigned char	*payload;
	size_t			 len;
	unsigned		 attempt;
	unsigned		 delay_ms;
};

typedef void (*session_event_fn)(void *ctx, const struct session_event *ev);

/*
 * Registers fn to be called with ctx for every lifecycle event of the
 * sessions run afterwards (NULL: none).  Call before session_run().
 */
void		session_on_event(session_event_fn fn, void *ctx);

/*
 * Sends a ping carrying payload p (n bytes, at most 125) on the open
 * connection of s, ahead of queued messages.  When the pong arrives its
 * RTT is printed at -v ("pong: ... ms") and reported as a SESSION_EV_PONG
 * event with the same payload.  Returns 0, or -1 when the connection is
 * not open or n is too long (nothing printed).
 */
int		session_ping(struct session *s, const void *p, size_t n);

/*
 * Runs a session to u with options o until it ends.  Diagnostics are
 * already printed; returns the exit status that describes the end.
 */
enum wsc_exit	session_run(const struct wsc_opts *o, const struct url *u);

#endif
