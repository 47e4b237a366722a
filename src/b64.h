/* Base64 (RFC 4648, with padding); pure. */
#ifndef WSC_B64_H
#define WSC_B64_H

#include <stddef.h>

#include "buf.h"

/* Appends the base64 encoding of p[0..n) to out; returns 0, or -1 on ENOMEM. */
int	b64_encode(struct buf *out, const unsigned char *p, size_t n);

#endif
