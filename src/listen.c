/*
 * Listen mode on libwebsockets 4.1: a server context bridging its clients
 * to the pipe front end, or (--echo) reflecting each message to its sender.
 * lws quirks are numbered as in shared/lws-notes.md (Q12).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>

#include "listen.h"
#include "sig.h"
#include "msg.h"
#include "output.h"
#include "pump.h"
#include "wsclose.h"
#include "utf8.h"

#define RX_BUF_SIZE	65536		/* lws receive chunk */
#define ECHO_HIGH	(1024 * 1024)	/* stop reading a client above this */
#define ECHO_LOW	(256 * 1024)	/* and resume below this */
#define QUEUE_HIGH	(256 * 1024)	/* pause stdin above this per client */
#define QUEUE_LOW	(64 * 1024)	/* and resume below this */
#define DEFAULT_PCOL	"wsc listen"	/* not a token: never negotiated */

struct server;

/* One connected client: lws allocates it as the per-session data. */
struct client {
	struct client		*next, *prev;
	struct server		*sv;
	struct lws		*wsi;
	struct pump_queue	 q;
	struct pump_rx		 rx;
	bool			 linked;
	bool			 rx_in_msg;
	bool			 rx_binary;
	bool			 rx_paused;
	uint32_t		 rx_utf8;
	size_t			 rx_len;
	bool			 close_wanted;
	bool			 close_drop;
	bool			 close_sent;
	int			 close_code;
	const char		*close_reason;
	bool			 failed;	/* we failed it: 1007, 1009 */
	bool			 peer_closed;
	int			 peer_code;
	struct buf		 peer_reason;
	uint64_t		 msgs_in;
	char			 addr[64];
	const char		*protocol;
};

struct server {
	const struct wsc_opts	*o;
	struct lws_context	*ctx;
	struct lws		*in_wsi;
	struct lws		*sig_wsi;
	struct pump_in		 in;
	struct pump_out		 po;
	struct pump_queue	 pending;	/* input before any client */
	struct client		*clients;
	int			 nclients;
	uint64_t		 nserved;
	bool			 in_paused;
	bool			 input_eof;
	bool			 out_closed;
	bool			 closing_all;
	bool			 done;
	bool			 stopping;
	bool			 status_set;
	enum wsc_exit		 status;
	int64_t			 last_rx_ms;
	bool			 quiet_armed;
	lws_sorted_usec_list_t	 sul_quiet;
	lws_sorted_usec_list_t	 sul_close;
};


static int	 callback(struct lws *, enum lws_callback_reasons, void *,
		    void *, size_t);
static int64_t	 now_ms(void);
static void	 set_status(struct server *, enum wsc_exit);
static void	 finish(struct server *);
static void	 client_close(struct client *, int, const char *, bool);
static void	 close_all(struct server *, int, const char *, enum wsc_exit,
		    bool);
static void	 close_expired(lws_sorted_usec_list_t *);
static void	 quiet_expired(lws_sorted_usec_list_t *);
static void	 check_quiet(struct server *);
static void	 update_stdin(struct server *);
static int	 on_record(void *, const unsigned char *, size_t);
static int	 input_record(struct server *, const unsigned char *, size_t,
		    const char *);
static int	 broadcast(struct server *, const unsigned char *, size_t);
static void	 input_end(struct server *);
static void	 on_established(struct server *, struct client *,
		    struct lws *);
static int	 on_receive(struct server *, struct client *, struct lws *,
		    const unsigned char *, size_t);
static int	 on_writeable(struct server *, struct client *, struct lws *);
static int	 fail_client(struct client *, struct lws *, int, const char *);
static void	 on_peer_close(struct client *, const unsigned char *, size_t);
static void	 on_closed(struct server *, struct client *, struct lws *);
static void	 lws_log(int, const char *);
static struct lws *adopt_fd(struct lws_vhost *, int);
static int	 resolve_host(const char *, char *, size_t, bool *);

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first cause of the end decides the exit status. */
static void
set_status(struct server *sv, enum wsc_exit st)
{
	if (sv->status_set)
		return;
	sv->status_set = true;
	sv->status = st;
}

/* Ends the service loop, which may be about to sleep in poll() (quirk 10). */
static void
finish(struct server *sv)
{
	sv->done = true;
	lws_cancel_service(sv->ctx);
}

/* Asks for a Close to c, after its queue unless drop is set. */
static void
client_close(struct client *c, int code, const char *reason, bool drop)
{
	if (c->close_sent)
		return;
	if (drop)
		c->close_drop = true;
	if (!c->close_wanted) {
		c->close_wanted = true;
		c->close_code = code;
		c->close_reason = reason;
	}
	lws_callback_on_writable(c->wsi);
}

/*
 * Closes every client (a signal, end of input, --once) and ends once they
 * are gone, or after --close-timeout.
 */
static void
close_all(struct server *sv, int code, const char *reason, enum wsc_exit st,
    bool drop)
{
	struct client	*c;

	set_status(sv, st);
	if (sv->closing_all && !drop)
		return;
	sv->closing_all = true;
	if (sv->in_wsi != NULL && !sv->in_paused) {
		lws_rx_flow_control(sv->in_wsi, 0);
		sv->in_paused = true;
	}
	for (c = sv->clients; c != NULL; c = c->next)
		client_close(c, code, reason, drop);
	if (sv->nclients == 0) {
		finish(sv);
		return;
	}
	lws_sul_schedule(sv->ctx, 0, &sv->sul_close, close_expired,
	    (lws_usec_t)(sv->o->close_timeout * LWS_USEC_PER_SEC));
}

static void
close_expired(lws_sorted_usec_list_t *sul)
{
	struct server	*sv = lws_container_of(sul, struct server, sul_close);

	if (!sv->done)
		msg_verbose(1, "close: %d client%s did not answer within %g s",
		    sv->nclients, sv->nclients == 1 ? "" : "s",
		    sv->o->close_timeout);
	finish(sv);
}

/*
 * After the end of input, once every client has been sent everything and
 * has been quiet for --wait seconds, close them all and end.
 */
static void
check_quiet(struct server *sv)
{
	struct client	*c;
	int64_t		 left;

	if (!sv->input_eof || sv->closing_all || sv->o->echo ||
	    sv->o->wait == OPTS_WAIT_INF || sv->nclients == 0 ||
	    !pump_queue_empty(&sv->pending))
		return;
	for (c = sv->clients; c != NULL; c = c->next)
		if (!pump_queue_empty(&c->q))
			return;
	left = (int64_t)(sv->o->wait * 1000);
	if (sv->last_rx_ms + left > now_ms())
		left = sv->last_rx_ms + left - now_ms();
	if (sv->o->wait == 0 || (sv->quiet_armed == false && left <= 0)) {
		close_all(sv, sv->o->close_code, sv->o->close_reason,
		    WSC_EXIT_OK, false);
		return;
	}
	if (!sv->quiet_armed) {
		sv->quiet_armed = true;
		lws_sul_schedule(sv->ctx, 0, &sv->sul_quiet, quiet_expired,
		    left * LWS_US_PER_MS);
	}
}

static void
quiet_expired(lws_sorted_usec_list_t *sul)
{
	struct server	*sv = lws_container_of(sul, struct server, sul_quiet);
	int64_t		 since = now_ms() - sv->last_rx_ms;

	sv->quiet_armed = false;
	if (sv->done || sv->closing_all)
		return;
	if (since >= (int64_t)(sv->o->wait * 1000)) {
		msg_verbose(2, "clients quiet for %g s: closing", sv->o->wait);
		close_all(sv, sv->o->close_code, sv->o->close_reason,
		    WSC_EXIT_OK, false);
		return;
	}
	check_quiet(sv);
}

/*
 * stdin is read only while some client is connected and every client's
 * queue is below the high-water mark (resumed below the low one).
 */
static void
update_stdin(struct server *sv)
{
	struct client	*c;
	size_t		 most = 0;
	bool		 pause;

	if (sv->in_wsi == NULL || sv->input_eof)
		return;
	for (c = sv->clients; c != NULL; c = c->next)
		if (c->q.bytes > most)
			most = c->q.bytes;
	pause = sv->nclients == 0 || sv->closing_all ||
	    most > (sv->in_paused ? QUEUE_LOW : QUEUE_HIGH);
	if (pause != sv->in_paused) {
		lws_rx_flow_control(sv->in_wsi, pause ? 0 : 1);
		sv->in_paused = pause;
	}
}

/*
 * One input record goes to every connected client, unless -j refuses it
 * (said at once; the rest goes on).  Returns non-zero to stop the input.
 */
static int
input_record(struct server *sv, const unsigned char *p, size_t n,
    const char *what)
{
	switch (output_input(p, n, what)) {
	case 0:
		return broadcast(sv, p, n);
	case -1:
		return 1;
	default:
		return 0;
	}
}

/* pump callback: one input record (UTF-8 checked). */
static int
on_record(void *ctx, const unsigned char *p, size_t n)
{
	struct server	*sv = ctx;
	char		 what[64];

	if (!output_inspects_input())
		return broadcast(sv, p, n);
	snprintf(what, sizeof(what), "stdin %s %llu", sv->o->nul ? "record" :
	    "line", (unsigned long long)sv->in.records);
	return input_record(sv, p, n, what);
}

/* Queues a message for every client (or until the first one comes). */
static int
broadcast(struct server *sv, const unsigned char *p, size_t n)
{
	struct client	*c;
	unsigned	 fl = PUMP_MESSAGE | (sv->o->binary ? PUMP_BINARY : 0);

	if (sv->nclients == 0)
		return pump_queue_add(&sv->pending, p, n, fl) == -1 ? 1 : 0;
	for (c = sv->clients; c != NULL; c = c->next) {
		if (c->close_wanted)
			continue;
		if (pump_queue_add(&c->q, p, n, fl) == -1)
			return 1;
		lws_callback_on_writable(c->wsi);
	}
	return 0;
}

/* End of input: deliver the last record, then close after --wait. */
static void
input_end(struct server *sv)
{
	if (sv->input_eof)
		return;
	sv->input_eof = true;
	if (pump_in_finish(&sv->in) == -1)
		close_all(sv, 1000, "", WSC_EXIT_IO, false);
	msg_verbose(2, "stdin: end of input after %llu messages",
	    (unsigned long long)sv->in.records);
	check_quiet(sv);
}

/* A client is open: link it, hand it held input, report it at -v. */
static void
on_established(struct server *sv, struct client *c, struct lws *wsi)
{
	const struct lws_protocols	*pcol = lws_get_protocol(wsi);

	memset(c, 0, sizeof(*c));
	c->sv = sv;
	c->wsi = wsi;
	c->protocol = pcol != NULL && strcmp(pcol->name, DEFAULT_PCOL) != 0 ?
	    pcol->name : NULL;
	if (lws_get_peer_simple(wsi, c->addr, sizeof(c->addr)) == NULL)
		snprintf(c->addr, sizeof(c->addr), "?");
	c->next = sv->clients;
	if (sv->clients != NULL)
		sv->clients->prev = c;
	sv->clients = c;
	c->linked = true;
	sv->nclients++;
	sv->nserved++;
	msg_verbose(1, "client %s: connected (protocol %s), %d connected",
	    c->addr, c->protocol ? c->protocol : "(none)", sv->nclients);
	if (!pump_queue_empty(&sv->pending)) {
		c->q = sv->pending;
		memset(&sv->pending, 0, sizeof(sv->pending));
		lws_callback_on_writable(wsi);
	}
	c->q.frames = true;	/* the listener offers no extension */
	if (sv->closing_all || (sv->o->once && sv->nserved > 1))
		client_close(c, 1001, "", true);
	update_stdin(sv);
	check_quiet(sv);
}

/* A chunk of a received message: echo it, or write it to stdout. */
static int
on_receive(struct server *sv, struct client *c, struct lws *wsi,
    const unsigned char *p, size_t len)
{
	unsigned	 fl = 0;
	bool		 final;

	if (c->close_sent)
		return 0;
	final = lws_is_final_fragment(wsi) != 0;
	if (!c->rx_in_msg) {
		c->rx_in_msg = true;
		c->rx_binary = lws_frame_is_binary(wsi) != 0;
		c->rx_len = 0;
		c->rx_utf8 = UTF8_ACCEPT;
		c->rx.msg.len = 0;
		c->rx.streaming = false;
		fl = PUMP_FIRST;
	}
	if (final) {
		c->rx_in_msg = false;
		c->msgs_in++;
	}
	if (sv->o->echo) {
		/* Passed through chunk by chunk: no per-byte work here. */
		fl |= (c->rx_binary ? PUMP_BINARY : 0) |
		    (final ? PUMP_FINAL : 0);
		if (pump_queue_add(&c->q, p, len, fl) == -1)
			return fail_client(c, wsi, 1011, "out of memory");
		if (c->q.bytes > ECHO_HIGH && !c->rx_paused) {
			lws_rx_flow_control(wsi, 0);
			c->rx_paused = true;
		}
		lws_callback_on_writable(wsi);
		return 0;
	}
	if (len > sv->o->max_message - c->rx_len)
		return fail_client(c, wsi, 1009, "message larger than "
		    "--max-message");
	c->rx_len += len;
	if (!c->rx_binary && utf8_feed(&c->rx_utf8, p, len) == UTF8_REJECT)
		return fail_client(c, wsi, 1007, "text is not valid UTF-8");
	if (final && !c->rx_binary && c->rx_utf8 != UTF8_ACCEPT)
		return fail_client(c, wsi, 1007, "text ends inside a UTF-8 "
		    "sequence");
	if (final)
		sv->last_rx_ms = now_ms();
	/* Held whole (bounded by --max-message): clients never interleave. */
	if (!sv->out_closed && pump_out_emit(&sv->po, &c->rx, p, len,
	    c->rx_binary, final, SIZE_MAX) == -1) {
		sv->out_closed = true;
		if (errno == EPIPE) {
			msg_verbose(1, "stdout: closed by the reader: closing");
			close_all(sv, 1001, "", WSC_EXIT_OK, true);
		} else {
			msg_err("stdout: %s", strerror(errno));
			close_all(sv, 1001, "", WSC_EXIT_IO, true);
		}
	}
	return 0;
}

/* Sends c's queue while the socket takes it, then its Close. */
static int
on_writeable(struct server *sv, struct client *c, struct lws *wsi)
{
	if (c->close_sent)
		return 0;
	if (c->close_wanted && (c->close_drop || pump_queue_empty(&c->q))) {
		lws_close_reason(wsi, (enum lws_close_status)c->close_code,
		    (unsigned char *)(uintptr_t)c->close_reason,
		    strlen(c->close_reason));
		c->close_sent = true;
		msg_verbose(1, "client %s: sending close %d '%s'", c->addr,
		    c->close_code, c->close_reason);
		return -1;	/* once only: quirk 12 */
	}
	if (pump_queue_write(&c->q, wsi) == -1) {
		msg_verbose(1, "client %s: send failed", c->addr);
		return -1;
	}
	if (c->rx_paused && c->q.bytes < ECHO_LOW) {
		lws_rx_flow_control(wsi, 1);
		c->rx_paused = false;
	}
	if (!pump_queue_empty(&c->q) || c->close_wanted)
		lws_callback_on_writable(wsi);
	if (!sv->o->echo) {
		update_stdin(sv);
		if (pump_queue_empty(&c->q))
			check_quiet(sv);
	}
	return 0;
}

/* Fails c's connection with code (1007, 1009, 1011): its protocol error. */
static int
fail_client(struct client *c, struct lws *wsi, int code, const char *why)
{
	msg_err("client %s: received message: %s: closing with %d", c->addr,
	    why, code);
	lws_close_reason(wsi, (enum lws_close_status)code,
	    (unsigned char *)(uintptr_t)why, strlen(why));
	c->close_sent = true;
	c->close_wanted = true;
	c->failed = true;
	return -1;
}

/* Keeps the client's close code and reason (escaped for stderr). */
static void
on_peer_close(struct client *c, const unsigned char *p, size_t n)
{
	c->peer_closed = true;
	c->peer_code = wsclose_read(p, n, &c->peer_reason);
	msg_verbose(1, "client %s: sent close %d '%s'", c->addr, c->peer_code,
	    (char *)c->peer_reason.data);
}

/* A client is gone: say how; with --once its end is the exit status. */
static void
on_closed(struct server *sv, struct client *c, struct lws *wsi)
{
	const char	*reason = c->peer_reason.data ?
			    (const char *)c->peer_reason.data : "";
	enum wsc_exit	 st;

	if (!c->linked)
		return;
	if (c->failed) {
		st = WSC_EXIT_PROTOCOL;
	} else if (c->peer_closed) {
		st = c->peer_code == 1000 || c->peer_code == 1001 ||
		    c->peer_code == 1005 ? WSC_EXIT_OK : WSC_EXIT_ABNORMAL;
		if (st != WSC_EXIT_OK && sv->o->once)
			msg_err("client %s closed the connection: %d '%s'",
			    c->addr, c->peer_code, reason);
	} else if (c->close_sent) {
		st = WSC_EXIT_OK;
	} else if (pump_fail_malformed(wsi, false)) {
		msg_err("client %s broke the protocol (a malformed or "
		    "unexpected frame): closing with 1002", c->addr);
		st = WSC_EXIT_PROTOCOL;
	} else {
		msg_verbose(1, "client %s: connection dropped without a "
		    "Close frame (1006)", c->addr);
		if (sv->o->once)
			msg_err("client %s: connection dropped without a "
			    "Close frame (1006)", c->addr);
		st = WSC_EXIT_ABNORMAL;
	}
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		sv->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->linked = false;
	sv->nclients--;
	msg_verbose(1, "client %s: left after %llu messages in, %llu out; "
	    "%d connected", c->addr, (unsigned long long)c->msgs_in,
	    (unsigned long long)c->q.sent_msgs, sv->nclients);
	pump_queue_clear(&c->q);
	buf_free(&c->rx.msg);
	buf_free(&c->peer_reason);
	if (sv->o->once && !sv->closing_all)
		close_all(sv, 1001, "", st, true);
	else if (sv->closing_all && sv->nclients == 0)
		finish(sv);
	else
		update_stdin(sv);
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct server	*sv;
	struct client	*c = user;
	int		 signo;

	if (wsi == NULL ||
	    (sv = lws_context_user(lws_get_context(wsi))) == NULL)
		return 0;
	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		on_established(sv, c, wsi);
		break;
	case LWS_CALLBACK_RECEIVE:
		return on_receive(sv, c, wsi, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writeable(sv, c, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		on_peer_close(c, in, len);
		break;
	case LWS_CALLBACK_CLOSED:
		on_closed(sv, c, wsi);
		break;
	case LWS_CALLBACK_RAW_RX_FILE:
		if (wsi == sv->in_wsi) {
			if (pump_in_read(&sv->in) == -1) {
				input_end(sv);
				return -1;
			}
			update_stdin(sv);
		} else if (wsi == sv->sig_wsi) {
			signo = sig_take(lws_get_socket_fd(wsi));
			if (signo != 0 && !sv->done) {
				msg_verbose(1, "signal %d: closing", signo);
				close_all(sv, 1001, "", signo == SIGINT ?
				    WSC_EXIT_SIGINT : WSC_EXIT_SIGTERM, true);
			}
		}
		break;
	case LWS_CALLBACK_RAW_CLOSE_FILE:
		if (wsi == sv->in_wsi) {
			sv->in_wsi = NULL;
			if (!sv->input_eof && !sv->stopping) {
				pump_in_drain(&sv->in);
				input_end(sv);
			}
			sv->in.fd = -1;	/* lws closed it */
		} else if (wsi == sv->sig_wsi)
			sv->sig_wsi = NULL;
		break;
	default:
		break;
	}
	return 0;
}

/* lws's own log: shown at -vv, never at INFO level (it costs throughput). */
static void
lws_log(int level, const char *line)
{
	size_t	 n = strlen(line);

	(void)level;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (msg_verbosity() >= 2)
		msg_err("lws: %.*s", (int)n, line);
}

/* Adopts fd into the loop as a raw file (lws makes it non-blocking). */
static struct lws *
adopt_fd(struct lws_vhost *vh, int fd)
{
	lws_sock_file_fd_type	 u;

	u.filefd = fd;
	return lws_adopt_descriptor_vhost(vh, LWS_ADOPT_RAW_FILE_DESC, u,
	    DEFAULT_PCOL, NULL);
}

/*
 * Turns the listen host into a numeric address for lws (which takes an
 * address or an interface name).  Returns 0 or -1 with the error printed.
 */
static int
resolve_host(const char *host, char *out, size_t outlen, bool *v6)
{
	struct addrinfo	 hints, *res;
	int		 e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((e = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		msg_err("listen on '%s': %s", host, e == EAI_SYSTEM ?
		    strerror(errno) : gai_strerror(e));
		return -1;
	}
	*v6 = res->ai_family == AF_INET6;
	e = getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)outlen,
	    NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	if (e != 0) {
		msg_err("listen on '%s': %s", host, gai_strerror(e));
		return -1;
	}
	return 0;
}

/*
 * Binds addr:port once ourselves before lws does: a port in use or an
 * address that is not local then gets its real reason (errno), and lws
 * 4.1.6, which leaks a little when its listen fails, is never asked.
 * Port 0 always binds.  Returns 0, or -1 with errno.
 */
static int
probe_bind(const char *addr, bool v6, int port)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 len;
	int			 fd, on = 1, r, e;

	if (port == 0)
		return 0;
	memset(&ss, 0, sizeof(ss));
	if (v6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		r = inet_pton(AF_INET6, addr, &s6->sin6_addr);
		len = sizeof(*s6);
	} else {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		r = inet_pton(AF_INET, addr, &s4->sin_addr);
		len = sizeof(*s4);
	}
	if (r != 1)
		return 0;	/* not a numeric address: leave it to lws */
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	r = bind(fd, (struct sockaddr *)&ss, len);
	e = errno;
	(void)close(fd);
	errno = e;
	return r;
}

enum wsc_exit
listen_run(const struct wsc_opts *o)
{
	struct lws_context_creation_info	 info;
	struct lws_protocols			*pcols;
	struct server				*sv;
	struct lws_vhost			*vh;
	struct rlimit				 rl;
	lws_retry_bo_t				 retry;
	char					 addr[INET6_ADDRSTRLEN + 8];
	enum wsc_exit				 st;
	size_t					 i;
	int					 sigfd;
	int					 stdin_flags = -1, port, level;
	bool					 v6 = false;

	if (resolve_host(o->listen_host ? o->listen_host : "127.0.0.1",
	    addr, sizeof(addr), &v6) == -1)
		return WSC_EXIT_USAGE;
	if (probe_bind(addr, v6, o->listen_port) == -1) {
		msg_err("listen on %s port %d: %s", addr, o->listen_port,
		    strerror(errno));
		return WSC_EXIT_FAILURE;
	}
	if ((sv = calloc(1, sizeof(*sv))) == NULL ||
	    (pcols = calloc(o->nprotocols + 2, sizeof(*pcols))) == NULL) {
		msg_err("start: %s", strerror(errno));
		free(sv);
		return WSC_EXIT_FAILURE;
	}
	sv->o = o;
	sv->in.fd = -1;
	pump_out_init(&sv->po, o->nul);
	sv->po.binout = o->binary_output;
	if (output_init(o, &sv->po, NULL, NULL) == -1) {
		free(sv);
		free(pcols);
		return WSC_EXIT_FAILURE;
	}
	/* Index 0 serves clients that offer no subprotocol. */
	for (i = 0; i <= o->nprotocols; i++) {
		pcols[i].name = i == 0 ? DEFAULT_PCOL : o->protocols[i - 1];
		pcols[i].callback = callback;
		pcols[i].per_session_data_size = sizeof(struct client);
		pcols[i].rx_buffer_size = RX_BUF_SIZE;
	}

	level = LLL_ERR | LLL_WARN;
	if (msg_verbosity() >= 3)
		level |= LLL_NOTICE;
	lws_set_log_level(msg_verbosity() >= 2 ? level : 0, lws_log);

	memset(&retry, 0, sizeof(retry));
	retry.secs_since_valid_ping = 65534;	/* replace lws's 300/310 s */
	retry.secs_since_valid_hangup = 65535;

	/* Many clients: lws indexes its fd table by descriptor (quirk 24). */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 65536) {
			rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
			(void)getrlimit(RLIMIT_NOFILE, &rl);
		}
	} else
		rl.rlim_cur = 1024;

	memset(&info, 0, sizeof(info));
	info.port = o->listen_port;
	info.iface = addr;
	info.protocols = pcols;
	info.options = v6 ? 0 : LWS_SERVER_OPTION_DISABLE_IPV6;
	info.fd_limit_per_thread = rl.rlim_cur > 65536 ? 65536 :
	    (unsigned int)rl.rlim_cur;
	info.pt_serv_buf_size = 32768;
	info.timeout_secs = 5;
	info.retry_and_idle_policy = &retry;
	info.user = sv;
	if ((sv->ctx = lws_create_context(&info)) == NULL ||
	    (vh = lws_get_vhost_by_name(sv->ctx, "default")) == NULL ||
	    (port = lws_get_vhost_listen_port(vh)) <= 0) {
		msg_err("listen on %s port %d: cannot listen (address in use "
		    "or not local?)", addr, o->listen_port);
		st = WSC_EXIT_FAILURE;
		goto out;
	}
	if (o->print_port && (printf("%d\n", port) < 0 || fflush(stdout))) {
		msg_err("stdout: %s", strerror(errno));
		st = WSC_EXIT_IO;
		goto out;
	}
	if (!o->quiet)
		msg_warn("listening on ws://%s%s%s:%d/%s", v6 ? "[" : "", addr,
		    v6 ? "]" : "", port, o->echo ? " (echo)" : "");

	if ((sigfd = sig_open()) != -1 &&
	    (sv->sig_wsi = adopt_fd(vh, sigfd)) != NULL)
		sig_arm();

	/* Bridge mode reads stdin as the client session does (quirk 7). */
	if (!o->echo) {
		if (pump_in_init(&sv->in, -1, o->binary, o->nul,
		    o->max_message, on_record, sv) == -1) {
			st = WSC_EXIT_FAILURE;
			goto out;
		}
		stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
		sig_restore_stdin(stdin_flags);
		if ((sv->in.fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC,
		    3)) == -1 ||
		    (sv->in_wsi = adopt_fd(vh, sv->in.fd)) == NULL) {
			msg_err("stdin: cannot read it: %s", sv->in.fd == -1 ?
			    strerror(errno) : "not pollable");
			sv->in.fd = -1;
			st = WSC_EXIT_IO;
			goto out;
		}
		if (stdin_flags != -1)
			(void)fcntl(sv->in.fd, F_SETFL,
			    stdin_flags & ~O_NONBLOCK);
		for (i = 0; i < o->nsends; i++) {
			char what[64];

			snprintf(what, sizeof(what), "--send message %zu",
			    i + 1);
			if (input_record(sv, (unsigned char *)o->sends[i],
			    strlen(o->sends[i]), what) != 0) {
				st = WSC_EXIT_FAILURE;
				goto out;
			}
		}
		update_stdin(sv);
	}

	while (!sv->done) {
		if (lws_service(sv->ctx, 0) < 0)
			break;
		if (!sv->out_closed && outbuf_flush(&sv->po.out) == -1) {
			sv->out_closed = true;
			close_all(sv, 1001, "", errno == EPIPE ? WSC_EXIT_OK :
			    WSC_EXIT_IO, true);
		}
	}
	if (!sv->out_closed && outbuf_flush(&sv->po.out) == -1 &&
	    errno != EPIPE) {
		msg_err("stdout: %s", strerror(errno));
		set_status(sv, WSC_EXIT_IO);
	}
	set_status(sv, WSC_EXIT_OK);
	st = sv->status;
	if (st == WSC_EXIT_OK && output_refused() > 0)
		st = WSC_EXIT_IO;	/* -j refused input: said at the time */
	msg_verbose(1, "done: served %llu client%s",
	    (unsigned long long)sv->nserved, sv->nserved == 1 ? "" : "s");
out:
	sv->stopping = true;
	if (sv->ctx != NULL)
		lws_context_destroy(sv->ctx);
	if (sv->in.fd != -1)
		close(sv->in.fd);
	if (stdin_flags != -1)
		(void)fcntl(STDIN_FILENO, F_SETFL, stdin_flags);
	sig_close();	/* the read end was lws's to close */
	output_free();
	pump_queue_clear(&sv->pending);
	pump_in_free(&sv->in);
	outbuf_free(&sv->po.out);
	free(pcols);
	free(sv);
	return st;
}
