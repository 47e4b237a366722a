/*
 * Listen mode: a WebSocket server on libwebsockets that bridges its
 * clients to the pipe front end (messages to stdout, input lines to every
 * client), or with --echo reflects each message to its sender.
 */
#ifndef WSC_LISTEN_H
#define WSC_LISTEN_H

#include "exitcode.h"
#include "opts.h"

/*
 * Serves on o->listen_host:o->listen_port until a signal, --once's client
 * leaves, or input ends.  Diagnostics are already printed; returns the
 * exit status.
 */
enum wsc_exit	listen_run(const struct wsc_opts *o);

#endif
