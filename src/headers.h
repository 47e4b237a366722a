/*
 * Request header lines given by the user (-H 'Name: value', -H @FILE):
 * validation, and splitting a header file into lines.  Pure: libc only.
 */
#ifndef WSC_HEADERS_H
#define WSC_HEADERS_H

#include <stddef.h>

#define HEADERS_FILE_MAX	(64 * 1024)	/* largest -H @FILE */

/* Called with each header line of a file (not NUL-terminated). */
typedef int (*headers_line_cb)(void *ctx, const char *line, size_t len);

/*
 * Validates the header line p[0..n): a token name, a colon, a value
 * without CR, LF, NUL or other controls (TAB allowed), and not a header
 * wsc or libwebsockets sets itself.  Returns 0, or -1 with a one-line
 * reason in err.
 */
int	headers_check(const char *p, size_t n, char *err, size_t errlen);
/*
 * Splits the text of a header file into lines (LF or CRLF; blank lines and
 * lines starting with '#' are skipped), checks each with headers_check()
 * and passes it to cb.  Returns 0, or -1 with the reason, naming the line
 * number, in err (a non-zero cb return gives "out of memory").
 */
int	headers_parse_text(const char *text, size_t len, headers_line_cb cb,
	    void *ctx, char *err, size_t errlen);
/*
 * Reads the header file path (at most HEADERS_FILE_MAX bytes) and feeds it
 * to headers_parse_text().  Returns 0 or -1 with the reason in err.
 */
int	headers_load_file(const char *path, headers_line_cb cb, void *ctx,
	    char *err, size_t errlen);
/*
 * True when the header line p[0..n) has the name (case-insensitive).
 */
int	headers_has_name(const char *p, size_t n, const char *name);

#endif
