/* Unit tests for proxy.c: proxy URLs, the environment and no_proxy. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"
#include "tap.h"

struct good {
	const char	*in;
	const char	*host;
	int		 port;
	const char	*user;
	const char	*password;
	const char	*lws;		/* proxy_lws_address() */
};

static const struct good goods[] = {
	{ "http://127.0.0.1:3128", "127.0.0.1", 3128, NULL, NULL,
	    "127.0.0.1:3128" },
	{ "127.0.0.1:3128", "127.0.0.1", 3128, NULL, NULL, "127.0.0.1:3128" },
	{ "HTTP://Proxy.Example:8080/", "proxy.example", 8080, NULL, NULL,
	    "proxy.example:8080" },
	{ "proxy.example", "proxy.example", 1080, NULL, NULL,
	    "proxy.example:1080" },
	{ "http://bob:pw@127.0.0.1:3128", "127.0.0.1", 3128, "bob", "pw",
	    "bob:pw@127.0.0.1:3128" },
	{ "http://bob@127.0.0.1:3128", "127.0.0.1", 3128, "bob", NULL,
	    "bob@127.0.0.1:3128" },
	{ "http://b%40b:p%3Aw@h:1", "h", 1, "b@b", "p:w", "b@b:p:w@h:1" },
	{ "http://[::1]:3128", "::1", 3128, NULL, NULL, "[::1]:3128" },
};

struct bad {
	const char	*in;
	const char	*err;
};

static const struct bad bads[] = {
	{ "https://127.0.0.1:3128", "only http:// proxies" },
	{ "socks5://127.0.0.1:1080", "only http:// proxies" },
	{ "http://", "no proxy host" },
	{ "http://h:3128/path", "no path" },
	{ "http://h:3128/?q", "no path" },
	{ "http://h:99999", "" },
	{ "http://h:3128#frag", "" },
	{ "http://h\r\n:1", "" },
	{ "http://:3128", "" },
};

struct env {
	const char	*name;
	const char	*value;
};

static const struct env *cur_env;

static const char *
fake_getenv(const char *name)
{
	const struct env	*e;

	for (e = cur_env; e != NULL && e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e->value;
	return NULL;
}

struct env_case {
	struct env	 env[6];
	bool		 tls;
	const char	*host;
	const char	*want;		/* NULL: none */
	const char	*var;
};

static const struct env_case envs[] = {
	{ { { NULL, NULL } }, false, "h", NULL, NULL },
	{ { { "http_proxy", "p1:1" }, { NULL, NULL } }, false, "h", "p1:1",
	    "http_proxy" },
	{ { { "http_proxy", "p1:1" }, { NULL, NULL } }, true, "h", NULL,
	    NULL },
	{ { { "https_proxy", "p2:2" }, { "http_proxy", "p1:1" },
	    { NULL, NULL } }, true, "h", "p2:2", "https_proxy" },
	{ { { "HTTPS_PROXY", "p3:3" }, { NULL, NULL } }, true, "h", "p3:3",
	    "HTTPS_PROXY" },
	{ { { "https_proxy", "low:1" }, { "HTTPS_PROXY", "up:1" },
	    { NULL, NULL } }, true, "h", "low:1", "https_proxy" },
	{ { { "HTTP_PROXY", "p4:4" }, { NULL, NULL } }, false, "h", "p4:4",
	    "HTTP_PROXY" },
	{ { { "all_proxy", "pa:1" }, { NULL, NULL } }, true, "h", "pa:1",
	    "all_proxy" },
	{ { { "ALL_PROXY", "pA:1" }, { NULL, NULL } }, false, "h", "pA:1",
	    "ALL_PROXY" },
	{ { { "http_proxy", "" }, { "all_proxy", "pa:1" }, { NULL, NULL } },
	    false, "h", "pa:1", "all_proxy" },
	{ { { "http_proxy", "p1:1" }, { "no_proxy", "h" }, { NULL, NULL } },
	    false, "h", NULL, NULL },
	{ { { "http_proxy", "p1:1" }, { "NO_PROXY", "h" }, { NULL, NULL } },
	    false, "h", NULL, NULL },
	{ { { "http_proxy", "p1:1" }, { "no_proxy", "other" },
	    { NULL, NULL } }, false, "h", "p1:1", "http_proxy" },
	{ { { "http_proxy", "p1:1" }, { "no_proxy", "" }, { "NO_PROXY", "h" },
	    { NULL, NULL } }, false, "h", NULL, NULL },
};

struct np_case {
	const char	*list;
	const char	*host;
	bool		 match;
};

static const struct np_case nps[] = {
	{ "*", "anything.example", true },
	{ "example.com", "example.com", true },
	{ "example.com", "www.example.com", true },
	{ ".example.com", "www.example.com", true },
	{ ".example.com", "example.com", true },
	{ "example.com", "badexample.com", false },
	{ "example.com", "example.com.evil", false },
	{ "EXAMPLE.com", "example.com", true },
	{ "a.com, b.com", "b.com", true },
	{ "a.com b.com", "b.com", true },
	{ "a.com,,b.com", "b.com", true },
	{ "a.com,b.com", "c.com", false },
	{ "", "h", false },
	{ " , ", "h", false },
	{ "127.0.0.1", "127.0.0.1", true },
	{ "127.0.0.1", "127.0.0.2", false },
	{ "127.0.0.0/8", "127.1.2.3", true },
	{ "127.0.0.0/8", "128.0.0.1", false },
	{ "10.0.0.0/30", "10.0.0.3", true },
	{ "10.0.0.0/30", "10.0.0.4", false },
	{ "0.0.0.0/0", "192.0.2.1", true },
	{ "::1", "::1", true },
	{ "[::1]", "::1", true },
	{ "::1", "127.0.0.1", false },
	{ "fd00::/8", "fd00::2", true },
	{ "fd00::/8", "fe80::1", false },
	{ "127.0.0.0/8", "::1", false },
	{ "127.0.0.0/33", "127.0.0.1", false },
	{ "127.0.0.0/x", "127.0.0.1", false },
	{ "10.0.0.1", "10.0.0.1.example", false },
	{ "localhost", "localhost", true },
	{ "*", "127.0.0.1", true },
	{ "*.example.com", "www.example.com", false },
};

static void
good_tests(void)
{
	struct proxy	 p;
	char		 err[256], lws[256];
	size_t		 i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good	*g = &goods[i];

		err[0] = '\0';
		if (!tap_ok(proxy_parse(g->in, &p, err, sizeof(err)) == 0,
		    "'%s' parses (%s)", g->in, err))
			continue;
		tap_is_str(p.host, g->host, "'%s': host", g->in);
		tap_is_int(p.port, g->port, "'%s': port", g->in);
		tap_is_str(p.user, g->user, "'%s': user", g->in);
		tap_is_str(p.password, g->password, "'%s': password", g->in);
		tap_ok(proxy_lws_address(&p, lws, sizeof(lws)) > 0 &&
		    strcmp(lws, g->lws) == 0, "'%s': lws address '%s'", g->in,
		    lws);
		proxy_free(&p);
		tap_ok(proxy_parse(g->in, NULL, err, sizeof(err)) == 0,
		    "'%s': validates without a result", g->in);
	}
}

static void
bad_tests(void)
{
	struct proxy	 p;
	char		 err[256];
	size_t		 i;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		err[0] = '\0';
		tap_ok(proxy_parse(bads[i].in, &p, err, sizeof(err)) == -1 &&
		    err[0] != '\0' && strstr(err, bads[i].err) != NULL &&
		    p.host == NULL, "'%s' refused: %s", bads[i].in, err);
	}
}

static void
env_tests(void)
{
	const char	*got, *var;
	size_t		 i;

	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++) {
		cur_env = envs[i].env;
		var = NULL;
		got = proxy_from_env(envs[i].tls, envs[i].host, fake_getenv,
		    &var);
		tap_is_str(got, envs[i].want, "env case %zu: proxy", i);
		if (envs[i].want != NULL)
			tap_is_str(var, envs[i].var, "env case %zu: variable",
			    i);
	}
}

static void
no_proxy_tests(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(nps) / sizeof(nps[0]); i++)
		tap_is_int(proxy_no_proxy_match(nps[i].list, nps[i].host),
		    nps[i].match, "no_proxy '%s' %s '%s'", nps[i].list,
		    nps[i].match ? "matches" : "does not match", nps[i].host);
}

static void
limit_tests(void)
{
	struct proxy	 p;
	char		 err[256], lws[256], in[300];

	snprintf(in, sizeof(in), "http://%090d:%010d@h:1", 0, 0);
	tap_ok(proxy_parse(in, &p, err, sizeof(err)) == 0, "long credentials "
	    "parse");
	tap_is_int(proxy_lws_address(&p, lws, sizeof(lws)), -1,
	    "credentials over 95 bytes do not fit lws");
	proxy_free(&p);
	tap_ok(proxy_parse("http://u:p@h:1", &p, err, sizeof(err)) == 0,
	    "short credentials parse");
	tap_is_int(proxy_lws_address(&p, lws, 5), -1, "a small buffer: -1");
	proxy_free(&p);
}

int
main(void)
{
	good_tests();
	bad_tests();
	env_tests();
	no_proxy_tests();
	limit_tests();
	return tap_done();
}
