#include "common/wall_clock.h"

#include <stdlib.h>
#include <time.h>

int64_t wall_clock_ms(void)
{
	/* Read once: the offset is part of the process's set-up, not something that changes. */
	static int64_t offset_ms = -1;
	struct timespec ts;

	if (offset_ms < 0) {
		const char *env = getenv("CIVIQ_TIME_OFFSET_S");
		long long s = env ? atoll(env) : 0;
		offset_ms = s > 0 ? s * 1000 : 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + offset_ms;
}

int64_t wall_clock_s(void)
{
	return wall_clock_ms() / 1000;
}
