/* Unit tests for replcmd.c: interactive lines into messages and commands. */
#include <stdio.h>
#include <string.h>

#include "replcmd.h"
#include "tap.h"

#define S(s)	(s), sizeof(s) - 1

struct ccase {
	const char	*in;
	size_t		 len;
	int		 ret;		/* 0 or -1 */
	enum replcmd_kind kind;
	int		 code;		/* /close */
	int		 on;		/* /json */
	const char	*data;		/* the data, or a piece of the error */
	size_t		 dlen;
};

static const struct ccase cases[] = {
	/* messages */
	{ S("hello"), 0, REPLCMD_SEND, 0, 0, S("hello") },
	{ S("hello world  "), 0, REPLCMD_SEND, 0, 0, S("hello world  ") },
	{ S("no/slash/at/start"), 0, REPLCMD_SEND, 0, 0,
	    S("no/slash/at/start") },
	{ S("//text"), 0, REPLCMD_SEND, 0, 0, S("/text") },
	{ S("//"), 0, REPLCMD_SEND, 0, 0, S("/") },
	{ S("///x"), 0, REPLCMD_SEND, 0, 0, S("//x") },
	{ S(" /help"), 0, REPLCMD_SEND, 0, 0, S(" /help") },
	{ S("a\0b"), 0, REPLCMD_SEND, 0, 0, S("a\0b") },
	/* simple commands */
	{ S("/help"), 0, REPLCMD_HELP, 0, 0, S("") },
	{ S("/help   "), 0, REPLCMD_HELP, 0, 0, S("") },
	{ S("/quit"), 0, REPLCMD_QUIT, 0, 0, S("") },
	{ S("/quit now"), -1, 0, 0, 0, S("/quit takes no argument") },
	{ S("/"), -1, 0, 0, 0, S("unknown command '/'") },
	{ S("/nope"), -1, 0, 0, 0, S("unknown command '/nope'") },
	{ S("/HELP"), -1, 0, 0, 0, S("unknown command '/HELP'") },
	{ S("/hel"), -1, 0, 0, 0, S("unknown command '/hel'") },
	{ S("/\x1b[2J"), -1, 0, 0, 0, S("'/\\x1b[2J'") },
	/* /close, validated as --close-code and --close-reason */
	{ S("/close"), 0, REPLCMD_CLOSE, 1000, 0, S("") },
	{ S("/close 4000"), 0, REPLCMD_CLOSE, 4000, 0, S("") },
	{ S("/close 4000 bye"), 0, REPLCMD_CLOSE, 4000, 0, S("bye") },
	{ S("/close 3000 see you later"), 0, REPLCMD_CLOSE, 3000, 0,
	    S("see you later") },
	{ S("/close 1000  two"), 0, REPLCMD_CLOSE, 1000, 0, S(" two") },
	{ S("/close 1001"), -1, 0, 0, 0,
	    S("/close: close code 1001: must be 1000 or 3000-4999") },
	{ S("/close 999"), -1, 0, 0, 0, S("close code 999") },
	{ S("/close 5000"), -1, 0, 0, 0, S("close code 5000") },
	{ S("/close abc"), -1, 0, 0, 0, S("'abc': expected a close code") },
	{ S("/close -4000"), -1, 0, 0, 0, S("expected a close code") },
	{ S("/close 4000x"), -1, 0, 0, 0, S("expected a close code") },
	{ S("/close 99999999999999999999"), -1, 0, 0, 0,
	    S("expected a close code") },
	{ S("/close 4000 "
	    "123456789012345678901234567890123456789012345678901234567890"
	    "1234567890123456789012345678901234567890123456789012345678901234"),
	    -1, 0, 0, 0, S("124 bytes, at most 123") },
	{ S("/close 4000 \xff"), -1, 0, 0, 0, S("not valid UTF-8") },
	{ S("/close 4000 a\0b"), -1, 0, 0, 0, S("NUL") },
	/* /ping */
	{ S("/ping"), 0, REPLCMD_PING, 0, 0, S("") },
	{ S("/ping hello there"), 0, REPLCMD_PING, 0, 0, S("hello there") },
	/* /binary */
	{ S("/binary 00 41 ff"), 0, REPLCMD_BINARY, 0, 0, S("\x00\x41\xff") },
	{ S("/binary 0041ff"), 0, REPLCMD_BINARY, 0, 0, S("\x00\x41\xff") },
	{ S("/binary 0x0041FF"), 0, REPLCMD_BINARY, 0, 0, S("\x00\x41\xff") },
	{ S("/binary de:ad:be:ef"), 0, REPLCMD_BINARY, 0, 0,
	    S("\xde\xad\xbe\xef") },
	{ S("/binary"), 0, REPLCMD_BINARY, 0, 0, S("") },
	{ S("/binary 0"), -1, 0, 0, 0, S("odd number of hex digits") },
	{ S("/binary 0 1"), -1, 0, 0, 0, S("odd number of hex digits") },
	{ S("/binary 0g"), -1, 0, 0, 0, S("'g': not a hex digit") },
	{ S("/binary zz"), -1, 0, 0, 0, S("'z': not a hex digit") },
	/* /send-file */
	{ S("/send-file /tmp/x y"), 0, REPLCMD_SEND_FILE, 0, 0,
	    S("/tmp/x y") },
	{ S("/send-file a.txt  "), 0, REPLCMD_SEND_FILE, 0, 0, S("a.txt") },
	{ S("/send-file"), -1, 0, 0, 0, S("which file?") },
	{ S("/send-file a\0b"), -1, 0, 0, 0, S("NUL") },
	/* /json */
	{ S("/json on"), 0, REPLCMD_JSON, 0, 1, S("") },
	{ S("/json off"), 0, REPLCMD_JSON, 0, 0, S("") },
	{ S("/json off "), 0, REPLCMD_JSON, 0, 0, S("") },
	{ S("/json"), -1, 0, 0, 0, S("expected 'on' or 'off'") },
	{ S("/json yes"), -1, 0, 0, 0, S("expected 'on' or 'off'") },
	/* /nick (--chat) */
	{ S("/nick bob"), 0, REPLCMD_NICK, 0, 0, S("bob") },
	{ S("/nick  Bob Smith "), 0, REPLCMD_NICK, 0, 0, S("Bob Smith") },
	{ S("/nick"), -1, 0, 0, 0, S("which name?") },
};

static void
one(const struct ccase *t)
{
	struct replcmd	 c = { 0 };
	char		 err[512] = "";
	int		 r;
	char		 desc[128];

	snprintf(desc, sizeof(desc), "%.*s", (int)(t->len > 40 ? 40 : t->len),
	    t->in);
	for (r = 0; desc[r] != '\0'; r++)
		if ((unsigned char)desc[r] < 0x20 || desc[r] == '#')
			desc[r] = '?';
	r = replcmd_parse(&c, t->in, t->len, err, sizeof(err));
	tap_is_int(r, t->ret, "'%s': returns %d", desc, t->ret);
	if (t->ret == -1) {
		tap_ok(strstr(err, t->data) != NULL, "'%s': error has '%s' "
		    "(got '%s')", desc, t->data, err);
		tap_ok(strchr(err, '\n') == NULL, "'%s': error is one line",
		    desc);
	} else {
		tap_is_int(c.kind, t->kind, "'%s': kind", desc);
		tap_is_mem(c.data.data, c.data.len, t->data, t->dlen,
		    "'%s': data", desc);
		tap_ok(c.data.data != NULL && c.data.data[c.data.len] == '\0',
		    "'%s': data NUL-terminated", desc);
		if (t->kind == REPLCMD_CLOSE)
			tap_is_int(c.code, t->code, "'%s': code", desc);
		if (t->kind == REPLCMD_JSON)
			tap_is_int(c.on, t->on, "'%s': on", desc);
	}
	buf_free(&c.data);
}

/* A ping payload fits a control frame: 125 bytes pass, 126 do not. */
static void
ping_sizes(void)
{
	struct replcmd	 c = { 0 };
	char		 line[200], err[256];

	memset(line, 'p', sizeof(line));
	memcpy(line, "/ping ", 6);
	tap_is_int(replcmd_parse(&c, line, 6 + 125, err, sizeof(err)), 0,
	    "/ping with 125 bytes: accepted");
	tap_is_int((long long)c.data.len, 125, "/ping with 125 bytes: payload");
	tap_is_int(replcmd_parse(&c, line, 6 + 126, err, sizeof(err)), -1,
	    "/ping with 126 bytes: refused");
	tap_ok(strstr(err, "126 bytes of payload, at most 125") != NULL,
	    "/ping with 126 bytes: says why (%s)", err);
	buf_free(&c.data);
}

int
main(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		one(&cases[i]);
	ping_sizes();
	tap_ok(strstr(replcmd_help(), "/close [CODE [REASON]]") != NULL,
	    "help lists /close");
	tap_ok(replcmd_help()[strlen(replcmd_help()) - 1] == '\n',
	    "help ends in a newline");
	return tap_done();
}
