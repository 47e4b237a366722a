/*
 * Input framing: a byte stream into messages, one per LF-terminated line
 * (a trailing CR dropped) or per NUL-terminated record, carrying partial
 * data across reads.  Pure: libc only.
 */
#ifndef WSC_FRAMING_H
#define WSC_FRAMING_H

#include <stddef.h>

#include "buf.h"

enum framing_mode {
	FRAMING_LINE,	/* split on LF; drop one CR before it */
	FRAMING_NUL	/* split on NUL */
};

struct framing {
	enum framing_mode mode;
	size_t		 max;		/* largest message; 0 means no limit */
	struct buf	 partial;	/* an unterminated message so far */
};

/* Called once per complete message; a non-zero return stops the feed. */
typedef int (*framing_cb)(void *ctx, const unsigned char *msg, size_t len);

/* Sets f up for mode with a message limit of max bytes (0: none). */
void	framing_init(struct framing *f, enum framing_mode mode, size_t max);
/*
 * Splits data into messages and calls cb for each complete one, in order;
 * data after the last separator is kept for the next call.  Returns 0; the
 * callback's non-zero return; or -1 with errno EMSGSIZE when a message
 * exceeds max (ENOMEM when memory runs out).
 */
int	framing_feed(struct framing *f, const unsigned char *data, size_t len,
	    framing_cb cb, void *ctx);
/*
 * Ends the input: a non-empty unterminated message is delivered (a line
 * without its final newline is still a message).  Returns as framing_feed.
 */
int	framing_finish(struct framing *f, framing_cb cb, void *ctx);
/* Releases f's storage. */
void	framing_free(struct framing *f);

#endif
