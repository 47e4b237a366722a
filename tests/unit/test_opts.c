/* Unit tests for opts.c: the option table, validation and error texts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "tap.h"

#define MAXARGS	16

struct bad_case {
	const char	*argv[MAXARGS];
	const char	*err_has;	/* a substring the error must contain */
};

static const struct bad_case bad[] = {
	{ { "wsc", NULL }, "missing URL" },
	{ { "wsc", "--nope", "ws://h/", NULL }, "unknown option '--nope'" },
	{ { "wsc", "-Z", "ws://h/", NULL }, "unknown option '-Z'" },
	{ { "wsc", "ws://h/", "extra", NULL }, "unexpected argument 'extra'" },
	{ { "wsc", "-w", NULL }, "needs an argument" },
	{ { "wsc", "--close-code", "999", "ws://h/", NULL }, "1000 or 3000-4999" },
	{ { "wsc", "--close-code", "1001", "ws://h/", NULL }, "1000 or 3000-4999" },
	{ { "wsc", "--close-code", "1005", "ws://h/", NULL }, "1000 or 3000-4999" },
	{ { "wsc", "--close-code", "2999", "ws://h/", NULL }, "1000 or 3000-4999" },
	{ { "wsc", "--close-code", "5000", "ws://h/", NULL }, "1000 or 3000-4999" },
	{ { "wsc", "--close-code", "", "ws://h/", NULL }, "expected a number" },
	{ { "wsc", "--close-code", "4000x", "ws://h/", NULL }, "expected a number" },
	{ { "wsc", "--close-code", "99999999999999999999", "ws://h/", NULL },
	    "expected a number" },
	{ { "wsc", "--close-code", "-1000", "ws://h/", NULL }, "expected a number" },
	{ { "wsc", "--close", "ws://h/", NULL },
	    "option '--close' is ambiguous: --close-code, --close-reason" },
	{ { "wsc", "--verbose=2", "ws://h/", NULL },
	    "option '--verbose' takes no value" },
	{ { "wsc", "--nope=1", "ws://h/", NULL }, "unknown option '--nope'" },
	{ { "wsc", "-Z", "ws://h/", NULL }, "unknown option '-Z'" },
	{ { "wsc", "--close-code", " 1000", "ws://h/", NULL }, "expected a number" },
	{ { "wsc", "--close-code", "+1000", "ws://h/", NULL }, "expected a number" },
	{ { "wsc", "--close-reason",
	    "123456789012345678901234567890123456789012345678901234567890"
	    "1234567890123456789012345678901234567890123456789012345678901234",
	    "ws://h/", NULL }, "124 bytes, at most 123" },
	{ { "wsc", "--close-reason", "\xff\xfe", "ws://h/", NULL },
	    "not valid UTF-8" },
	{ { "wsc", "-w", "-1", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "abc", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "nan", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "1e400", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "0x10", "ws://h/", NULL }, "expected seconds" },
	{ { "wsc", "-w", "99999999999", "ws://h/", NULL }, "more than a year" },
	{ { "wsc", "--close-timeout", "inf", "ws://h/", NULL },
	    "expected seconds" },
	{ { "wsc", "--max-message", "0", "ws://h/", NULL }, "at least 1" },
	{ { "wsc", "--max-message", "12X", "ws://h/", NULL }, "expected a size" },
	{ { "wsc", "--max-message", "-5", "ws://h/", NULL }, "expected a size" },
	{ { "wsc", "--max-message", "99999999999999999999", "ws://h/", NULL },
	    "expected a size" },
	{ { "wsc", "--max-message", "2000G", "ws://h/", NULL }, "over 1T" },
	{ { "wsc", "-s", "", "ws://h/", NULL }, "empty name" },
	{ { "wsc", "-s", "a,,b", "ws://h/", NULL }, "empty name" },
	{ { "wsc", "-s", "a b", "ws://h/", NULL }, "invalid character" },
	{ { "wsc", "-s", "chat", "-s", "x,chat", "ws://h/", NULL },
	    "'chat': given twice" },
	{ { "wsc", "-s", "caf\xc3\xa9", "ws://h/", NULL }, "invalid character" },
	{ { "wsc", "-H", "NoColon", "ws://h/", NULL }, "expected 'Name: value'" },
	{ { "wsc", "-H", ": v", "ws://h/", NULL }, "empty name" },
	{ { "wsc", "-H", "Bad Name: v", "ws://h/", NULL }, "invalid character" },
	{ { "wsc", "-H", "X-A: 1\r\nX-B: 2", "ws://h/", NULL },
	    "header 'X-A': contains CR or LF" },
	{ { "wsc", "-H", "X-A: a\001b", "ws://h/", NULL }, "control character" },
	{ { "wsc", "-H", "Host: evil", "ws://h/", NULL }, "set by wsc" },
	{ { "wsc", "-H", "sec-websocket-protocol: x", "ws://h/", NULL },
	    "set by wsc" },
	{ { "wsc", "-o", "", "ws://h/", NULL }, "origin: empty" },
	{ { "wsc", "-o", "http://a\r\nX: y", "ws://h/", NULL }, "CR or LF" },
	{ { "wsc", "-v", "-q", "ws://h/", NULL }, "contradict" },
	{ { "wsc", "-x", "ok", "-x", "\xff", "ws://h/", NULL },
	    "--send message 2: not valid UTF-8" },
	/* found by fuzz_opts: user text in errors is escaped, one line */
	{ { "wsc", "-s", "\na", "ws://h/", NULL }, "'\\x0aa'" },
	{ { "wsc", "-H", "X\033[2J: y", "ws://h/", NULL }, "'X\\x1b[2J'" },
};

static int
argc_of(const char *const *argv)
{
	int	 n = 0;

	while (argv[n] != NULL)
		n++;
	return n;
}

static void
test_bad(void)
{
	struct wsc_opts	 o;
	char		 err[512];
	size_t		 i;
	int		 r;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		r = opts_parse(&o, argc_of(bad[i].argv), (char **)bad[i].argv,
		    err, sizeof(err));
		tap_ok(r == -1 && strstr(err, bad[i].err_has) != NULL &&
		    strchr(err, '\n') == NULL,
		    "refused: %s %s -> \"%s\"", bad[i].argv[1],
		    bad[i].argv[2] ? bad[i].argv[2] : "", err);
		opts_free(&o);
	}
}

static void
test_good(void)
{
	const char	*a1[] = { "wsc", "ws://h/", "-s", "a, b", "-s", "c",
			    "-H", "X-Token: t", "-x", "one", "-x", "two", "-b",
			    "-0", "-w", "inf", "--close-code", "4000",
			    "--close-reason", "bye", "--max-message", "1K",
			    "-vv", NULL };
	const char	*a2[] = { "wsc", "ws://h/", NULL };
	const char	*a3[] = { "wsc", "--help", NULL };
	const char	*a4[] = { "wsc", "-V", "--bogus", NULL };
	const char	*a5[] = { "wsc", "-w", "0.25", "--max-message", "64MiB",
			    "--close-timeout", "0", "--", "ws://h/", NULL };
	struct wsc_opts	 o;
	char		 err[512] = "";
	size_t		 sz = 0;
	double		 d = 0;

	tap_is_int(opts_parse(&o, argc_of(a1), (char **)a1, err, sizeof(err)),
	    0, "a full command line parses (%s)", err);
	tap_is_str(o.url, "ws://h/", "URL after options and permuted");
	tap_is_int((long long)o.nprotocols, 3, "comma lists split: 3 protocols");
	tap_ok(o.nprotocols == 3 && strcmp(o.protocols[0], "a") == 0 &&
	    strcmp(o.protocols[1], "b") == 0 && strcmp(o.protocols[2], "c") == 0,
	    "protocols trimmed and in order");
	tap_ok(o.nheaders == 1 && strcmp(o.headers[0], "X-Token: t") == 0,
	    "header kept verbatim");
	tap_ok(o.nsends == 2 && strcmp(o.sends[0], "one") == 0 &&
	    strcmp(o.sends[1], "two") == 0, "-x messages in order");
	tap_ok(o.binary && o.nul, "-b and -0");
	tap_ok(o.wait == OPTS_WAIT_INF, "-w inf");
	tap_is_int(o.close_code, 4000, "--close-code");
	tap_is_str(o.close_reason, "bye", "--close-reason");
	tap_is_int((long long)o.max_message, 1024, "--max-message 1K");
	tap_is_int(o.verbose, 2, "-vv counts");
	opts_free(&o);

	tap_is_int(opts_parse(&o, 2, (char **)a2, err, sizeof(err)), 0,
	    "defaults parse");
	tap_ok(o.wait == 1.0 && o.close_code == 1000 &&
	    strcmp(o.close_reason, "") == 0 && o.close_timeout == 2.0 &&
	    o.max_message == 64u << 20 && !o.binary && !o.nul &&
	    o.action == OPTS_RUN, "defaults: -w 1, 1000, '', 2 s, 64 MiB");
	opts_free(&o);

	tap_ok(opts_parse(&o, 2, (char **)a3, err, sizeof(err)) == 0 &&
	    o.action == OPTS_HELP, "--help needs no URL");
	opts_free(&o);
	tap_ok(opts_parse(&o, 3, (char **)a4, err, sizeof(err)) == 0 &&
	    o.action == OPTS_VERSION, "-V stops at once");
	opts_free(&o);
	tap_ok(opts_parse(&o, argc_of(a5), (char **)a5, err, sizeof(err)) == 0 &&
	    o.wait == 0.25 && o.max_message == 64u << 20 &&
	    o.close_timeout == 0, "fractions, MiB suffix, --");
	opts_free(&o);

	tap_ok(opts_parse_size("3G", &sz, err, sizeof(err)) == 0 &&
	    sz == 3ULL << 30, "3G");
	tap_ok(opts_parse_seconds("0", false, &d, err, sizeof(err)) == 0 &&
	    d == 0, "0 seconds");
	tap_ok(opts_check_close_code(3000, err, sizeof(err)) == 0 &&
	    opts_check_close_code(4999, err, sizeof(err)) == 0 &&
	    opts_check_close_code(1000, err, sizeof(err)) == 0,
	    "close codes 1000, 3000, 4999 allowed");
	tap_ok(opts_check_close_reason("\xc3\xa9t\xc3\xa9", err,
	    sizeof(err)) == 0, "UTF-8 reason allowed");
	tap_ok(strstr(opts_usage(), "--close-code") != NULL,
	    "usage lists --close-code");
}

/* [HOST:]PORT for -l: the host (or NULL) and port, or an error text. */
struct listen_case {
	const char	*in;
	const char	*host;		/* NULL: none */
	int		 port;		/* -1: an error containing err_has */
	const char	*err_has;
};

static const struct listen_case listen_cases[] = {
	{ "0", NULL, 0, NULL },
	{ "8080", NULL, 8080, NULL },
	{ "65535", NULL, 65535, NULL },
	{ "127.0.0.1:9000", "127.0.0.1", 9000, NULL },
	{ "localhost:0", "localhost", 0, NULL },
	{ "[::1]:8080", "::1", 8080, NULL },
	{ "[fe80::1%lo]:1", "fe80::1%lo", 1, NULL },
	{ "65536", NULL, -1, "0-65535" },
	{ "", NULL, -1, "0-65535" },
	{ "80x", NULL, -1, "0-65535" },
	{ "-1", NULL, -1, "0-65535" },
	{ "host:", NULL, -1, "0-65535" },
	{ ":80", NULL, -1, "empty host" },
	{ "::1:80", NULL, -1, "in brackets" },
	{ "[::1]", NULL, -1, "[IPV6]:PORT" },
	{ "[::1]80", NULL, -1, "[IPV6]:PORT" },
	{ "[]:80", NULL, -1, "not an IPv6" },
	{ "[1.2.3.4]:80", NULL, -1, "not an IPv6" },
	{ "a b:80", NULL, -1, "invalid character" },
	{ "000080", NULL, -1, "0-65535" },
};

static void
test_listen(void)
{
	const struct listen_case	*c;
	const char	*a1[] = { "wsc", "--echo", "ws://h/", NULL };
	const char	*a2[] = { "wsc", "-l", "0", "ws://h/", NULL };
	const char	*a3[] = { "wsc", "--listen", "[::1]:0", "--echo", "--once",
			    "--print-port", NULL };
	struct wsc_opts	 o;
	char		 err[256], *host;
	size_t		 i;
	int		 port, r;

	for (i = 0; i < sizeof(listen_cases) / sizeof(listen_cases[0]); i++) {
		c = &listen_cases[i];
		err[0] = '\0';
		port = -2;
		r = opts_parse_listen(c->in, &host, &port, err, sizeof(err));
		if (c->port >= 0)
			tap_ok(r == 0 && port == c->port &&
			    (c->host == NULL ? host == NULL : host != NULL &&
			    strcmp(host, c->host) == 0),
			    "listen '%s': host %s port %d", c->in,
			    c->host ? c->host : "(none)", c->port);
		else
			tap_ok(r == -1 && host == NULL &&
			    strstr(err, c->err_has) != NULL,
			    "listen '%s' refused: %s", c->in, err);
		free(host);
	}
	tap_ok(opts_parse(&o, 3, (char **)a1, err, sizeof(err)) == -1 &&
	    strstr(err, "needs -l") != NULL, "--echo without -l is refused");
	opts_free(&o);
	tap_ok(opts_parse(&o, 4, (char **)a2, err, sizeof(err)) == -1 &&
	    strstr(err, "takes no URL") != NULL, "-l with a URL is refused");
	opts_free(&o);
	tap_ok(opts_parse(&o, 6, (char **)a3, err, sizeof(err)) == 0 &&
	    o.listen && o.echo && o.once && o.print_port && o.url == NULL &&
	    o.listen_host != NULL && strcmp(o.listen_host, "::1") == 0 &&
	    o.listen_port == 0, "--listen [::1]:0 --echo --once --print-port");
	opts_free(&o);
}

int
main(void)
{
	test_bad();
	test_good();
	test_listen();
	return tap_done();
}
