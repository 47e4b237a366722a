/*
 * Unit tests for the pure modules behind scripting and diagnostics:
 * redact.c (secret headers, URL and user:password redaction), backoff.c
 * (capped exponential backoff with jitter) and pingtrack.c (ping payloads,
 * pong matching, RTTs).
 */
#include <stdint.h>
#include <string.h>

#include "backoff.h"
#include "buf.h"
#include "pingtrack.h"
#include "redact.h"
#include "tap.h"

struct hcase {
	const char	*in;
	const char	*want;
};

static const struct hcase headers[] = {
	{ "Authorization: Basic YWxpY2U6czNjcmV0",
	    "Authorization: Basic [redacted]" },
	{ "authorization: Bearer abc.def.ghi",
	    "authorization: Bearer [redacted]" },
	{ "AUTHORIZATION:token", "AUTHORIZATION:[redacted]" },
	{ "Proxy-Authorization: basic Ym9iOnB3",
	    "Proxy-Authorization: basic [redacted]" },
	{ "Cookie: session=s3cret; theme=dark", "Cookie: [redacted]" },
	{ "Set-Cookie: id=a3fWa; Max-Age=2592000",
	    "Set-Cookie: [redacted]" },
	{ "cookie : x=1", "cookie : [redacted]" },
	{ "Authorization:", "Authorization:" },
	{ "X-Token: visible", "X-Token: visible" },
	{ "Cookies: not the cookie header", "Cookies: not the cookie header" },
	{ "X-Authorization-Hint: visible", "X-Authorization-Hint: visible" },
	{ "no colon at all", "no colon at all" },
};

static const struct hcase urls[] = {
	{ "ws://alice:s3cret@example.org/", "ws://alice:[redacted]@example.org/" },
	{ "wss://alice:s3cret@h:8443/p?q=1",
	    "wss://alice:[redacted]@h:8443/p?q=1" },
	{ "ws://alice@h/", "ws://alice@h/" },
	{ "ws://h/path@x:y", "ws://h/path@x:y" },
	{ "ws://h/?u=a:b@c", "ws://h/?u=a:b@c" },
	{ "ws://a:b@c@h/", "ws://a:[redacted]@h/" },
	{ "http://bob:pw@proxy:3128", "http://bob:[redacted]@proxy:3128" },
	{ "bob:pw@proxy:3128", "bob:[redacted]@proxy:3128" },
	{ "ws://[::1]:80/", "ws://[::1]:80/" },
	{ "ws://:@h/", "ws://:[redacted]@h/" },
};

static void
redact_tests(void)
{
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		b.len = 0;
		redact_header(&b, headers[i].in, strlen(headers[i].in), false);
		tap_is_str((char *)b.data, headers[i].want, "header '%s'",
		    headers[i].in);
	}
	b.len = 0;
	redact_header(&b, headers[0].in, strlen(headers[0].in), true);
	tap_is_str((char *)b.data, headers[0].in,
	    "header: --show-secrets shows it");
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		b.len = 0;
		redact_url(&b, urls[i].in, false);
		tap_is_str((char *)b.data, urls[i].want, "URL '%s'", urls[i].in);
	}
	b.len = 0;
	redact_url(&b, urls[0].in, true);
	tap_is_str((char *)b.data, urls[0].in, "URL: --show-secrets shows it");
	b.len = 0;
	redact_userpass(&b, "alice:s3:cret", false);
	tap_is_str((char *)b.data, "alice:[redacted]", "user:password");
	b.len = 0;
	redact_userpass(&b, "alice", false);
	tap_is_str((char *)b.data, "alice", "user without a password");
	tap_ok(redact_is_secret_header("Cookie", 6) &&
	    redact_is_secret_header("proxy-authorization", 19) &&
	    !redact_is_secret_header("Origin", 6), "secret header names");
	buf_free(&b);
}

static void
backoff_tests(void)
{
	static const uint32_t	 rnds[] = { 0, 1, 12345, 0xffffffffu };
	uint32_t		 d, lo, hi, want;
	unsigned		 a;
	size_t			 i;
	int			 good = 1;

	for (a = 1; a <= 12; a++) {
		want = 500u << (a - 1);
		if (a > 7)
			want = 30000;
		if (want > 30000)
			want = 30000;
		lo = UINT32_MAX;
		hi = 0;
		for (i = 0; i < sizeof(rnds) / sizeof(rnds[0]); i++) {
			d = backoff_ms(a, BACKOFF_BASE_MS, BACKOFF_CAP_MS,
			    rnds[i]);
			if (d < lo)
				lo = d;
			if (d > hi)
				hi = d;
		}
		if (lo < want / 2 || hi > want)
			good = 0;
		if (!good)
			tap_diag("attempt %u: %u..%u, want in [%u, %u]", a, lo,
			    hi, want / 2, want);
	}
	tap_ok(good, "backoff: attempt k waits between d/2 and d, "
	    "d = min(30 s, 0.5 s * 2^(k-1))");
	tap_is_int(backoff_ms(1, 500, 30000, 0), 250, "backoff: first, least");
	tap_is_int(backoff_ms(1, 500, 30000, 250), 500, "backoff: first, most");
	tap_is_int(backoff_ms(3, 500, 30000, 0), 1000, "backoff: third, least");
	tap_is_int(backoff_ms(100, 500, 30000, 15000), 30000,
	    "backoff: capped, no overflow at attempt 100");
	tap_is_int(backoff_ms(0, 500, 30000, 0), 250,
	    "backoff: attempt 0 is taken as 1");
}

static void
pingtrack_tests(void)
{
	struct pingtrack	 t;
	unsigned char		 p[64];
	size_t			 n, i;
	int64_t			 rtt = 0;

	memset(&t, 0, sizeof(t));
	n = pingtrack_payload(1234567, p, sizeof(p));
	tap_is_mem(p, n, "wsc:1234567", 11, "ping payload carries the time");
	tap_is_int(pingtrack_oldest(&t), -1, "no ping: no oldest");
	tap_is_int(pingtrack_sent(&t, p, n, 1000), 0, "ping remembered");
	tap_is_int(pingtrack_sent(&t, "user", 4, 2000), 0, "user ping");
	tap_is_int(pingtrack_oldest(&t), 1000, "oldest is the first");
	tap_is_int(pingtrack_pong(&t, "other", 5, 2500, &rtt), -1,
	    "unsolicited pong: no match");
	tap_is_int(pingtrack_pong(&t, p, n, 1800, &rtt), 0, "pong matched");
	tap_is_int(rtt, 800, "RTT of the matched ping");
	tap_is_int(pingtrack_oldest(&t), 2000, "the other still waits");
	tap_is_int(pingtrack_pong(&t, "user", 4, 2300, &rtt), 0,
	    "user pong");
	tap_is_int(rtt, 300, "user RTT");
	tap_is_int(pingtrack_oldest(&t), -1, "none left");

	pingtrack_sent(&t, "a", 1, 10);
	pingtrack_sent(&t, "b", 1, 20);
	tap_is_int(pingtrack_pong(&t, "b", 1, 25, &rtt), 0,
	    "pong for the later ping");
	tap_is_int(pingtrack_oldest(&t), -1,
	    "it answers the earlier one too");
	pingtrack_sent(&t, "", 0, 30);
	tap_is_int(pingtrack_pong(&t, "", 0, 31, &rtt), 0,
	    "empty payloads match");
	for (i = 0; i < PINGTRACK_MAX + 3; i++)
		pingtrack_sent(&t, "x", 1, (int64_t)(100 + i));
	tap_is_int((long long)t.n, PINGTRACK_MAX, "bounded table");
	tap_is_int(pingtrack_oldest(&t), 103, "the oldest were forgotten");
	memset(p, 'z', sizeof(p));
	tap_is_int(pingtrack_sent(&t, p, 126, 1), -1, "126 bytes refused");
	pingtrack_clear(&t);
	tap_is_int(pingtrack_oldest(&t), -1, "cleared");
}

int
main(void)
{
	redact_tests();
	backoff_tests();
	pingtrack_tests();
	return tap_done();
}
