/* The stdout writer: batched, blocking, short-write safe. */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "outbuf.h"

static int	 write_all(struct outbuf *, const unsigned char *, size_t);

void
outbuf_init(struct outbuf *ob, int fd, size_t highwater)
{
	ob->fd = fd;
	ob->highwater = highwater;
	ob->pending = (struct buf){ 0 };
	ob->error = 0;
}

/* Writes all n bytes, waiting for POLLOUT if the descriptor is non-blocking. */
static int
write_all(struct outbuf *ob, const unsigned char *p, size_t n)
{
	struct pollfd	 pfd;
	ssize_t		 w;

	while (n > 0) {
		w = write(ob->fd, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			pfd.fd = ob->fd;
			pfd.events = POLLOUT;
			(void)poll(&pfd, 1, -1);
			continue;
		}
		ob->error = w < 0 ? errno : EIO;
		errno = ob->error;
		return -1;
	}
	return 0;
}

int
outbuf_write(struct outbuf *ob, const void *p, size_t n)
{
	if (ob->error) {
		errno = ob->error;
		return -1;
	}
	if (ob->pending.len + n <= ob->highwater)
		return buf_append(&ob->pending, p, n);
	if (outbuf_flush(ob) == -1)
		return -1;
	if (n > ob->highwater)
		return write_all(ob, p, n);
	return buf_append(&ob->pending, p, n);
}

int
outbuf_flush(struct outbuf *ob)
{
	size_t	 n = ob->pending.len;

	if (ob->error) {
		errno = ob->error;
		return -1;
	}
	if (n == 0)
		return 0;
	ob->pending.len = 0;
	return write_all(ob, ob->pending.data, n);
}

void
outbuf_free(struct outbuf *ob)
{
	buf_free(&ob->pending);
}
