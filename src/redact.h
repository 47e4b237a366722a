/*
 * Secret redaction for diagnostics: header values that carry credentials
 * (Authorization, Proxy-Authorization, Cookie, Set-Cookie) and passwords
 * in URL userinfo are replaced by REDACT_MARK unless --show-secrets.
 * Pure: libc only.  Every function appends to out and keeps it
 * NUL-terminated (the NUL is not counted in out->len).
 */
#ifndef WSC_REDACT_H
#define WSC_REDACT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define REDACT_MARK	"[redacted]"

/* True when the header name (n bytes, any case) carries a secret. */
bool	redact_is_secret_header(const char *name, size_t n);
/*
 * Appends the header line "Name: value" (n bytes, no CRLF) to out with a
 * secret value redacted: for the two Authorization headers the scheme is
 * kept ("Basic [redacted]"), for cookies the whole value goes.  show
 * copies the line unchanged.  Returns 0, or -1 when out of memory.
 */
int	redact_header(struct buf *out, const char *line, size_t n, bool show);
/*
 * Appends url to out with the password of its userinfo, if any, redacted
 * ("ws://alice:[redacted]@host/"); show copies it unchanged.  Returns 0,
 * or -1 when out of memory.
 */
int	redact_url(struct buf *out, const char *url, bool show);
/*
 * Appends a user:password pair (as given to -u or a proxy) to out with the
 * password redacted ("alice:[redacted]").  Returns 0, or -1.
 */
int	redact_userpass(struct buf *out, const char *userpass, bool show);

#endif
