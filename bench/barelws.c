/*
 * The benchmark's reference client: libwebsockets doing only protocol work.
 * It sends COUNT messages of SIZE bytes (text or binary) as fast as the
 * socket takes them, checks that each echo comes back complete and in
 * order (its length and the sequence number in its first 8 bytes), then
 * closes.  No stdin, no stdout, no UTF-8 check: what a client built on lws
 * 4.1 cannot avoid, set up as wsc sets up lws.
 *
 * usage: barelws PORT text|binary COUNT SIZE	(exit 0 when all came back)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

struct bare {
	struct lws_context	*ctx;
	bool			 binary;
	bool			 done;
	bool			 failed;
	bool			 closing;
	size_t			 size;
	uint64_t		 count, sent, recv;
	size_t			 rxlen;
	char			 rxseq[8];
	unsigned char		*tmpl;		/* the payload */
	unsigned char		*buf;		/* LWS_PRE + size */
};

static struct bare	 b;

/* Writes n as 8 decimal digits at p. */
static void
put_seq(unsigned char *p, uint64_t n)
{
	int	 i;

	for (i = 7; i >= 0; i--, n /= 10)
		p[i] = (unsigned char)('0' + n % 10);
}

static void
fail(const char *why)
{
	if (!b.failed)
		fprintf(stderr, "barelws: %s after %llu echoes\n", why,
		    (unsigned long long)b.recv);
	b.failed = true;
}

static int
on_receive(struct lws *wsi, const unsigned char *in, size_t len)
{
	unsigned char	 want[8];
	size_t		 k;

	if (b.rxlen < 8) {
		k = len < 8 - b.rxlen ? len : 8 - b.rxlen;
		memcpy(b.rxseq + b.rxlen, in, k);
	}
	b.rxlen += len;
	if (!lws_is_final_fragment(wsi))
		return 0;
	put_seq(want, b.recv);
	if (b.rxlen != b.size || memcmp(b.rxseq, want, 8) != 0 ||
	    (lws_frame_is_binary(wsi) != 0) != b.binary) {
		fail("an echo came back wrong");
		return -1;
	}
	b.rxlen = 0;
	if (++b.recv == b.count) {
		b.closing = true;
		lws_callback_on_writable(wsi);
	}
	return 0;
}

static int
on_writeable(struct lws *wsi)
{
	unsigned char	*p = b.buf + LWS_PRE;

	if (b.closing) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	while (b.sent < b.count && !lws_send_pipe_choked(wsi)) {
		/* lws masks the buffer in place: a fresh copy each time. */
		memcpy(p, b.tmpl, b.size);
		put_seq(p, b.sent);
		if (lws_write(wsi, p, b.size, b.binary ? LWS_WRITE_BINARY :
		    LWS_WRITE_TEXT) < (int)b.size) {
			fail("write failed");
			return -1;
		}
		b.sent++;
	}
	if (b.sent < b.count)
		lws_callback_on_writable(wsi);
	return 0;
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		lws_callback_on_writable(wsi);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		return on_receive(wsi, in, len);
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(wsi);
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		fail("connection failed");
		/* FALLTHROUGH */
	case LWS_CALLBACK_CLIENT_CLOSED:
		b.done = true;
		lws_cancel_service(b.ctx);
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{ "bare", callback, 0, 65536, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct lws_context_creation_info	 info;
	struct lws_client_connect_info		 ci;
	lws_retry_bo_t				 retry;
	size_t					 i;

	if (argc != 5) {
		fprintf(stderr, "usage: barelws PORT text|binary COUNT "
		    "SIZE\n");
		return 2;
	}
	b.binary = strcmp(argv[2], "binary") == 0;
	b.count = strtoull(argv[3], NULL, 10);
	b.size = strtoul(argv[4], NULL, 10);
	if (b.size < 8 || (b.tmpl = malloc(b.size)) == NULL ||
	    (b.buf = malloc(LWS_PRE + b.size)) == NULL)
		return 2;
	srandom(1);
	for (i = 0; i < b.size; i++)
		b.tmpl[i] = b.binary ? (unsigned char)random() :
		    (unsigned char)('a' + random() % 26);

	lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
	memset(&retry, 0, sizeof(retry));
	retry.secs_since_valid_ping = 65534;
	retry.secs_since_valid_hangup = 65535;
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.options = LWS_SERVER_OPTION_JUST_USE_RAW_ORIGIN;
	info.fd_limit_per_thread = 16;
	info.pt_serv_buf_size = 65536;
	info.timeout_secs = 5;
	info.retry_and_idle_policy = &retry;
	if ((b.ctx = lws_create_context(&info)) == NULL)
		return 1;
	memset(&ci, 0, sizeof(ci));
	ci.context = b.ctx;
	ci.address = "127.0.0.1";
	ci.port = atoi(argv[1]);
	ci.path = "/";
	ci.host = "127.0.0.1";
	ci.local_protocol_name = "bare";
	ci.ssl_connection = LCCSCF_HTTP_NO_FOLLOW_REDIRECT;
	ci.retry_and_idle_policy = &retry;
	if (lws_client_connect_via_info(&ci) == NULL)
		fail("connect failed");
	else
		while (!b.done && lws_service(b.ctx, 0) >= 0)
			;
	lws_context_destroy(b.ctx);
	free(b.tmpl);
	free(b.buf);
	if (!b.failed && b.recv != b.count)
		fail("closed early");
	return b.failed ? 1 : 0;
}
