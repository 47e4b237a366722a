/*
 * --send-file: files read in pieces, each file one message whose pieces
 * are fragments (first, middle, final), so a file's size is not bounded
 * by memory.  Text must be UTF-8, checked as it streams.  Pure: libc only.
 */
#ifndef WSC_FILESRC_H
#define WSC_FILESRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct filesrc {
	char *const	*paths;		/* "-" is stdin */
	size_t		 npaths;
	size_t		 next;		/* the file being read, or npaths */
	int		 fd;		/* -1: not open yet */
	int		 stdin_fd;
	bool		 binary;	/* else text: UTF-8 checked */
	bool		 started;	/* the current file's first piece went */
	uint32_t	 utf8;
	uint64_t	 off;		/* bytes read of the current file */
};

/* One piece of a file's message. */
struct filesrc_piece {
	size_t		 len;
	bool		 first;		/* starts the message */
	bool		 final;		/* ends it (len may be 0) */
};

/* Sets fs up to send paths[0..n) in order, reading "-" from stdin_fd. */
void	filesrc_init(struct filesrc *fs, char *const *paths, size_t n,
	    bool binary, int stdin_fd);
/* True when every file has been read. */
bool	filesrc_done(const struct filesrc *fs);
/* True when the file to read now is stdin (read it when it is readable). */
bool	filesrc_on_stdin(const struct filesrc *fs);
/*
 * Reads the next piece (at most cap bytes) into buf with one read(2),
 * opening the next file first if needed.  Returns 1 with *pc set; 0 when
 * nothing is ready (EAGAIN or EINTR); -1 on failure with a one-line reason
 * in err naming the file (cannot open, read error, not UTF-8 in text
 * mode): the rest is not to be sent.
 */
int	filesrc_next(struct filesrc *fs, unsigned char *buf, size_t cap,
	    struct filesrc_piece *pc, char *err, size_t errlen);
/* Closes what is open (stdin is left alone). */
void	filesrc_free(struct filesrc *fs);

#endif
