/* Outstanding pings matched to pongs by payload, for RTTs and timeouts. */
#include <stdio.h>
#include <string.h>

#include "pingtrack.h"

size_t
pingtrack_payload(int64_t now_us, unsigned char *out, size_t outlen)
{
	int	 n;

	n = snprintf((char *)out, outlen, "wsc:%lld", (long long)now_us);
	if (n < 0)
		return 0;
	return (size_t)n < outlen ? (size_t)n : outlen - 1;
}

int
pingtrack_sent(struct pingtrack *t, const void *p, size_t n, int64_t now_us)
{
	if (n > PINGTRACK_PAYLOAD)
		return -1;
	if (t->n == PINGTRACK_MAX) {
		memmove(&t->p[0], &t->p[1], sizeof(t->p[0]) * (t->n - 1));
		t->n--;
	}
	t->p[t->n].sent_us = now_us;
	t->p[t->n].len = n;
	if (n > 0)
		memcpy(t->p[t->n].data, p, n);
	t->n++;
	return 0;
}

int
pingtrack_pong(struct pingtrack *t, const void *p, size_t n, int64_t now_us,
    int64_t *rtt_us)
{
	size_t	 i;

	for (i = t->n; i-- > 0;) {
		if (t->p[i].len != n || (n > 0 && memcmp(t->p[i].data, p,
		    n) != 0))
			continue;
		*rtt_us = now_us - t->p[i].sent_us;
		memmove(&t->p[0], &t->p[i + 1], sizeof(t->p[0]) *
		    (t->n - i - 1));
		t->n -= i + 1;
		return 0;
	}
	return -1;
}

int64_t
pingtrack_oldest(const struct pingtrack *t)
{
	return t->n > 0 ? t->p[0].sent_us : -1;
}

void
pingtrack_clear(struct pingtrack *t)
{
	t->n = 0;
}
