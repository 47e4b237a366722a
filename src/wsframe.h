/*
 * RFC 6455 data frames built by wsc itself, so that many small messages go
 * out in one write (libwebsockets frames and writes one message per call,
 * reading /dev/urandom for each mask); pure.
 */
#ifndef WSC_WSFRAME_H
#define WSC_WSFRAME_H

#include <stddef.h>
#include <stdint.h>

#define WSFRAME_HEADER_MAX	14	/* 2 + 8 length + 4 mask */

#define WSFRAME_CONT	0x0
#define WSFRAME_TEXT	0x1
#define WSFRAME_BINARY	0x2
#define WSFRAME_FIN	0x80

/*
 * Writes the header of a frame with first byte b0 (FIN bit and opcode) and
 * a payload of len bytes into h (WSFRAME_HEADER_MAX bytes of room), with
 * the masking key key when it is not NULL.  Returns the header's length.
 */
size_t	wsframe_header(unsigned char *h, unsigned b0, uint64_t len,
	    const unsigned char *key);
/*
 * Copies n payload bytes from src to dst masked with the 4-byte key (the
 * first byte with key[0]); dst and src may be the same but must not
 * otherwise overlap.
 */
void	wsframe_mask(unsigned char *dst, const unsigned char *src, size_t n,
	    const unsigned char *key);

#endif
