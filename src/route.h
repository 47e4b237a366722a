/*
 * Where a client connection goes: a unix socket, an HTTP CONNECT proxy
 * (--proxy or the environment, minus no_proxy), or the server's addresses
 * resolved here (with -4/-6) and tried in turn, each failure shown at -v.
 */
#ifndef WSC_ROUTE_H
#define WSC_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include <netdb.h>

#include "exitcode.h"
#include "opts.h"
#include "proxy.h"
#include "url.h"

struct route {
	const struct url *u;
	bool		 via_unix;
	char		 unix_addr[112];	/* "+path" or "+@name" for lws */
	bool		 via_proxy;
	struct proxy	 proxy;
	const char	*proxy_from;	/* "--proxy" or the variable */
	char		 proxy_addr[512];	/* for lws */
	struct addrinfo	*addrs;		/* resolved server addresses */
	struct addrinfo	*cur;		/* the one being tried */
	char		 cur_str[64];	/* cur as text */
	int		 tried;
};

/*
 * Decides the route for o and u and resolves what must be resolved.
 * Returns WSC_EXIT_OK, or the exit status with the error printed (2 for a
 * bad proxy setting, 3 when a name does not resolve).
 */
enum wsc_exit route_prepare(struct route *r, const struct wsc_opts *o,
	    const struct url *u);
/* The proxy address for lws's context, or NULL for none. */
const char *route_proxy_address(const struct route *r);
/*
 * The address for lws_client_connect_via_info() for the current attempt:
 * a numeric server address, the unix socket or (through a proxy) the
 * server's name.
 */
const char *route_address(const struct route *r);
/* A description of the current attempt for messages ("127.0.0.1 port 80"). */
void	route_describe(const struct route *r, char *buf, size_t len);
/* Moves on to the next resolved address; false when none is left. */
bool	route_next(struct route *r);
/* Goes back to the first resolved address (a new connection: --reconnect). */
void	route_rewind(struct route *r);
/* Why connecting to the route's unix socket failed, as far as we can tell. */
const char *route_unix_reason(const struct route *r);
/* Releases r. */
void	route_free(struct route *r);

#endif
