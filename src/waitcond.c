/* Wait conditions over received messages: a count and a POSIX ERE. */
#include <stdio.h>
#include <string.h>

#include "waitcond.h"

/*
 * glibc's regcomp copies what a bounded repetition repeats, so nested counts
 * multiply ((a{1000}){1000}: a million copies, 210 MB), and its automaton's
 * start states grow with the square of the optional nodes (a{0,30000}:
 * 7 GB); deep nesting recurses until the stack overflows (20,000 open
 * groups crash it), and stacked repetitions (a***...) take time cubic in
 * their number.  So before compiling, a pattern's nodes are counted with
 * every repetition expanded the way glibc expands it (a node per copy and
 * one per operator), and a pattern past these limits is refused; at 4096
 * nodes compiling takes at most some 35 MB.
 */
#define NODES_MAX	4096	/* nodes once repetitions are expanded */
#define REPEAT_MAX	32	/* repetitions applied to repetitions */
#define GROUPS_MAX	256	/* groups open at once */

struct level {
	unsigned long	 total;		/* nodes in the group so far */
	unsigned long	 last;		/* of which the last atom's */
	unsigned	 last_rep;	/* repetitions nested in the last atom */
	unsigned	 max_rep;	/* the most in any of its atoms */
};

static unsigned long
sat_add(unsigned long a, unsigned long b)
{
	return a + b > NODES_MAX ? NODES_MAX + 1 : a + b;
}

static unsigned long
sat_mul(unsigned long a, unsigned long b)
{
	if (a != 0 && b > (NODES_MAX + 1) / a)
		return NODES_MAX + 1;
	return a * b > NODES_MAX ? NODES_MAX + 1 : a * b;
}

/* Appends an atom of so many nodes and nested repetitions to l. */
static void
atom(struct level *l, unsigned long nodes, unsigned rep)
{
	l->total = sat_add(l->total, nodes);
	l->last = nodes;
	l->last_rep = rep;
	if (rep > l->max_rep)
		l->max_rep = rep;
}

/* Closes the innermost group: it becomes an atom of the one around it. */
static void
close_group(struct level *lv, size_t *d)
{
	struct level	*g = &lv[*d];

	(*d)--;
	atom(&lv[*d], sat_add(g->total, 1), g->max_rep);
}

/*
 * Repeats l's last atom: glibc makes so many copies of it, and a node for
 * each.  Returns -1 when repetitions nest too deep.
 */
static int
repeat(struct level *l, unsigned long copies)
{
	if (l->last == 0)
		return 0;	/* nothing to repeat: regcomp's error */
	l->total -= l->last;
	l->last = sat_add(sat_mul(l->last, copies), copies);
	l->total = sat_add(l->total, l->last);
	if (++l->last_rep > REPEAT_MAX)
		return -1;
	if (l->last_rep > l->max_rep)
		l->max_rep = l->last_rep;
	return 0;
}

/* The end of a bracket expression starting at p ('['), or of the string. */
static const char *
skip_bracket(const char *p)
{
	const char	*q;

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0' && *p != ']'; p++)
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			for (q = p + 2; *q != '\0' &&
			    !(q[0] == p[1] && q[1] == ']'); q++)
				continue;
			if (*q == '\0')
				return q;
			p = q + 1;
		}
	return *p == '\0' ? p : p + 1;
}

/*
 * An interval {m}, {m,}, {m,n} or {,n} at p: how many copies of its atom
 * glibc makes, and where it ends.  Returns 0 when p is not a well-formed
 * interval (regcomp then says what is wrong).
 */
static int
interval(const char **pp, unsigned long *copies)
{
	const char	*p = *pp + 1;
	unsigned long	 m = 0, n = 0;
	int		 comma = 0, digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++)
		m = m > NODES_MAX ? m : m * 10 + (unsigned long)(*p - '0');
	if (*p == ',') {
		comma = 1;
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			n = n > NODES_MAX ? n : n * 10 +
			    (unsigned long)(*p - '0');
	}
	if (*p != '}' || digits == 0)
		return 0;
	*pp = p + 1;
	if (!comma)
		n = m;
	/* {m,}: m copies and a starred one; {m,n}: n copies */
	*copies = (comma && n == 0) ? m + 1 : (n > m ? n : m);
	return 1;
}

/*
 * Whether glibc can compile the ERE re in bounded memory and stack: NULL,
 * or why not.
 */
static const char *
too_complex(const char *re)
{
	struct level	 lv[GROUPS_MAX + 1], *l;
	const char	*p = re;
	unsigned long	 copies;
	size_t		 d = 0;

	memset(&lv[0], 0, sizeof(lv[0]));
	while (*p != '\0') {
		l = &lv[d];
		switch (*p) {
		case '(':
			if (d == GROUPS_MAX)
				return "too complex: groups nested more "
				    "than 256 deep";
			memset(&lv[++d], 0, sizeof(lv[0]));
			p++;
			continue;
		case ')':
			p++;
			if (d == 0)
				atom(l, 1, 0);	/* a literal in an ERE */
			else
				close_group(lv, &d);
			l = &lv[d];
			break;
		case '|':
			l->total = sat_add(l->total, 1);
			l->last = 0;
			p++;
			continue;
		case '{':
		case '*':
		case '?':
		case '+':
			if (*p != '{')
				copies = *p++ == '+' ? 2 : 1;
			else if (!interval(&p, &copies)) {
				atom(l, 1, 0);	/* regcomp says what is wrong */
				p++;
				break;
			}
			if (repeat(l, copies) == -1)
				return "too complex: repetitions nested "
				    "more than 32 deep";
			break;
		case '\\':
			p += p[1] != '\0' ? 2 : 1;
			atom(l, 1, 0);
			break;
		case '[':
			p = skip_bracket(p);
			atom(l, 1, 0);
			break;
		default:
			p++;
			atom(l, 1, 0);
			break;
		}
		if (l->total > NODES_MAX)
			break;
	}
	while (d > 0)
		close_group(lv, &d);
	if (lv[0].total > NODES_MAX)
		return "too complex: over 4096 nodes once repetitions are "
		    "expanded";
	return NULL;
}

int
waitcond_init(struct waitcond *w, unsigned long count, const char *regex,
    char *err, size_t errlen)
{
	const char	*why;
	int		 e;

	memset(w, 0, sizeof(*w));
	if (regex != NULL && (why = too_complex(regex)) != NULL) {
		if (errlen > 0)
			snprintf(err, errlen, "%s", why);
		return -1;
	}
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
