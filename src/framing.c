/*
 * Input framing: a byte stream into messages.  Messages that lie wholly
 * inside one chunk are handed to the callback straight from the caller's
 * data; only an unterminated tail is copied, to be completed by later
 * chunks.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "framing.h"

static int	 framing_sep(const struct framing *);
static size_t	 framing_trim(const struct framing *, const unsigned char *,
		    size_t);
static int	 framing_check(struct framing *, size_t, int);
static int	 framing_complete(struct framing *, const unsigned char *,
		    size_t, framing_cb, void *);

static int
framing_sep(const struct framing *f)
{
	return f->mode == FRAMING_NUL ? '\0' : '\n';
}

/* Returns the length of the message p[0..n) without its CR in line mode. */
static size_t
framing_trim(const struct framing *f, const unsigned char *p, size_t n)
{
	if (f->mode == FRAMING_LINE && n > 0 && p[n - 1] == '\r')
		return n - 1;
	return n;
}

/*
 * Checks that a message of n bytes whose last byte is last can be within
 * the limit: in line mode a final CR is (or may yet turn out to be) the one
 * dropped before LF.  Drops the partial data on failure.
 */
static int
framing_check(struct framing *f, size_t n, int last)
{
	if (f->max == 0 || n <= f->max)
		return 0;
	if (f->mode == FRAMING_LINE && last == '\r' && n - 1 <= f->max)
		return 0;
	f->partial.len = 0;
	errno = EMSGSIZE;
	return -1;
}

/* Completes the partial message with p[0..n) and delivers it. */
static int
framing_complete(struct framing *f, const unsigned char *p, size_t n,
    framing_cb cb, void *ctx)
{
	size_t	 len;
	int	 rc, last;

	/* The CR before LF may be the partial data's last byte. */
	last = n > 0 ? p[n - 1] : f->partial.data[f->partial.len - 1];
	if (framing_check(f, f->partial.len + n, last) == -1)
		return -1;
	if (buf_append(&f->partial, p, n) == -1) {
		f->partial.len = 0;
		errno = ENOMEM;
		return -1;
	}
	len = framing_trim(f, f->partial.data, f->partial.len);
	rc = cb(ctx, f->partial.data, len);
	f->partial.len = 0;
	return rc;
}

/* Sets f up for mode with a message limit of max bytes (0: none). */
void
framing_init(struct framing *f, enum framing_mode mode, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->mode = mode;
	f->max = max;
}

/*
 * Splits data into messages for cb and keeps the unterminated tail.
 * Returns 0; cb's non-zero return (the rest of data is then dropped); or -1
 * with errno EMSGSIZE or ENOMEM.
 */
int
framing_feed(struct framing *f, const unsigned char *data, size_t len,
    framing_cb cb, void *ctx)
{
	const unsigned char	*p = data, *end, *sep;
	size_t			 n;
	int			 c = framing_sep(f), rc;

	if (len == 0)
		return 0;
	end = data + len;
	if (f->partial.len > 0) {
		if ((sep = memchr(p, c, len)) == NULL)
			goto tail;
		if ((rc = framing_complete(f, p, (size_t)(sep - p), cb,
		    ctx)) != 0)
			return rc;
		p = sep + 1;
	}
	while (p < end && (sep = memchr(p, c, (size_t)(end - p))) != NULL) {
		n = framing_trim(f, p, (size_t)(sep - p));
		if (f->max != 0 && n > f->max) {
			errno = EMSGSIZE;
			return -1;
		}
		if ((rc = cb(ctx, p, n)) != 0)
			return rc;
		p = sep + 1;
	}
	if (p == end)
		return 0;

tail:
	n = (size_t)(end - p);
	if (n > SIZE_MAX - f->partial.len ||
	    framing_check(f, f->partial.len + n, end[-1]) == -1)
		return -1;
	if (buf_append(&f->partial, p, n) == -1) {
		f->partial.len = 0;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * Ends the input, delivering a non-empty unterminated message (in line
 * mode without a final CR).  Returns as framing_feed.
 */
int
framing_finish(struct framing *f, framing_cb cb, void *ctx)
{
	size_t	 len;
	int	 rc;

	if (f->partial.len == 0)
		return 0;
	len = framing_trim(f, f->partial.data, f->partial.len);
	if (f->max != 0 && len > f->max) {
		f->partial.len = 0;
		errno = EMSGSIZE;
		return -1;
	}
	rc = cb(ctx, f->partial.data, len);
	f->partial.len = 0;
	return rc;
}

/* Releases f's storage. */
void
framing_free(struct framing *f)
{
	buf_free(&f->partial);
}
