/*
 * Command-line options: the getopt_long table into struct wsc_opts, with
 * validation.  Never exits and never prints: errors come back as text.
 * Pure: libc only.
 */
#ifndef WSC_OPTS_H
#define WSC_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#define OPTS_WAIT_INF	(-1.0)	/* -w inf: never close on end of input */
#define OPTS_MAX_REDIRS	4	/* libwebsockets 4.1 follows at most 4 */
#define OPTS_ORIGIN_MAX	117	/* longest Origin lws 4.1 sends intact */

enum opts_tristate {
	OPTS_AUTO,		/* decide from the terminal */
	OPTS_YES,
	OPTS_NO
};

/* --binary-output: how received binary messages are shown. */
enum opts_binout {
	OPTS_BIN_AUTO,		/* raw in a pipe, hex dump on a terminal */
	OPTS_BIN_RAW,
	OPTS_BIN_HEX,
	OPTS_BIN_BASE64
};

enum opts_action {
	OPTS_RUN,		/* connect to url */
	OPTS_HELP,		/* print opts_usage() and exit 0 */
	OPTS_VERSION		/* print versions and exit 0 */
};

struct wsc_opts {
	enum opts_action action;
	const char	*url;
	char		**protocols;	/* split, validated subprotocol tokens */
	size_t		 nprotocols;
	char		**headers;	/* validated "Name: value" lines */
	size_t		 nheaders;
	const char	*origin;
	bool		 binary;	/* -b: send input as binary messages */
	bool		 nul;		/* -0: NUL framing in and out */
	char		**sends;	/* -x messages, in order */
	size_t		 nsends;
	char		**send_files;	/* --send-file paths ("-": stdin) */
	size_t		 nsend_files;
	double		 wait;		/* quiet period at end of input, s */
	int		 close_code;
	const char	*close_reason;
	double		 close_timeout;	/* s */
	size_t		 max_message;	/* bytes */
	unsigned long	 count;		/* -n/-1: end after N messages; 0: no */
	const char	*until;		/* --until: end at a match (ERE) */
	double		 timeout;	/* -t: whole session, s; 0: none */
	double		 connect_timeout; /* TCP+TLS+upgrade, s; 0: none */
	double		 ping_interval;	/* s; 0: no pings */
	double		 ping_timeout;	/* s; 0: the ping interval */
	long		 reconnect;	/* reconnects allowed; -1: unlimited */
	bool		 show_secrets;	/* do not redact secrets in logs */
	int		 verbose;
	bool		 quiet;
	bool		 json;		/* -j: pretty-print JSON, validate input */
	bool		 jsonl;		/* --jsonl: one JSON object per message */
	bool		 chat;		/* --chat [NAME] */
	const char	*chat_name;	/* NULL: no username packet */
	/* interactive mode */
	enum opts_tristate interactive;	/* -i yes, -I no */
	enum opts_tristate color;	/* --color always/never */
	bool		 raw_output;	/* --raw-output: no escaping */
	enum opts_binout binary_output;	/* --binary-output */
	bool		 no_history;	/* --no-history */
	/* listen mode (-l): url is NULL */
	bool		 listen;
	char		*listen_host;	/* NULL: 127.0.0.1 */
	int		 listen_port;	/* 0: any free port */
	bool		 echo;		/* --echo: reflect messages */
	bool		 once;		/* --once: end after one client */
	bool		 print_port;	/* --print-port */
	/* transport and security (issue 7) */
	bool		 insecure;	/* -k: no certificate verification */
	const char	*cacert;	/* --cacert FILE: replaces the system CAs */
	const char	*capath;	/* --capath DIR: replaces the system CAs */
	const char	*cert;		/* --cert FILE: client certificate */
	const char	*key;		/* --key FILE (default: the --cert file) */
	const char	*user;		/* -u USER[:PASS]: Basic auth */
	const char	*user_agent;	/* -A: NULL for the default, "" none */
	const char	*proxy;		/* --proxy URL; "" none; NULL: env */
	const char	*unix_socket;	/* --unix-socket PATH or @NAME */
	bool		 deflate;	/* --deflate: offer permessage-deflate */
	bool		 location;	/* -L: follow redirects */
	int		 max_redirs;	/* --max-redirs (with -L) */
	int		 family;	/* -4: 4, -6: 6, else 0 */
};

/*
 * Parses argv into o (released with opts_free).  Returns 0, or -1 with a
 * one-line reason in err (no "wsc:" prefix) for a usage error.
 */
int	opts_parse(struct wsc_opts *o, int argc, char **argv, char *err,
	    size_t errlen);
/* Releases what opts_parse allocated. */
void	opts_free(struct wsc_opts *o);
/* The --help text, ending in a newline. */
const char *opts_usage(void);

/*
 * Validates a close code as the browser's close() does: 1000 or 3000-4999.
 * Returns 0, or -1 with the reason in err.
 */
int	opts_check_close_code(long code, char *err, size_t errlen);
/* Validates a close reason: valid UTF-8, at most 123 bytes. */
int	opts_check_close_reason(const char *reason, char *err, size_t errlen);
/*
 * Parses a duration in seconds ("1", "0.25", and "inf" when allow_inf) into
 * *out (OPTS_WAIT_INF for inf).  Returns 0 or -1 with the reason in err.
 */
int	opts_parse_seconds(const char *s, bool allow_inf, double *out,
	    char *err, size_t errlen);
/*
 * Parses a byte size ("65536", "64K", "64M", "1G", optional "iB"/"B") into
 * *out.  Returns 0 or -1 with the reason in err.
 */
int	opts_parse_size(const char *s, size_t *out, char *err, size_t errlen);
/*
 * Parses a listen address "[HOST:]PORT", with an IPv6 host in brackets
 * ("[::1]:8080").  *host is a malloc'd copy of the host without brackets,
 * or NULL when absent; *port is 0-65535.  Returns 0, or -1 with the reason
 * in err (and *host NULL).
 */
int	opts_parse_listen(const char *s, char **host, int *port, char *err,
	    size_t errlen);

#endif
