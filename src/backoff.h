/* Capped exponential backoff with jitter for --reconnect.  Pure: libc only. */
#ifndef WSC_BACKOFF_H
#define WSC_BACKOFF_H

#include <stdint.h>

#define BACKOFF_BASE_MS	500	/* the first delay, before jitter */
#define BACKOFF_CAP_MS	30000	/* no delay is longer */

/*
 * The delay in ms before reconnect attempt number attempt (1 for the first):
 * d = min(cap, base * 2^(attempt-1)), then jittered to a value in [d/2, d]
 * chosen by rnd (any 32-bit random number), so that clients dropped at the
 * same moment do not come back at the same moment.
 */
uint32_t	backoff_ms(unsigned attempt, uint32_t base, uint32_t cap,
		    uint32_t rnd);

#endif
