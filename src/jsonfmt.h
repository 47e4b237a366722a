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
 * Returns 0; 1 when p is not one JSON text (see jsonfmt_check; out is then
 * unchanged); -1 on ENOMEM.
 */
int	jsonfmt_pretty(struct buf *out, const unsigned char *p, size_t n,
	    unsigned flags);
/*
 * As jsonfmt_pretty, and also refuses (returns 1 with a static reason in
 * *why) JSON that jansson would not represent faithfully: a duplicate key
 * (compared after decoding escapes), a NUL in a key, an integer beyond 64
 * bits, a real beyond a double.  Memory: the output, and the decoded keys
 * of the objects open at a time.  json.c uses it for messages too large to
 * hand to jansson, whose tree takes some 25 times the text.
 */
int	jsonfmt_pretty_faithful(struct buf *out, const unsigned char *p,
	    size_t n, unsigned flags, const char **why);
/*
 * Checks that p[0..n) is one JSON text by the grammar (valid UTF-8 and
 * Unicode escapes, nesting up to JSONFMT_MAX_DEPTH, numbers of any size).
 * Returns 0; 1 when it is not, 2 when it ends too early (a prefix of
 * JSON), with the offset where it fails in *pos (may be NULL); -1 on
 * ENOMEM.
 */
int	jsonfmt_check(const unsigned char *p, size_t n, size_t *pos);
/* True when jsonfmt_check finds p[0..n) to be one JSON text. */
bool	jsonfmt_valid(const unsigned char *p, size_t n);
/*
 * Appends p[0..n) as a JSON string literal with its quotes: '"', '\\' and
 * controls escaped (\n, \t, ... or \u00XX), DEL and C1 controls as \u
 * escapes, any byte that is not valid UTF-8 as \ufffd.  Returns 0, or -1 on
 * ENOMEM.
 */
int	jsonfmt_string(struct buf *out, const unsigned char *p, size_t n);

#endif
