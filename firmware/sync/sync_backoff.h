/* sync_backoff.h — when to try again after failures: exponential, capped, with jitter. */
#ifndef CIVIQ_SYNC_SYNC_BACKOFF_H
#define CIVIQ_SYNC_SYNC_BACKOFF_H

#include <stdint.h>

/* The wait after the n-th failure in a row (n >= 1): first_ms * 2^(n-1), capped at cap_ms, then
 * drawn evenly from [half, whole] of that with `random` (any 32 bits), so hubs that lost the
 * portal together do not come back in step. */
static inline int64_t sync_backoff_ms(int failures, int64_t first_ms, int64_t cap_ms,
                                      uint32_t random)
{
	int64_t d = first_ms;

	for (int i = 1; i < failures && d < cap_ms; i++)
		d *= 2;
	if (d > cap_ms)
		d = cap_ms;
	return d / 2 + (int64_t)(random % (uint32_t)(d / 2 + 1));
}

#endif
