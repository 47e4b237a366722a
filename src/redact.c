/* Which parts of headers and URLs are secrets, and their redaction. */
#include <string.h>
#include <strings.h>

#include "redact.h"

static int	 finish(struct buf *);

static const char *const secret_headers[] = {
	"authorization", "proxy-authorization", "cookie", "set-cookie", NULL
};

/* Keeps out NUL-terminated without counting the NUL. */
static int
finish(struct buf *out)
{
	if (buf_putc(out, '\0') == -1)
		return -1;
	out->len--;
	return 0;
}

bool
redact_is_secret_header(const char *name, size_t n)
{
	size_t	 i;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	for (i = 0; secret_headers[i] != NULL; i++)
		if (strlen(secret_headers[i]) == n &&
		    strncasecmp(secret_headers[i], name, n) == 0)
			return true;
	return false;
}

int
redact_header(struct buf *out, const char *line, size_t n, bool show)
{
	const char	*colon, *v, *end = line + n, *sp;

	colon = memchr(line, ':', n);
	if (show || colon == NULL ||
	    !redact_is_secret_header(line, (size_t)(colon - line)))
		return buf_append(out, line, n) == -1 ? -1 : finish(out);
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	if (buf_append(out, line, (size_t)(v - line)) == -1)
		return -1;
	/* "Authorization: Basic xyz": the scheme is no secret. */
	if (strncasecmp(line, "cookie", 6) != 0 &&
	    strncasecmp(line, "set-cookie", 10) != 0 &&
	    (sp = memchr(v, ' ', (size_t)(end - v))) != NULL && sp + 1 < end &&
	    buf_append(out, v, (size_t)(sp + 1 - v)) == -1)
		return -1;
	if (v < end && buf_append(out, REDACT_MARK, strlen(REDACT_MARK)) == -1)
		return -1;
	return finish(out);
}

int
redact_url(struct buf *out, const char *url, bool show)
{
	const char	*auth, *end, *at, *colon, *p;

	auth = strstr(url, "://");
	auth = auth != NULL ? auth + 3 : url;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (show || at == NULL ||
	    (colon = memchr(auth, ':', (size_t)(at - auth))) == NULL)
		return buf_append(out, url, strlen(url)) == -1 ? -1 :
		    finish(out);
	if (buf_append(out, url, (size_t)(colon + 1 - url)) == -1 ||
	    buf_append(out, REDACT_MARK, strlen(REDACT_MARK)) == -1 ||
	    buf_append(out, at, strlen(at)) == -1)
		return -1;
	return finish(out);
}

int
redact_userpass(struct buf *out, const char *userpass, bool show)
{
	const char	*colon = strchr(userpass, ':');

	if (show || colon == NULL)
		return buf_append(out, userpass, strlen(userpass)) == -1 ? -1 :
		    finish(out);
	if (buf_append(out, userpass, (size_t)(colon + 1 - userpass)) == -1 ||
	    buf_append(out, REDACT_MARK, strlen(REDACT_MARK)) == -1)
		return -1;
	return finish(out);
}
