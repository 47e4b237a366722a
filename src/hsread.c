/*
 * The upgrade response's reader limit.  lws 4.1 reads the 101 response in
 * chunks of up to 4 KiB and parses whatever follows the headers in the
 * same chunk with its own frame parser, then keeps the rest in a buffer
 * of its own.  wsc parses frames itself (wsrx.c) on connections without
 * TLS or extensions, so it must get every byte after the headers: while
 * armed, each read of the socket returns at most one line.  lws ends the
 * headers on a LF, so nothing after them has been read when it is done.
 *
 * lws calls recv(2) through the dynamic linker; a definition in the
 * program comes first.  The real call is the recvfrom system call.
 */
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "hsread.h"

static int		 armed_fd = -1;
static unsigned long	 reads;		/* limited reads of armed_fd */
static bool		 at_line_end;	/* the last one ended with a LF */

ssize_t	recv(int, void *, size_t, int);

static ssize_t
real_recv(int fd, void *buf, size_t len, int flags)
{
	return syscall(SYS_recvfrom, fd, buf, len, flags, NULL, NULL);
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	const unsigned char	*lf;
	ssize_t			 n;

	if (fd != armed_fd || fd < 0 || (flags & MSG_PEEK) || len == 0)
		return real_recv(fd, buf, len, flags);
	if ((n = real_recv(fd, buf, len, flags | MSG_PEEK)) <= 0)
		return n;
	if ((lf = memchr(buf, '\n', (size_t)n)) != NULL)
		n = lf - (const unsigned char *)buf + 1;
	if ((n = real_recv(fd, buf, (size_t)n, flags)) > 0) {
		reads++;
		at_line_end = ((const unsigned char *)buf)[n - 1] == '\n';
	}
	return n;
}

void
hsread_arm(int fd)
{
	armed_fd = fd;
	reads = 0;
	at_line_end = false;
}

bool
hsread_disarm(void)
{
	bool	 clean = armed_fd >= 0 && reads > 0 && at_line_end;

	armed_fd = -1;
	return clean;
}
