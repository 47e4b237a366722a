/*
 * The pipe front end shared by the client session and listen mode: stdin
 * into messages (framing, UTF-8 check), per-connection send queues written
 * in the WRITEABLE callback, and received messages to stdout.
 */
#ifndef WSC_PUMP_H
#define WSC_PUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libwebsockets.h>

#include "buf.h"
#include "framing.h"
#include "outbuf.h"

#define PUMP_READ_CHUNK	65536	/* one read(2) of stdin */
#define PUMP_FRAG_SIZE	65536	/* larger entries go out fragmented */
#define PUMP_WIRE_MAX	65536	/* frames gathered into one raw write */
#define PUMP_ENT_HDR	LWS_PRE	/* an entry's header in a queue */

/* Flags of a queued entry: a whole message has FIRST and FINAL. */
#define PUMP_BINARY	0x01	/* the message is binary (else text) */
#define PUMP_FIRST	0x02	/* the entry starts a message */
#define PUMP_FINAL	0x04	/* the entry ends a message */
#define PUMP_MESSAGE	(PUMP_FIRST | PUMP_FINAL)

/*
 * A FIFO of outgoing entries for one connection, kept in one buffer: each
 * entry is PUMP_ENT_HDR bytes (its length and flags, which double as the
 * LWS_PRE headroom lws_write() needs) followed by its payload.  Without an
 * extension (frames set), entries are framed and masked here and many go
 * out in one raw write; with one, each goes through lws_write().
 */
struct pump_queue {
	struct buf	 data;
	size_t		 off;		/* where the first entry starts */
	size_t		 head_off;	/* its payload bytes already written */
	size_t		 head_len;	/* its length and flags, kept while */
	unsigned	 head_flags;	/* lws may overwrite its header */
	size_t		 bytes, msgs;	/* queued payload bytes, entries */
	uint64_t	 sent_msgs, sent_bytes;
	bool		 frames;	/* frame here and write raw */
	bool		 masked;	/* mask the frames (a client) */
	struct buf	 wire;		/* the frames of one write */
	unsigned char	 keys[1024];	/* masking keys from getrandom() */
	size_t		 nkeys;		/* bytes of keys not used yet */
};

/* Called for each complete input record; non-zero stops the input. */
typedef int (*pump_record_cb)(void *ctx, const unsigned char *p, size_t n);

/* stdin (or any descriptor) cut into records. */
struct pump_in {
	int		 fd;
	bool		 binary;	/* records need not be UTF-8 */
	bool		 nul;		/* NUL framing (for messages) */
	bool		 failed;	/* an I/O error or refused input */
	uint64_t	 records;
	struct framing	 fr;
	unsigned char	*rdbuf;
	pump_record_cb	 cb;
	void		*ctx;
};

/*
 * Formats one complete received message into out, terminator included
 * (--json, --jsonl, --chat).  Returns 1 when it did, 0 to have the message
 * written as usual, -1 on ENOMEM.
 */
typedef int (*pump_fmt_cb)(void *ctx, struct buf *out,
    const unsigned char *p, size_t n, bool binary);
#define PUMP_FMT_TEXT	0x01	/* fmt wants text messages whole */
#define PUMP_FMT_BINARY	0x02	/* and binary ones */

/* Received messages to stdout, and one connection's partial message. */
struct pump_out {
	struct outbuf	 out;
	bool		 tty;		/* escape text, hex-dump binary */
	char		 sep;
	pump_fmt_cb	 fmt;		/* NULL: raw (escaped on a terminal) */
	void		*fmt_ctx;
	unsigned	 fmt_types;	/* PUMP_FMT_*: held whole for fmt */
	int		 binout;	/* enum opts_binout (--binary-output) */
};
struct pump_rx {
	struct buf	 msg;		/* held back until complete */
	bool		 streaming;	/* past the hold limit: written through */
};

/*
 * Copies n bytes into a new entry at the tail of q.  Returns 0, or -1 with
 * the error printed.
 */
int	pump_queue_add(struct pump_queue *q, const unsigned char *p, size_t n,
	    unsigned flags);
/*
 * Writes entries to wsi while its pipe is not choked, fragmenting at
 * PUMP_FRAG_SIZE: as frames built here, up to PUMP_WIRE_MAX bytes per
 * write, when q->frames is set, else one lws_write() per fragment.
 * Returns 0, or -1 when a write failed.
 */
int	pump_queue_write(struct pump_queue *q, struct lws *wsi);
/*
 * Writes a control frame (opcode 0x8-0xa, n <= 125 payload bytes), framed
 * and masked like q's frames, between two of q's writes.  Returns 0, or -1
 * if the write failed.
 */
int	pump_control(struct pump_queue *q, struct lws *wsi, unsigned opcode,
	    const unsigned char *p, size_t n);
/*
 * For a new connection (--reconnect): puts the n messages msgs (with flags
 * plus PUMP_MESSAGE) before the queued entries, and a first entry that was
 * partly written back whole; one that lws may have overwritten (written
 * through an extension) is dropped with a -v note.  Returns 0, or -1 with
 * the error printed (q unchanged).
 */
int	pump_queue_requeue(struct pump_queue *q, const char *const *msgs,
	    size_t n, unsigned flags);
/* True when q holds no entry. */
#define pump_queue_empty(q)	((q)->msgs == 0)
/* Frees every queued entry (the sent counters stay). */
void	pump_queue_clear(struct pump_queue *q);

/*
 * Sets in up to read fd in records (NUL or line), at most max bytes each,
 * calling cb(ctx, ...) for each.  Returns 0 or -1 (ENOMEM, printed).
 */
int	pump_in_init(struct pump_in *in, int fd, bool binary, bool nul,
	    size_t max, pump_record_cb cb, void *ctx);
/*
 * One read(2) of in->fd, fed to the records.  Returns 0 to go on, or -1
 * when the input has ended (end of file, a read error or refused input:
 * then in->failed is set and the error printed).
 */
int	pump_in_read(struct pump_in *in);
/* Reads what is left without blocking (a closed pipe's last data). */
void	pump_in_drain(struct pump_in *in);
/* Delivers the unterminated last record; returns 0, or -1 on failure. */
int	pump_in_finish(struct pump_in *in);
/* Releases in's storage (the descriptor is not closed). */
void	pump_in_free(struct pump_in *in);

/* Sets out up on stdout; nul selects the NUL separator. */
void	pump_out_init(struct pump_out *po, bool nul);
/*
 * Writes a received chunk of a message.  A message is held in rx until it
 * is complete, unless it grows past hold bytes, from where it is streamed;
 * on a terminal, and for a formatter (po->fmt), the whole message is held
 * (the caller bounds it by --max-message) and shown escaped, as a hex dump
 * or as fmt formats it.
 * Returns 0, or -1 with errno when stdout failed.
 */
int	pump_out_emit(struct pump_out *po, struct pump_rx *rx,
	    const unsigned char *p, size_t n, bool binary, bool final,
	    size_t hold);
/*
 * At the end of a connection that saw no Close: true when the peer is still
 * connected, so lws failed the connection on a malformed frame; a Close 1002
 * (masked when masked) has then been sent.  False: the peer dropped it.
 */
bool	pump_fail_malformed(struct lws *wsi, bool masked);

#endif
