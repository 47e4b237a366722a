/* Wait conditions over received messages: a count and a POSIX ERE. */
#include <string.h>

#include "waitcond.h"

int
waitcond_init(struct waitcond *w, unsigned long count, const char *regex,
    char *err, size_t errlen)
{
	int	 e;

	memset(w, 0, sizeof(*w));
	if (regex != NULL) {
		e = regcomp(&w->re, regex, REG_EXTENDED | REG_NOSUB);
		if (e != 0) {
			if (errlen > 0)
				regerror(e, &w->re, err, errlen);
			return -1;
		}
		w->has_regex = true;
		if (count == 0)
			count = 1;
	}
	w->count = count;
	return 0;
}

bool
waitcond_active(const struct waitcond *w)
{
	return w->count > 0;
}

/* Matches the whole message, NUL bytes included (REG_STARTEND). */
static bool
matches(struct waitcond *w)
{
	regmatch_t	 m;

	if (buf_putc(&w->msg, '\0') == -1)
		return false;
	w->msg.len--;
	m.rm_so = 0;
	m.rm_eo = (regoff_t)w->msg.len;
	return regexec(&w->re, (const char *)w->msg.data, 1, &m,
	    REG_STARTEND) == 0;
}

int
waitcond_feed(struct waitcond *w, const void *p, size_t n, bool final)
{
	bool	 hit = true;

	if (w->count == 0 || w->met)
		return 0;
	if (!w->in_msg) {
		w->in_msg = true;
		w->msg.len = 0;
	}
	if (w->has_regex && n > 0 && buf_append(&w->msg, p, n) == -1)
		return -1;
	if (!final)
		return 0;
	w->in_msg = false;
	w->seen++;
	if (w->has_regex) {
		hit = matches(w);
		w->msg.len = 0;
	}
	if (hit && ++w->matched >= w->count) {
		w->met = true;
		return 1;
	}
	return 0;
}

void
waitcond_reset_msg(struct waitcond *w)
{
	w->in_msg = false;
	w->msg.len = 0;
}

void
waitcond_free(struct waitcond *w)
{
	if (w->has_regex)
		regfree(&w->re);
	buf_free(&w->msg);
	memset(w, 0, sizeof(*w));
}
