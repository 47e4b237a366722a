/*
 * Unit tests for waitcond.c: counts, POSIX ERE matching over whole
 * messages (fragmented, with NUL bytes), the N-th match, bad patterns.
 */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "waitcond.h"

struct chunk {
	const char	*p;
	size_t		 n;
	bool		 final;
};

#define C(s, f)	{ (s), sizeof(s) - 1, (f) }
#define END	{ NULL, 0, false }

struct tcase {
	const char	*desc;
	unsigned long	 count;
	const char	*regex;
	struct chunk	 in[8];
	int		 met_at;	/* index of the chunk that meets it; -1 */
};

static const struct tcase cases[] = {
	{ "count 1: first message", 1, NULL,
	    { C("a", true), C("b", true), END }, 0 },
	{ "count 2: second message", 2, NULL,
	    { C("a", true), C("b", true), C("c", true), END }, 1 },
	{ "count 3: only two messages", 3, NULL,
	    { C("a", true), C("b", true), END }, -1 },
	{ "count: a fragment is not a message", 1, NULL,
	    { C("ab", false), C("cd", false), C("", true), END }, 2 },
	{ "count: empty messages count", 2, NULL,
	    { C("", true), C("", true), END }, 1 },
	{ "until: first match", 0, "pong",
	    { C("ping", true), C("a pong!", true), C("pong", true), END }, 1 },
	{ "until: no match", 0, "^pong$",
	    { C("ping", true), C("pongs", true), END }, -1 },
	{ "until: anchors span the whole message", 0, "^ab$",
	    { C("a", false), C("b", true), END }, 1 },
	{ "until: match across fragments", 0, "xy",
	    { C("..x", false), C("y..", true), END }, 1 },
	{ "until: ERE alternation and classes", 0, "^(ok|done) [0-9]+$",
	    { C("ok x", true), C("done 42", true), END }, 1 },
	{ "until: after a NUL byte", 0, "tail",
	    { C("head\0tail", true), END }, 0 },
	{ "until: empty pattern matches anything", 0, "",
	    { C("", true), END }, 0 },
	{ "until with count 2: second match", 2, "^y",
	    { C("y1", true), C("n", true), C("y2", true), END }, 2 },
	{ "until: a match is judged only at the end", 0, "^a$",
	    { C("a", false), C("b", true), C("a", true), END }, 2 },
};

/*
 * Patterns glibc's regcomp would take too much memory, stack or time over,
 * each refused with its reason; and patterns just inside each limit, which
 * must compile and match.  The pattern is open repeated times, then mid,
 * then close repeated times.
 */
struct costly {
	const char	*desc;
	const char	*open, *mid, *close;
	int		 times;
	const char	*why;		/* NULL: accepted */
	const char	*subject;	/* accepted: a message it matches */
};

static const struct costly costly[] = {
	{ "nested counts multiply", "", "(a{1000}){1000}", "", 0,
	    "over 4096 nodes", NULL },
	{ "three nested counts", "", "((a{30}){30}){30}", "", 0,
	    "over 4096 nodes", NULL },
	{ "one wide optional count", "", ".{0,30000}", "", 0,
	    "over 4096 nodes", NULL },
	{ "stacked counts", "", "a", "{2}", 20, "over 4096 nodes", NULL },
	{ "stacked pluses", "", "a", "+", 30, "over 4096 nodes", NULL },
	{ "many optional atoms", "", "", "a?", 2049, "over 4096 nodes",
	    NULL },
	{ "many alternatives", "a|", "b", "", 4096, "over 4096 nodes",
	    NULL },
	{ "a long literal", "", "", "a", 4097, "over 4096 nodes", NULL },
	{ "deep unclosed groups", "(", "", "", 20000, "groups nested more "
	    "than 256 deep", NULL },
	{ "deep closed groups", "(", "a", ")", 257, "groups nested more "
	    "than 256 deep", NULL },
	{ "stacked stars", "", "a", "*", 2, "can match nothing", NULL },
	{ "a star around a starred group", "(", "a*", ")*", 1,
	    "can match nothing", NULL },
	{ "a star around an anchor", "", "(^)*", "", 0, "can match nothing",
	    NULL },
	{ "an empty alternative repeated", "", "(a|)+", "", 0,
	    "can match nothing", NULL },
	{ "{,} is a star", "", "a{,}{,}", "", 0, "can match nothing", NULL },
	{ "optional counts under an unbounded one", "",
	    "(((a?)?){3,}){0,8}", "", 0, "can match nothing", NULL },
	{ "stacked counts 33 deep", "", "a", "{1}", 33, "repetitions "
	    "nested more than 32 deep", NULL },
	{ "counts around groups 33 deep", "(", "a", "){1}", 33,
	    "repetitions nested more than 32 deep", NULL },
	{ "a back-reference", "", "(a)\\1", "", 0, "back-references", NULL },
	{ "the back-reference that overflows regexec", "", "(|)(\\1\\1)*",
	    "", 0, "back-references", NULL },
	{ "33 word boundaries", "", "", "\\b", 17, "over 32 anchors", NULL },
	{ "33 anchors", "", "", "^", 33, "over 32 anchors", NULL },
	{ "anchors multiplied by a count", "", "(^a){33}", "", 0,
	    "over 32 anchors", NULL },
	{ "empty groups", "", "", "()", 2049, "over 4096 nodes", NULL },
	{ "bare alternations", "", "", "|", 4097, "over 4096 nodes", NULL },
	{ "count inside a bracket is a literal", "", "[{9999}]", "", 0,
	    NULL, "{" },
	{ "escaped brace is a literal", "", "a\\{9999}", "", 0, NULL,
	    "a{9999}" },
	{ "a wide count at the limit", "", "^a{0,2047}$", "", 0, NULL,
	    "aaa" },
	{ "a long literal at the limit", "", "", "a", 4096, NULL, NULL },
	{ "groups nested 256 deep", "(", "x", ")", 256, NULL, "x" },
	{ "32 stacked counts", "", "a", "{1}", 32, NULL, "a" },
	{ "counts around groups 32 deep", "(", "a", "){1}", 32, NULL, "a" },
	{ "a starred group that cannot match nothing", "", "^([a-z]+,?)*$",
	    "", 0, NULL, "ab,cd" },
	{ "{,} alone is a star", "", "^xa{,}$", "", 0, NULL, "xaaa" },
	{ "{,3}", "", "^xa{,3}$", "", 0, NULL, "xaa" },
	{ "{0,0} matches nothing", "", "^xa{0,0}$", "", 0, NULL, "x" },
	{ "word boundaries", "", "\\bword\\b", "", 0, NULL, "a word." },
	{ "anchors in alternatives", "", "(^|,)x($|,)", "", 0, NULL,
	    "a,x,b" },
	{ "16 word boundaries", "", "", "\\b", 16, NULL, NULL },
	{ "a bare anchor repeated is regcomp's error", "", "^*", "", 0,
	    "Invalid preceding regular expression", NULL },
	{ "an inverted count is regcomp's error", "", "a{5000,1}", "", 0,
	    "Invalid content", NULL },
	{ "an escaped digit in brackets is no back-reference", "",
	    "[\\1]", "", 0, NULL, "1" },
	{ "nested counts within the limit", "", "^((ab){3}c){2}$", "", 0,
	    NULL, "abababcabababc" },
};

static void
check_costly(const struct costly *c)
{
	struct waitcond	 w;
	char		 err[128], *re, *end;
	size_t		 ol = strlen(c->open), cl = strlen(c->close);
	int		 i, r;

	re = malloc((ol + cl) * (size_t)c->times + strlen(c->mid) + 1);
	if (re == NULL)
		return;
	end = re;
	for (i = 0; i < c->times; i++, end += ol)
		memcpy(end, c->open, ol);
	end = stpcpy(end, c->mid);
	for (i = 0; i < c->times; i++, end += cl)
		memcpy(end, c->close, cl);
	*end = '\0';
	err[0] = '\0';
	r = waitcond_init(&w, 0, re, err, sizeof(err));
	if (c->why != NULL)
		tap_ok(r == -1 && strstr(err, c->why) != NULL,
		    "%s: refused (%s)", c->desc, err);
	else {
		tap_ok(r == 0, "%s: accepted%s%s", c->desc,
		    r == 0 ? "" : ": ", r == 0 ? "" : err);
		if (r == 0 && c->subject != NULL)
			tap_is_int(waitcond_feed(&w, c->subject,
			    strlen(c->subject), true), 1, "%s: matches",
			    c->desc);
		if (r == 0)
			waitcond_free(&w);
	}
	free(re);
}

static void
run_case(const struct tcase *t)
{
	struct waitcond	 w;
	char		 err[128];
	int		 i, r, at = -1;

	if (waitcond_init(&w, t->count, t->regex, err, sizeof(err)) != 0) {
		tap_ok(0, "%s: init (%s)", t->desc, err);
		return;
	}
	for (i = 0; t->in[i].p != NULL; i++) {
		r = waitcond_feed(&w, t->in[i].p, t->in[i].n, t->in[i].final);
		if (r == 1 && at == -1)
			at = i;
	}
	tap_is_int(at, t->met_at, "%s", t->desc);
	waitcond_free(&w);
}

int
main(void)
{
	struct waitcond	 w;
	char		 err[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);

	tap_ok(waitcond_init(&w, 0, NULL, err, sizeof(err)) == 0 &&
	    !waitcond_active(&w), "no condition: inactive");
	tap_is_int(waitcond_feed(&w, "x", 1, true), 0,
	    "inactive: never met");
	waitcond_free(&w);

	tap_ok(waitcond_init(&w, 0, "(", err, sizeof(err)) == -1 &&
	    err[0] != '\0', "bad regex refused with a reason");
	tap_ok(waitcond_init(&w, 0, "a{2", err, sizeof(err)) == -1,
	    "unterminated interval refused");

	for (i = 0; i < sizeof(costly) / sizeof(costly[0]); i++)
		check_costly(&costly[i]);

	/*
	 * Byte by byte whatever the program's locale: under UTF-8, glibc
	 * would take the two bytes of U+00E9 as one character.
	 */
	tap_ok(setlocale(LC_ALL, "C.UTF-8") != NULL,
	    "bytes: the C.UTF-8 locale (glibc has it built in)");
	{
		tap_ok(waitcond_init(&w, 0, "^x.$", err, sizeof(err)) == 0,
		    "bytes: init");
		tap_is_int(waitcond_feed(&w, "x\xc3\xa9", 3, true), 0,
		    "bytes: . is one byte, not a UTF-8 character");
		waitcond_free(&w);
		tap_ok(waitcond_init(&w, 0, "^x..$", err, sizeof(err)) == 0,
		    "bytes: init 2");
		tap_is_int(waitcond_feed(&w, "x\xc3\xa9", 3, true), 1,
		    "bytes: .. matches the two bytes of one character");
		waitcond_free(&w);
		tap_ok(strcmp(setlocale(LC_CTYPE, NULL), "C.UTF-8") == 0,
		    "bytes: the program's locale is left as it was");
		(void)setlocale(LC_ALL, "C");
	}

	tap_ok(waitcond_init(&w, 1, NULL, err, sizeof(err)) == 0 &&
	    waitcond_active(&w), "count 1: active");
	(void)waitcond_feed(&w, "x", 1, true);
	tap_is_int(waitcond_feed(&w, "y", 1, true), 0,
	    "met once: not met again");
	tap_is_int((long long)w.seen, 1, "messages after the condition "
	    "are not counted");
	waitcond_free(&w);

	tap_ok(waitcond_init(&w, 0, "^b$", err, sizeof(err)) == 0,
	    "reset: init");
	(void)waitcond_feed(&w, "a", 1, false);
	waitcond_reset_msg(&w);
	tap_is_int(waitcond_feed(&w, "b", 1, true), 1,
	    "reset: a partial message from a lost connection is forgotten");
	waitcond_free(&w);
	return tap_done();
}
