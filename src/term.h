/*
 * Making server bytes safe for a terminal, and binary as a hex dump.  Pure:
 * libc only.  Nothing a server sends may reach a terminal as a control
 * sequence.
 */
#ifndef WSC_TERM_H
#define WSC_TERM_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends p[0..n) to out with every C0 control except TAB and LF, DEL, every
 * C1 control (U+0080..U+009F, as UTF-8) and every byte that is not part of
 * valid UTF-8 written as "\xNN"; a backslash is written as "\\" so the
 * escaping is unambiguous.  Valid printable UTF-8 passes unchanged.
 * Returns 0, or -1 on ENOMEM.
 */
int	term_escape(struct buf *out, const unsigned char *p, size_t n);
/*
 * Like term_escape, but TAB and LF are escaped too ("\x09", "\x0a"): for
 * user or server text quoted inside a one-line message.
 */
int	term_escape_line(struct buf *out, const unsigned char *p, size_t n);
/*
 * Appends a hex dump of p[0..n): lines of "OOOOOOOO  hh hh ... hh  |ascii|"
 * with 16 bytes per line (8-digit hex offset, two spaces, 16 hex pairs with
 * an extra space after the eighth, two spaces, printable ASCII or '.'
 * between bars), each line ending in LF; an empty input gives no line.
 * Returns 0, or -1 on ENOMEM.
 */
int	term_hexdump(struct buf *out, const unsigned char *p, size_t n);

#endif
