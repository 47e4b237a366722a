/* A growable byte buffer; pure. */
#ifndef WSC_BUF_H
#define WSC_BUF_H

#include <stddef.h>

struct buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
};

/* Makes room for at least n more bytes; returns 0, or -1 (errno ENOMEM). */
int	buf_reserve(struct buf *, size_t n);
/* Appends n bytes; returns 0, or -1 (errno ENOMEM). */
int	buf_append(struct buf *, const void *p, size_t n);
/* Appends one byte; returns 0, or -1. */
int	buf_putc(struct buf *, int c);
/* Appends printf-formatted text (no NUL kept in len); returns 0 or -1. */
int	buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Drops the first n bytes. */
void	buf_consume(struct buf *, size_t n);
/* Releases the storage and zeroes the buffer. */
void	buf_free(struct buf *);

#endif
