/*
 * Unit tests for chat.c: the packets sent (as MDN's example client writes
 * them), lines held until the id, /nick and //, and the rendered lines.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "tap.h"

#define S(s)	(const unsigned char *)(s), sizeof(s) - 1
#define DATE	1763728496789LL	/* 2025-11-21 12:34:56.789 UTC */

static struct buf	 sent;	/* packets, one per line */
static int		 nsent;

static int
on_send(void *ctx, const unsigned char *p, size_t n)
{
	(void)ctx;
	nsent++;
	if (buf_append(&sent, p, n) == -1 || buf_putc(&sent, '\n') == -1)
		return -1;
	return 0;
}

static void
expect_sent(const char *want, const char *desc)
{
	tap_is_mem(sent.data, sent.len, want, strlen(want), "%s", desc);
	sent.len = 0;
}

static void
expect_line(struct chat *c, const char *packet, int want_r, const char *want,
    const char *desc)
{
	struct buf	 out = { 0 };
	int		 r;

	r = chat_render(c, &out, (const unsigned char *)packet, strlen(packet),
	    DATE);
	tap_is_int(r, want_r, "%s: result", desc);
	tap_is_mem(out.data, out.len, want, strlen(want), "%s", desc);
	buf_free(&out);
}

int
main(void)
{
	struct chat	 c;

	setenv("TZ", "UTC", 1);
	tzset();

	tap_is_int(chat_init(&c, "alice", false, false, on_send, NULL), 0,
	    "init");
	tap_is_int(chat_input(&c, S("early"), 1000), 0, "a line before the id");
	tap_is_int(chat_input(&c, S("//slash"), 2000), 0, "a // line");
	tap_is_int(nsent, 0, "nothing sent before the id");
	tap_is_int((long long)c.npending, 2, "two lines held");
	expect_line(&c, "{\"type\":\"id\",\"id\":7}", 1, "", "id: no line");
	expect_sent("{\"name\":\"alice\",\"date\":" "1763728496789"
	    ",\"id\":7,\"type\":\"username\"}\n"
	    "{\"type\":\"message\",\"text\":\"early\",\"id\":7,\"date\":1000}\n"
	    "{\"type\":\"message\",\"text\":\"/slash\",\"id\":7,\"date\":2000}\n",
	    "id: the username packet, then the held lines with their dates");
	tap_is_int(chat_input(&c, S("say \"hi\"\t\x01"), 3000), 0, "a line");
	expect_sent("{\"type\":\"message\",\"text\":\"say \\\"hi\\\"\\t\\u0001\","
	    "\"id\":7,\"date\":3000}\n", "message packet, text escaped as JSON");
	tap_is_int(chat_input(&c, S("/nick  bob "), 4000), 0, "/nick");
	expect_sent("{\"name\":\"bob\",\"date\":4000,\"id\":7,"
	    "\"type\":\"username\"}\n", "/nick sends a username packet");
	tap_is_int(chat_input(&c, S("/nick"), 5000), 0, "/nick without a name");
	expect_sent("{\"type\":\"message\",\"text\":\"/nick\",\"id\":7,"
	    "\"date\":5000}\n", "/nick without a name is a line of text");

	expect_line(&c, "{\"type\":\"message\",\"name\":\"bob\",\"text\":\"hi\","
	    "\"date\":1763728496789}", 1, "(12:34:56) bob: hi\n", "message");
	expect_line(&c, "{\"type\":\"message\",\"text\":\"x\"}", 1,
	    "(12:34:56) (no name): x\n", "message without name or date");
	expect_line(&c, "{\"type\":\"username\",\"name\":\"carol\","
	    "\"date\":0}", 1, "User carol signed in at 00:00:00\n", "username");
	expect_line(&c, "{\"type\":\"rejectusername\",\"name\":\"bob1\"}", 1,
	    "Your username has been set to bob1 because the name you chose is "
	    "in use.\n", "rejectusername");
	tap_is_mem(c.name.data, c.name.len, "bob1", 4, "the name is now bob1");
	expect_line(&c, "{\"type\":\"userlist\",\"users\":[\"a\",1,\"b\"]}", 1,
	    "Users (3): a, b\n", "userlist (a non-string skipped)");
	expect_line(&c, "{\"type\":\"userlist\",\"users\":[]}", 1,
	    "Users (0):\n", "empty userlist");
	expect_line(&c, "{\"type\":\"message\",\"name\":\"e\\u001b[1m\","
	    "\"text\":\"l1\\nl2\\r\\\\\",\"date\":0}", 1,
	    "(00:00:00) e\\x1b[1m: l1\\x0al2\\x0d\\\\\n", "controls escaped");
	expect_line(&c, "{\"type\":\"other\"}", 0, "", "unknown type: not ours");
	expect_line(&c, "{\"text\":\"no type\"}", 0, "", "no type: not ours");
	expect_line(&c, "[1,2]", 0, "", "an array: not ours");
	expect_line(&c, "plain", 0, "", "not JSON: not ours");
	expect_line(&c, "{\"type\":\"message\",\"type\":\"id\"}", 0, "",
	    "duplicate keys: not ours");
	chat_free(&c);

	tap_is_int(chat_init(&c, NULL, true, true, on_send, NULL), 0,
	    "init without a name, colour");
	expect_line(&c, "{\"type\":\"id\",\"id\":\"s1\"}", 1, "",
	    "a string id");
	tap_is_int(nsent, 6, "no username packet without a name");
	tap_is_int(chat_say(&c, S("x"), 1), 0, "say");
	expect_sent("{\"type\":\"message\",\"text\":\"x\",\"id\":\"s1\","
	    "\"date\":1}\n", "the string id is sent back as it came");
	expect_line(&c, "{\"type\":\"message\",\"name\":\"n\",\"text\":\"t\","
	    "\"date\":0}", 1, "(00:00:00) \033[1mn\033[0m: t\n",
	    "colour: the name in bold");
	tap_is_int(chat_say(&c, S("y"), 2), 0, "say");
	chat_free(&c);

	/* Without an id, what is held is bounded. */
	{
		size_t		 half = CHAT_PENDING_MAX / 2;
		unsigned char	*big = calloc(1, half);

		tap_is_int(chat_init(&c, NULL, false, false, on_send, NULL), 0,
		    "init for the bound");
		tap_is_int(chat_say(&c, big, half, 1), 0, "half the bound held");
		tap_is_int(chat_say(&c, big, half, 2), 0, "the bound held");
		tap_is_int(chat_say(&c, S("x"), 3), 1, "one byte more: refused");
		tap_is_int((long long)c.npending, 2, "two lines held");
		expect_line(&c, "{\"type\":\"id\",\"id\":1}", 1, "",
		    "the id");
		tap_is_int((long long)c.pending_bytes, 0, "nothing held after it");
		tap_is_int(chat_say(&c, S("x"), 4), 0, "then lines go at once");
		sent.len = 0;
		chat_free(&c);
		free(big);
	}
	buf_free(&sent);
	return tap_done();
}
