/* --send-file: files into fragments of one message each. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "filesrc.h"
#include "utf8.h"

static const char *name(const struct filesrc *);

void
filesrc_init(struct filesrc *fs, char *const *paths, size_t n, bool binary,
    int stdin_fd)
{
	memset(fs, 0, sizeof(*fs));
	fs->paths = paths;
	fs->npaths = n;
	fs->fd = -1;
	fs->stdin_fd = stdin_fd;
	fs->binary = binary;
	fs->utf8 = UTF8_ACCEPT;
}

bool
filesrc_done(const struct filesrc *fs)
{
	return fs->next >= fs->npaths;
}

bool
filesrc_on_stdin(const struct filesrc *fs)
{
	return !filesrc_done(fs) && strcmp(fs->paths[fs->next], "-") == 0;
}

/* The current file's name as said in errors ("stdin" for "-"). */
static const char *
name(const struct filesrc *fs)
{
	return filesrc_on_stdin(fs) ? "- (stdin)" : fs->paths[fs->next];
}

int
filesrc_next(struct filesrc *fs, unsigned char *buf, size_t cap,
    struct filesrc_piece *pc, char *err, size_t errlen)
{
	ssize_t	 n;

	if (filesrc_done(fs)) {
		snprintf(err, errlen, "--send-file: no file left");
		return -1;
	}
	if (fs->fd == -1) {
		if (filesrc_on_stdin(fs))
			fs->fd = fs->stdin_fd;
		else if ((fs->fd = open(fs->paths[fs->next],
		    O_RDONLY | O_CLOEXEC)) == -1) {
			snprintf(err, errlen, "--send-file %s: %s", name(fs),
			    strerror(errno));
			return -1;
		}
		fs->started = false;
		fs->utf8 = UTF8_ACCEPT;
		fs->off = 0;
	}
	n = read(fs->fd, buf, cap);
	if (n < 0 && (errno == EINTR || errno == EAGAIN ||
	    errno == EWOULDBLOCK))
		return 0;
	if (n < 0) {
		snprintf(err, errlen, "--send-file %s: %s", name(fs),
		    strerror(errno));
		return -1;
	}
	if (!fs->binary && n > 0 &&
	    utf8_feed(&fs->utf8, buf, (size_t)n) == UTF8_REJECT) {
		snprintf(err, errlen, "--send-file %s: not valid UTF-8 near "
		    "byte %llu (use -b to send it as binary)", name(fs),
		    (unsigned long long)fs->off + 1);
		return -1;
	}
	if (n == 0 && !fs->binary && fs->utf8 != UTF8_ACCEPT) {
		snprintf(err, errlen, "--send-file %s: ends inside a UTF-8 "
		    "sequence (use -b to send it as binary)", name(fs));
		return -1;
	}
	pc->len = (size_t)n;
	pc->first = !fs->started;
	pc->final = n == 0;
	fs->started = true;
	fs->off += (uint64_t)n;
	if (n == 0) {
		if (fs->fd != fs->stdin_fd)
			close(fs->fd);
		fs->fd = -1;
		fs->next++;
	}
	return 1;
}

void
filesrc_free(struct filesrc *fs)
{
	if (fs->fd != -1 && fs->fd != fs->stdin_fd)
		close(fs->fd);
	fs->fd = -1;
}
