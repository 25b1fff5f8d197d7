/* ticket.c — status names of the API. */
#include "core/ticket.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

static const char *const status_names[] = {
	[TICKET_WAITING] = "waiting",     [TICKET_CALLED] = "called",
	[TICKET_SERVING] = "serving",     [TICKET_FINISHED] = "finished",
	[TICKET_NO_SHOW] = "no_show",     [TICKET_PARKED] = "parked",
	[TICKET_CANCELLED] = "cancelled",
};

#define N_STATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *ticket_status_name(enum ticket_status s)
{
	if ((unsigned)s >= N_STATUS)
		return NULL;
	return status_names[s];
}

int ticket_status_parse(const char *name, enum ticket_status *out)
{
	if (!name || !out)
		return -EINVAL;
	for (size_t i = 0; i < N_STATUS; i++) {
		if (strcmp(name, status_names[i]) == 0) {
			*out = (enum ticket_status)i;
			return 0;
		}
	}
	return -EINVAL;
}
