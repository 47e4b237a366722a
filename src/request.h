/*
 * The headers wsc adds to the opening handshake: -H lines, Basic auth
 * (-u, else the URL's userinfo) and User-Agent.
 */
#ifndef WSC_REQUEST_H
#define WSC_REQUEST_H

#include <stddef.h>

#include "opts.h"
#include "url.h"

/*
 * Appends the extra request headers for o and u at *pp, which has room
 * bytes, advancing *pp.  Returns 0, or -1 with the error printed when they
 * do not fit (a usage error).
 */
int	request_append_headers(const struct wsc_opts *o, const struct url *u,
	    char **pp, size_t room);

#endif
