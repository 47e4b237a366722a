/*
 * Interactive input lines into actions: a message to send, or a slash
 * command with its arguments validated (close codes and reasons as in pipe
 * mode, hex for /binary, ping payload size).  Pure: libc only.
 */
#ifndef WSC_REPLCMD_H
#define WSC_REPLCMD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define REPLCMD_PING_MAX	125	/* a control frame's payload limit */

enum replcmd_kind {
	REPLCMD_SEND,		/* data: the message ("//x" gives "/x") */
	REPLCMD_HELP,
	REPLCMD_QUIT,
	REPLCMD_CLOSE,		/* code, data: the reason */
	REPLCMD_PING,		/* data: the payload */
	REPLCMD_BINARY,		/* data: the decoded bytes */
	REPLCMD_SEND_FILE,	/* data: the path, NUL-terminated */
	REPLCMD_JSON,		/* on */
	REPLCMD_NICK		/* data: the name (--chat) */
};

struct replcmd {
	enum replcmd_kind kind;
	int		 code;		/* REPLCMD_CLOSE */
	bool		 on;		/* REPLCMD_JSON */
	struct buf	 data;		/* NUL-terminated; len excludes it */
};

/*
 * Parses the input line p[0..n) into c (whose data the caller releases
 * with buf_free, on success and failure alike).  Returns 0, or -1 with a
 * one-line reason in err (an unknown command, a bad argument, ENOMEM).
 */
int	replcmd_parse(struct replcmd *c, const char *p, size_t n, char *err,
	    size_t errlen);
/*
 * Decodes hex digits (pairs, with optional spaces or colons between
 * bytes and an optional "0x" prefix) from p[0..n), appending the bytes to
 * out.  Returns 0, or -1 with the reason in err.
 */
int	replcmd_unhex(struct buf *out, const char *p, size_t n, char *err,
	    size_t errlen);
/* The /help text: one line per command, each ending in LF. */
const char *replcmd_help(void);

#endif
