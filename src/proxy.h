/*
 * HTTP CONNECT proxies: parsing a proxy URL, choosing one from the
 * environment (http_proxy, https_proxy, all_proxy and their upper-case
 * forms) and matching no_proxy, as curl does.  wsc decides this itself:
 * libwebsockets 4.1 reads http_proxy implicitly and ignores no_proxy
 * (quirk 18).  Pure: libc only.
 */
#ifndef WSC_PROXY_H
#define WSC_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#define PROXY_DEFAULT_PORT	1080	/* as curl's */

struct proxy {
	char	*host;		/* lower-cased; IPv6 without brackets */
	bool	 ipv6;
	int	 port;
	char	*user;		/* percent-decoded, or NULL */
	char	*password;	/* percent-decoded, or NULL */
};

/* Looks up an environment variable (getenv, or a table in tests). */
typedef const char *(*proxy_getenv_fn)(const char *name);

/*
 * Parses "[http://][USER[:PASS]@]HOST[:PORT][/]" into p (p NULL: only
 * validate).  Returns 0, or -1 with a one-line reason in err and p empty.
 */
int	proxy_parse(const char *s, struct proxy *p, char *err, size_t errlen);
/* Releases p's strings and zeroes it. */
void	proxy_free(struct proxy *p);
/*
 * The proxy URL the environment gives for a connection to host (a
 * lower-cased name or an IP address without brackets): https_proxy or
 * HTTPS_PROXY for tls, http_proxy or HTTP_PROXY otherwise, then all_proxy
 * or ALL_PROXY; NULL when none is set (empty counts as unset) or no_proxy
 * (NO_PROXY) matches host.  *var is set to the variable's name.
 */
const char *proxy_from_env(bool tls, const char *host, proxy_getenv_fn get,
	    const char **var);
/*
 * True when the no_proxy list (comma or space separated) matches host:
 * "*", a domain ("example.com" or ".example.com" matches it and its
 * subdomains), an IP address, or an IPv4/IPv6 CIDR block ("10.0.0.0/8").
 * Case-insensitive.
 */
bool	proxy_no_proxy_match(const char *list, const char *host);
/*
 * Writes p as libwebsockets wants it ("user:pass@host:port", IPv6 in
 * brackets) into buf.  Returns the length, or -1 when it does not fit or
 * the credentials are too long for lws (95 bytes).
 */
int	proxy_lws_address(const struct proxy *p, char *buf, size_t len);

#endif
