/*
 * Unit tests for outbuf.c: what reaches the descriptor is exactly what was
 * queued, in order, through the buffered path, the writev() path past the
 * high-water mark, and short writes on a full non-blocking pipe; a failed
 * write is sticky.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "outbuf.h"
#include "tap.h"

#define HIGH	100	/* a small high-water mark: every path is taken */

/*
 * Queues a fixed mix of messages (some far over HIGH), with and without
 * separators, into ob and the same bytes into want.  Returns 0 or -1.
 */
static int
feed(struct outbuf *ob, struct buf *want)
{
	static unsigned char	 big[300000];
	size_t			 i, n;
	int			 r = 0;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + i / 251);
	for (i = 0; i < 400 && r == 0; i++) {
		n = (i * 7919) % (i % 5 == 0 ? sizeof(big) : 150);
		if (i % 3 == 0) {
			r = outbuf_write(ob, big + i, n);
			(void)buf_append(want, big + i, n);
		} else {
			r = outbuf_write_sep(ob, big + i, n, '\n');
			(void)buf_append(want, big + i, n);
			(void)buf_putc(want, '\n');
		}
		if (r == 0 && i % 17 == 0)
			r = outbuf_flush(ob);
	}
	if (r == 0)
		r = outbuf_flush(ob);
	return r;
}

/* Reads fd to its end into got. */
static void
slurp(int fd, struct buf *got)
{
	unsigned char	 b[4096];
	ssize_t		 n;

	while ((n = read(fd, b, sizeof(b))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			(void)buf_append(got, b, (size_t)n);
}

static void
file_test(void)
{
	struct outbuf	 ob;
	struct buf	 want = { 0 }, got = { 0 };
	FILE		*f = tmpfile();
	int		 fd = fileno(f);

	outbuf_init(&ob, fd, HIGH);
	tap_is_int(feed(&ob, &want), 0, "file: every write succeeds");
	(void)lseek(fd, 0, SEEK_SET);
	slurp(fd, &got);
	tap_is_int((long long)got.len, (long long)want.len,
	    "file: every byte written");
	tap_ok(got.len == want.len && memcmp(got.data, want.data,
	    got.len) == 0, "file: the bytes in order, separators in place");
	outbuf_free(&ob);
	buf_free(&want);
	buf_free(&got);
	fclose(f);
}

/*
 * A non-blocking pipe read by a child in small pieces: writev() takes part
 * of what it is given and the rest waits for POLLOUT.
 */
static void
pipe_test(void)
{
	struct outbuf	 ob;
	struct buf	 want = { 0 }, got = { 0 };
	FILE		*f = tmpfile();
	unsigned char	 b[1000];
	ssize_t		 n;
	pid_t		 pid;
	int		 pfd[2], st;

	if (pipe(pfd) == -1 || (pid = fork()) == -1) {
		tap_ok(0, "pipe: set up");
		return;
	}
	if (pid == 0) {
		close(pfd[1]);
		while ((n = read(pfd[0], b, sizeof(b))) > 0)
			if (fwrite(b, 1, (size_t)n, f) != (size_t)n)
				_exit(1);
		_exit(fflush(f) == 0 ? 0 : 1);
	}
	close(pfd[0]);
	(void)fcntl(pfd[1], F_SETFL, fcntl(pfd[1], F_GETFL) | O_NONBLOCK);
	outbuf_init(&ob, pfd[1], HIGH);
	tap_is_int(feed(&ob, &want), 0, "pipe: every write succeeds");
	close(pfd[1]);
	(void)waitpid(pid, &st, 0);
	(void)lseek(fileno(f), 0, SEEK_SET);
	slurp(fileno(f), &got);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && got.len == want.len &&
	    memcmp(got.data, want.data, got.len) == 0,
	    "pipe: short writes resumed, the bytes in order (%zu of %zu)",
	    got.len, want.len);
	outbuf_free(&ob);
	buf_free(&want);
	buf_free(&got);
	fclose(f);
}

static void
error_test(void)
{
	struct outbuf	 ob;
	unsigned char	 big[HIGH * 3];
	int		 pfd[2], r, e;

	memset(big, 'x', sizeof(big));
	if (pipe(pfd) == -1) {
		tap_ok(0, "error: set up");
		return;
	}
	close(pfd[0]);
	outbuf_init(&ob, pfd[1], HIGH);
	r = outbuf_write_sep(&ob, big, sizeof(big), '\n');
	e = errno;
	tap_ok(r == -1 && e == EPIPE, "error: a write to a closed pipe fails "
	    "with EPIPE");
	errno = 0;
	r = outbuf_write(&ob, "a", 1);
	e = errno;
	tap_ok(r == -1 && e == EPIPE && ob.pending.len == 0,
	    "error: later writes fail at once, nothing queued");
	tap_ok(outbuf_flush(&ob) == -1, "error: flush fails too");
	outbuf_free(&ob);
	close(pfd[1]);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	file_test();
	pipe_test();
	error_test();
	return tap_done();
}
