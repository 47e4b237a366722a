/*
 * The upgrade response's reader limit.  lws 4.1 reads the 101 response in
 * chunks of up to 4 KiB and parses whatever follows the headers in the
 * same chunk with its own frame parser, then keeps the rest in a buffer
 * of its own.  wsc parses frames itself (wsrx.c) on connections without
 * an extension, so it must get every byte after the headers: while
 * armed, each read of the socket returns at most one line.  lws ends the
 * headers on a LF, so nothing after them has been read when it is done.
 *
 * lws calls recv(2), and SSL_read() over TLS, through the dynamic
 * linker; a definition in the program comes first.  The real calls are the
 * recvfrom system call and OpenSSL's own SSL_read() (found with dlsym);
 * over TLS the line's end is found with SSL_peek().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "hsread.h"

static int		 armed_fd = -1;
static unsigned long	 reads;		/* limited reads of armed_fd */
static bool		 at_line_end;	/* the last one ended with a LF */

typedef int	(*ssl_read_fn)(SSL *, void *, int);

static void	 limited(const void *, size_t);
static size_t	 line_len(const void *, size_t);

static ssize_t
real_recv(int fd, void *buf, size_t len, int flags)
{
	return syscall(SYS_recvfrom, fd, buf, len, flags, NULL, NULL);
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	ssize_t	 n;

	if (fd != armed_fd || fd < 0 || (flags & MSG_PEEK) || len == 0)
		return real_recv(fd, buf, len, flags);
	if ((n = real_recv(fd, buf, len, flags | MSG_PEEK)) <= 0)
		return n;
	if ((n = real_recv(fd, buf, line_len(buf, (size_t)n), flags)) > 0)
		limited(buf, (size_t)n);
	return n;
}

/* Counts a limited read of n > 0 bytes at buf. */
static void
limited(const void *buf, size_t n)
{
	reads++;
	at_line_end = ((const unsigned char *)buf)[n - 1] == '\n';
}

/* The length of buf[0..n) up to its first LF, or n. */
static size_t
line_len(const void *buf, size_t n)
{
	const unsigned char	*lf = memchr(buf, '\n', n);

	return lf != NULL ? (size_t)(lf - (const unsigned char *)buf) + 1 : n;
}

static int
real_ssl_read(SSL *ssl, void *buf, int num)
{
	static ssl_read_fn	 fn;
	void			*sym;
	size_t			 got;

	if (fn == NULL && (sym = dlsym(RTLD_NEXT, "SSL_read")) != NULL)
		memcpy(&fn, &sym, sizeof(fn));
	if (fn != NULL)
		return fn(ssl, buf, num);
	/* Not found (cannot happen with libssl linked): the _ex form. */
	return SSL_read_ex(ssl, buf, (size_t)num, &got) == 1 ? (int)got : -1;
}

int
SSL_read(SSL *ssl, void *buf, int num)
{
	size_t	 got;
	int	 n;

	if (armed_fd < 0 || num <= 0 || SSL_get_fd(ssl) != armed_fd)
		return real_ssl_read(ssl, buf, num);
	if ((n = SSL_peek(ssl, buf, num)) <= 0)
		return n;
	if (SSL_read_ex(ssl, buf, line_len(buf, (size_t)n), &got) != 1)
		return -1;
	limited(buf, got);
	return (int)got;
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
