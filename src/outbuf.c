/* The stdout writer: batched, blocking, short-write safe. */
#include <sys/uio.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "outbuf.h"

static int	 write_all(struct outbuf *, struct iovec *, size_t);
static int	 write_through(struct outbuf *, const void *, size_t,
		    const void *, size_t);

void
outbuf_init(struct outbuf *ob, int fd, size_t highwater)
{
	ob->fd = fd;
	ob->highwater = highwater;
	ob->pending = (struct buf){ 0 };
	ob->error = 0;
}

/*
 * Writes all of iov[0..cnt) with writev(), waiting for POLLOUT if the
 * descriptor is non-blocking.  iov is consumed.
 */
static int
write_all(struct outbuf *ob, struct iovec *iov, size_t cnt)
{
	struct pollfd	 pfd;
	ssize_t		 w;
	size_t		 k;

	for (;;) {
		while (cnt > 0 && iov->iov_len == 0) {
			iov++;
			cnt--;
		}
		if (cnt == 0)
			return 0;
		w = writev(ob->fd, iov, (int)(cnt < IOV_MAX ? cnt : IOV_MAX));
		if (w > 0) {
			for (k = (size_t)w; cnt > 0 && k >= iov->iov_len;
			    iov++, cnt--)
				k -= iov->iov_len;
			if (cnt > 0) {
				iov->iov_base = (char *)iov->iov_base + k;
				iov->iov_len -= k;
			}
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
}

/* Writes what is pending, then p[0..n) and q[0..m), in one writev(). */
static int
write_through(struct outbuf *ob, const void *p, size_t n, const void *q,
    size_t m)
{
	struct iovec	 iov[3];
	size_t		 len = ob->pending.len;

	iov[0].iov_base = ob->pending.data;
	iov[0].iov_len = len;
	iov[1].iov_base = (void *)(uintptr_t)p;
	iov[1].iov_len = n;
	iov[2].iov_base = (void *)(uintptr_t)q;
	iov[2].iov_len = m;
	ob->pending.len = 0;
	return write_all(ob, iov, 3);
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
	if (n > ob->highwater)
		return write_through(ob, p, n, NULL, 0);
	if (outbuf_flush(ob) == -1)
		return -1;
	return buf_append(&ob->pending, p, n);
}

int
outbuf_write_sep(struct outbuf *ob, const void *p, size_t n, unsigned char sep)
{
	unsigned char	*d;

	if (ob->error) {
		errno = ob->error;
		return -1;
	}
	if (ob->pending.len + n + 1 > ob->highwater) {
		if (n + 1 > ob->highwater)
			return write_through(ob, p, n, &sep, 1);
		if (outbuf_flush(ob) == -1)
			return -1;
	}
	if (buf_reserve(&ob->pending, n + 1) == -1)
		return -1;
	d = ob->pending.data + ob->pending.len;
	if (n > 0)
		memcpy(d, p, n);
	d[n] = sep;
	ob->pending.len += n + 1;
	return 0;
}

int
outbuf_flush(struct outbuf *ob)
{
	if (ob->error) {
		errno = ob->error;
		return -1;
	}
	if (ob->pending.len == 0)
		return 0;
	return write_through(ob, NULL, 0, NULL, 0);
}

void
outbuf_free(struct outbuf *ob)
{
	buf_free(&ob->pending);
}
