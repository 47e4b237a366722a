/* Unit tests for headers.c: header lines and header files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headers.h"
#include "tap.h"

struct hcase {
	const char	*line;
	size_t		 len;		/* 0: strlen */
	const char	*err;		/* NULL: accepted */
};

static const struct hcase lines[] = {
	{ "X-Token: abc", 0, NULL },
	{ "Authorization: Bearer x.y.z", 0, NULL },
	{ "X-Empty:", 0, NULL },
	{ "X-Tab: a\tb", 0, NULL },
	{ "X-UTF8: caf\xc3\xa9", 0, NULL },
	{ "X-A: a\rb", 0, "contains CR or LF" },
	{ "X-A: a\nb", 0, "contains CR or LF" },
	{ "X-A: a\0b", 9, "contains NUL" },
	{ "X-A: a\x1b[31m", 0, "control character in value" },
	{ "X-A: a\x7f", 0, NULL },
	{ "NoColon", 0, "expected 'Name: value'" },
	{ ": v", 0, "empty name" },
	{ "Bad Name: v", 0, "invalid character in name" },
	{ "B\xc3\xa4" "d: v", 0, "invalid character in name" },
	{ "Host: h", 0, "set by wsc itself" },
	{ "origin: x", 0, "set by wsc itself" },
	{ "Sec-WebSocket-Key: k", 0, "set by wsc itself" },
	{ "Sec-WebSocket-Extensions: x", 0, "set by wsc itself" },
	{ "Upgrade: h2c", 0, "set by wsc itself" },
	{ "Connection: close", 0, "set by wsc itself" },
	{ "Content-Length: 1", 0, "set by wsc itself" },
	{ "Hostname: fine", 0, NULL },
};

struct fcase {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	int		 want;		/* 0 or -1 */
	int		 nlines;
	const char	*last;		/* the last line kept */
	const char	*err;
};

static const struct fcase files[] = {
	{ "A: 1\nB: 2\n", 0, 0, 2, "B: 2", NULL },
	{ "A: 1\r\nB: 2\r\n", 0, 0, 2, "B: 2", NULL },
	{ "A: 1\nB: 2", 0, 0, 2, "B: 2", NULL },
	{ "# secrets\n\nA: 1\n\r\n# end\n", 0, 0, 1, "A: 1", NULL },
	{ "", 0, 0, 0, NULL, NULL },
	{ "A: 1\nB: x\ry\n", 0, -1, 1, "A: 1", "line 2: header 'B': contains "
	    "CR or LF" },
	{ "A: 1\nB: x\0y\n", 11, -1, 1, "A: 1", "line 2: header 'B': "
	    "contains NUL" },
	{ "A: 1\n folded\n", 0, -1, 1, "A: 1", "line 2: starts with white "
	    "space" },
	{ "A: 1\n\nHost: h\n", 0, -1, 1, "A: 1", "line 3: header 'Host': set "
	    "by wsc itself" },
	{ "no colon here\n", 0, -1, 0, NULL, "line 1:" },
};

static int	 nkept;
static char	 last[256];

static int
keep(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	nkept++;
	snprintf(last, sizeof(last), "%.*s", (int)len, line);
	return 0;
}

static int
refuse(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	(void)line;
	(void)len;
	return 1;
}

static void
line_tests(void)
{
	char	 err[256];
	size_t	 i, n;
	int	 rv;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		n = lines[i].len ? lines[i].len : strlen(lines[i].line);
		err[0] = '\0';
		rv = headers_check(lines[i].line, n, err, sizeof(err));
		if (lines[i].err == NULL)
			tap_ok(rv == 0, "header %zu accepted (%s)", i, err);
		else
			tap_ok(rv == -1 && strstr(err, lines[i].err) != NULL &&
			    strpbrk(err, "\r\n") == NULL,
			    "header %zu refused: %s", i, err);
	}
}

static void
file_text_tests(void)
{
	char	 err[256];
	size_t	 i, n;
	int	 rv;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		n = files[i].len ? files[i].len : strlen(files[i].text);
		nkept = 0;
		last[0] = '\0';
		err[0] = '\0';
		rv = headers_parse_text(files[i].text, n, keep, NULL, err,
		    sizeof(err));
		tap_is_int(rv, files[i].want, "file %zu: result (%s)", i, err);
		tap_is_int(nkept, files[i].nlines, "file %zu: lines kept", i);
		if (files[i].last != NULL)
			tap_is_str(last, files[i].last, "file %zu: last line",
			    i);
		if (files[i].err != NULL)
			tap_ok(strstr(err, files[i].err) != NULL,
			    "file %zu: error names the line: %s", i, err);
	}
	tap_is_int(headers_parse_text("A: 1\n", 5, refuse, NULL, err,
	    sizeof(err)), -1, "a callback failure stops the parse");
}

static void
load_tests(void)
{
	char	 path[] = "/tmp/wsc-test-headers-XXXXXX";
	char	 err[512], *big;
	FILE	*f;
	int	 fd;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		tap_ok(0, "temporary file");
		return;
	}
	fputs("X-Token: s3cret\r\n# c\nX-B: 2\n", f);
	fclose(f);
	nkept = 0;
	tap_is_int(headers_load_file(path, keep, NULL, err, sizeof(err)), 0,
	    "a header file loads");
	tap_is_int(nkept, 2, "its two lines are kept");
	tap_is_str(last, "X-B: 2", "in order");

	if ((big = malloc(HEADERS_FILE_MAX + 2)) != NULL &&
	    (f = fopen(path, "w")) != NULL) {
		memset(big, 'x', HEADERS_FILE_MAX + 1);
		fwrite(big, 1, HEADERS_FILE_MAX + 1, f);
		fclose(f);
		tap_ok(headers_load_file(path, keep, NULL, err,
		    sizeof(err)) == -1 && strstr(err, "larger than") != NULL,
		    "a file over the limit is refused: %s", err);
	}
	free(big);
	unlink(path);
	tap_ok(headers_load_file(path, keep, NULL, err, sizeof(err)) == -1 &&
	    strstr(err, "No such file") != NULL && strstr(err, path) != NULL,
	    "a missing file is refused by name: %s", err);
	tap_ok(headers_load_file("/", keep, NULL, err, sizeof(err)) == -1,
	    "a directory is refused: %s", err);
}

static void
name_tests(void)
{
	tap_ok(headers_has_name("User-Agent: x", 13, "user-agent"),
	    "has_name ignores case");
	tap_ok(!headers_has_name("User-Agents: x", 14, "user-agent"),
	    "has_name needs the colon right after");
	tap_ok(!headers_has_name("User", 4, "user-agent"),
	    "has_name on a short line");
}

int
main(void)
{
	line_tests();
	file_text_tests();
	load_tests();
	name_tests();
	return tap_done();
}
