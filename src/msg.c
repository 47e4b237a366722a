/* Diagnostics on stderr, one write per line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

static int	 verbosity;
static bool	 quiet;
static void	(*msg_sink)(const char *, size_t, bool);
static char	 last_error[512];

static void	 emit(bool, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

void
msg_init(int verbose, bool q)
{
	verbosity = verbose;
	quiet = q;
}

void
msg_set_sink(void (*sink)(const char *, size_t, bool))
{
	msg_sink = sink;
}

int
msg_verbosity(void)
{
	return verbosity;
}

/* Formats "wsc: ...\n" into one buffer and writes it at once. */
static void
emit(bool err, const char *fmt, va_list ap)
{
	char	 line[2048];
	int	 n, saved = errno;
	size_t	 len, off;
	ssize_t	 w;

	memcpy(line, "wsc: ", 5);
	n = vsnprintf(line + 5, sizeof(line) - 6, fmt, ap);
	if (n < 0)
		n = 0;
	len = 5 + ((size_t)n < sizeof(line) - 6 ? (size_t)n : sizeof(line) - 7);
	if (msg_sink != NULL) {
		msg_sink(line, len, err);
		errno = saved;
		return;
	}
	line[len++] = '\n';
	for (off = 0; off < len;) {
		w = write(STDERR_FILENO, line + off, len - off);
		if (w > 0)
			off += (size_t)w;
		else if (w < 0 && errno == EINTR)
			continue;
		else
			break;
	}
	errno = saved;
}

void
msg_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	(void)vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	emit(true, fmt, ap);
	va_end(ap);
}

const char *
msg_last_error(void)
{
	return last_error;
}

void
msg_warn(const char *fmt, ...)
{
	va_list	 ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	emit(false, fmt, ap);
	va_end(ap);
}

void
msg_verbose(int level, const char *fmt, ...)
{
	va_list	 ap;

	if (verbosity < level)
		return;
	va_start(ap, fmt);
	emit(false, fmt, ap);
	va_end(ap);
}
