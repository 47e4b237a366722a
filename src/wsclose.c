/* Received Close payload validation; see wsclose.h.  Pure: libc only. */
#include <string.h>

#include "term.h"
#include "wsclose.h"
#include "utf8.h"

bool
wsclose_code_ok(unsigned code)
{
	/* 1004-1006 and 1015 are reserved or must never be sent; 1012-1014
	 * are registered with IANA and seen in the wild. */
	return (code >= 1000 && code <= 1003) ||
	    (code >= 1007 && code <= 1014) ||
	    (code >= 3000 && code <= 4999);
}

int
wsclose_check(const unsigned char *p, size_t n, const char **why)
{
	*why = "";
	if (n == 0)
		return 0;
	if (n == 1) {
		*why = "Close payload of 1 byte";
		return 1002;
	}
	if (!wsclose_code_ok((unsigned)(p[0] << 8 | p[1]))) {
		*why = "close code not allowed on the wire";
		return 1002;
	}
	if (!utf8_valid(p + 2, n - 2)) {
		*why = "close reason is not valid UTF-8";
		return 1007;
	}
	return 0;
}

size_t
wsclose_payload(unsigned char *f, unsigned code, const char *reason)
{
	size_t	 n = strlen(reason);

	if (n > WSCLOSE_PAYLOAD_MAX - 2)
		n = WSCLOSE_PAYLOAD_MAX - 2;
	f[0] = (unsigned char)(code >> 8);
	f[1] = (unsigned char)code;
	memcpy(f + 2, reason, n);
	return n + 2;
}

int
wsclose_read(const unsigned char *p, size_t n, struct buf *reason)
{
	reason->len = 0;
	if (n > 2)
		(void)term_escape(reason, p + 2, n - 2);
	(void)buf_putc(reason, '\0');
	return n >= 2 ? (p[0] << 8 | p[1]) : 1005;
}
