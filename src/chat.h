/*
 * The chat protocol of the WebSocket API's documentation (MDN's chat
 * example): packets "id", "username", "message", "rejectusername" and
 * "userlist" rendered as lines, and typed lines sent as "message" packets
 * with the id the server assigned and the time.  No I/O of its own: packets
 * to send go to a callback, rendered lines into a buffer.
 */
#ifndef WSC_CHAT_H
#define WSC_CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Text held before the server's id, at most (memory stays bounded). */
#define CHAT_PENDING_MAX	(1024 * 1024)

/* Sends one text message (a packet); returns 0, or -1 with the error printed. */
typedef int (*chat_send_cb)(void *ctx, const unsigned char *p, size_t n);

/* A line typed before the server assigned an id: sent once it has. */
struct chat_pending {
	struct chat_pending	*next;
	int64_t			 date;
	size_t			 len;
	unsigned char		 text[];
};

struct chat {
	struct buf		 name;	/* wanted, then as the server set it */
	struct buf		 id;	/* the id, compact JSON; empty: none yet */
	bool			 have_id;
	bool			 tty;	/* escape for a terminal, colour */
	bool			 color;
	struct chat_pending	*pending, **pending_tail;
	size_t			 npending;
	size_t			 pending_bytes;	/* at most CHAT_PENDING_MAX */
	chat_send_cb		 send;
	void			*ctx;
};

/*
 * Sets c up; name (may be NULL) is sent in a "username" packet once the
 * server has sent the id.  Returns 0, or -1 on ENOMEM.
 */
int	chat_init(struct chat *c, const char *name, bool tty, bool color,
	    chat_send_cb send, void *ctx);
/* Releases c (lines still pending are dropped: see c->npending). */
void	chat_free(struct chat *c);
/*
 * Renders received text p[0..n) when it is a chat packet: appends its line
 * (possibly none, as for "id") to out and returns 1; the "id" packet also
 * sends the username packet and the pending lines.  Returns 0 when p is not
 * a chat packet of a known type (the caller shows it as JSON or as
 * received), -1 on ENOMEM or a failed send.  now_ms (ms since the epoch)
 * stands in for a packet without a date.
 */
int	chat_render(struct chat *c, struct buf *out, const unsigned char *p,
	    size_t n, int64_t now_ms);
/*
 * One line of input: "/nick NAME" renames, "//text" sends "/text", any
 * other line is sent as a "message" packet (held until the server has sent
 * the id).  Returns 0; 1 when the line is refused because CHAT_PENDING_MAX
 * bytes are already held; -1 on ENOMEM or a failed send.
 */
int	chat_input(struct chat *c, const unsigned char *p, size_t n,
	    int64_t now_ms);
/* Sends text as a "message" packet (held until the id is known): as above. */
int	chat_say(struct chat *c, const unsigned char *p, size_t n,
	    int64_t now_ms);
/* Sends a "username" packet for name (at once, or when the id arrives). */
int	chat_nick(struct chat *c, const unsigned char *name, size_t n,
	    int64_t now_ms);

#endif
