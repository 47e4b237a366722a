/*
 * Validation of a received Close frame's payload (RFC 6455 5.5.1, 7.4):
 * empty, or a 2-byte code that may appear on the wire followed by a UTF-8
 * reason; and the two ways wsc handles one.  Pure: libc, buf and term.
 */
#ifndef WSC_WSCLOSE_H
#define WSC_WSCLOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* True for a close code an endpoint may send (1000-1003, 1007-1014, 3000-4999). */
bool	wsclose_code_ok(unsigned code);
/*
 * Checks the n-byte payload p of a received Close.  Returns 0 when it is
 * valid, else the code to fail the connection with (1002 for a 1-byte
 * payload or a code not allowed on the wire, 1007 for a reason that is not
 * UTF-8), with a short reason in *why.
 */
int	wsclose_check(const unsigned char *p, size_t n, const char **why);
/*
 * Writes a Close payload, code then reason (cut to 123 bytes), into f
 * (WSCLOSE_PAYLOAD_MAX bytes of room); returns its length.
 */
#define WSCLOSE_PAYLOAD_MAX	125
size_t	wsclose_payload(unsigned char *f, unsigned code, const char *reason);
/*
 * Reads a valid received Close payload: returns its code (1005 when it has
 * none) and sets reason to its reason escaped for the terminal, with a NUL
 * that len counts (out of memory: whatever fitted).
 */
int	wsclose_read(const unsigned char *p, size_t n, struct buf *reason);

#endif
