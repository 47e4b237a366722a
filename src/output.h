/*
 * How received messages are shown beyond raw bytes: -j/--json pretty JSON,
 * --jsonl envelopes and lifecycle events, --chat lines.  One front end per
 * process, so the interactive front end can switch JSON output at run time
 * (/json on|off) and feed chat commands without holding a pointer.
 */
#ifndef WSC_OUTPUT_H
#define WSC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chat.h"
#include "opts.h"
#include "pump.h"

/*
 * Sets the output format up from o and attaches it to po; with --chat,
 * packets are sent through send(ctx, ...).  Returns 0, or -1 on ENOMEM
 * (printed).
 */
int	output_init(const struct wsc_opts *o, struct pump_out *po,
	    chat_send_cb send, void *ctx);
/* Releases what output_init set up. */
void	output_free(void);
/* Switches pretty-printing of received JSON on or off (/json on|off). */
void	output_set_json(bool on);
/* Whether received JSON is pretty-printed now. */
bool	output_json(void);
/* The chat state with --chat (for /nick and typed lines), else NULL. */
struct chat *output_chat(void);

/*
 * One input record (a line, a NUL record, a -x message) in the modes that
 * look at it: with --chat it becomes a chat packet (returns 1: consumed);
 * with -j it must be JSON, else it is refused with an error naming what
 * (e.g. "stdin line 3") and the parser's line and column (returns 2: not
 * sent, go on).  Returns 0 to send it as it is, -1 on a failure (printed).
 */
int	output_input(const unsigned char *p, size_t n, const char *what);

/* True when output_input() looks at input (-j, --chat), so callers only
 * name a record (a snprintf per line) when it does. */
bool	output_inspects_input(void);

/*
 * How many input records output_input refused, and chat lines still held
 * for want of an id (pipe mode then exits 10).
 */
uint64_t output_refused(void);

/* Milliseconds since the epoch (wall clock). */
int64_t	output_now_ms(void);

/*
 * --jsonl lifecycle events at -v, one JSON line each on stdout: the
 * connection opened (protocol and extensions, "" for none); it closed
 * (code, reason, whether cleanly, who closed: "client", "server", "none"
 * when it dropped); an
 * error; a pong with its round-trip time.  No-ops in other modes.
 */
void	output_event_open(const char *protocol, const char *extensions);
void	output_event_close(int code, const char *reason, bool clean,
	    const char *by);
void	output_event_error(const char *message);
void	output_event_pong(double rtt_ms);
/* A reconnection attempt after delay_ms (--reconnect). */
void	output_event_reconnect(unsigned attempt, unsigned delay_ms);

#endif
