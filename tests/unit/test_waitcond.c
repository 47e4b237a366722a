/*
 * Unit tests for waitcond.c: counts, POSIX ERE matching over whole
 * messages (fragmented, with NUL bytes), the N-th match, bad patterns.
 */
#include <stdbool.h>
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
