/*
 * Strict WebSocket URL parsing, after the browser's WebSocket constructor
 * (the WHATWG URL rules for the special schemes ws and wss), refusing what
 * the browser refuses and what would be ambiguous on a command line.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "url.h"

#define QUOTE_MAX	48	/* bytes of user text quoted in a message */
#define QUOTE_BUF	(QUOTE_MAX * 4 + 4)

static void	 url_seterr(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static const char *url_quote(char *, size_t, const char *, size_t);
static bool	 url_isalpha(int);
static bool	 url_isdigit(int);
static bool	 url_ascii_eq(const char *, size_t, const char *);
static int	 url_check_chars(const char *, char *, size_t);
static int	 url_parse_scheme(const char *, const char **, bool *, char *,
		    size_t);
static char	*url_decode(const char *, size_t, const char *, char *,
		    size_t);
static int	 url_parse_userinfo(const char *, size_t, struct url *, char *,
		    size_t);
static int	 url_parse_ipv6(const char *, const char *, const char **,
		    struct url *, char *, size_t);
static bool	 url_looks_ipv6(const char *, const char *);
static bool	 url_ends_in_number(const char *, size_t);
static int	 url_parse_name(const char *, size_t, struct url *, char *,
		    size_t);
static int	 url_parse_port(const char *, size_t, struct url *, char *,
		    size_t);
static bool	 url_must_encode(unsigned char, bool);
static char	*url_encode_path(const char *);
static void	 url_wipe(char *);

static void
url_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Copies s[0..n) into dst for quoting in a message: bytes outside printable
 * ASCII as \xNN (the caller prints err to a terminal), at most QUOTE_MAX
 * bytes of input, "..." when cut short.
 */
static const char *
url_quote(char *dst, size_t dstlen, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, o = 0;
	unsigned char		 c;

	for (i = 0; i < n && i < QUOTE_MAX && o + 5 < dstlen; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f) {
			dst[o++] = (char)c;
			continue;
		}
		dst[o++] = '\\';
		dst[o++] = 'x';
		dst[o++] = hex[c >> 4];
		dst[o++] = hex[c & 0xf];
	}
	if (i < n && o + 4 < dstlen) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}

static bool
url_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
url_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/* Compares s[0..n) with the lower-case word w, ignoring ASCII case. */
static bool
url_ascii_eq(const char *s, size_t n, const char *w)
{
	size_t	 i;
	int	 c;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != w[i])
			return false;
	}
	return true;
}

/* Refuses spaces, control characters and backslashes anywhere in s. */
static int
url_check_chars(const char *s, char *err, size_t errlen)
{
	size_t		 i;
	unsigned char	 c;

	for (i = 0; s[i] != '\0'; i++) {
		c = (unsigned char)s[i];
		if (c == ' ') {
			url_seterr(err, errlen,
			    "space at offset %zu (write it as %%20)", i);
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			url_seterr(err, errlen,
			    "control character 0x%02x at offset %zu", c, i);
			return -1;
		}
		/* The browser reads '\' as '/' in ws URLs; we say so. */
		if (c == '\\') {
			url_seterr(err, errlen,
			    "backslash at offset %zu (use '/')", i);
			return -1;
		}
	}
	return 0;
}

/* Parses "scheme:" at s, setting *tls and *rest to what follows the colon. */
static int
url_parse_scheme(const char *s, const char **rest, bool *tls, char *err,
    size_t errlen)
{
	char	 q[QUOTE_BUF];
	size_t	 n = 0;

	if (url_isalpha((unsigned char)s[0])) {
		for (n = 1; url_isalpha((unsigned char)s[n]) ||
		    url_isdigit((unsigned char)s[n]) || s[n] == '+' ||
		    s[n] == '-' || s[n] == '.'; n++)
			;
	}
	if (n == 0 || s[n] != ':') {
		url_seterr(err, errlen,
		    "missing scheme in '%s' (use ws:// or wss://)",
		    url_quote(q, sizeof(q), s, strlen(s)));
		return -1;
	}
	if (url_ascii_eq(s, n, "ws") || url_ascii_eq(s, n, "http"))
		*tls = false;
	else if (url_ascii_eq(s, n, "wss") || url_ascii_eq(s, n, "https"))
		*tls = true;
	else {
		url_seterr(err, errlen,
		    "unsupported scheme '%s' (use ws or wss)",
		    url_quote(q, sizeof(q), s, n));
		return -1;
	}
	*rest = s + n + 1;
	return 0;
}

/*
 * Percent-decodes s[0..n) into a new string; what names the part in
 * messages.  Returns NULL with err set on a bad escape or a NUL byte.
 */
static char *
url_decode(const char *s, size_t n, const char *what, char *err,
    size_t errlen)
{
	char	 q[QUOTE_BUF];
	char	*out;
	size_t	 i, o = 0;
	int	 hi, lo;

	if ((out = malloc(n + 1)) == NULL) {
		url_seterr(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		hi = i + 1 < n ? hex_digit((unsigned char)s[i + 1]) : -1;
		lo = i + 2 < n ? hex_digit((unsigned char)s[i + 2]) : -1;
		if (hi == -1 || lo == -1) {
			url_seterr(err, errlen, "bad percent-escape '%s' in %s "
			    "(write '%%' as %%25)", url_quote(q, sizeof(q),
			    s + i, n - i < 3 ? n - i : 3), what);
			free(out);
			return NULL;
		}
		if (hi == 0 && lo == 0) {
			url_seterr(err, errlen, "%%00 not allowed in %s", what);
			free(out);
			return NULL;
		}
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[o] = '\0';
	return out;
}

/* Splits userinfo s[0..n) into u->user and u->password, decoded. */
static int
url_parse_userinfo(const char *s, size_t n, struct url *u, char *err,
    size_t errlen)
{
	const char	*colon;
	size_t		 ulen;

	if (n == 0)
		return 0;
	colon = memchr(s, ':', n);
	ulen = colon != NULL ? (size_t)(colon - s) : n;
	if ((u->user = url_decode(s, ulen, "user name", err, errlen)) == NULL)
		return -1;
	/* RFC 7617: Basic auth cannot carry a user-id containing a colon. */
	if (strchr(u->user, ':') != NULL) {
		url_seterr(err, errlen, "':' (%%3A) not allowed in user name");
		return -1;
	}
	if (colon != NULL && (u->password = url_decode(colon + 1,
	    n - ulen - 1, "password", err, errlen)) == NULL)
		return -1;
	return 0;
}

/*
 * Parses the bracketed IPv6 literal at s (s[0] is '['), no further than
 * end; sets *next past the ']'.
 */
static int
url_parse_ipv6(const char *s, const char *end, const char **next,
    struct url *u, char *err, size_t errlen)
{
	struct in6_addr	 a;
	char		 q[QUOTE_BUF];
	const char	*close;
	size_t		 i, n;

	if ((close = memchr(s, ']', (size_t)(end - s))) == NULL) {
		url_seterr(err, errlen, "missing ']' after IPv6 address '%s'",
		    url_quote(q, sizeof(q), s, (size_t)(end - s)));
		return -1;
	}
	n = (size_t)(close - s - 1);
	if (memchr(s + 1, '%', n) != NULL) {
		url_seterr(err, errlen,
		    "IPv6 zone identifier not supported ('%s')",
		    url_quote(q, sizeof(q), s, n + 2));
		return -1;
	}
	if ((u->host = strndup(s + 1, n)) == NULL) {
		url_seterr(err, errlen, "out of memory");
		return -1;
	}
	if (n == 0 || inet_pton(AF_INET6, u->host, &a) != 1) {
		url_seterr(err, errlen, "invalid IPv6 address '%s'",
		    url_quote(q, sizeof(q), s, n + 2));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (u->host[i] >= 'A' && u->host[i] <= 'Z')
			u->host[i] += 'a' - 'A';
	if (close + 1 < end && close[1] != ':') {
		url_seterr(err, errlen, "unexpected '%s' after IPv6 address",
		    url_quote(q, sizeof(q), close + 1,
		    (size_t)(end - close - 1)));
		return -1;
	}
	u->ipv6 = true;
	*next = close + 1;
	return 0;
}

/*
 * True when the unbracketed host and port s..end has two colons and hex
 * digits before the first: an IPv6 address rather than a bad port.
 */
static bool
url_looks_ipv6(const char *s, const char *end)
{
	const char	*colon;

	if ((colon = memchr(s, ':', (size_t)(end - s))) == NULL ||
	    memchr(colon + 1, ':', (size_t)(end - colon - 1)) == NULL)
		return false;
	for (; s < colon; s++)
		if (hex_digit((unsigned char)*s) == -1)
			return false;
	return true;
}

/*
 * True when the last label of s[0..n) (a final dot aside) is a number,
 * decimal or 0x hex: the browser then parses the host as IPv4.
 */
static bool
url_ends_in_number(const char *s, size_t n)
{
	size_t	 i, start;

	if (n > 0 && s[n - 1] == '.')
		n--;
	for (start = n; start > 0 && s[start - 1] != '.'; start--)
		;
	if (start == n)
		return false;
	if (n - start >= 2 && s[start] == '0' &&
	    (s[start + 1] == 'x' || s[start + 1] == 'X')) {
		for (i = start + 2; i < n; i++)
			if (hex_digit((unsigned char)s[i]) == -1)
				return false;
		return true;
	}
	for (i = start; i < n; i++)
		if (!url_isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Parses the host name or IPv4 address s[0..n) into u->host, lower-cased. */
static int
url_parse_name(const char *s, size_t n, struct url *u, char *err,
    size_t errlen)
{
	struct in_addr	 a;
	char		 q[QUOTE_BUF];
	size_t		 i, label = 0;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			url_seterr(err, errlen,
			    "non-ASCII host '%s' (use its xn-- form)",
			    url_quote(q, sizeof(q), s, n));
			return -1;
		}
		if (c == '%') {
			url_seterr(err, errlen,
			    "percent-escape not allowed in host '%s'",
			    url_quote(q, sizeof(q), s, n));
			return -1;
		}
		if (!url_isalpha(c) && !url_isdigit(c) && c != '-' &&
		    c != '.' && c != '_') {
			url_seterr(err, errlen, "invalid character '%c' in "
			    "host '%s'", c, url_quote(q, sizeof(q), s, n));
			return -1;
		}
		if (c == '.' && (i == 0 || s[i - 1] == '.')) {
			url_seterr(err, errlen, "empty label in host '%s'",
			    url_quote(q, sizeof(q), s, n));
			return -1;
		}
		if (c != '.' && i >= label + 63) {
			url_seterr(err, errlen, "a label of host '%s' is "
			    "longer than 63 characters", url_quote(q,
			    sizeof(q), s, n));
			return -1;
		}
		if (c == '.')
			label = i + 1;
	}
	if (n - (n > 0 && s[n - 1] == '.') > 253) {
		/* No DNS name is longer: refuse it before any lookup. */
		url_seterr(err, errlen, "host '%s' is longer than 253 "
		    "characters", url_quote(q, sizeof(q), s, n));
		return -1;
	}
	if (url_ends_in_number(s, n)) {
		/* Like the browser, but only the dotted-quad form. */
		if (s[n - 1] == '.')
			n--;
		if ((u->host = strndup(s, n)) == NULL) {
			url_seterr(err, errlen, "out of memory");
			return -1;
		}
		if (inet_pton(AF_INET, u->host, &a) != 1) {
			url_seterr(err, errlen, "invalid IPv4 address '%s'",
			    url_quote(q, sizeof(q), s, n));
			return -1;
		}
		return 0;
	}
	if ((u->host = strndup(s, n)) == NULL) {
		url_seterr(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (u->host[i] >= 'A' && u->host[i] <= 'Z')
			u->host[i] += 'a' - 'A';
	return 0;
}

/* Parses the decimal port s[0..n) into u->port. */
static int
url_parse_port(const char *s, size_t n, struct url *u, char *err,
    size_t errlen)
{
	char	 q[QUOTE_BUF];
	size_t	 i;
	long	 port = 0;

	if (n == 0) {
		url_seterr(err, errlen, "missing port after ':'");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!url_isdigit((unsigned char)s[i])) {
			url_seterr(err, errlen,
			    "invalid port '%s' (use 1-65535)",
			    url_quote(q, sizeof(q), s, n));
			return -1;
		}
		if (port <= 65535)
			port = port * 10 + (s[i] - '0');
	}
	if (port < 1 || port > 65535) {
		url_seterr(err, errlen, "port '%s' out of range (1-65535)",
		    url_quote(q, sizeof(q), s, n));
		return -1;
	}
	u->port = (int)port;
	u->port_given = true;
	return 0;
}

/*
 * The browser's path and query percent-encode sets, less what we refuse
 * outright (controls, space, '#').
 */
static bool
url_must_encode(unsigned char c, bool query)
{
	if (c >= 0x80 || c == '"' || c == '<' || c == '>')
		return true;
	if (query)
		return c == '\'';
	return c == '`' || c == '{' || c == '}';
}

/* Returns s percent-encoded as the browser would, or NULL on ENOMEM. */
static char *
url_encode_path(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	char			*out, *o;
	size_t			 n = 0;
	bool			 query = false;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '?')
			query = true;
		n += url_must_encode(*p, query) ? 3 : 1;
	}
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	query = false;
	for (p = (const unsigned char *)s, o = out; *p != '\0'; p++) {
		if (*p == '?')
			query = true;
		if (url_must_encode(*p, query)) {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0xf];
		} else
			*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

static void
url_wipe(char *s)
{
	volatile char	*p = s;

	if (s == NULL)
		return;
	while (*p != '\0')
		*p++ = '\0';
}

/*
 * Parses s into u (whose strings the caller releases with url_free).
 * Returns 0, or -1 with a one-line reason in err and u left empty.
 */
int
url_parse(const char *s, struct url *u, char *err, size_t errlen)
{
	char		 q[QUOTE_BUF];
	const char	*p, *auth, *end, *at, *host, *hend, *c;
	char		*path;

	memset(u, 0, sizeof(*u));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (s == NULL || *s == '\0') {
		url_seterr(err, errlen, "empty URL");
		return -1;
	}
	if (url_check_chars(s, err, errlen) == -1 ||
	    url_parse_scheme(s, &p, &u->tls, err, errlen) == -1)
		goto fail;
	if (p[0] != '/' || p[1] != '/') {
		url_seterr(err, errlen, "missing '//' after '%s'",
		    url_quote(q, sizeof(q), s, (size_t)(p - s)));
		goto fail;
	}
	auth = p + 2;
	if ((c = strchr(auth, '#')) != NULL) {
		url_seterr(err, errlen, "fragment not allowed ('%s')",
		    url_quote(q, sizeof(q), c, strlen(c)));
		goto fail;
	}
	end = auth + strcspn(auth, "/?");

	/* The last '@' ends the userinfo, as in the browser. */
	at = NULL;
	for (c = auth; c < end; c++)
		if (*c == '@')
			at = c;
	host = auth;
	if (at != NULL) {
		if (url_parse_userinfo(auth, (size_t)(at - auth), u, err,
		    errlen) == -1)
			goto fail;
		host = at + 1;
	}

	if (host == end) {
		url_seterr(err, errlen, "missing host");
		goto fail;
	}
	if (*host == '[') {
		if (url_parse_ipv6(host, end, &hend, u, err, errlen) == -1)
			goto fail;
	} else {
		hend = memchr(host, ':', (size_t)(end - host));
		if (hend != NULL && url_looks_ipv6(host, end)) {
			url_seterr(err, errlen,
			    "IPv6 address must be in brackets");
			goto fail;
		}
		if (hend == NULL)
			hend = end;
		if (hend == host) {
			url_seterr(err, errlen, "missing host");
			goto fail;
		}
		if (url_parse_name(host, (size_t)(hend - host), u, err,
		    errlen) == -1)
			goto fail;
	}
	if (hend < end) {
		if (url_parse_port(hend + 1, (size_t)(end - hend - 1), u, err,
		    errlen) == -1)
			goto fail;
	} else
		u->port = u->tls ? 443 : 80;

	if (*end == '?') {
		if ((path = malloc(strlen(end) + 2)) == NULL) {
			url_seterr(err, errlen, "out of memory");
			goto fail;
		}
		path[0] = '/';
		memcpy(path + 1, end, strlen(end) + 1);
		u->path = url_encode_path(path);
		free(path);
	} else
		u->path = url_encode_path(*end == '\0' ? "/" : end);
	if (u->path == NULL) {
		url_seterr(err, errlen, "out of memory");
		goto fail;
	}
	return 0;

fail:
	url_free(u);
	return -1;
}

/* Releases the strings of u, wiping the password first, and zeroes u. */
void
url_free(struct url *u)
{
	url_wipe(u->password);
	free(u->host);
	free(u->path);
	free(u->user);
	free(u->password);
	memset(u, 0, sizeof(*u));
}

/*
 * Writes the Host header value (default port omitted, IPv6 bracketed) into
 * buf; returns its length, or -1 when it does not fit or u has no host.
 */
int
url_host_header(const struct url *u, char *buf, size_t len)
{
	const char	*open, *close;
	int		 n;

	if (u->host == NULL)
		return -1;
	open = u->ipv6 ? "[" : "";
	close = u->ipv6 ? "]" : "";
	if (u->port == (u->tls ? 443 : 80))
		n = snprintf(buf, len, "%s%s%s", open, u->host, close);
	else
		n = snprintf(buf, len, "%s%s%s:%d", open, u->host, close,
		    u->port);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}
