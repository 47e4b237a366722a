/*
 * Outstanding pings and their round-trip times: each ping's payload is
 * remembered with its send time, and a pong with the same payload gives the
 * RTT.  Pure: libc only.
 */
#ifndef WSC_PINGTRACK_H
#define WSC_PINGTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PINGTRACK_MAX		8	/* outstanding pings remembered */
#define PINGTRACK_PAYLOAD	125	/* a control frame's payload limit */

struct pingtrack {
	struct {
		int64_t		 sent_us;
		size_t		 len;
		unsigned char	 data[PINGTRACK_PAYLOAD];
	}		 p[PINGTRACK_MAX];
	size_t		 n;		/* oldest first */
};

/*
 * Writes the payload of an automatic ping sent at now_us into out (at
 * least 32 bytes): "wsc:" and the send time in microseconds, so the peer
 * (and a packet trace) sees the timestamp.  Returns its length.
 */
size_t	pingtrack_payload(int64_t now_us, unsigned char *out, size_t outlen);
/*
 * Remembers a ping of n bytes (at most PINGTRACK_PAYLOAD) sent at now_us;
 * when full, the oldest is forgotten.  Returns 0, or -1 when n is too long.
 */
int	pingtrack_sent(struct pingtrack *t, const void *p, size_t n,
	    int64_t now_us);
/*
 * A pong arrived at now_us: if it answers a remembered ping, forgets that
 * ping and those sent before it (a pong answers the latest ping, RFC 6455
 * 5.5.3), stores the RTT in *rtt_us and returns 0; else returns -1.
 */
int	pingtrack_pong(struct pingtrack *t, const void *p, size_t n,
	    int64_t now_us, int64_t *rtt_us);
/* The send time of the oldest unanswered ping, or -1 when there is none. */
int64_t	pingtrack_oldest(const struct pingtrack *t);
/* Forgets every ping (a new connection). */
void	pingtrack_clear(struct pingtrack *t);

#endif
