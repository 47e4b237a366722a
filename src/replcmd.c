/* Interactive input lines into messages and validated slash commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "opts.h"
#include "replcmd.h"
#include "term.h"

static const char replcmd_help_text[] =
"/help                  this list\n"
"/quit                  close the connection (1000) and exit\n"
"/close [CODE [REASON]] close with CODE (1000 or 3000-4999) and REASON\n"
"/ping [TEXT]           send a ping; the round trip is shown on the pong\n"
"/binary HEX            send a binary message (\"/binary 01 ff 7e\")\n"
"/send-file PATH        send a whole file as one message\n"
"/json on|off           JSON mode: pretty-print replies, check input\n"
"/nick NAME             with --chat: change the user name\n"
"//TEXT                 send \"/TEXT\" (a line starting with a slash)\n"
"Ctrl-D on an empty line closes; Ctrl-C closes, a second exits at once.\n";

static const struct {
	const char	*name;
	enum replcmd_kind kind;
} replcmd_names[] = {
	{ "help", REPLCMD_HELP },
	{ "quit", REPLCMD_QUIT },
	{ "close", REPLCMD_CLOSE },
	{ "ping", REPLCMD_PING },
	{ "binary", REPLCMD_BINARY },
	{ "send-file", REPLCMD_SEND_FILE },
	{ "json", REPLCMD_JSON },
	{ "nick", REPLCMD_NICK },
};

static int	 put(struct buf *, const char *, size_t, char *, size_t);
static void	 quote(char *, size_t, const char *, const char *, size_t);

const char *
replcmd_help(void)
{
	return replcmd_help_text;
}

/* Sets the data to p[0..n) plus a NUL that len does not count. */
static int
put(struct buf *b, const char *p, size_t n, char *err, size_t errlen)
{
	b->len = 0;
	if (buf_reserve(b, n + 1) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (n > 0)
		memcpy(b->data, p, n);
	b->data[n] = '\0';
	b->len = n;
	return 0;
}

/* Formats "fmt" with the escaped, shortened word w[0..n) (user text). */
static void
quote(char *err, size_t errlen, const char *fmt, const char *w, size_t n)
{
	struct buf	 e = { 0 };

	if (n > 40)
		n = 40;
	if (term_escape_line(&e, (const unsigned char *)w, n) == -1 ||
	    buf_putc(&e, '\0') == -1) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		buf_free(&e);
		return;
	}
	/* fmt is one of ours with a single %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(err, errlen, fmt, (char *)e.data);
#pragma GCC diagnostic pop
	buf_free(&e);
}

int
replcmd_unhex(struct buf *out, const char *p, size_t n, char *err,
    size_t errlen)
{
	size_t	 i = 0;
	int	 hi, lo = -1;

	if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		i = 2;
	while (i < n) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == ':') {
			i++;
			continue;
		}
		if ((hi = hex_digit((unsigned char)p[i])) == -1) {
			quote(err, errlen, "/binary: '%s': not a hex digit",
			    p + i, 1);
			return -1;
		}
		lo = i + 1 < n ? hex_digit((unsigned char)p[i + 1]) : -1;
		if (i + 1 < n && lo == -1 && p[i + 1] != ' ' &&
		    p[i + 1] != '\t' && p[i + 1] != ':') {
			quote(err, errlen, "/binary: '%s': not a hex digit",
			    p + i + 1, 1);
			return -1;
		}
		if (i + 1 >= n || lo == -1) {
			snprintf(err, errlen, "/binary: an odd number of hex "
			    "digits (write each byte as two)");
			return -1;
		}
		if (buf_putc(out, hi << 4 | lo) == -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		i += 2;
	}
	return 0;
}

int
replcmd_parse(struct replcmd *c, const char *p, size_t n, char *err,
    size_t errlen)
{
	const char	*name, *arg, *end = p + n, *sp;
	char		 why[256];
	char		 num[16];
	size_t		 nlen, alen, i;
	long		 code;
	char		*e;

	c->kind = REPLCMD_SEND;
	c->code = 0;
	c->on = false;
	if (n == 0 || p[0] != '/')
		return put(&c->data, p, n, err, errlen);
	if (n >= 2 && p[1] == '/')
		return put(&c->data, p + 1, n - 1, err, errlen);
	name = p + 1;
	for (sp = name; sp < end && *sp != ' ' && *sp != '\t'; sp++)
		continue;
	nlen = (size_t)(sp - name);
	arg = sp;
	while (arg < end && (*arg == ' ' || *arg == '\t'))
		arg++;
	alen = (size_t)(end - arg);
	/* Trailing blanks are not part of an argument (but of a reason). */
	for (i = 0; i < sizeof(replcmd_names) / sizeof(replcmd_names[0]); i++)
		if (strlen(replcmd_names[i].name) == nlen &&
		    memcmp(replcmd_names[i].name, name, nlen) == 0)
			break;
	if (i == sizeof(replcmd_names) / sizeof(replcmd_names[0])) {
		quote(err, errlen, "unknown command '/%s' (/help lists them; "
		    "//text sends a line starting with '/')", name, nlen);
		return -1;
	}
	c->kind = replcmd_names[i].kind;
	if (put(&c->data, "", 0, err, errlen) == -1)
		return -1;
	switch (c->kind) {
	case REPLCMD_HELP:
	case REPLCMD_QUIT:
		if (alen != 0) {
			quote(err, errlen, "/%s takes no argument", name, nlen);
			return -1;
		}
		return 0;
	case REPLCMD_CLOSE:
		c->code = 1000;
		if (alen == 0)
			return 0;
		for (sp = arg; sp < end && *sp != ' ' && *sp != '\t'; sp++)
			continue;
		if ((size_t)(sp - arg) >= sizeof(num)) {
			quote(err, errlen, "/close: '%s': expected a close code",
			    arg, (size_t)(sp - arg));
			return -1;
		}
		memcpy(num, arg, (size_t)(sp - arg));
		num[sp - arg] = '\0';
		errno = 0;
		code = strtol(num, &e, 10);
		if (num[0] < '0' || num[0] > '9' || *e != '\0' || errno != 0) {
			quote(err, errlen, "/close: '%s': expected a close code",
			    num, strlen(num));
			return -1;
		}
		if (opts_check_close_code(code, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "/close: %s", why);
			return -1;
		}
		c->code = (int)code;
		if (sp < end)
			sp++;	/* one blank separates code and reason */
		if (put(&c->data, sp, (size_t)(end - sp), err, errlen) == -1)
			return -1;
		if (memchr(c->data.data, '\0', c->data.len) != NULL) {
			snprintf(err, errlen, "/close: the reason contains a "
			    "NUL byte");
			return -1;
		}
		if (opts_check_close_reason((char *)c->data.data, why,
		    sizeof(why)) == -1) {
			snprintf(err, errlen, "/close: %s", why);
			return -1;
		}
		return 0;
	case REPLCMD_PING:
		if (alen > REPLCMD_PING_MAX) {
			snprintf(err, errlen, "/ping: %zu bytes of payload, at "
			    "most %d allowed", alen, REPLCMD_PING_MAX);
			return -1;
		}
		return put(&c->data, arg, alen, err, errlen);
	case REPLCMD_BINARY:
		c->data.len = 0;
		if (replcmd_unhex(&c->data, arg, alen, err, errlen) == -1)
			return -1;
		if (buf_reserve(&c->data, 1) == -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		c->data.data[c->data.len] = '\0';
		return 0;
	case REPLCMD_SEND_FILE:
		while (alen > 0 && (arg[alen - 1] == ' ' ||
		    arg[alen - 1] == '\t'))
			alen--;
		if (alen == 0) {
			snprintf(err, errlen, "/send-file: which file? "
			    "(/send-file PATH)");
			return -1;
		}
		if (put(&c->data, arg, alen, err, errlen) == -1)
			return -1;
		if (memchr(c->data.data, '\0', alen) != NULL) {
			snprintf(err, errlen, "/send-file: the path contains "
			    "a NUL byte");
			return -1;
		}
		return 0;
	case REPLCMD_JSON:
		while (alen > 0 && (arg[alen - 1] == ' ' ||
		    arg[alen - 1] == '\t'))
			alen--;
		if (alen == 2 && memcmp(arg, "on", 2) == 0)
			c->on = true;
		else if (alen == 3 && memcmp(arg, "off", 3) == 0)
			c->on = false;
		else {
			snprintf(err, errlen, "/json: expected 'on' or 'off'");
			return -1;
		}
		return 0;
	case REPLCMD_NICK:
		while (alen > 0 && (arg[alen - 1] == ' ' ||
		    arg[alen - 1] == '\t'))
			alen--;
		if (alen == 0) {
			snprintf(err, errlen, "/nick: which name? (/nick NAME)");
			return -1;
		}
		return put(&c->data, arg, alen, err, errlen);
	case REPLCMD_SEND:
		break;
	}
	return 0;
}
