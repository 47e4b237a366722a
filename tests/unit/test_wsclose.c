/*
 * Unit tests for wsclose.c: every close code 0-65535 against the RFC 6455
 * 7.4 registry, and payload shapes (empty, 1 byte, bad UTF-8 reasons).
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "wsclose.h"

static int
want_ok(unsigned c)
{
	if (c == 1004 || c == 1005 || c == 1006 || c == 1015)
		return 0;
	return (c >= 1000 && c <= 1014) || (c >= 3000 && c <= 4999);
}

static int
check(const char *hex_payload, size_t n, int want, const char *desc)
{
	const char	*why;
	int		 got = wsclose_check((const unsigned char *)hex_payload, n,
			    &why);

	tap_is_int(got, want, "%s: %d", desc, want);
	return tap_ok((got == 0) == (*why == '\0'), "%s: a reason iff failed",
	    desc);
}

int
main(void)
{
	unsigned	 c, bad = 0, nok = 0;
	unsigned char	 p[2];
	const char	*why;

	for (c = 0; c < 65536; c++) {
		p[0] = (unsigned char)(c >> 8);
		p[1] = (unsigned char)c;
		if ((wsclose_code_ok(c) != 0) != want_ok(c) ||
		    (wsclose_check(p, 2, &why) == 0) != want_ok(c))
			bad++;
		nok += want_ok(c);
	}
	tap_is_int(bad, 0, "all 65536 codes classified as RFC 6455 7.4 says");
	tap_is_int(nok, 4 + 8 + 2000, "2012 codes may appear on the wire");

	check("", 0, 0, "empty payload");
	check("\x03", 1, 1002, "1-byte payload");
	check("\x03\xe8", 2, 0, "1000 without a reason");
	check("\x03\xe8ok", 4, 0, "1000 with a reason");
	check("\x0f\xa0\xc3\xa9t\xc3\xa9", 7, 0, "4000 with a UTF-8 reason");
	check("\x03\xe8\xff", 3, 1007, "reason 0xff");
	check("\x03\xe8\xc3", 3, 1007, "reason ending inside a sequence");
	check("\x03\xe8\xed\xa0\x80", 5, 1007, "reason with a surrogate");
	check("\x03\xe8\xc0\xaf", 4, 1007, "reason with an overlong slash");
	check("\x03\xed", 2, 1002, "1005 on the wire");
	check("\x03\xee\xff", 3, 1002, "1006 with a bad reason: the code first");
	check("\x13\x88", 2, 1002, "5000");
	check("\xff\xff", 2, 1002, "65535");
	{
		unsigned char	 f[WSCLOSE_PAYLOAD_MAX];
		char		 r[200];

		tap_is_int((int)wsclose_payload(f, 1000, "bye"), 5,
		    "payload: code and reason");
		tap_ok(memcmp(f, "\x03\xe8" "bye", 5) == 0,
		    "payload: code big-endian, then the reason");
		memset(r, 'r', sizeof(r) - 1);
		r[sizeof(r) - 1] = '\0';
		tap_is_int((int)wsclose_payload(f, 4000, r), 125,
		    "payload: a long reason is cut to 123 bytes");
	}
	return tap_done();
}
