/* Wait conditions over received messages: a count and a POSIX ERE. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "waitcond.h"

/*
 * --until patterns go to glibc's regcomp, which has no bounds of its own:
 * - a bounded repetition copies what it repeats, so nested counts multiply
 *   ((a{1000}){1000}: a million copies, 210 MB), and the automaton's start
 *   states grow with the square of the optional copies (a{0,30000}: 7 GB);
 * - anchors (^ $ \b \B \< \>) multiply its states: 48 \b take 471 MB;
 * - repeating what can match nothing ((^)*, (a*)*, a**) takes time
 *   exponential in how often it is done;
 * - deep nesting recurses until the stack overflows (20,000 open groups);
 * - a back-reference makes regexec exponential, or overflow its stack
 *   ((|)(\1\1)* on one byte).
 * So before compiling, a pattern is walked the way glibc expands it: nodes
 * and anchors are counted with every repetition expanded, and a pattern past
 * these limits, or with one of the shapes above, is refused.  At 4096 nodes
 * compiling takes at most some 35 MB.
 */
#define NODES_MAX	4096	/* nodes once repetitions are expanded */
#define ANCHORS_MAX	32	/* anchors once repetitions are expanded */
#define REPEAT_MAX	32	/* repetitions applied to repetitions */
#define GROUPS_MAX	256	/* groups open at once */

/* A group being walked (level 0: the whole pattern). */
struct level {
	unsigned long	 nodes;		/* in the group so far */
	unsigned long	 anchors;	/* in the group so far */
	unsigned long	 last_nodes;	/* of which the last atom's */
	unsigned long	 last_anchors;
	unsigned	 last_rep;	/* repetitions nested in the last atom */
	unsigned	 max_rep;	/* the most in any of its atoms */
	bool		 last_empty;	/* the last atom can match nothing */
	bool		 before_empty;	/* so can its branch before it */
	bool		 branch_empty;	/* and the branch as it stands */
	bool		 some_empty;	/* an earlier branch can */
	bool		 has_last;	/* a last atom to repeat */
};

/* The shape of one atom, or of a repetition of it. */
struct piece {
	unsigned long	 nodes, anchors;
	unsigned	 rep;
	bool		 empty;
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

static void
level_open(struct level *l)
{
	memset(l, 0, sizeof(*l));
	l->branch_empty = true;
}

/* Appends an atom to l's current branch. */
static void
atom(struct level *l, struct piece a)
{
	l->nodes = sat_add(l->nodes, a.nodes);
	l->anchors = sat_add(l->anchors, a.anchors);
	l->last_nodes = a.nodes;
	l->last_anchors = a.anchors;
	l->last_rep = a.rep;
	if (a.rep > l->max_rep)
		l->max_rep = a.rep;
	l->before_empty = l->branch_empty;
	l->last_empty = a.empty;
	l->branch_empty = l->branch_empty && a.empty;
	l->has_last = true;
}

static void
literal(struct level *l)
{
	atom(l, (struct piece){ 1, 0, 0, false });
}

/* An anchor: glibc refuses to repeat one bare ((^)* is another matter). */
static void
anchor(struct level *l, unsigned long weight)
{
	atom(l, (struct piece){ 1, weight, 0, true });
	l->has_last = false;
}

/* Closes the innermost group: it becomes an atom of the one around it. */
static void
close_group(struct level *lv, size_t *d)
{
	struct level	*g = &lv[*d];

	(*d)--;
	/* an empty () still leaves two nodes under REG_NOSUB */
	atom(&lv[*d], (struct piece){ sat_add(g->nodes, 2), g->anchors,
	    g->max_rep, g->some_empty || g->branch_empty });
}

/*
 * Repeats l's last atom into copies copies (glibc makes a node for each),
 * unbounded: with no upper count (*, +, {m,}), optional: with a lower
 * count of 0.  Returns NULL, or why the pattern is refused.
 */
static const char *
repeat(struct level *l, unsigned long copies, bool unbounded, bool optional)
{
	if (!l->has_last)
		return NULL;	/* nothing to repeat: regcomp's error */
	if (unbounded && l->last_empty)
		return "too complex: an unbounded repetition of something "
		    "that can match nothing, such as (a*)* or (^)*";
	if (++l->last_rep > REPEAT_MAX)
		return "too complex: repetitions nested more than 32 deep";
	if (l->last_rep > l->max_rep)
		l->max_rep = l->last_rep;
	l->nodes -= l->last_nodes;
	l->last_nodes = sat_add(sat_mul(l->last_nodes, copies), copies);
	l->nodes = sat_add(l->nodes, l->last_nodes);
	l->anchors -= l->last_anchors;
	l->last_anchors = sat_mul(l->last_anchors, copies);
	l->anchors = sat_add(l->anchors, l->last_anchors);
	l->last_empty = l->last_empty || optional;
	l->branch_empty = l->before_empty && l->last_empty;
	return NULL;
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

/* A decimal count, saturated past NODES_MAX; digits: how many there were. */
static unsigned long
decimal(const char **pp, int *digits)
{
	unsigned long	 v = 0;

	for (*digits = 0; **pp >= '0' && **pp <= '9'; (*pp)++, (*digits)++)
		if (v <= NODES_MAX)
			v = v * 10 + (unsigned long)(**pp - '0');
	return v;
}

/*
 * An interval {m}, {m,}, {m,n}, {,n} or {,} at *pp: how many copies of its
 * atom glibc makes, and whether it is unbounded or optional; *pp moves past
 * it.  Returns 0 when it is not a well-formed interval (regcomp then says
 * what is wrong).
 */
static int
interval(const char **pp, unsigned long *copies, bool *unbounded,
    bool *optional)
{
	const char	*p = *pp + 1;
	unsigned long	 m, n;
	int		 mdigits, ndigits = 0;
	bool		 comma;

	m = decimal(&p, &mdigits);
	n = m;
	if ((comma = *p == ',')) {
		p++;
		n = decimal(&p, &ndigits);
	}
	if (*p != '}' || (mdigits == 0 && !comma) || (ndigits > 0 && n < m))
		return 0;
	*pp = p + 1;
	*unbounded = comma && ndigits == 0;
	*optional = m == 0;
	/* {m,}: m copies and a starred one; {m,n}: n copies */
	*copies = *unbounded ? m + 1 : (n > m ? n : m);
	return 1;
}

/* A backslash escape at p: appended to l, or why it is refused. */
static const char *
escape(struct level *l, const char *p)
{
	if (p[1] >= '1' && p[1] <= '9')
		return "back-references (\\1 to \\9) are not supported";
	if (p[1] == 'b' || p[1] == 'B')
		anchor(l, 2);
	else if (p[1] != '\0' && strchr("<>`'", p[1]) != NULL)
		anchor(l, 1);
	else
		literal(l);
	return NULL;
}

/*
 * Whether glibc can compile and run the ERE re in bounded memory, stack
 * and time: NULL, or why not.
 */
static const char *
too_complex(const char *re)
{
	struct level	 lv[GROUPS_MAX + 1], *l;
	const char	*p = re, *why = NULL;
	unsigned long	 copies;
	bool		 unbounded, optional;
	size_t		 d = 0;

	level_open(&lv[0]);
	while (*p != '\0' && why == NULL) {
		l = &lv[d];
		switch (*p) {
		case '(':
			if (d == GROUPS_MAX)
				return "too complex: groups nested more "
				    "than 256 deep";
			level_open(&lv[++d]);
			p++;
			continue;
		case ')':
			p++;
			if (d == 0)
				literal(l);	/* a literal in an ERE */
			else
				close_group(lv, &d);
			l = &lv[d];
			break;
		case '|':
			l->nodes = sat_add(l->nodes, 1);
			l->some_empty = l->some_empty || l->branch_empty;
			l->branch_empty = l->before_empty = true;
			l->has_last = false;
			p++;
			continue;
		case '{':
		case '*':
		case '?':
		case '+':
			if (*p != '{') {
				unbounded = *p != '?';
				optional = *p != '+';
				copies = *p++ == '+' ? 2 : 1;
			} else if (!interval(&p, &copies, &unbounded,
			    &optional)) {
				literal(l);	/* regcomp says what is wrong */
				p++;
				break;
			}
			why = repeat(l, copies, unbounded, optional);
			break;
		case '^':
		case '$':
			anchor(l, 1);
			p++;
			break;
		case '\\':
			why = escape(l, p);
			p += p[1] != '\0' ? 2 : 1;
			break;
		case '[':
			p = skip_bracket(p);
			literal(l);
			break;
		default:
			literal(l);
			p++;
			break;
		}
		if (l->nodes > NODES_MAX)
			break;
	}
	if (why != NULL)
		return why;
	while (d > 0)
		close_group(lv, &d);
	if (lv[0].nodes > NODES_MAX)
		return "too complex: over 4096 nodes once repetitions are "
		    "expanded";
	if (lv[0].anchors > ANCHORS_MAX)
		return "too complex: over 32 anchors (^ $ \\b \\B \\< \\>) "
		    "once repetitions are expanded";
	return NULL;
}

int
waitcond_init(struct waitcond *w, unsigned long count, const char *regex,
    char *err, size_t errlen)
{
	const char	*why;
	locale_t	 old;
	int		 e;

	memset(w, 0, sizeof(*w));
	if (regex != NULL && (why = too_complex(regex)) != NULL) {
		if (errlen > 0)
			snprintf(err, errlen, "%s", why);
		return -1;
	}
	if (regex != NULL) {
		/*
		 * Byte by byte, as in the C locale: under UTF-8 glibc's
		 * regexec takes seconds a kilobyte over .{0,300}X, in C
		 * milliseconds.  glibc returns its static C locale here.
		 */
		w->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		old = w->c_locale != (locale_t)0 ? uselocale(w->c_locale) :
		    (locale_t)0;
		e = regcomp(&w->re, regex, REG_EXTENDED | REG_NOSUB);
		if (old != (locale_t)0)
			(void)uselocale(old);
		if (e != 0) {
			if (errlen > 0)
				regerror(e, &w->re, err, errlen);
			waitcond_free(w);
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
	locale_t	 old;
	int		 r;

	if (buf_putc(&w->msg, '\0') == -1)
		return false;
	w->msg.len--;
	m.rm_so = 0;
	m.rm_eo = (regoff_t)w->msg.len;
	old = w->c_locale != (locale_t)0 ? uselocale(w->c_locale) :
	    (locale_t)0;
	r = regexec(&w->re, (const char *)w->msg.data, 1, &m, REG_STARTEND);
	if (old != (locale_t)0)
		(void)uselocale(old);
	return r == 0;
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
	if (w->c_locale != (locale_t)0)
		freelocale(w->c_locale);
	buf_free(&w->msg);
	memset(w, 0, sizeof(*w));
}
