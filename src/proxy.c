/* Proxy URL, environment and no_proxy rules (pure, libc only). */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxy.h"
#include "url.h"

#define LWS_PROXY_AUTH_MAX	95	/* lws_set_proxy()'s authstring */

static bool	 match_entry(const char *, size_t, const char *);
static bool	 match_cidr(const char *, size_t, const char *);
static int	 parse_ip(const char *, unsigned char *);
static bool	 is_scheme(const char *, const char *);

/* s..end is an RFC 3986 scheme: a letter, then letters, digits, + - . */
static bool
is_scheme(const char *s, const char *end)
{
	const char	*p;

	if (s == end || !isalpha((unsigned char)*s))
		return false;
	for (p = s; p < end; p++)
		if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' &&
		    *p != '.')
			return false;
	return true;
}

int
proxy_parse(const char *s, struct proxy *p, char *err, size_t errlen)
{
	struct url	 u;
	const char	*sep;
	char		*full;
	char		 why[256];
	size_t		 n;
	int		 rv;

	if (p != NULL)
		memset(p, 0, sizeof(*p));
	if ((sep = strstr(s, "://")) != NULL && is_scheme(s, sep)) {
		n = (size_t)(sep - s);
		if (n != 4 || strncasecmp(s, "http", 4) != 0) {
			snprintf(err, errlen, "'%.*s://': only http:// proxies "
			    "are supported (no HTTPS or SOCKS proxies)",
			    n > 16 ? 16 : (int)n, s);
			return -1;
		}
		s = sep + 3;
	}
	if (*s == '\0') {
		snprintf(err, errlen, "no proxy host");
		return -1;
	}
	n = strlen(s) + 8;
	if ((full = malloc(n)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(full, n, "http://%s", s);
	rv = url_parse(full, &u, why, sizeof(why));
	free(full);
	if (rv == -1) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (strcmp(u.path, "/") != 0) {
		snprintf(err, errlen, "a proxy URL has no path or query");
		url_free(&u);
		return -1;
	}
	if (p != NULL) {
		p->host = u.host;
		p->ipv6 = u.ipv6;
		p->port = u.port_given ? u.port : PROXY_DEFAULT_PORT;
		p->user = u.user;
		p->password = u.password;
		u.host = u.user = u.password = NULL;
	}
	url_free(&u);
	return 0;
}

void
proxy_free(struct proxy *p)
{
	free(p->host);
	free(p->user);
	if (p->password != NULL) {
		explicit_bzero(p->password, strlen(p->password));
		free(p->password);
	}
	memset(p, 0, sizeof(*p));
}

const char *
proxy_from_env(bool tls, const char *host, proxy_getenv_fn get,
    const char **var)
{
	static const char *const tls_vars[] = {
		"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", NULL
	};
	static const char *const plain_vars[] = {
		"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", NULL
	};
	const char *const	*v = tls ? tls_vars : plain_vars;
	const char		*val = NULL, *np;

	for (; *v != NULL; v++)
		if ((val = get(*v)) != NULL && *val != '\0')
			break;
	if (*v == NULL)
		return NULL;
	if (var != NULL)
		*var = *v;
	if (((np = get("no_proxy")) != NULL && *np != '\0') ||
	    ((np = get("NO_PROXY")) != NULL && *np != '\0'))
		if (proxy_no_proxy_match(np, host))
			return NULL;
	return val;
}

/* Parses an IPv4 or IPv6 address into a (16 bytes); returns 4, 16 or 0. */
static int
parse_ip(const char *s, unsigned char *a)
{
	if (inet_pton(AF_INET, s, a) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, a) == 1)
		return 16;
	return 0;
}

/* host is inside the block e[0..n) ("10.0.0.0/8", "::1/128"). */
static bool
match_cidr(const char *e, size_t n, const char *host)
{
	unsigned char	 net[16], h[16];
	char		 buf[64], *slash, *end;
	long		 bits;
	int		 fam, i;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, e, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	*slash = '\0';
	if (!isdigit((unsigned char)slash[1]))
		return false;
	bits = strtol(slash + 1, &end, 10);
	if (*end != '\0' || (fam = parse_ip(buf, net)) == 0 ||
	    parse_ip(host, h) != fam || bits > fam * 8)
		return false;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (net[i] != h[i])
			return false;
	return bits == 0 ||
	    ((net[i] ^ h[i]) & (unsigned char)(0xff << (8 - bits))) == 0;
}

/* One no_proxy entry e[0..n) against host. */
static bool
match_entry(const char *e, size_t n, const char *host)
{
	unsigned char	 a[16], b[16];
	char		 buf[256];
	size_t		 hlen = strlen(host);
	int		 fam;

	if (n == 1 && e[0] == '*')
		return true;
	if (memchr(e, '/', n) != NULL)
		return match_cidr(e, n, host);
	if (n >= 2 && e[0] == '[' && e[n - 1] == ']') {
		e++;
		n -= 2;
	}
	if (n > 0 && n < sizeof(buf)) {
		memcpy(buf, e, n);
		buf[n] = '\0';
		if ((fam = parse_ip(buf, a)) != 0)
			return parse_ip(host, b) == fam &&
			    memcmp(a, b, (size_t)fam) == 0;
	}
	if (n > 0 && e[0] == '.') {
		e++;
		n--;
	}
	if (n == 0 || n > hlen)
		return false;
	if (strncasecmp(host + hlen - n, e, n) != 0)
		return false;
	return n == hlen || host[hlen - n - 1] == '.';
}

bool
proxy_no_proxy_match(const char *list, const char *host)
{
	const char	*p = list;
	size_t		 n;

	for (;;) {
		p += strspn(p, ", \t");
		if (*p == '\0')
			return false;
		n = strcspn(p, ", \t");
		if (match_entry(p, n, host))
			return true;
		p += n;
	}
}

int
proxy_lws_address(const struct proxy *p, char *buf, size_t len)
{
	int	 n;

	if (p->user != NULL && strlen(p->user) + 1 + (p->password ?
	    strlen(p->password) : 0) > LWS_PROXY_AUTH_MAX)
		return -1;
	n = snprintf(buf, len, "%s%s%s%s%s%s%s:%d", p->user ? p->user : "",
	    p->password ? ":" : "", p->password ? p->password : "",
	    p->user ? "@" : "", p->ipv6 ? "[" : "", p->host,
	    p->ipv6 ? "]" : "", p->port);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}
