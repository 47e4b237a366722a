/*
 * The chat renderer and composer for MDN's chat example protocol.  Names
 * and texts come from other people: they are shown escaped (controls and
 * line breaks as \xNN), so a packet cannot forge a line or drive the
 * terminal.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "json.h"
#include "jsonfmt.h"
#include "term.h"

#define SGR_BOLD	"\033[1m"
#define SGR_DIM		"\033[2m"
#define SGR_RESET	"\033[0m"

static int	 put_text(struct buf *, const char *, size_t);
static int	 put_name(struct chat *, struct buf *, const char *, size_t);
static int	 put_time(struct chat *, struct buf *, const struct json_obj *,
		    int64_t);
static int	 send_username(struct chat *, int64_t);
static int	 send_message(struct chat *, const unsigned char *, size_t,
		    int64_t);
static int	 on_id(struct chat *, const struct json_obj *, int64_t);
static int	 render(struct chat *, struct buf *, const struct json_obj *,
		    const char *, size_t, int64_t);

int
chat_init(struct chat *c, const char *name, bool tty, bool color,
    chat_send_cb send, void *ctx)
{
	memset(c, 0, sizeof(*c));
	c->tty = tty;
	c->color = color && tty;
	c->send = send;
	c->ctx = ctx;
	c->pending_tail = &c->pending;
	if (name != NULL && buf_append(&c->name, name, strlen(name)) == -1)
		return -1;
	return 0;
}

void
chat_free(struct chat *c)
{
	struct chat_pending	*p;

	while ((p = c->pending) != NULL) {
		c->pending = p->next;
		free(p);
	}
	buf_free(&c->name);
	buf_free(&c->id);
	c->pending_tail = &c->pending;
	c->npending = 0;
	c->pending_bytes = 0;
}

/* Someone else's text, escaped: controls (LF included) as \xNN. */
static int
put_text(struct buf *out, const char *s, size_t n)
{
	const char	*nl;
	size_t		 k;

	while (n > 0) {
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) : n;
		if (term_escape(out, (const unsigned char *)s, k) == -1)
			return -1;
		if (nl == NULL)
			break;
		if (buf_append(out, "\\x0a", 4) == -1)
			return -1;
		s += k + 1;
		n -= k + 1;
	}
	return 0;
}

static int
put_name(struct chat *c, struct buf *out, const char *s, size_t n)
{
	if (s == NULL) {
		s = "(no name)";
		n = strlen(s);
	}
	if (c->color && buf_append(out, SGR_BOLD, strlen(SGR_BOLD)) == -1)
		return -1;
	if (put_text(out, s, n) == -1)
		return -1;
	if (c->color && buf_append(out, SGR_RESET, strlen(SGR_RESET)) == -1)
		return -1;
	return 0;
}

/* HH:MM:SS in local time of the packet's date (ms), else of now_ms. */
static int
put_time(struct chat *c, struct buf *out, const struct json_obj *o,
    int64_t now_ms)
{
	struct tm	 tm;
	double		 d;
	time_t		 t;
	char		 s[16];

	if (json_obj_number(o, "date", &d) && d > -1e15 && d < 1e15)
		t = (time_t)(d / 1000.0);
	else
		t = (time_t)(now_ms / 1000);
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%H:%M:%S", &tm) == 0)
		strcpy(s, "??:??:??");
	(void)c;
	return buf_append(out, s, strlen(s));
}

/* {"name":NAME,"date":MS,"id":ID,"type":"username"}, as the example. */
static int
send_username(struct chat *c, int64_t now_ms)
{
	struct buf	 b = { 0 };
	int		 r = -1;

	if (buf_append(&b, "{\"name\":", 8) == 0 &&
	    jsonfmt_string(&b, c->name.data, c->name.len) == 0 &&
	    buf_printf(&b, ",\"date\":%" PRId64 ",\"id\":", now_ms) == 0 &&
	    buf_append(&b, c->id.data, c->id.len) == 0 &&
	    buf_append(&b, ",\"type\":\"username\"}", 19) == 0)
		r = c->send(c->ctx, b.data, b.len);
	buf_free(&b);
	return r;
}

/* {"type":"message","text":TEXT,"id":ID,"date":MS}, as the example. */
static int
send_message(struct chat *c, const unsigned char *p, size_t n, int64_t date)
{
	struct buf	 b = { 0 };
	int		 r = -1;

	if (buf_append(&b, "{\"type\":\"message\",\"text\":", 25) == 0 &&
	    jsonfmt_string(&b, p, n) == 0 &&
	    buf_append(&b, ",\"id\":", 6) == 0 &&
	    buf_append(&b, c->id.data, c->id.len) == 0 &&
	    buf_printf(&b, ",\"date\":%" PRId64 "}", date) == 0)
		r = c->send(c->ctx, b.data, b.len);
	buf_free(&b);
	return r;
}

/* The server's id: keep it, then send the name and what was held. */
static int
on_id(struct chat *c, const struct json_obj *o, int64_t now_ms)
{
	struct chat_pending	*p;
	bool			 first = !c->have_id;

	c->id.len = 0;
	if (json_obj_dump(o, "id", &c->id) != 0) {
		c->have_id = false;
		return 0;	/* no id: nothing to learn */
	}
	c->have_id = true;
	if (first && c->name.len > 0 && send_username(c, now_ms) == -1)
		return -1;
	while ((p = c->pending) != NULL) {
		if (send_message(c, p->text, p->len, p->date) == -1)
			return -1;
		c->pending = p->next;
		c->npending--;
		c->pending_bytes -= p->len;
		free(p);
	}
	c->pending_tail = &c->pending;
	return 0;
}

/* The line for packet o of type t; 0 when t is not a chat packet type. */
static int
render(struct chat *c, struct buf *out, const struct json_obj *o,
    const char *t, size_t tlen, int64_t now_ms)
{
	const char	*name, *text, *u;
	size_t		 nlen = 0, xlen = 0, ulen, i, k, count;

#define IS(s)	(tlen == strlen(s) && memcmp(t, s, tlen) == 0)
	name = json_obj_string(o, "name", &nlen);
	if (IS("id"))
		return on_id(c, o, now_ms) == -1 ? -1 : 1;
	if (IS("message")) {
		if ((text = json_obj_string(o, "text", &xlen)) == NULL)
			text = "";
		if (buf_putc(out, '(') == -1 || put_time(c, out, o, now_ms) ||
		    buf_append(out, ") ", 2) == -1 ||
		    put_name(c, out, name, nlen) == -1 ||
		    buf_append(out, ": ", 2) == -1 ||
		    put_text(out, text, xlen) == -1)
			return -1;
	} else if (IS("username")) {
		if (buf_append(out, "User ", 5) == -1 ||
		    put_name(c, out, name, nlen) == -1 ||
		    buf_append(out, " signed in at ", 14) == -1 ||
		    put_time(c, out, o, now_ms) == -1)
			return -1;
	} else if (IS("rejectusername")) {
		if (name != NULL) {
			c->name.len = 0;
			if (buf_append(&c->name, name, nlen) == -1)
				return -1;
		}
		if (buf_append(out, "Your username has been set to ", 30) ||
		    put_name(c, out, name, nlen) == -1 ||
		    buf_printf(out, " because the name you chose is in "
		    "use.") == -1)
			return -1;
	} else if (IS("userlist")) {
		count = json_obj_array_len(o, "users");
		if (buf_printf(out, "Users (%zu):", count) == -1)
			return -1;
		for (i = k = 0; i < count; i++) {
			if ((u = json_obj_array_string(o, "users", i,
			    &ulen)) == NULL)
				continue;
			if (buf_append(out, k > 0 ? ", " : " ",
			    k > 0 ? 2 : 1) == -1 ||
			    put_name(c, out, u, ulen) == -1)
				return -1;
			k++;
		}
	} else
		return 0;
#undef IS
	return buf_putc(out, '\n') == -1 ? -1 : 1;
}

int
chat_render(struct chat *c, struct buf *out, const unsigned char *p,
    size_t n, int64_t now_ms)
{
	struct json_obj	*o;
	const char	*t;
	size_t		 tlen, mark = out->len;
	int		 r = 0;

	if ((o = json_obj_parse(p, n)) == NULL)
		return 0;
	if ((t = json_obj_string(o, "type", &tlen)) != NULL)
		r = render(c, out, o, t, tlen, now_ms);
	json_obj_free(o);
	if (r != 1)
		out->len = mark;
	return r;
}

int
chat_say(struct chat *c, const unsigned char *p, size_t n, int64_t now_ms)
{
	struct chat_pending	*q;

	if (c->have_id)
		return send_message(c, p, n, now_ms);
	if (n > CHAT_PENDING_MAX - c->pending_bytes)
		return 1;
	if ((q = malloc(sizeof(*q) + n)) == NULL)
		return -1;
	q->next = NULL;
	q->date = now_ms;
	q->len = n;
	if (n > 0)
		memcpy(q->text, p, n);
	*c->pending_tail = q;
	c->pending_tail = &q->next;
	c->npending++;
	c->pending_bytes += n;
	return 0;
}

int
chat_nick(struct chat *c, const unsigned char *name, size_t n, int64_t now_ms)
{
	c->name.len = 0;
	if (buf_append(&c->name, name, n) == -1)
		return -1;
	if (!c->have_id)
		return 0;	/* sent when the id arrives */
	return send_username(c, now_ms);
}

int
chat_input(struct chat *c, const unsigned char *p, size_t n, int64_t now_ms)
{
	if (n > 6 && memcmp(p, "/nick ", 6) == 0) {
		p += 6;
		n -= 6;
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n > 0)
			return chat_nick(c, p, n, now_ms);
	}
	if (n >= 2 && p[0] == '/' && p[1] == '/') {
		p++;
		n--;
	}
	return chat_say(c, p, n, now_ms);
}
