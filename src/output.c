/*
 * The received-message formats beyond raw bytes (-j, --jsonl, --chat) as
 * pump's formatting hook, the input side of -j and --chat, and the --jsonl
 * lifecycle events.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "b64.h"
#include "json.h"
#include "jsonfmt.h"
#include "msg.h"
#include "output.h"

struct output {
	bool		 json;		/* pretty-print received JSON text */
	bool		 check_input;	/* -j: input must be JSON */
	bool		 jsonl;
	bool		 chat_on;
	bool		 color;
	char		 sep;
	uint64_t	 refused;
	struct pump_out	*po;
	struct chat	 chat;
};

static struct output	 out_state;
static struct output	*cur;

static int	 format(void *, struct buf *, const unsigned char *, size_t,
		    bool);
static void	 set_types(void);
static int	 put_time(struct buf *);
static int	 event_start(struct buf *, const char *);
static void	 event_end(struct buf *);

int64_t
output_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Which messages pump must hand over whole. */
static void
set_types(void)
{
	unsigned	 t = 0;

	if (cur->jsonl)
		t = PUMP_FMT_TEXT | PUMP_FMT_BINARY;
	else if (cur->json || cur->chat_on)
		t = PUMP_FMT_TEXT;
	cur->po->fmt_types = t;
	cur->po->fmt = t != 0 ? format : NULL;
	cur->po->fmt_ctx = cur;
}

int
output_init(const struct wsc_opts *o, struct pump_out *po, chat_send_cb send,
    void *ctx)
{
	const char	*nc = getenv("NO_COLOR");

	cur = &out_state;
	memset(cur, 0, sizeof(*cur));
	cur->po = po;
	cur->json = o->json;
	cur->check_input = o->json;
	cur->jsonl = o->jsonl;
	cur->chat_on = o->chat;
	/* --color always or never wins over NO_COLOR; never without a tty. */
	cur->color = po->tty && o->color != OPTS_NO &&
	    (o->color == OPTS_YES || nc == NULL || *nc == '\0');
	cur->sep = o->nul ? '\0' : '\n';
	if (o->chat && chat_init(&cur->chat, o->chat_name, po->tty, cur->color,
	    send, ctx) == -1) {
		msg_err("start: %s", strerror(errno));
		return -1;
	}
	set_types();
	return 0;
}

void
output_free(void)
{
	if (cur == NULL)
		return;
	if (cur->chat_on) {
		if (cur->chat.npending > 0)
			msg_warn("chat: %zu line%s not sent: the server sent "
			    "no id", cur->chat.npending,
			    cur->chat.npending == 1 ? "" : "s");
		chat_free(&cur->chat);
	}
	cur = NULL;
}

void
output_set_json(bool on)
{
	if (cur == NULL)
		return;
	cur->json = on;
	cur->check_input = on;
	set_types();
}

bool
output_json(void)
{
	return cur != NULL && cur->json;
}

struct chat *
output_chat(void)
{
	return cur != NULL && cur->chat_on ? &cur->chat : NULL;
}

uint64_t
output_refused(void)
{
	if (cur == NULL)
		return 0;
	/* Chat lines still waiting for the server's id were not sent. */
	return cur->refused + (cur->chat_on ? cur->chat.npending : 0);
}

bool
output_inspects_input(void)
{
	return cur != NULL && (cur->chat_on || cur->check_input);
}

int
output_input(const unsigned char *p, size_t n, const char *what)
{
	char	 err[256];

	if (cur == NULL)
		return 0;
	if (cur->chat_on) {
		switch (chat_input(&cur->chat, p, n, output_now_ms())) {
		case -1:
			return -1;
		case 1:
			msg_err("%s: not sent: the chat server has sent no id "
			    "yet, and %d KiB wait for it", what,
			    CHAT_PENDING_MAX / 1024);
			cur->refused++;
			return 2;
		default:
			return 1;
		}
	}
	if (!cur->check_input ||
	    json_input_check(p, n, err, sizeof(err)) == JSON_INPUT_COMPLETE)
		return 0;
	msg_err("%s: not sent: invalid JSON: %s", what, err);
	cur->refused++;
	return 2;
}

/* "time":"2026-01-02T03:04:05.678Z", UTC with milliseconds. */
static int
put_time(struct buf *b)
{
	struct tm	 tm;
	int64_t		 ms = output_now_ms();
	time_t		 t = (time_t)(ms / 1000);
	char		 s[32];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		return -1;
	return buf_printf(b, "\"time\":\"%s.%03dZ\"", s, (int)(ms % 1000));
}

/* pump hook: one complete received message in the chosen format. */
static int
format(void *ctx, struct buf *b, const unsigned char *p, size_t n,
    bool binary)
{
	struct output	*o = ctx;
	char		 why[256];
	int		 r;

	if (o->jsonl) {
		if (buf_printf(b, "{\"type\":\"%s\",", binary ? "binary" :
		    "text") == -1 || put_time(b) == -1 ||
		    buf_printf(b, ",\"%s\":", binary ? "base64" : "data") == -1)
			return -1;
		if (binary) {
			if (buf_putc(b, '"') == -1 || b64_encode(b, p, n) == -1 ||
			    buf_putc(b, '"') == -1)
				return -1;
		} else if (jsonfmt_string(b, p, n) == -1)
			return -1;
		return buf_append(b, "}\n", 2) == -1 ? -1 : 1;
	}
	if (binary)
		return 0;
	if (o->chat_on &&
	    (r = chat_render(&o->chat, b, p, n, output_now_ms())) != 0)
		return r;
	if (!o->json && !o->chat_on)
		return 0;
	r = json_pretty(b, p, n, o->color, why, sizeof(why));
	if (r == 0 && why[0] != '\0')
		msg_verbose(1, "received message shown as it came: jansson "
		    "cannot represent it faithfully (%s)", why);
	if (r == 1 && buf_putc(b, o->sep) == -1)
		return -1;
	return r;
}

/* Ends an event line and writes it out (stdout errors surface later). */
static void
event_end(struct buf *b)
{
	if (buf_append(b, "}\n", 2) == 0)
		(void)outbuf_write(&cur->po->out, b->data, b->len);
	buf_free(b);
}

/* Starts an event line of type t, or returns -1 when events are off. */
static int
event_start(struct buf *b, const char *t)
{
	if (cur == NULL || !cur->jsonl || msg_verbosity() < 1)
		return -1;
	if (buf_printf(b, "{\"type\":\"%s\",", t) == -1 || put_time(b) == -1) {
		buf_free(b);
		return -1;
	}
	return 0;
}

void
output_event_open(const char *protocol, const char *extensions)
{
	struct buf	 b = { 0 };

	if (event_start(&b, "open") == -1)
		return;
	if (buf_append(&b, ",\"protocol\":", 12) == 0 &&
	    jsonfmt_string(&b, (const unsigned char *)protocol,
	    strlen(protocol)) == 0 &&
	    buf_append(&b, ",\"extensions\":", 14) == 0 &&
	    jsonfmt_string(&b, (const unsigned char *)extensions,
	    strlen(extensions)) == 0)
		event_end(&b);
	buf_free(&b);
}

void
output_event_close(int code, const char *reason, bool clean, const char *by)
{
	struct buf	 b = { 0 };

	if (event_start(&b, "close") == -1)
		return;
	if (buf_printf(&b, ",\"code\":%d,\"reason\":", code) == 0 &&
	    jsonfmt_string(&b, (const unsigned char *)reason,
	    strlen(reason)) == 0 &&
	    buf_printf(&b, ",\"clean\":%s,\"by\":\"%s\"", clean ? "true" :
	    "false", by) == 0)
		event_end(&b);
	buf_free(&b);
}

void
output_event_error(const char *message)
{
	struct buf	 b = { 0 };

	if (event_start(&b, "error") == -1)
		return;
	if (buf_append(&b, ",\"message\":", 11) == 0 &&
	    jsonfmt_string(&b, (const unsigned char *)message,
	    strlen(message)) == 0)
		event_end(&b);
	buf_free(&b);
}

void
output_event_pong(double rtt_ms)
{
	struct buf	 b = { 0 };

	if (event_start(&b, "pong") == -1)
		return;
	if (buf_printf(&b, ",\"rtt_ms\":%.3f", rtt_ms) == 0)
		event_end(&b);
	buf_free(&b);
}

void
output_event_reconnect(unsigned attempt, unsigned delay_ms)
{
	struct buf	 b = { 0 };

	if (event_start(&b, "reconnect") == -1)
		return;
	if (buf_printf(&b, ",\"attempt\":%u,\"delay_ms\":%u", attempt,
	    delay_ms) == 0)
		event_end(&b);
	buf_free(&b);
}
