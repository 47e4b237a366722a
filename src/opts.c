/* Command-line options into struct wsc_opts, validated, without exiting. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "headers.h"
#include "opts.h"
#include "proxy.h"
#include "term.h"
#include "utf8.h"
#include "waitcond.h"

enum {
	OPT_CLOSE_CODE = 256,
	OPT_CLOSE_REASON,
	OPT_CLOSE_TIMEOUT,
	OPT_MAX_MESSAGE,
	OPT_ECHO,
	OPT_ONCE,
	OPT_PRINT_PORT,
	OPT_UNTIL,
	OPT_JSONL,
	OPT_CHAT,
	OPT_CACERT,
	OPT_CAPATH,
	OPT_CERT,
	OPT_KEY,
	OPT_PROXY,
	OPT_UNIX_SOCKET,
	OPT_DEFLATE,
	OPT_MAX_REDIRS,
	OPT_COLOR,
	OPT_NO_HISTORY,
	OPT_RAW_OUTPUT,
	OPT_CONNECT_TIMEOUT,
	OPT_PING_INTERVAL,
	OPT_PING_TIMEOUT,
	OPT_RECONNECT,
	OPT_SHOW_SECRETS,
	OPT_BINARY_OUTPUT,
	OPT_SEND_FILE
};

static const char short_opts[] = ":0146A:bhH:iIjkLl:n:o:qs:t:u:vVw:x:";

static const struct option long_opts[] = {
	{ "binary",		no_argument,		NULL, 'b' },
	{ "binary-output",	required_argument,	NULL, OPT_BINARY_OUTPUT },
	{ "cacert",		required_argument,	NULL, OPT_CACERT },
	{ "capath",		required_argument,	NULL, OPT_CAPATH },
	{ "cert",		required_argument,	NULL, OPT_CERT },
	{ "chat",		optional_argument,	NULL, OPT_CHAT },
	{ "close-code",		required_argument,	NULL, OPT_CLOSE_CODE },
	{ "close-reason",	required_argument,	NULL, OPT_CLOSE_REASON },
	{ "close-timeout",	required_argument,	NULL, OPT_CLOSE_TIMEOUT },
	{ "color",		required_argument,	NULL, OPT_COLOR },
	{ "connect-timeout",	required_argument,	NULL, OPT_CONNECT_TIMEOUT },
	{ "count",		required_argument,	NULL, 'n' },
	{ "deflate",		no_argument,		NULL, OPT_DEFLATE },
	{ "echo",		no_argument,		NULL, OPT_ECHO },
	{ "header",		required_argument,	NULL, 'H' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "interactive",	no_argument,		NULL, 'i' },
	{ "json",		no_argument,		NULL, 'j' },
	{ "jsonl",		no_argument,		NULL, OPT_JSONL },
	{ "insecure",		no_argument,		NULL, 'k' },
	{ "key",		required_argument,	NULL, OPT_KEY },
	{ "ipv4",		no_argument,		NULL, '4' },
	{ "ipv6",		no_argument,		NULL, '6' },
	{ "listen",		required_argument,	NULL, 'l' },
	{ "location",		no_argument,		NULL, 'L' },
	{ "max-message",	required_argument,	NULL, OPT_MAX_MESSAGE },
	{ "max-redirs",		required_argument,	NULL, OPT_MAX_REDIRS },
	{ "no-history",		no_argument,		NULL, OPT_NO_HISTORY },
	{ "no-interactive",	no_argument,		NULL, 'I' },
	{ "null",		no_argument,		NULL, '0' },
	{ "once",		no_argument,		NULL, OPT_ONCE },
	{ "origin",		required_argument,	NULL, 'o' },
	{ "ping-interval",	required_argument,	NULL, OPT_PING_INTERVAL },
	{ "ping-timeout",	required_argument,	NULL, OPT_PING_TIMEOUT },
	{ "print-port",		no_argument,		NULL, OPT_PRINT_PORT },
	{ "protocol",		required_argument,	NULL, 's' },
	{ "proxy",		required_argument,	NULL, OPT_PROXY },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "raw-output",		no_argument,		NULL, OPT_RAW_OUTPUT },
	{ "reconnect",		optional_argument,	NULL, OPT_RECONNECT },
	{ "send",		required_argument,	NULL, 'x' },
	{ "send-file",		required_argument,	NULL, OPT_SEND_FILE },
	{ "show-secrets",	no_argument,		NULL, OPT_SHOW_SECRETS },
	{ "timeout",		required_argument,	NULL, 't' },
	{ "until",		required_argument,	NULL, OPT_UNTIL },
	{ "unix-socket",	required_argument,	NULL, OPT_UNIX_SOCKET },
	{ "user",		required_argument,	NULL, 'u' },
	{ "user-agent",		required_argument,	NULL, 'A' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "wait",		required_argument,	NULL, 'w' },
	{ NULL,			0,			NULL, 0 }
};

static const char usage_text[] =
"usage: wsc [options] URL\n"
"       wsc -l [HOST:]PORT [--echo] [options]\n"
"\n"
"Connect to a WebSocket server (ws:// or wss://; http:// and https:// are\n"
"aliases).  In a pipe, each input line is sent as a message and each\n"
"received message is written to stdout followed by a newline.\n"
"\n"
"Handshake:\n"
"  -s, --protocol P        offer subprotocol P (repeatable, comma lists)\n"
"  -H, --header 'N: V'     add a request header (repeatable); @FILE reads\n"
"                          header lines from FILE\n"
"  -o, --origin ORIGIN     send Origin: ORIGIN verbatim\n"
"  -u, --user USER[:PASS]  Basic authentication (else the URL's userinfo)\n"
"  -A, --user-agent UA     send User-Agent: UA (default wsc/VERSION;\n"
"                          '' sends none)\n"
"\n"
"TLS (wss://):\n"
"  -k, --insecure          do not verify the server's certificate\n"
"      --cacert FILE       verify with the CA certificates in FILE (PEM)\n"
"                          instead of the system store\n"
"      --capath DIR        verify with the hashed CA directory DIR\n"
"                          instead of the system store\n"
"      --cert FILE         client certificate (PEM) for mutual TLS\n"
"      --key FILE          its private key (default: in the --cert FILE)\n"
"\n"
"Connection:\n"
"      --proxy URL         HTTP CONNECT proxy http://[USER:PASS@]HOST:PORT\n"
"                          ('' for none; default from https_proxy,\n"
"                          http_proxy, all_proxy, minus no_proxy)\n"
"      --unix-socket PATH  connect to the unix socket PATH (@NAME: abstract);\n"
"                          the URL still gives Host and path\n"
"  -4, --ipv4              use IPv4 addresses only\n"
"  -6, --ipv6              use IPv6 addresses only\n"
"  -L, --location          follow HTTP redirects (3xx) of the upgrade\n"
"      --max-redirs N      follow at most N redirects (0-4, default 4)\n"
"      --deflate           offer permessage-deflate compression\n"
"\n"
"Sending:\n"
"  -x, --send MSG          send MSG after the handshake, before stdin\n"
"                          (repeatable)\n"
"      --send-file PATH    send the whole file as one message (streamed in\n"
"                          fragments), after -x and before stdin;\n"
"                          repeatable, - for stdin\n"
"  -b, --binary            send input messages as binary, not text\n"
"  -0, --null              split input and output on NUL, not newline\n"
"\n"
"Ending:\n"
"  -w, --wait SEC          at end of input, close after the peer has been\n"
"                          quiet SEC seconds (default 1; 0: at once;\n"
"                          inf: never)\n"
"      --close-code N      close code: 1000 or 3000-4999 (default 1000)\n"
"      --close-reason TXT  close reason, at most 123 bytes of UTF-8\n"
"      --close-timeout SEC wait SEC for the peer's Close (default 2)\n"
"\n"
"Waiting (instead of the quiet period of -w; each ends with a Close):\n"
"  -n, --count N           end after N received messages\n"
"  -1                      end after one received message (-n 1)\n"
"      --until REGEX       end at the first received message matching REGEX\n"
"                          (POSIX ERE; with -n N, at the N-th match)\n"
"\n"
"Timeouts and keepalive (exit 8 when one expires):\n"
"  -t, --timeout SEC       end the whole session after SEC seconds\n"
"      --connect-timeout SEC  TCP, TLS and upgrade within SEC (default 10;\n"
"                          0: no limit)\n"
"      --ping-interval SEC send a ping every SEC seconds (RTT at -v)\n"
"      --ping-timeout SEC  fail when a ping is not answered within SEC\n"
"                          (default: the ping interval)\n"
"      --reconnect[=N]     reconnect after a failure or drop, at most N\n"
"                          times (default: no limit), replaying -x messages\n"
"\n"
"Receiving:\n"
"      --max-message SIZE  fail on a message larger than SIZE bytes\n"
"                          (K, M, G suffixes; default 64M)\n"
"  -j, --json              pretty-print received JSON (colour on a\n"
"                          terminal); refuse input that is not JSON\n"
"      --jsonl             write each message as a JSON line: type, time,\n"
"                          data or base64 (-v: open, close, error, pong)\n"
"      --chat [NAME]       talk the chat packets of MDN's chat example:\n"
"                          render them, send lines as messages, /nick NAME\n"
"      --binary-output FMT show received binary as raw bytes, a hex dump or\n"
"                          base64: raw, hex or base64 (default: raw in a\n"
"                          pipe, hex on a terminal)\n"
"\n"
"Interactive (when stdin and stdout are terminals):\n"
"  -i, --interactive       use the line editor even if they are not\n"
"  -I, --no-interactive    never use it (pipe mode)\n"
"      --raw-output        show server text as it is, controls included\n"
"                          (default: escaped, e.g. \\x1b)\n"
"      --color WHEN        colour: auto (default; off if NO_COLOR is set),\n"
"                          always or never\n"
"      --no-history        neither read nor write the history file\n"
"                          ($WSC_HISTFILE, else $XDG_STATE_HOME/wsc/history)\n"
"                          Type /help at the prompt for the commands.\n"
"\n"
"Listening:\n"
"  -l, --listen [HOST:]PORT accept WebSocket clients on PORT (0: any free\n"
"                          port) of HOST (default 127.0.0.1; [::1] for\n"
"                          IPv6): their messages go to stdout, input lines\n"
"                          to every client; -s lists accepted subprotocols\n"
"      --echo              send every message back to its sender instead\n"
"      --once              end when the first client leaves\n"
"      --print-port        print the port number on a line to stdout first\n"
"\n"
"Diagnostics:\n"
"  -v, --verbose           report states, protocol and close (-vv: lws log)\n"
"  -q, --quiet             print nothing but errors\n"
"      --show-secrets      do not redact Authorization, Cookie and\n"
"                          passwords in -v output\n"
"  -h, --help              print this help and exit\n"
"  -V, --version           print versions and exit\n"
"\n"
"Exit status: 0 clean close, 1 failure, 2 usage, 3 connect, 4 TLS,\n"
"5 upgrade rejected, 6 peer protocol error, 7 abnormal close, 8 timeout,\n"
"9 wait condition unmet, 10 local I/O, 130/143 signal.  See wsc(1).\n";

static int	 fail(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 push(char ***, size_t *, const char *, size_t);
static int	 add_protocols(struct wsc_opts *, const char *, char *, size_t);
static int	 add_header(struct wsc_opts *, const char *, char *, size_t);
static int	 keep_header(void *, const char *, size_t);
static int	 check_path(const char *, const char *, char *, size_t);
static int	 is_tchar(int);
static int	 parse_count(const char *, unsigned long *, char *, size_t);
static int	 check_regex(const char *, char *, size_t);

const char *
opts_usage(void)
{
	return usage_text;
}

/*
 * Formats an error into err as one safe line: user text quoted in it is
 * escaped like server text (controls, C1, bad UTF-8 as \xNN; LF and TAB
 * too), so no argument can break the line or drive the terminal.
 */
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	char		 raw[1024];
	struct buf	 b = { 0 };
	va_list		 ap;
	size_t		 i, o = 0;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (errlen == 0)
		return -1;
	if (term_escape_line(&b, (unsigned char *)raw, strlen(raw)) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < b.len && o + 1 < errlen; i++)
		err[o++] = (char)b.data[i];
	while (i < b.len && o > 0 && ((unsigned char)err[o - 1] & 0xc0) == 0x80)
		o--;		/* cut: do not end inside a UTF-8 sequence */
	if (i < b.len && o > 0 && ((unsigned char)err[o - 1] & 0xc0) == 0xc0)
		o--;
	err[o] = '\0';
	buf_free(&b);
	return -1;
}

/* Appends a copy of s[0..n) to the vector *v of *n strings. */
static int
push(char ***v, size_t *nv, const char *s, size_t n)
{
	char	**nvec, *copy;

	if ((copy = strndup(s, n)) == NULL)
		return -1;
	if ((nvec = reallocarray(*v, *nv + 1, sizeof(**v))) == NULL) {
		free(copy);
		return -1;
	}
	*v = nvec;
	(*v)[(*nv)++] = copy;
	return 0;
}

/* RFC 7230 tchar: what a token (header name, subprotocol) is made of. */
static int
is_tchar(int c)
{
	return c > 0 && c < 127 && (isalnum(c) || strchr("!#$%&'*+-.^_`|~", c));
}

/* Splits a comma list of subprotocols, refusing bad tokens and duplicates. */
static int
add_protocols(struct wsc_opts *o, const char *arg, char *err, size_t errlen)
{
	const char	*p = arg, *end, *s, *e;
	size_t		 i, n;

	for (;;) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		s = p;
		e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		n = (size_t)(e - s);
		if (n == 0)
			return fail(err, errlen,
			    "subprotocol list '%s': empty name", arg);
		for (i = 0; i < n; i++)
			if (!is_tchar((unsigned char)s[i]))
				return fail(err, errlen, "subprotocol '%.*s': "
				    "invalid character (a token is letters, "
				    "digits and !#$%%&'*+-.^_`|~)", (int)n, s);
		for (i = 0; i < o->nprotocols; i++)
			if (strlen(o->protocols[i]) == n &&
			    memcmp(o->protocols[i], s, n) == 0)
				return fail(err, errlen,
				    "subprotocol '%.*s': given twice", (int)n, s);
		if (push(&o->protocols, &o->nprotocols, s, n) == -1)
			return fail(err, errlen, "%s", strerror(errno));
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/* A header file's line: kept as a header (already checked). */
static int
keep_header(void *ctx, const char *line, size_t len)
{
	struct wsc_opts	*o = ctx;

	return push(&o->headers, &o->nheaders, line, len);
}

/* -H 'Name: value', or -H @FILE for a file of such lines. */
static int
add_header(struct wsc_opts *o, const char *arg, char *err, size_t errlen)
{
	char	 why[512];

	if (arg[0] == '@') {
		if (headers_load_file(arg + 1, keep_header, o, why,
		    sizeof(why)) == -1)
			return fail(err, errlen, "%s", why);
		return 0;
	}
	if (headers_check(arg, strlen(arg), why, sizeof(why)) == -1)
		return fail(err, errlen, "%s", why);
	if (push(&o->headers, &o->nheaders, arg, strlen(arg)) == -1)
		return fail(err, errlen, "%s", strerror(errno));
	return 0;
}

/* A message count for -n: a decimal number from 1 to 10^9. */
static int
parse_count(const char *s, unsigned long *out, char *err, size_t errlen)
{
	unsigned long	 v = 0;
	size_t		 i;

	if (*s == '\0' || strlen(s) > 10)
		goto bad;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]))
			goto bad;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v == 0 || v > 1000000000UL)
		goto bad;
	*out = v;
	return 0;
bad:
	return fail(err, errlen, "'%s': expected a number of messages, "
	    "1 to 1000000000", s);
}

/* Compiles a --until pattern once to refuse a bad one as a usage error. */
static int
check_regex(const char *s, char *err, size_t errlen)
{
	struct waitcond	 w;

	if (waitcond_init(&w, 0, s, err, errlen) == -1)
		return -1;
	waitcond_free(&w);
	return 0;
}

/* A file option's argument: not empty, no control characters. */
static int
check_path(const char *opt, const char *arg, char *err, size_t errlen)
{
	const char	*p;

	if (*arg == '\0')
		return fail(err, errlen, "%s: empty file name", opt);
	for (p = arg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			return fail(err, errlen, "%s: control character in "
			    "the file name", opt);
	return 0;
}

int
opts_check_close_code(long code, char *err, size_t errlen)
{
	if (code == 1000 || (code >= 3000 && code <= 4999))
		return 0;
	return fail(err, errlen, "close code %ld: must be 1000 or 3000-4999",
	    code);
}

int
opts_check_close_reason(const char *reason, char *err, size_t errlen)
{
	size_t	 n = strlen(reason);

	if (n > 123)
		return fail(err, errlen, "close reason: %zu bytes, at most 123 "
		    "allowed", n);
	if (!utf8_valid((const unsigned char *)reason, n))
		return fail(err, errlen, "close reason: not valid UTF-8");
	return 0;
}

int
opts_parse_seconds(const char *s, bool allow_inf, double *out, char *err,
    size_t errlen)
{
	char	*end;
	double	 d;

	if (allow_inf && (strcmp(s, "inf") == 0 || strcmp(s, "infinity") == 0)) {
		*out = OPTS_WAIT_INF;
		return 0;
	}
	if (*s == '\0' || isspace((unsigned char)*s) || *s == '-' ||
	    *s == '+')
		goto bad;
	errno = 0;
	d = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(d) || d < 0 ||
	    strpbrk(s, "xXnNiI") != NULL)
		goto bad;
	if (d > 31536000.0)
		return fail(err, errlen, "'%s': more than a year of seconds", s);
	*out = d;
	return 0;
bad:
	return fail(err, errlen, "'%s': expected seconds, a number >= 0%s", s,
	    allow_inf ? " or inf" : "");
}

int
opts_parse_size(const char *s, size_t *out, char *err, size_t errlen)
{
	unsigned long long	 v, mul = 1;
	char			*end;

	if (!isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		goto bad;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	default: break;
	}
	if (mul > 1 && *end == 'i')
		end++;
	if (*end == 'B')
		end++;
	if (*end != '\0')
		goto bad;
	if (v == 0)
		return fail(err, errlen, "'%s': size must be at least 1", s);
	if (v > (1ULL << 40) / mul)
		return fail(err, errlen, "'%s': size over 1T", s);
	*out = (size_t)(v * mul);
	return 0;
bad:
	return fail(err, errlen, "'%s': expected a size in bytes (with an "
	    "optional K, M or G suffix)", s);
}

int
opts_parse_listen(const char *s, char **host, int *port, char *err,
    size_t errlen)
{
	const char	*h = NULL, *p = s, *q;
	size_t		 hlen = 0, i;
	long		 v = 0;

	*host = NULL;
	if (strpbrk(s, "\r\n") != NULL)
		return fail(err, errlen, "listen address: contains CR or LF");
	if (*s == '[') {
		if ((q = strchr(s, ']')) == NULL || q[1] != ':')
			return fail(err, errlen, "listen address '%s': expected "
			    "[IPV6]:PORT", s);
		h = s + 1;
		hlen = (size_t)(q - h);
		p = q + 2;
		if (hlen == 0 || memchr(h, ':', hlen) == NULL)
			return fail(err, errlen, "listen address '%s': not an "
			    "IPv6 address in brackets", s);
	} else if ((q = strrchr(s, ':')) != NULL) {
		h = s;
		hlen = (size_t)(q - s);
		p = q + 1;
		if (hlen == 0)
			return fail(err, errlen, "listen address '%s': empty "
			    "host", s);
		if (memchr(h, ':', hlen) != NULL)
			return fail(err, errlen, "listen address '%s': put an "
			    "IPv6 address in brackets ([::1]:PORT)", s);
	}
	for (i = 0; i < hlen; i++)
		if ((unsigned char)h[i] <= ' ' || h[i] == '/' ||
		    (unsigned char)h[i] >= 127)
			return fail(err, errlen, "listen address '%s': invalid "
			    "character in host", s);
	if (*p == '\0' || strlen(p) > 5)
		goto badport;
	for (i = 0; p[i] != '\0'; i++) {
		if (!isdigit((unsigned char)p[i]))
			goto badport;
		v = v * 10 + (p[i] - '0');
	}
	if (v > 65535)
		goto badport;
	if (h != NULL && (*host = strndup(h, hlen)) == NULL)
		return fail(err, errlen, "%s", strerror(errno));
	*port = (int)v;
	return 0;
badport:
	return fail(err, errlen, "listen address '%s': port must be a number "
	    "0-65535", s);
}

/*
 * The error for an option getopt_long refused: arg is the word it was
 * reading, optopt its option character (0 for an unknown long option).
 * Says whether a long name is unknown, ambiguous, or given a value it does
 * not take, instead of getopt's bare "unknown option".
 */
static int
bad_option(char *err, size_t errlen, const char *arg, int optopt)
{
	const struct option	*lo, *hit = NULL;
	size_t			 n, nhits = 0;
	const char		*eq;
	char			 list[256];

	if (strncmp(arg, "--", 2) != 0)
		return fail(err, errlen, "unknown option '-%c'", optopt);
	arg += 2;
	eq = strchr(arg, '=');
	n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
	for (lo = long_opts; lo->name != NULL; lo++) {
		if (strncmp(lo->name, arg, n) != 0)
			continue;
		if (lo->name[n] == '\0') {
			hit = lo;
			nhits = 1;
			break;
		}
		hit = lo;
		nhits++;
	}
	if (nhits > 1) {
		list[0] = '\0';
		for (lo = long_opts; lo->name != NULL; lo++)
			if (strncmp(lo->name, arg, n) == 0 &&
			    strlen(list) + strlen(lo->name) + 5 < sizeof(list))
				(void)snprintf(list + strlen(list),
				    sizeof(list) - strlen(list), "%s--%s",
				    list[0] ? ", " : "", lo->name);
		return fail(err, errlen, "option '--%.*s' is ambiguous: %s",
		    (int)n, arg, list);
	}
	if (nhits == 1 && eq != NULL && hit->has_arg == no_argument)
		return fail(err, errlen, "option '--%s' takes no value",
		    hit->name);
	return fail(err, errlen, "unknown option '--%.*s'", (int)n, arg);
}

int
opts_parse(struct wsc_opts *o, int argc, char **argv, char *err,
    size_t errlen)
{
	char	 why[256];
	char		*end;
	long		 code;
	unsigned long	 count;
	size_t		 i;
	int		 c;

	memset(o, 0, sizeof(*o));
	o->wait = 1.0;
	o->close_code = 1000;
	o->close_reason = "";
	o->close_timeout = 2.0;
	o->max_message = 64ULL << 20;
	o->max_redirs = OPTS_MAX_REDIRS;
	o->connect_timeout = 10.0;
	o->reconnect = 0;

	optind = 0;		/* glibc: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts,
	    NULL)) != -1) {
		switch (c) {
		case '0':
			o->nul = true;
			break;
		case '4':
		case '6':
			if (o->family != 0 && o->family != c - '0')
				return fail(err, errlen, "-4 and -6 contradict "
				    "each other");
			o->family = c - '0';
			break;
		case 'L':
			o->location = true;
			break;
		case OPT_DEFLATE:
			o->deflate = true;
			break;
		case OPT_PROXY:
			if (*optarg != '\0' && proxy_parse(optarg, NULL, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "--proxy: %s", why);
			o->proxy = optarg;
			break;
		case OPT_UNIX_SOCKET:
			if (check_path("--unix-socket", optarg, err,
			    errlen) == -1)
				return -1;
			/* sun_path holds 108 bytes, NUL or '@' included */
			if (strlen(optarg) > 107)
				return fail(err, errlen, "--unix-socket: %zu "
				    "bytes, at most 107 fit", strlen(optarg));
			if (strcmp(optarg, "@") == 0)
				return fail(err, errlen, "--unix-socket: empty "
				    "abstract name");
			o->unix_socket = optarg;
			break;
		case OPT_MAX_REDIRS:
			errno = 0;
			code = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    code < 0 || code > OPTS_MAX_REDIRS)
				return fail(err, errlen, "--max-redirs '%s': "
				    "expected a number 0-%d (libwebsockets "
				    "follows at most %d)", optarg,
				    OPTS_MAX_REDIRS, OPTS_MAX_REDIRS);
			o->max_redirs = (int)code;
			break;
		case 'A':
			if (strpbrk(optarg, "\r\n") != NULL)
				return fail(err, errlen, "user agent: contains "
				    "CR or LF");
			for (end = optarg; *end != '\0'; end++)
				if ((unsigned char)*end < 0x20 && *end != '\t')
					return fail(err, errlen, "user agent: "
					    "control character");
			o->user_agent = optarg;
			break;
		case 'b':
			o->binary = true;
			break;
		case 'k':
			o->insecure = true;
			break;
		case 'u':
			for (end = optarg; *end != '\0'; end++)
				if ((unsigned char)*end < 0x20 ||
				    *end == 0x7f)
					return fail(err, errlen, "--user: control "
					    "character");
			if (*optarg == '\0' || *optarg == ':')
				return fail(err, errlen, "--user: expected "
				    "USER[:PASSWORD]");
			o->user = optarg;
			break;
		case OPT_CACERT:
			if (check_path("--cacert", optarg, err, errlen) == -1)
				return -1;
			o->cacert = optarg;
			break;
		case OPT_CAPATH:
			if (check_path("--capath", optarg, err, errlen) == -1)
				return -1;
			o->capath = optarg;
			break;
		case OPT_CERT:
			if (check_path("--cert", optarg, err, errlen) == -1)
				return -1;
			o->cert = optarg;
			break;
		case OPT_KEY:
			if (check_path("--key", optarg, err, errlen) == -1)
				return -1;
			o->key = optarg;
			break;
		case 'h':
			o->action = OPTS_HELP;
			return 0;
		case 'j':
			o->json = true;
			break;
		case 'i':
			o->interactive = OPTS_YES;
			break;
		case 'I':
			o->interactive = OPTS_NO;
			break;
		case 'H':
			if (add_header(o, optarg, err, errlen) == -1)
				return -1;
			break;
		case 'l':
			free(o->listen_host);
			if (opts_parse_listen(optarg, &o->listen_host,
			    &o->listen_port, why, sizeof(why)) == -1)
				return fail(err, errlen, "%s", why);
			o->listen = true;
			break;
		case 'n':
			if (parse_count(optarg, &o->count, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "--count %s", why);
			break;
		case '1':
			o->count = 1;
			break;
		case 't':
			if (opts_parse_seconds(optarg, false, &o->timeout, why,
			    sizeof(why)) == -1 || o->timeout == 0)
				return fail(err, errlen, "--timeout '%s': "
				    "expected seconds, a number > 0", optarg);
			break;
		case OPT_CONNECT_TIMEOUT:
			if (opts_parse_seconds(optarg, false,
			    &o->connect_timeout, why, sizeof(why)) == -1)
				return fail(err, errlen, "--connect-timeout %s",
				    why);
			break;
		case OPT_PING_INTERVAL:
			if (opts_parse_seconds(optarg, false,
			    &o->ping_interval, why, sizeof(why)) == -1 ||
			    o->ping_interval < 0.01)
				return fail(err, errlen, "--ping-interval '%s': "
				    "expected seconds, at least 0.01", optarg);
			break;
		case OPT_PING_TIMEOUT:
			if (opts_parse_seconds(optarg, false,
			    &o->ping_timeout, why, sizeof(why)) == -1 ||
			    o->ping_timeout < 0.01)
				return fail(err, errlen, "--ping-timeout '%s': "
				    "expected seconds, at least 0.01", optarg);
			break;
		case OPT_RECONNECT:
			o->reconnect = -1;
			if (optarg != NULL && parse_count(optarg,
			    &count, why, sizeof(why)) == -1)
				return fail(err, errlen, "--reconnect='%s': "
				    "expected a number of reconnects, 1 to "
				    "1000000000", optarg);
			if (optarg != NULL)
				o->reconnect = (long)count;
			break;
		case OPT_SHOW_SECRETS:
			o->show_secrets = true;
			break;
		case OPT_UNTIL:
			if (check_regex(optarg, why, sizeof(why)) == -1)
				return fail(err, errlen, "--until '%s': %s",
				    optarg, why);
			o->until = optarg;
			break;
		case 'o':
			if (strpbrk(optarg, "\r\n") != NULL || *optarg == '\0')
				return fail(err, errlen, "origin: empty or "
				    "contains CR or LF");
			/* lws builds the line in 128 bytes (quirk 16) */
			if (strlen(optarg) > OPTS_ORIGIN_MAX)
				return fail(err, errlen, "origin: %zu bytes, "
				    "at most %d supported", strlen(optarg),
				    OPTS_ORIGIN_MAX);
			o->origin = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 's':
			if (add_protocols(o, optarg, err, errlen) == -1)
				return -1;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'V':
			o->action = OPTS_VERSION;
			return 0;
		case 'w':
			if (opts_parse_seconds(optarg, true, &o->wait, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "--wait %s", why);
			break;
		case 'x':
			if (push(&o->sends, &o->nsends, optarg,
			    strlen(optarg)) == -1)
				return fail(err, errlen, "%s", strerror(errno));
			break;
		case OPT_CLOSE_CODE:
			errno = 0;
			code = strtol(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    errno != 0)
				return fail(err, errlen, "--close-code '%s': "
				    "expected a number", optarg);
			if (opts_check_close_code(code, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "%s", why);
			o->close_code = (int)code;
			break;
		case OPT_CLOSE_REASON:
			if (opts_check_close_reason(optarg, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "%s", why);
			o->close_reason = optarg;
			break;
		case OPT_CLOSE_TIMEOUT:
			if (opts_parse_seconds(optarg, false, &o->close_timeout,
			    why, sizeof(why)) == -1)
				return fail(err, errlen, "--close-timeout %s",
				    why);
			break;
		case OPT_MAX_MESSAGE:
			if (opts_parse_size(optarg, &o->max_message, why,
			    sizeof(why)) == -1)
				return fail(err, errlen, "--max-message %s",
				    why);
			break;
		case OPT_ECHO:
			o->echo = true;
			break;
		case OPT_JSONL:
			o->jsonl = true;
			break;
		case OPT_CHAT:
			o->chat = true;
			/*
			 * "--chat NAME URL": a following word that is not an
			 * option and not a URL (no "://") is the name.
			 */
			if (optarg == NULL && optind < argc &&
			    argv[optind][0] != '-' &&
			    strstr(argv[optind], "://") == NULL)
				optarg = argv[optind++];
			if (optarg != NULL && (*optarg == '\0' ||
			    !utf8_valid((unsigned char *)optarg,
			    strlen(optarg))))
				return fail(err, errlen, "--chat '%s': the name "
				    "must be non-empty UTF-8", optarg);
			o->chat_name = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = OPTS_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = OPTS_YES;
			else if (strcmp(optarg, "never") == 0)
				o->color = OPTS_NO;
			else
				return fail(err, errlen, "--color '%s': expected "
				    "auto, always or never", optarg);
			break;
		case OPT_NO_HISTORY:
			o->no_history = true;
			break;
		case OPT_RAW_OUTPUT:
			o->raw_output = true;
			break;
		case OPT_SEND_FILE:
			if (*optarg == '\0')
				return fail(err, errlen, "--send-file: empty "
				    "path");
			for (i = 0; strcmp(optarg, "-") == 0 &&
			    i < o->nsend_files; i++)
				if (strcmp(o->send_files[i], "-") == 0)
					return fail(err, errlen, "--send-file -: "
					    "stdin given twice");
			if (push(&o->send_files, &o->nsend_files, optarg,
			    strlen(optarg)) == -1)
				return fail(err, errlen, "%s", strerror(errno));
			break;
		case OPT_BINARY_OUTPUT:
			if (strcmp(optarg, "raw") == 0)
				o->binary_output = OPTS_BIN_RAW;
			else if (strcmp(optarg, "hex") == 0)
				o->binary_output = OPTS_BIN_HEX;
			else if (strcmp(optarg, "base64") == 0)
				o->binary_output = OPTS_BIN_BASE64;
			else
				return fail(err, errlen, "--binary-output '%s': "
				    "expected raw, hex or base64", optarg);
			break;
		case OPT_ONCE:
			o->once = true;
			break;
		case OPT_PRINT_PORT:
			o->print_port = true;
			break;
		case ':':
			return fail(err, errlen, "option '%s' needs an argument",
			    argv[optind - 1]);
		case '?':
		default:
			return bad_option(err, errlen, argv[optind - 1],
			    optopt);
		}
	}
	if (o->key != NULL && o->cert == NULL)
		return fail(err, errlen, "--key needs --cert");
	if (o->insecure && (o->cacert != NULL || o->capath != NULL))
		return fail(err, errlen, "-k and --%s contradict each other",
		    o->cacert != NULL ? "cacert" : "capath");
	if (o->verbose > 0 && o->quiet)
		return fail(err, errlen, "-v and -q contradict each other");
	for (i = 0; !o->binary && i < o->nsends; i++)
		if (!utf8_valid((unsigned char *)o->sends[i],
		    strlen(o->sends[i])))
			return fail(err, errlen, "--send message %zu: not valid "
			    "UTF-8 (use -b to send binary)", i + 1);
	if (o->ping_timeout > 0 && o->ping_interval == 0)
		o->ping_interval = o->ping_timeout;
	if (o->ping_timeout == 0)
		o->ping_timeout = o->ping_interval;
	if (o->listen && (o->count > 0 || o->until != NULL ||
	    o->reconnect != 0 || o->timeout > 0))
		return fail(err, errlen, "%s needs a URL (not listen mode)",
		    o->until != NULL ? "--until" : o->count > 0 ? "--count" :
		    o->reconnect != 0 ? "--reconnect" : "--timeout");
	if (o->chat && (o->json || o->jsonl || o->binary || o->listen))
		return fail(err, errlen, "--chat cannot be combined with %s",
		    o->json ? "-j" : o->jsonl ? "--jsonl" : o->binary ? "-b" :
		    "-l");
	if (!o->listen && (o->echo || o->once || o->print_port))
		return fail(err, errlen, "%s needs -l (listen mode)",
		    o->echo ? "--echo" : o->once ? "--once" : "--print-port");
	if (o->nsend_files > 0 && (o->listen || o->reconnect != 0 ||
	    o->chat))
		return fail(err, errlen, "--send-file: cannot be combined with "
		    "%s", o->listen ? "-l" : o->chat ? "--chat" :
		    "--reconnect");
	if (o->listen && o->interactive == OPTS_YES)
		return fail(err, errlen, "-i: listen mode has no interactive "
		    "front end yet");
	if (o->listen) {
		if (optind < argc)
			return fail(err, errlen, "unexpected argument '%s': "
			    "listen mode takes no URL", argv[optind]);
		return 0;
	}
	if (optind >= argc)
		return fail(err, errlen, "missing URL");
	if (optind + 1 < argc)
		return fail(err, errlen, "unexpected argument '%s' after the "
		    "URL", argv[optind + 1]);
	o->url = argv[optind];
	return 0;
}

void
opts_free(struct wsc_opts *o)
{
	size_t	 i;

	for (i = 0; i < o->nprotocols; i++)
		free(o->protocols[i]);
	for (i = 0; i < o->nheaders; i++)
		free(o->headers[i]);
	for (i = 0; i < o->nsends; i++)
		free(o->sends[i]);
	for (i = 0; i < o->nsend_files; i++)
		free(o->send_files[i]);
	free(o->send_files);
	free(o->protocols);
	free(o->headers);
	free(o->sends);
	free(o->listen_host);
	memset(o, 0, sizeof(*o));
}
