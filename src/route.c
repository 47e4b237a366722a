/* Choosing and resolving where the client connects. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "route.h"

static const char *env_get(const char *);
static int	 resolve(struct route *, const char *, int, int);
static void	 fill_cur(struct route *);

/* Keeps the current address as text in cur_str. */
static void
fill_cur(struct route *r)
{
	const void	*a;

	r->cur_str[0] = '\0';
	if (r->cur == NULL)
		return;
	if (r->cur->ai_family == AF_INET6)
		a = &((struct sockaddr_in6 *)(void *)r->cur->ai_addr)->sin6_addr;
	else
		a = &((struct sockaddr_in *)(void *)r->cur->ai_addr)->sin_addr;
	if (inet_ntop(r->cur->ai_family, a, r->cur_str,
	    sizeof(r->cur_str)) == NULL)
		r->cur_str[0] = '\0';
}

static const char *
env_get(const char *name)
{
	return getenv(name);
}

/* Resolves host for family (0 any); returns 0 or -1 with the error printed. */
static int
resolve(struct route *r, const char *host, int family, int port)
{
	struct addrinfo	 hints;
	char		 portstr[8];
	int		 e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 :
	    AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((e = getaddrinfo(host, portstr, &hints, &r->addrs)) != 0) {
		r->addrs = NULL;
		if (family != 0 && (e == EAI_NONAME || e == EAI_ADDRFAMILY ||
		    e == EAI_NODATA || e == EAI_FAMILY))
			msg_err("resolve '%s': no IPv%d address", host, family);
		else
			msg_err("resolve '%s': %s", host, e == EAI_SYSTEM ?
			    strerror(errno) : gai_strerror(e));
		return -1;
	}
	return 0;
}

enum wsc_exit
route_prepare(struct route *r, const struct wsc_opts *o, const struct url *u)
{
	struct proxy	 numeric;
	const char	*purl = NULL, *var = NULL;
	char		 why[256];

	memset(r, 0, sizeof(*r));
	r->u = u;
	if (o->unix_socket != NULL) {
		/* No proxy and no name resolution for a unix socket. */
		r->via_unix = true;
		snprintf(r->unix_addr, sizeof(r->unix_addr), "+%s",
		    o->unix_socket);
		return WSC_EXIT_OK;
	}
	if (o->proxy != NULL) {
		if (*o->proxy != '\0') {
			purl = o->proxy;
			var = "--proxy";
		}
	} else
		purl = proxy_from_env(u->tls, u->host, env_get, &var);
	if (purl != NULL) {
		if (proxy_parse(purl, &r->proxy, why, sizeof(why)) == -1) {
			msg_err("proxy from %s: %s", var, why);
			return WSC_EXIT_USAGE;
		}
		r->via_proxy = true;
		r->proxy_from = var;
		msg_verbose(1, "proxy: %s port %d (from %s)", r->proxy.host,
		    r->proxy.port, var);
		/*
		 * The proxy resolves the server.  lws gets the proxy's first
		 * address as a number, so that -4/-6 apply to it too.
		 */
		if (resolve(r, r->proxy.host, o->family, r->proxy.port) == -1)
			return WSC_EXIT_CONNECT;
		r->cur = r->addrs;
		fill_cur(r);
		numeric = r->proxy;
		numeric.host = r->cur_str;
		numeric.ipv6 = r->cur->ai_family == AF_INET6;
		if (proxy_lws_address(&numeric, r->proxy_addr,
		    sizeof(r->proxy_addr)) == -1) {
			msg_err("proxy from %s: credentials too long (at most "
			    "95 bytes)", var);
			return WSC_EXIT_USAGE;
		}
		return WSC_EXIT_OK;
	}
	if (resolve(r, u->host, o->family, u->port) == -1)
		return WSC_EXIT_CONNECT;
	r->cur = r->addrs;
	fill_cur(r);
	return WSC_EXIT_OK;
}

const char *
route_proxy_address(const struct route *r)
{
	return r->via_proxy ? r->proxy_addr : NULL;
}

const char *
route_address(const struct route *r)
{
	if (r->via_unix)
		return r->unix_addr;
	if (r->via_proxy || r->cur_str[0] == '\0')
		return r->u->host;
	return r->cur_str;
}

void
route_describe(const struct route *r, char *buf, size_t len)
{
	if (r->via_unix)
		snprintf(buf, len, "unix socket %s", r->unix_addr + 1);
	else if (r->via_proxy)
		snprintf(buf, len, "proxy %s port %d", r->proxy.host,
		    r->proxy.port);
	else if (r->cur_str[0] != '\0' && strcmp(r->cur_str, r->u->host) != 0)
		snprintf(buf, len, "%s (%s) port %d", r->u->host, r->cur_str,
		    r->u->port);
	else
		snprintf(buf, len, "%s port %d", r->u->host, r->u->port);
}

bool
route_next(struct route *r)
{
	if (r->via_unix || r->via_proxy || r->cur == NULL ||
	    r->cur->ai_next == NULL)
		return false;
	r->cur = r->cur->ai_next;
	fill_cur(r);
	return true;
}

void
route_rewind(struct route *r)
{
	if (r->addrs == NULL || r->via_unix || r->via_proxy)
		return;
	r->cur = r->addrs;
	fill_cur(r);
}

void
route_free(struct route *r)
{
	if (r->addrs != NULL)
		freeaddrinfo(r->addrs);
	proxy_free(&r->proxy);
	memset(r, 0, sizeof(*r));
}

const char *
route_unix_reason(const struct route *r)
{
	struct stat	 st;
	const char	*path = r->unix_addr + 1;

	if (path[0] == '@')
		return "nothing listening on that abstract name";
	if (stat(path, &st) == -1)
		return strerror(errno);
	if (!S_ISSOCK(st.st_mode))
		return "not a socket";
	return "connection refused (nothing listening?)";
}
