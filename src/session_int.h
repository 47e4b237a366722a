/*
 * What the session modules (session.c, input.c, rx.c, conn.c) share on
 * libwebsockets 4.1: struct session, its states and limits, and the
 * functions one of them calls in another.  Private: not installed, and
 * included by nothing else.
 */
#ifndef WSC_SESSION_INT_H
#define WSC_SESSION_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libwebsockets.h>

#include "buf.h"
#include "exitcode.h"
#include "filesrc.h"
#include "opts.h"
#include "pingtrack.h"
#include "pump.h"
#include "route.h"
#include "session.h"
#include "url.h"
#include "waitcond.h"
#include "wsrx.h"

#define QUEUE_HIGH	(256 * 1024)	/* pause stdin above this much queued */
#define QUEUE_LOW	(64 * 1024)	/* and resume below this */
#define RX_BUF_SIZE	65536		/* lws receive chunk */
#define RX_HOLD		(1024 * 1024)	/* hold a message back up to this size */
#define SESSION_HOST_MAX 119		/* longest Host value lws sends intact */
#define USER_PINGS	4		/* session_ping()s waiting to be sent */
#define FOREVER_S	31536000	/* lws timeouts when ours are off */

enum state {
	ST_CONNECTING,
	ST_OPEN,
	ST_CLOSING,
	ST_CLOSED
};

struct session {
	const struct wsc_opts	*o;
	const struct url	*u;
	struct lws_context	*ctx;
	struct lws		*ws;
	struct lws		*in_wsi;
	struct lws		*sig_wsi;
	enum state		 state;
	bool			 done;
	bool			 stopping;
	bool			 status_set;	/* per connection */
	enum wsc_exit		 status;

	/* connections (reconnects) */
	unsigned		 gen;		/* tags the current wsi */
	unsigned		 attempts;	/* reconnects so far */
	bool			 retryable;	/* this end may be retried */
	bool			 stop_all;	/* we chose to end: no retry */
	bool			 timed_out;	/* -t expired */
	bool			 was_open;	/* this connection opened */
	int64_t			 t_run_us, t_conn_us, t_req_us;
	unsigned		 lws_timeout;	/* lws's own, s */

	/* keepalive: our pings (--ping-interval) and session_ping()'s */
	struct pingtrack	 pt;
	bool			 ping_due;
	struct {
		size_t		 len;
		unsigned char	 data[PINGTRACK_PAYLOAD];
	}			 uping[USER_PINGS];
	size_t			 nuping;
	bool			 interactive;	/* repl.c owns the terminal */
	struct buf		 json_more;	/* -j: a JSON text cut short */
	struct filesrc		 files;		/* --send-file, after -x */
	bool			 in_held;	/* stdin waits for the files */
	bool			 in_hup;	/* and its writer has gone */
	int			 signo;

	/* input */
	struct pump_in		 in;
	struct pump_queue	 q;
	bool			 in_paused;
	bool			 input_eof;
	int			 stdin_flags;

	/* output */
	struct pump_out		 po;
	struct pump_rx		 rx;
	bool			 out_closed;
	bool			 rx_in_msg;
	bool			 rx_failed;	/* we fail the connection: drop rx */
	bool			 rx_binary;
	uint32_t		 rx_utf8;
	size_t			 rx_len;

	/*
	 * Our own receive path (own_rx): without an extension, frames are
	 * parsed by wsrx.c, read from a duplicate of the socket (rx_wsi) or
	 * lws's TLS connection, and lws's reading is stopped; control
	 * replies go out as raw frames.
	 */
	bool			 own_rx;
	struct lws		*rx_wsi;
	SSL			*rx_ssl;	/* over TLS: lws's connection */
	lws_sorted_usec_list_t	 sul_rx;	/* TLS input poll() won't tell */
	bool			 rx_wait_write;	/* TLS must write to read on */
	struct wsrx		 wr;
	bool			 pong_due;
	size_t			 pong_len;
	unsigned char		 pong[WSRX_CONTROL_MAX];
	bool			 echo_due;	/* the peer's Close, to parrot */
	size_t			 echo_len;
	unsigned char		 echo[WSRX_CONTROL_MAX];
	bool			 kill;		/* drop the socket: all said */

	uint64_t		 msgs_in, bytes_in;
	struct waitcond		 wc;		/* -n, --until */
	int64_t			 last_rx_ms, sent_all_ms;
	bool			 rx_unstamped;	/* data since last_rx_ms */
	bool			 quiet_armed;

	/* close */
	bool			 close_wanted;
	bool			 close_sent;
	bool			 close_drop_queue;
	int			 close_code;
	const char		*close_reason;
	char			 close_reason_buf[124];	/* from /close */
	bool			 peer_closed;
	int			 peer_code;
	struct buf		 peer_reason;	/* escaped for stderr */
	bool			 request_sent;
	int			 http_status;
	char			 protocol[128];
	char			 extensions[256];
	int			 log_level;	/* lws's, once open */

	lws_sorted_usec_list_t	 sul_quiet;
	lws_sorted_usec_list_t	 sul_close;

	/* transport (route.c): proxy, unix socket, addresses tried in turn */
	struct route		 route;
	struct lws_client_connect_info ci;
	lws_sorted_usec_list_t	 sul_retry;	/* the next address */
	lws_sorted_usec_list_t	 sul_connect;	/* --connect-timeout */
	lws_sorted_usec_list_t	 sul_session;	/* -t */
	lws_sorted_usec_list_t	 sul_ping;	/* --ping-interval */
	lws_sorted_usec_list_t	 sul_pingto;	/* --ping-timeout */
	lws_sorted_usec_list_t	 sul_reconnect;	/* --reconnect backoff */
	int			 redirects;
	struct buf		 location;	/* of a 3xx, escaped */
};

/* lws's last error or warning line (session.c's lws_log()). */
extern char		 sess_lws_err[256];
/* The REPL prompt's word for each state. */
extern const char *const state_prompt[];

/* session.c */
int64_t		now_ms(void);
void		sess_set_status(struct session *, enum wsc_exit);
void		set_state(struct session *, enum state);
void		sess_finish(struct session *);
void		request_close(struct session *, int, const char *,
		    enum wsc_exit, bool);
int		send_close(struct session *, struct lws *, int,
		    const char *);
struct lws *	adopt_fd(struct lws_vhost *, int);
void		sess_cancel(lws_sorted_usec_list_t *);
void		sess_event(struct session *, struct session_event *);
void		sess_schedule(struct session *, lws_sorted_usec_list_t *,
		    sul_cb_t, double);
void		report_close(struct session *, bool, bool, int,
		    const char *);

/* input.c */
int		on_record(void *, const unsigned char *, size_t);
int		input_record(struct session *, const unsigned char *, size_t,
		    const char *);
int		chat_send(void *, const unsigned char *, size_t);
int		read_stdin(struct session *);
void		files_hup(struct session *);
void		drain_stdin(struct session *);
void		input_end(struct session *);
void		stamp_rx(struct session *);
void		check_quiet(struct session *);
int		on_writeable(struct session *, struct lws *);
int		repl_line(void *, const unsigned char *, size_t);
int		repl_send(void *, const unsigned char *, size_t, unsigned);
int		repl_json(void *, bool);
int		repl_nick(void *, const unsigned char *, size_t);
int		repl_close_cb(void *, int, const char *);
int		repl_ping(void *, const unsigned char *, size_t);

/* rx.c */
int		on_receive(struct session *, struct lws *, const void *,
		    size_t);
void		own_rx_start(struct session *, struct lws *);
int		own_rx_read(struct session *);
void		own_rx_drain(struct session *);
void		own_rx_stop(struct session *);
int		own_rx_writeable(struct session *, struct lws *);
bool		wait_unmet(struct session *);
void		out_failed(struct session *);
int		on_peer_close(struct session *, struct lws *,
		    const unsigned char *, size_t);

/* conn.c */
int		append_headers(struct session *, char **, size_t);
void		on_connect_error(struct session *, const char *);
void		on_http_response(struct session *, struct lws *);
void		connect_start(struct session *);
void		conn_end(struct session *);
void		drop_later(struct lws *);
void		session_expired(lws_sorted_usec_list_t *);
void		ping_tick(lws_sorted_usec_list_t *);
int		send_pings(struct session *, struct lws *);
void		on_pong(struct session *, const void *, size_t);

#endif /* WSC_SESSION_INT_H */
