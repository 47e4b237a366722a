/* Unit tests for url.c: tables of accepted and refused URLs. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "url.h"

struct good {
	const char	*in;
	bool		 tls;
	const char	*host;
	bool		 ipv6;
	int		 port;
	bool		 port_given;
	const char	*path;
	const char	*user;
	const char	*password;
	const char	*hosthdr;
};

struct bad {
	const char	*in;
	const char	*err;
};

static const struct good goods[] = {
	{ "ws://example.com", false, "example.com", false, 80, false, "/",
	    NULL, NULL, "example.com" },
	{ "ws://example.com/", false, "example.com", false, 80, false, "/",
	    NULL, NULL, "example.com" },
	{ "wss://example.com", true, "example.com", false, 443, false, "/",
	    NULL, NULL, "example.com" },
	{ "WS://Example.COM/Chat/Room", false, "example.com", false, 80,
	    false, "/Chat/Room", NULL, NULL, "example.com" },
	{ "WsS://EXAMPLE.com", true, "example.com", false, 443, false, "/",
	    NULL, NULL, "example.com" },
	{ "http://h/", false, "h", false, 80, false, "/", NULL, NULL, "h" },
	{ "HTTP://h/", false, "h", false, 80, false, "/", NULL, NULL, "h" },
	{ "https://h/", true, "h", false, 443, false, "/", NULL, NULL, "h" },
	{ "Https://h", true, "h", false, 443, false, "/", NULL, NULL, "h" },
	{ "ws://h:8080/x", false, "h", false, 8080, true, "/x", NULL, NULL,
	    "h:8080" },
	{ "ws://h:80/", false, "h", false, 80, true, "/", NULL, NULL, "h" },
	{ "wss://h:443/", true, "h", false, 443, true, "/", NULL, NULL, "h" },
	{ "wss://h:80/", true, "h", false, 80, true, "/", NULL, NULL,
	    "h:80" },
	{ "ws://h:443/", false, "h", false, 443, true, "/", NULL, NULL,
	    "h:443" },
	{ "ws://h:1", false, "h", false, 1, true, "/", NULL, NULL, "h:1" },
	{ "ws://h:65535", false, "h", false, 65535, true, "/", NULL, NULL,
	    "h:65535" },
	{ "ws://h:0080/", false, "h", false, 80, true, "/", NULL, NULL, "h" },
	{ "ws://h:000000000000000000000009/", false, "h", false, 9, true,
	    "/", NULL, NULL, "h:9" },
	{ "ws://h?x=1", false, "h", false, 80, false, "/?x=1", NULL, NULL,
	    "h" },
	{ "ws://h:9000?x=1&y=2", false, "h", false, 9000, true, "/?x=1&y=2",
	    NULL, NULL, "h:9000" },
	{ "ws://h?", false, "h", false, 80, false, "/?", NULL, NULL, "h" },
	{ "ws://h/?", false, "h", false, 80, false, "/?", NULL, NULL, "h" },
	{ "ws://h/a/b?c=d&e", false, "h", false, 80, false, "/a/b?c=d&e",
	    NULL, NULL, "h" },
	{ "ws://h/a?b?c", false, "h", false, 80, false, "/a?b?c", NULL, NULL,
	    "h" },
	{ "ws://h//double//", false, "h", false, 80, false, "//double//",
	    NULL, NULL, "h" },
	{ "ws://h/a:b@c", false, "h", false, 80, false, "/a:b@c", NULL, NULL,
	    "h" },
	{ "ws://h/%2F%zz%", false, "h", false, 80, false, "/%2F%zz%", NULL,
	    NULL, "h" },
	{ "ws://h/caf\xc3\xa9", false, "h", false, 80, false, "/caf%C3%A9",
	    NULL, NULL, "h" },
	{ "ws://h/?q=\xc3\xa9\xff", false, "h", false, 80, false,
	    "/?q=%C3%A9%FF", NULL, NULL, "h" },
	{ "ws://h/a\"b<c>d`e{f}g|h^i", false, "h", false, 80, false,
	    "/a%22b%3Cc%3Ed%60e%7Bf%7Dg|h^i", NULL, NULL, "h" },
	{ "ws://h/x?a='b'\"`{}<>", false, "h", false, 80, false,
	    "/x?a=%27b%27%22`{}%3C%3E", NULL, NULL, "h" },
	{ "ws://[::1]/", false, "::1", true, 80, false, "/", NULL, NULL,
	    "[::1]" },
	{ "ws://[::1]", false, "::1", true, 80, false, "/", NULL, NULL,
	    "[::1]" },
	{ "ws://[::1]:9000/x", false, "::1", true, 9000, true, "/x", NULL,
	    NULL, "[::1]:9000" },
	{ "ws://[::1]?q", false, "::1", true, 80, false, "/?q", NULL, NULL,
	    "[::1]" },
	{ "wss://[2001:DB8::A:1]", true, "2001:db8::a:1", true, 443, false,
	    "/", NULL, NULL, "[2001:db8::a:1]" },
	{ "wss://[::ffff:192.0.2.1]:8443/", true, "::ffff:192.0.2.1", true,
	    8443, true, "/", NULL, NULL, "[::ffff:192.0.2.1]:8443" },
	{ "ws://127.0.0.1:8080/", false, "127.0.0.1", false, 8080, true, "/",
	    NULL, NULL, "127.0.0.1:8080" },
	{ "ws://1.2.3.4./", false, "1.2.3.4", false, 80, false, "/", NULL,
	    NULL, "1.2.3.4" },
	{ "ws://user@h/", false, "h", false, 80, false, "/", "user", NULL,
	    "h" },
	{ "ws://user:pass@h/", false, "h", false, 80, false, "/", "user",
	    "pass", "h" },
	{ "ws://us%65r:p%40ss%3a@h/", false, "h", false, 80, false, "/",
	    "user", "p@ss:", "h" },
	{ "ws://u:@h/", false, "h", false, 80, false, "/", "u", "", "h" },
	{ "ws://:pw@h/", false, "h", false, 80, false, "/", "", "pw", "h" },
	{ "ws://@h/", false, "h", false, 80, false, "/", NULL, NULL, "h" },
	{ "ws://u:p@ss@h/", false, "h", false, 80, false, "/", "u", "p@ss",
	    "h" },
	{ "ws://user:pa:ss@h", false, "h", false, 80, false, "/", "user",
	    "pa:ss", "h" },
	{ "ws://u:p%C3%A9%20x@h", false, "h", false, 80, false, "/", "u",
	    "p\xc3\xa9 x", "h" },
	{ "ws://U:P@H:81", false, "h", false, 81, true, "/", "U", "P",
	    "h:81" },
	{ "wss://u:p@[::1]:81/?a", true, "::1", true, 81, true, "/?a", "u",
	    "p", "[::1]:81" },
	{ "ws://my_host-1.Example./", false, "my_host-1.example.", false, 80,
	    false, "/", NULL, NULL, "my_host-1.example." },
	{ "ws://localhost:3000", false, "localhost", false, 3000, true, "/",
	    NULL, NULL, "localhost:3000" },
	{ "ws://x", false, "x", false, 80, false, "/", NULL, NULL, "x" },
	{ "ws://123.example", false, "123.example", false, 80, false, "/",
	    NULL, NULL, "123.example" },
	{ "ws://xn--bcher-kva.de/", false, "xn--bcher-kva.de", false, 80,
	    false, "/", NULL, NULL, "xn--bcher-kva.de" },
	{ "ws://0x.example", false, "0x.example", false, 80, false, "/",
	    NULL, NULL, "0x.example" },
};

static const struct bad bads[] = {
	{ "", "empty URL" },
	{ "ftp://h/", "unsupported scheme 'ftp' (use ws or wss)" },
	{ "FTP://h/", "unsupported scheme 'FTP' (use ws or wss)" },
	{ "file:///etc/passwd", "unsupported scheme 'file' (use ws or wss)" },
	{ "wsx://h", "unsupported scheme 'wsx' (use ws or wss)" },
	{ "w://h", "unsupported scheme 'w' (use ws or wss)" },
	{ "localhost:8080/x",
	    "unsupported scheme 'localhost' (use ws or wss)" },
	{ "example.com",
	    "missing scheme in 'example.com' (use ws:// or wss://)" },
	{ "//h/", "missing scheme in '//h/' (use ws:// or wss://)" },
	{ "://h/", "missing scheme in '://h/' (use ws:// or wss://)" },
	{ "1ws://h/", "missing scheme in '1ws://h/' (use ws:// or wss://)" },
	{ "\xc3\xa9://h/",
	    "missing scheme in '\\xc3\\xa9://h/' (use ws:// or wss://)" },
	{ "ws:h", "missing '//' after 'ws:'" },
	{ "ws:/h", "missing '//' after 'ws:'" },
	{ "WSS:", "missing '//' after 'WSS:'" },
	{ "ws://", "missing host" },
	{ "ws:///path", "missing host" },
	{ "ws://?x", "missing host" },
	{ "ws://user@/", "missing host" },
	{ "ws://u:p@", "missing host" },
	{ "ws://:80/", "missing host" },
	{ "ws://h:/", "missing port after ':'" },
	{ "ws://h:", "missing port after ':'" },
	{ "ws://h:?x", "missing port after ':'" },
	{ "ws://h:0/", "port '0' out of range (1-65535)" },
	{ "ws://h:00/", "port '00' out of range (1-65535)" },
	{ "ws://h:65536/", "port '65536' out of range (1-65535)" },
	{ "ws://h:99999999999999999999/",
	    "port '99999999999999999999' out of range (1-65535)" },
	{ "ws://h:-1/", "invalid port '-1' (use 1-65535)" },
	{ "ws://h:+80/", "invalid port '+80' (use 1-65535)" },
	{ "ws://h:8o/", "invalid port '8o' (use 1-65535)" },
	{ "ws://h:0x50/", "invalid port '0x50' (use 1-65535)" },
	{ "ws://h:80:81/", "invalid port '80:81' (use 1-65535)" },
	{ "ws://h:\xd9\xa1/", "invalid port '\\xd9\\xa1' (use 1-65535)" },
	{ "ws://::1/", "IPv6 address must be in brackets" },
	{ "ws://::1", "IPv6 address must be in brackets" },
	{ "ws://::1:8080/", "IPv6 address must be in brackets" },
	{ "ws://2001:db8::1/", "IPv6 address must be in brackets" },
	{ "ws://u@fe80::1%25eth0/", "IPv6 address must be in brackets" },
	{ "ws://[::1/", "missing ']' after IPv6 address '[::1'" },
	{ "ws://[::1", "missing ']' after IPv6 address '[::1'" },
	{ "ws://[::1]x/", "unexpected 'x' after IPv6 address" },
	{ "ws://[::1][::2]/", "unexpected '[::2]' after IPv6 address" },
	{ "ws://[::1]:/", "missing port after ':'" },
	{ "ws://[::1]:0/", "port '0' out of range (1-65535)" },
	{ "ws://[::1]:65536", "port '65536' out of range (1-65535)" },
	{ "ws://[fe80::1%25eth0]/",
	    "IPv6 zone identifier not supported ('[fe80::1%25eth0]')" },
	{ "ws://[fe80::1%eth0]:80/",
	    "IPv6 zone identifier not supported ('[fe80::1%eth0]')" },
	{ "ws://[]/", "invalid IPv6 address '[]'" },
	{ "ws://[1.2.3.4]/", "invalid IPv6 address '[1.2.3.4]'" },
	{ "ws://[::g]/", "invalid IPv6 address '[::g]'" },
	{ "ws://[1:2:3:4:5:6:7:8:9]/",
	    "invalid IPv6 address '[1:2:3:4:5:6:7:8:9]'" },
	{ "ws://[example.com]/", "invalid IPv6 address '[example.com]'" },
	{ "ws://h/#x", "fragment not allowed ('#x')" },
	{ "ws://h#", "fragment not allowed ('#')" },
	{ "ws://h/?a=1#frag", "fragment not allowed ('#frag')" },
	{ "ws://u:p#w@h/", "fragment not allowed ('#w@h/')" },
	{ "ws://h/ x", "space at offset 7 (write it as %20)" },
	{ " ws://h/", "space at offset 0 (write it as %20)" },
	{ "ws://h/ ", "space at offset 7 (write it as %20)" },
	{ "ws://exa mple.com/", "space at offset 8 (write it as %20)" },
	{ "ftp://h/ x", "space at offset 8 (write it as %20)" },
	{ "ws://h/\n", "control character 0x0a at offset 7" },
	{ "ws://h/\r\n", "control character 0x0d at offset 7" },
	{ "ws://h/\tx", "control character 0x09 at offset 7" },
	{ "\x01ws://h/", "control character 0x01 at offset 0" },
	{ "ws://h\x7f/", "control character 0x7f at offset 6" },
	{ "ws://h/\x1b[31m", "control character 0x1b at offset 7" },
	{ "ws://u:p\x1f@h/", "control character 0x1f at offset 8" },
	{ "ws://h\\path", "backslash at offset 6 (use '/')" },
	{ "ws:\\\\h/", "backslash at offset 3 (use '/')" },
	{ "ws://ex%41mple.com/",
	    "percent-escape not allowed in host 'ex%41mple.com'" },
	{ "ws://b\xc3\xbc" "cher.de/",
	    "non-ASCII host 'b\\xc3\\xbccher.de' (use its xn-- form)" },
	{ "ws://\xff/", "non-ASCII host '\\xff' (use its xn-- form)" },
	{ "ws://a..b/", "empty label in host 'a..b'" },
	{ "ws://.a/", "empty label in host '.a'" },
	{ "ws://./", "empty label in host '.'" },
	{ "ws://a../", "empty label in host 'a..'" },
	{ "ws://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/", "a label of host 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 63 characters" },
	{ "ws://x.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.y/",
	    "a label of host 'x.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 63 characters" },
	{ "ws://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/", "host 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 253 characters" },
	{ "ws://h!/", "invalid character '!' in host 'h!'" },
	{ "ws://*.example.com/",
	    "invalid character '*' in host '*.example.com'" },
	{ "ws://a]b/", "invalid character ']' in host 'a]b'" },
	{ "ws://a[::1]/", "invalid character '[' in host 'a['" },
	{ "ws://1.2.3/", "invalid IPv4 address '1.2.3'" },
	{ "ws://256.0.0.1/", "invalid IPv4 address '256.0.0.1'" },
	{ "ws://1.2.3.4.5/", "invalid IPv4 address '1.2.3.4.5'" },
	{ "ws://0x7f.0.0.1/", "invalid IPv4 address '0x7f.0.0.1'" },
	{ "ws://127.1/", "invalid IPv4 address '127.1'" },
	{ "ws://1234/", "invalid IPv4 address '1234'" },
	{ "ws://example.0x10/", "invalid IPv4 address 'example.0x10'" },
	{ "ws://example.123./", "invalid IPv4 address 'example.123'" },
	{ "ws://u%zz@h/",
	    "bad percent-escape '%zz' in user name (write '%' as %25)" },
	{ "ws://u:p%4@h/",
	    "bad percent-escape '%4' in password (write '%' as %25)" },
	{ "ws://u:p%@h/",
	    "bad percent-escape '%' in password (write '%' as %25)" },
	{ "ws://u%00@h/", "%00 not allowed in user name" },
	{ "ws://u:%00@h/", "%00 not allowed in password" },
	{ "ws://a%3Ab:c@h/", "':' (%3A) not allowed in user name" },
};

static void	 diff_str(struct buf *, const char *, const char *,
		    const char *);
static void	 diff_int(struct buf *, const char *, long long, long long);
static int	 report(struct buf *, const char *, const char *);
static int	 check_good(const struct good *);
static int	 check_bad(const struct bad *);
static int	 is_empty(const struct url *);
static void	 test_long(void);
static void	 test_host_header(void);
static void	 test_err_buffers(void);

static int
is_empty(const struct url *u)
{
	return !u->tls && u->host == NULL && !u->ipv6 && u->port == 0 &&
	    !u->port_given && u->path == NULL && u->user == NULL &&
	    u->password == NULL;
}

/* Notes a mismatch of a string field in d. */
static void
diff_str(struct buf *d, const char *what, const char *got, const char *want)
{
	if (got == NULL || want == NULL ? got == want : strcmp(got, want) == 0)
		return;
	buf_printf(d, "%s: got %s%s%s expected %s%s%s;", what,
	    got ? "'" : "", got ? got : "NULL", got ? "'" : "",
	    want ? "'" : "", want ? want : "NULL", want ? "'" : "");
}

/* Notes a mismatch of an integer field in d. */
static void
diff_int(struct buf *d, const char *what, long long got, long long want)
{
	if (got != want)
		buf_printf(d, "%s: got %lld expected %lld;", what, got, want);
}

/* Reports one check for a URL, with the mismatches noted in d. */
static int
report(struct buf *d, const char *verb, const char *in)
{
	size_t	 i, start;

	tap_ok(d->len == 0, "%s '%s'", verb, in);
	for (i = start = 0; i < d->len; i++) {
		if (d->data[i] != ';')
			continue;
		d->data[i] = '\0';
		tap_diag("%s", (char *)d->data + start);
		start = i + 1;
	}
	i = d->len == 0;
	buf_free(d);
	return (int)i;
}

static int
check_good(const struct good *t)
{
	struct url	 u;
	struct buf	 d = { NULL, 0, 0 };
	char		 err[256], hdr[300];
	int		 n;

	if (url_parse(t->in, &u, err, sizeof(err)) == -1) {
		buf_printf(&d, "refused: %s;", err);
		return report(&d, "parse", t->in);
	}
	diff_int(&d, "tls", u.tls, t->tls);
	diff_str(&d, "host", u.host, t->host);
	diff_int(&d, "ipv6", u.ipv6, t->ipv6);
	diff_int(&d, "port", u.port, t->port);
	diff_int(&d, "port_given", u.port_given, t->port_given);
	diff_str(&d, "path", u.path, t->path);
	diff_str(&d, "user", u.user, t->user);
	diff_str(&d, "password", u.password, t->password);
	n = url_host_header(&u, hdr, sizeof(hdr));
	diff_str(&d, "host header", n >= 0 ? hdr : NULL, t->hosthdr);
	diff_int(&d, "host header length", n, (long long)strlen(t->hosthdr));
	url_free(&u);
	if (!is_empty(&u))
		buf_printf(&d, "url_free did not zero the url;");
	return report(&d, "parse", t->in);
}

static int
check_bad(const struct bad *t)
{
	struct buf	 d = { NULL, 0, 0 };
	struct url	 u;
	char		 err[256];
	int		 rc;

	memset(&u, 0xa5, sizeof(u));
	strcpy(err, "unset");
	rc = url_parse(t->in, &u, err, sizeof(err));
	diff_int(&d, "result", rc, -1);
	diff_str(&d, "reason", err, t->err);
	if (!is_empty(&u))
		buf_printf(&d, "url not left empty;");
	if (rc == 0)
		url_free(&u);
	return report(&d, "refuse", t->in);
}

static void
test_long(void)
{
	struct url	 u;
	char		 err[256], *s, *want;
	size_t		 n = 100000, i;

	/* A very long path and query pass through intact. */
	s = malloc(n + 32);
	want = malloc(n + 32);
	strcpy(s, "ws://h/");
	for (i = 0; i < n; i++)
		s[7 + i] = i % 1000 == 999 ? '?' : 'a' + (char)(i % 26);
	s[7 + n] = '\0';
	tap_is_int(url_parse(s, &u, err, sizeof(err)), 0, "long path parses");
	tap_is_str(u.path, s + 6, "long path intact");
	url_free(&u);

	/* The longest DNS name (253 characters, 63-character labels) parses. */
	strcpy(s, "ws://");
	for (i = 0; i < 253; i++)
		s[5 + i] = i % 64 == 63 ? '.' : 'a';
	strcpy(s + 5 + 253, ":1234/x");
	tap_is_int(url_parse(s, &u, err, sizeof(err)), 0, "long host parses");
	memcpy(want, s + 5, 253);
	want[253] = '\0';
	tap_is_str(u.host, want, "long host intact");
	tap_is_int(u.port, 1234, "long host: port");
	url_free(&u);

	/* A long bad scheme is quoted in part, on one line. */
	memset(s, 'x', n);
	strcpy(s + n, "://h/");
	tap_is_int(url_parse(s, &u, err, sizeof(err)), -1,
	    "long scheme refused");
	tap_ok(strncmp(err, "unsupported scheme 'xxxx", 24) == 0 &&
	    strstr(err, "...' (use ws or wss)") != NULL &&
	    strlen(err) < 120, "long scheme: short reason '%s'", err);

	/* A long port is quoted in part. */
	strcpy(s, "ws://h:");
	memset(s + 7, '9', n);
	s[7 + n] = '\0';
	tap_is_int(url_parse(s, &u, err, sizeof(err)), -1,
	    "long port refused");
	tap_ok(strncmp(err, "port '999", 9) == 0 &&
	    strstr(err, "...' out of range (1-65535)") != NULL,
	    "long port: short reason '%s'", err);

	/* A long fragment with non-ASCII bytes is quoted safely. */
	strcpy(s, "ws://h/#");
	for (i = 0; i < 1000; i++)
		s[8 + i] = (char)0xff;
	s[8 + 1000] = '\0';
	tap_is_int(url_parse(s, &u, err, sizeof(err)), -1,
	    "long fragment refused");
	tap_ok(strncmp(err, "fragment not allowed ('#\\xff\\xff", 32) == 0 &&
	    strlen(err) < sizeof(err) - 1, "long fragment: reason '%s'", err);
	free(s);
	free(want);
}

static void
test_host_header(void)
{
	struct url	 u;
	char		 err[256], buf[32];

	if (url_parse("ws://[::1]:9000/", &u, err, sizeof(err)) == -1) {
		tap_ok(0, "parse for host header tests: %s", err);
		return;
	}
	/* "[::1]:9000" is 10 bytes: it needs 11 with the NUL. */
	tap_is_int(url_host_header(&u, buf, 11), 10, "host header fits 11");
	tap_is_str(buf, "[::1]:9000", "host header in 11");
	tap_is_int(url_host_header(&u, buf, 10), -1, "host header 10 short");
	tap_is_int(url_host_header(&u, buf, 1), -1, "host header 1 short");
	tap_is_int(url_host_header(&u, NULL, 0), -1, "host header no buffer");
	url_free(&u);
	tap_is_int(url_host_header(&u, buf, sizeof(buf)), -1,
	    "host header of an empty url");
}

static void
test_err_buffers(void)
{
	struct url	 u;
	char		 err[8];

	tap_is_int(url_parse("ftp://h/", &u, NULL, 0), -1,
	    "NULL err buffer is allowed");
	tap_is_int(url_parse("ftp://h/", &u, err, sizeof(err)), -1,
	    "short err buffer");
	tap_is_str(err, "unsuppo", "short err buffer truncates");
	err[0] = 'x';
	tap_is_int(url_parse("ws://h/", &u, err, sizeof(err)), 0,
	    "success clears err");
	tap_is_str(err, "", "err empty after success");
	url_free(&u);
	url_free(&u);
	tap_ok(is_empty(&u), "url_free twice is harmless");
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
		check_good(&goods[i]);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
		check_bad(&bads[i]);

	/* Every reason is one line, lower-case, unprefixed, unpunctuated. */
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const char	*e = bads[i].err;
		size_t		 n = strlen(e);

		if (n == 0 || strchr(e, '\n') != NULL || e[n - 1] == '.' ||
		    strncmp(e, "wsc", 3) == 0 ||
		    (e[0] >= 'A' && e[0] <= 'Z' && e[1] >= 'a'))
			break;
	}
	tap_ok(i == sizeof(bads) / sizeof(bads[0]),
	    "every reason is in house style");
	test_long();
	test_host_header();
	test_err_buffers();
	return tap_done();
}
