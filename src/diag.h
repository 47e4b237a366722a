/*
 * The -v diagnostics of a client connection: resolved addresses, the
 * connected peer, the upgrade request and response headers (secrets
 * redacted unless --show-secrets).  Lines go to stderr through msg.c.
 */
#ifndef WSC_DIAG_H
#define WSC_DIAG_H

#include <stdbool.h>

#include <libwebsockets.h>

#include "opts.h"
#include "url.h"

struct addrinfo;

/* At -v: the addresses host resolved to (nothing for an IP literal). */
void	diag_resolved(const char *host, const struct addrinfo *addrs);
/*
 * At -v: the address wsi is connected to and how long the TCP connect
 * (and TLS) took since start_us (lws_now_usecs()).
 */
void	diag_connected(struct lws *wsi, bool tls, int64_t start_us);
/*
 * At -v: the start of the upgrade request as wsc sends it: the request
 * line, Host, Origin and subprotocols.  libwebsockets adds Upgrade,
 * Connection, Sec-WebSocket-Key/Version, Pragma and Cache-Control.
 */
void	diag_request(const struct wsc_opts *o, const struct url *u,
	    const char *hosthdr, const char *protolist);
/*
 * At -v: the CRLF-separated header lines p[0..n) that wsc added to the
 * request (-H, Authorization, User-Agent), secrets redacted unless show.
 */
void	diag_request_lines(const char *p, size_t n, bool show);
/*
 * At -v: the response status and the headers libwebsockets parsed, server
 * bytes escaped and secrets (Set-Cookie) redacted unless show_secrets.
 */
void	diag_response(struct lws *wsi, int status, bool show_secrets);

#endif
