/*
 * Wait conditions that end a session on what it receives: -n/--count N
 * messages, or --until REGEX (POSIX ERE, byte by byte as in the C locale)
 * matching a message; with both, the N-th matching message.  Pure: libc
 * only.
 */
#ifndef WSC_WAITCOND_H
#define WSC_WAITCOND_H

#include <locale.h>
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct waitcond {
	unsigned long	 count;		/* messages wanted; 0: no condition */
	bool		 has_regex;
	regex_t		 re;
	locale_t	 c_locale;	/* where re is compiled and run */
	unsigned long	 seen;		/* messages received */
	unsigned long	 matched;	/* of which counted (matching) */
	bool		 met;
	bool		 in_msg;
	struct buf	 msg;		/* the message so far (regex only) */
};

/*
 * Sets w up for count messages (0 with a regex means 1) and an optional
 * regex.  Neither given: an inactive condition.  Returns 0, or -1 with the
 * reason in err (a bad regex).
 */
int	waitcond_init(struct waitcond *w, unsigned long count,
	    const char *regex, char *err, size_t errlen);
/* True when a condition was given. */
bool	waitcond_active(const struct waitcond *w);
/*
 * Feeds a chunk of a received message (final: the message ends with it).
 * Returns 1 when the condition became met with this message, 0 when not
 * (or not yet known), -1 when out of memory.
 */
int	waitcond_feed(struct waitcond *w, const void *p, size_t n, bool final);
/* Forgets a partial message (the connection that carried it is gone). */
void	waitcond_reset_msg(struct waitcond *w);
/* Releases w's storage. */
void	waitcond_free(struct waitcond *w);

#endif
