/*
 * The stdout writer: received bytes are gathered and written once per
 * service pass (or when over the high-water mark), with blocking writes
 * that survive short writes, EINTR and a non-blocking descriptor.
 */
#ifndef WSC_OUTBUF_H
#define WSC_OUTBUF_H

#include <stddef.h>

#include "buf.h"

struct outbuf {
	int		 fd;
	size_t		 highwater;	/* flush when more is pending */
	struct buf	 pending;
	int		 error;		/* first write errno; sticky */
};

/* Sets ob up to write to fd, flushing when more than highwater is pending. */
void	outbuf_init(struct outbuf *ob, int fd, size_t highwater);
/*
 * Queues n bytes, writing through when over the high-water mark.  Returns
 * 0, or -1 with errno (and ob->error) set once a write failed; later calls
 * then fail at once.
 */
int	outbuf_write(struct outbuf *ob, const void *p, size_t n);
/*
 * Queues n bytes and the byte sep (a message and its separator); past the
 * high-water mark, what is pending and both go out in one writev().
 * Returns as outbuf_write.
 */
int	outbuf_write_sep(struct outbuf *ob, const void *p, size_t n,
	    unsigned char sep);
/* Writes everything pending; returns 0 or -1 as outbuf_write. */
int	outbuf_flush(struct outbuf *ob);
/* Releases the storage (without flushing). */
void	outbuf_free(struct outbuf *ob);

#endif
