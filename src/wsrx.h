/*
 * RFC 6455 frames received by a client, parsed by wsc itself (the
 * counterpart of wsframe.c): many frames per read, payload handed on in
 * place, every breach of section 5 named.  libwebsockets 4.1 parses client
 * frames one byte per call; this parser replaces it on connections without
 * TLS or extensions.  Pure: libc only.
 */
#ifndef WSC_WSRX_H
#define WSC_WSRX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSRX_CONTROL_MAX	125

/* Flags of a data piece. */
#define WSRX_FIRST	0x01	/* the first piece of its message */
#define WSRX_FINAL	0x02	/* the last piece of its message */
#define WSRX_BINARY	0x04	/* the message is binary (else text) */

/* Control opcodes, as handed to the control callback. */
#define WSRX_CLOSE	0x8
#define WSRX_PING	0x9
#define WSRX_PONG	0xa

struct wsrx_ops {
	/*
	 * A piece of a data message, n bytes at p (n may be 0: an empty
	 * frame), with WSRX_* flags; frame_left is how many payload bytes of
	 * the current frame are still to come after this piece.  A non-zero
	 * return stops wsrx_feed(), which returns it.
	 */
	int	(*data)(void *ctx, const unsigned char *p, size_t n,
		    unsigned flags, uint64_t frame_left);
	/*
	 * A complete control frame (at most WSRX_CONTROL_MAX bytes).  A
	 * non-zero return stops wsrx_feed(), which returns it.
	 */
	int	(*control)(void *ctx, unsigned opcode, const unsigned char *p,
		    size_t n);
};

struct wsrx {
	unsigned char	 hdr[14];	/* a header cut by the end of a read */
	size_t		 hlen;
	bool		 in_frame;	/* a header was read: payload follows */
	unsigned	 op;		/* its opcode */
	bool		 fin;
	uint64_t	 left;		/* its payload bytes still to come */
	bool		 in_msg;	/* a fragmented data message is open */
	bool		 msg_binary;
	bool		 msg_first;	/* no piece of it handed on yet */
	unsigned char	 ctl[WSRX_CONTROL_MAX];
	size_t		 ctl_len;
	const char	*error;		/* why the stream broke RFC 6455 */
};

void	wsrx_init(struct wsrx *);
/*
 * Parses n received bytes.  Returns 0 when all were taken; a callback's
 * non-zero return (the rest is not parsed); or -1 when the stream breaks
 * RFC 6455 (reserved bits or opcode, a masked frame, a control frame that
 * is fragmented or longer than 125 bytes, a continuation with no message
 * or a new message inside one, a 64-bit length with its top bit set), with
 * the reason in r->error; the connection is then to be failed with 1002,
 * and the parser stays failed.
 */
int	wsrx_feed(struct wsrx *r, const unsigned char *p, size_t n,
	    const struct wsrx_ops *ops, void *ctx);

#endif
