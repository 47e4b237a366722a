/*
 * JSON text without a JSON library: a re-indenting pretty-printer that keeps
 * every token as it came on the wire, a grammar check, and a string
 * encoder.  Pure: libc only.  What jansson can represent is decided in
 * json.c; this module never changes a value.
 */
#ifndef WSC_JSONFMT_H
#define WSC_JSONFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define JSONFMT_COLOR	0x01	/* SGR colours for keys, strings, numbers, literals */
#define JSONFMT_MAX_DEPTH 2048	/* deeper nesting is not formatted (as jansson) */

/*
 * Appends p[0..n), one JSON text (RFC 8259, any value at the top), indented
 * by 2 spaces per level with ": " after keys, empty containers as "{}" and
 * "[]", and no newline at the end.  Numbers and strings are copied as
 * written, except that DEL and C1 controls, which JSON allows raw in a
 * string, become \u escapes: equal in value and safe for a terminal.
 * Returns 0; 1 when p is not one JSON text (out is then unchanged); -1 on
 * ENOMEM.
 */
int	jsonfmt_pretty(struct buf *out, const unsigned char *p, size_t n,
	    unsigned flags);
/*
 * True when p[0..n) is one JSON text by the grammar alone (valid UTF-8,
 * nesting up to JSONFMT_MAX_DEPTH, numbers of any size).
 */
bool	jsonfmt_valid(const unsigned char *p, size_t n);
/*
 * Appends p[0..n) as a JSON string literal with its quotes: '"', '\\' and
 * controls escaped (\n, \t, ... or \u00XX), DEL and C1 controls as \u
 * escapes, any byte that is not valid UTF-8 as \ufffd.  Returns 0, or -1 on
 * ENOMEM.
 */
int	jsonfmt_string(struct buf *out, const unsigned char *p, size_t n);

#endif
