/* Unit tests for filesrc.c: files into the pieces of one message each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "filesrc.h"
#include "tap.h"

static char	 dir[] = "/tmp/wsc-filesrc-XXXXXX";
static char	*made[8];
static size_t	 nmade;

static char	*mkfile(const char *, const void *, size_t);
static int	 drain(struct filesrc *, size_t, struct buf *, int *, char *,
		    size_t);

/* Writes a temporary file; returns its path (freed at the end). */
static char *
mkfile(const char *name, const void *p, size_t n)
{
	char	*path;
	FILE	*f;

	if (asprintf(&path, "%s/%s", dir, name) == -1 ||
	    (f = fopen(path, "wb")) == NULL)
		abort();
	if (n > 0 && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
	made[nmade++] = path;
	return path;
}

/*
 * Reads one whole file's message in pieces of at most cap bytes into out;
 * *npieces counts them.  Returns 1 when its final piece came, -1 on error.
 */
static int
drain(struct filesrc *fs, size_t cap, struct buf *out, int *npieces,
    char *err, size_t errlen)
{
	struct filesrc_piece	 pc;
	unsigned char		 b[64];
	int			 r, first_ok = 1;

	*npieces = 0;
	out->len = 0;
	for (;;) {
		r = filesrc_next(fs, b, cap, &pc, err, errlen);
		if (r != 1)
			return -1;
		if (pc.first != (*npieces == 0))
			first_ok = 0;
		(*npieces)++;
		buf_append(out, b, pc.len);
		if (pc.final)
			return first_ok ? 1 : -1;
	}
}

int
main(void)
{
	struct filesrc	 fs;
	struct buf	 out = { 0 };
	char		 err[512];
	char		*paths[6];
	int		 n, p[2];

	if (mkdtemp(dir) == NULL)
		abort();
	paths[0] = mkfile("a.txt", "hello, world", 12);
	paths[1] = mkfile("empty", "", 0);
	paths[2] = "-";
	paths[3] = mkfile("utf8.txt", "caf\xc3\xa9 \xe2\x82\xac", 10);

	if (pipe(p) == -1 || write(p[1], "from stdin", 10) != 10)
		abort();
	close(p[1]);
	filesrc_init(&fs, paths, 4, false, p[0]);
	tap_ok(!filesrc_done(&fs) && !filesrc_on_stdin(&fs), "starts on a.txt");
	tap_is_int(drain(&fs, 5, &out, &n, err, sizeof(err)), 1, "a.txt read");
	tap_is_mem(out.data, out.len, "hello, world", 12, "a.txt whole");
	tap_is_int(n, 4, "a.txt in 3 pieces of 5 and an empty final");
	tap_is_int(drain(&fs, 5, &out, &n, err, sizeof(err)), 1, "empty read");
	tap_is_int((long long)out.len + n, 1, "empty: one empty final piece");
	tap_ok(filesrc_on_stdin(&fs), "then stdin");
	tap_is_int(drain(&fs, 64, &out, &n, err, sizeof(err)), 1, "stdin read");
	tap_is_mem(out.data, out.len, "from stdin", 10, "stdin whole");
	/* A UTF-8 sequence cut between pieces is fine. */
	tap_is_int(drain(&fs, 4, &out, &n, err, sizeof(err)), 1,
	    "utf8.txt read in pieces that cut sequences");
	tap_is_mem(out.data, out.len, "caf\xc3\xa9 \xe2\x82\xac", 10,
	    "utf8.txt whole");
	tap_ok(filesrc_done(&fs), "done after the last file");
	filesrc_free(&fs);
	close(p[0]);

	/* Text that is not UTF-8: refused, naming the file. */
	paths[0] = mkfile("bad.txt", "abcdefgh\xff", 9);
	filesrc_init(&fs, paths, 1, false, -1);
	tap_is_int(drain(&fs, 4, &out, &n, err, sizeof(err)), -1,
	    "bad.txt refused");
	tap_ok(strstr(err, "bad.txt: not valid UTF-8 near byte 9") != NULL,
	    "error names the file and the place (%s)", err);
	filesrc_free(&fs);
	/* ... unless binary. */
	filesrc_init(&fs, paths, 1, true, -1);
	tap_is_int(drain(&fs, 4, &out, &n, err, sizeof(err)), 1,
	    "bad.txt as binary");
	tap_is_int((long long)out.len, 9, "bad.txt: 9 bytes");
	filesrc_free(&fs);
	/* Text cut inside a sequence at the end of the file. */
	paths[0] = mkfile("cut.txt", "ab\xe2\x82", 4);
	filesrc_init(&fs, paths, 1, false, -1);
	tap_is_int(drain(&fs, 64, &out, &n, err, sizeof(err)), -1,
	    "cut.txt refused");
	tap_ok(strstr(err, "ends inside a UTF-8 sequence") != NULL,
	    "says it ends inside a sequence (%s)", err);
	filesrc_free(&fs);
	/* A file that is not there. */
	paths[0] = "/nonexistent/wsc-file";
	filesrc_init(&fs, paths, 1, false, -1);
	tap_is_int(drain(&fs, 64, &out, &n, err, sizeof(err)), -1,
	    "missing file refused");
	tap_ok(strstr(err, "--send-file /nonexistent/wsc-file: No such file")
	    != NULL, "error names it (%s)", err);
	filesrc_free(&fs);

	buf_free(&out);
	while (nmade > 0) {
		unlink(made[--nmade]);
		free(made[nmade]);
	}
	rmdir(dir);
	return tap_done();
}
