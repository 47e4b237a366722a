/* User request headers: validation and header files (pure, libc only). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headers.h"

static int	 is_tchar(int);

/* RFC 7230 tchar: what a header name is made of. */
static int
is_tchar(int c)
{
	return c > 0 && c < 127 && (isalnum(c) || strchr("!#$%&'*+-.^_`|~", c));
}

int
headers_has_name(const char *p, size_t n, const char *name)
{
	size_t	 nlen = strlen(name);

	return n > nlen && p[nlen] == ':' && strncasecmp(p, name, nlen) == 0;
}

int
headers_check(const char *p, size_t n, char *err, size_t errlen)
{
	/* The handshake's own headers, and Host/Origin (use the URL, -o). */
	static const char *const reserved[] = {
		"host", "upgrade", "connection", "sec-websocket-key",
		"sec-websocket-version", "sec-websocket-protocol",
		"sec-websocket-extensions", "origin", "content-length",
		"transfer-encoding", NULL
	};
	const char	*colon;
	size_t		 i, nlen;
	unsigned char	 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c == '\r' || c == '\n' || c == '\0') {
			for (nlen = 0; nlen < n && is_tchar(
			    (unsigned char)p[nlen]); nlen++)
				continue;
			snprintf(err, errlen, "header '%.*s': contains %s",
			    (int)nlen, p, c == '\0' ? "NUL" : "CR or LF");
			return -1;
		}
	}
	if ((colon = memchr(p, ':', n)) == NULL) {
		snprintf(err, errlen, "header '%.*s': expected 'Name: value'",
		    (int)n, p);
		return -1;
	}
	nlen = (size_t)(colon - p);
	if (nlen == 0) {
		snprintf(err, errlen, "header '%.*s': empty name", (int)n, p);
		return -1;
	}
	for (i = 0; i < nlen; i++)
		if (!is_tchar((unsigned char)p[i])) {
			snprintf(err, errlen, "header '%.*s': invalid character "
			    "in name", (int)nlen, p);
			return -1;
		}
	for (i = 0; reserved[i] != NULL; i++)
		if (strlen(reserved[i]) == nlen &&
		    strncasecmp(reserved[i], p, nlen) == 0) {
			snprintf(err, errlen, "header '%.*s': set by wsc itself "
			    "(use the URL for Host, -s for subprotocols, -o for "
			    "Origin)", (int)nlen, p);
			return -1;
		}
	for (i = nlen + 1; i < n; i++)
		if ((unsigned char)p[i] < 0x20 && p[i] != '\t') {
			snprintf(err, errlen, "header '%.*s': control character "
			    "in value", (int)nlen, p);
			return -1;
		}
	return 0;
}

int
headers_parse_text(const char *text, size_t len, headers_line_cb cb,
    void *ctx, char *err, size_t errlen)
{
	char		 why[256];
	const char	*p = text, *end = text + len, *nl;
	size_t		 n, lineno = 0;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL ? nl : end) - p;
		if (n > 0 && p[n - 1] == '\r')
			n--;		/* CRLF ends a line like LF */
		if (n > 0 && p[0] != '#') {
			if (p[0] == ' ' || p[0] == '\t') {
				snprintf(err, errlen, "line %zu: starts with "
				    "white space (folded header lines are not "
				    "supported)", lineno);
				return -1;
			}
			if (headers_check(p, n, why, sizeof(why)) == -1) {
				snprintf(err, errlen, "line %zu: %s", lineno,
				    why);
				return -1;
			}
			if (cb(ctx, p, n) != 0) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

int
headers_load_file(const char *path, headers_line_cb cb, void *ctx,
    char *err, size_t errlen)
{
	char		 why[300];
	char		*text;
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd, rv;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "header file '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if ((text = malloc(HEADERS_FILE_MAX + 1)) == NULL) {
		close(fd);
		snprintf(err, errlen, "header file '%s': out of memory", path);
		return -1;
	}
	for (;;) {
		r = read(fd, text + len, HEADERS_FILE_MAX + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			snprintf(err, errlen, "header file '%s': %s", path,
			    strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > HEADERS_FILE_MAX) {
			snprintf(err, errlen, "header file '%s': larger than "
			    "%d bytes", path, HEADERS_FILE_MAX);
			goto fail;
		}
	}
	close(fd);
	rv = headers_parse_text(text, len, cb, ctx, why, sizeof(why));
	free(text);
	if (rv == -1)
		snprintf(err, errlen, "header file '%s': %s", path, why);
	return rv;
fail:
	close(fd);
	free(text);
	return -1;
}
