/* Capped exponential backoff with "equal jitter". */
#include "backoff.h"

uint32_t
backoff_ms(unsigned attempt, uint32_t base, uint32_t cap, uint32_t rnd)
{
	uint64_t	 d = base;
	uint32_t	 half;
	unsigned	 i;

	if (attempt == 0)
		attempt = 1;
	for (i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	half = (uint32_t)(d / 2);
	return half + (uint32_t)(rnd % ((uint32_t)d - half + 1));
}
