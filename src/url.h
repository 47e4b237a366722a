/*
 * Strict WebSocket URL parsing, after the browser's WebSocket constructor:
 * ws and wss (http and https accepted as aliases), a host (name, IPv4, or
 * bracketed IPv6), an optional port, path and query, no fragment, and
 * userinfo kept for Basic auth.  Pure: libc only.
 */
#ifndef WSC_URL_H
#define WSC_URL_H

#include <stdbool.h>
#include <stddef.h>

struct url {
	bool	 tls;		/* wss (or https) */
	char	*host;		/* as given, lower-cased; IPv6 without brackets */
	bool	 ipv6;		/* host was a bracketed IPv6 literal */
	int	 port;		/* explicit, else 80 or 443 */
	bool	 port_given;	/* the URL named a port */
	char	*path;		/* path plus "?query"; always starts with '/' */
	char	*user;		/* percent-decoded userinfo user, or NULL */
	char	*password;	/* percent-decoded password, or NULL */
};

/*
 * Parses s into u (whose strings the caller releases with url_free).
 * Returns 0, or -1 with a one-line reason in err (no "wsc:" prefix) and u
 * left empty.
 */
int	url_parse(const char *s, struct url *u, char *err, size_t errlen);
/* Releases the strings of u and zeroes it. */
void	url_free(struct url *u);
/*
 * Writes the Host header value ("name", "name:8080", "[::1]:9000"; the
 * scheme's default port is omitted) into buf; returns its length, or -1
 * when it does not fit.
 */
int	url_host_header(const struct url *u, char *buf, size_t len);

#endif
