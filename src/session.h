/*
 * One WebSocket client session on libwebsockets: connect, pump stdin into
 * messages and received messages to stdout, close by the end-of-input
 * policy, and classify how it ended.
 */
#ifndef WSC_SESSION_H
#define WSC_SESSION_H

#include "exitcode.h"
#include "opts.h"
#include "url.h"

/*
 * Runs a session to u with options o until it ends.  Diagnostics are
 * already printed; returns the exit status that describes the end.
 */
enum wsc_exit	session_run(const struct wsc_opts *o, const struct url *u);

#endif
