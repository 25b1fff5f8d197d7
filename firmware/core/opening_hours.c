/* opening_hours.c — "HH:MM-HH:MM, ..." ranges. */
#include "core/opening_hours.h"

#include <errno.h>
#include <stdio.h>

static int parse_hhmm(const char **p)
{
	int h, m, n;

	if (sscanf(*p, "%2d:%2d%n", &h, &m, &n) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
	    (h == 24 && m))
		return -1;
	*p += n;
	return h * 60 + m;
}

int opening_hours_open(const char *spec, int minute_of_day)
{
	const char *p = spec;
	int open = 0, any = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		int from = parse_hhmm(&p);
		if (from < 0 || *p++ != '-')
			return -EINVAL;
		int to = parse_hhmm(&p);
		if (to < 0)
			return -EINVAL;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -EINVAL;
		any = 1;
		if (minute_of_day >= from && minute_of_day < to)
			open = 1;
	}
	return any ? open : 1;
}
