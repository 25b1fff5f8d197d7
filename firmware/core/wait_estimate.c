/* wait_estimate.c — trimmed-mean handling times and a forward simulation of the call policy. */
#include "core/wait_estimate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void handling_learner_init(struct handling_learner *l, double prior_s)
{
	memset(l, 0, sizeof(*l));
	l->prior_s = prior_s > 0 ? prior_s : WAIT_DEFAULT_HANDLING_S;
}

void handling_learner_add(struct handling_learner *l, double duration_s)
{
	if (!(duration_s >= HANDLING_MIN_S && duration_s <= HANDLING_MAX_S)) /* NaN too */
		return;
	l->samples[l->next] = duration_s;
	l->next = (l->next + 1) % HANDLING_WINDOW;
	if (l->n < HANDLING_WINDOW)
		l->n++;
}

double handling_learner_estimate(const struct handling_learner *l)
{
	if (l->n == 0)
		return l->prior_s;
	double v[HANDLING_WINDOW];
	memcpy(v, l->samples, l->n * sizeof(v[0]));
	for (size_t i = 1; i < l->n; i++) { /* insertion sort: at most 32 values */
		double x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	size_t trim = l->n / 8;
	double sum = 0;
	for (size_t i = trim; i < l->n - trim; i++)
		sum += v[i];
	double kept = (double)(l->n - 2 * trim);
	/* the prior fades out as the window fills */
	double w = (double)HANDLING_PRIOR_N * (double)(HANDLING_WINDOW - l->n) / HANDLING_WINDOW;
	return (sum + l->prior_s * w) / (kept + w);
}

double wait_estimate_simple(double handling_s, size_t position, size_t open_counters)
{
	if (open_counters == 0)
		return -1;
	return handling_s * (double)position / (double)open_counters;
}

#define OUT INT64_MAX /* a counter out of the simulation: paused, or nothing left to call */

static double service_handling(const struct wait_input *in, const char *service)
{
	for (size_t i = 0; i < in->n_services; i++) {
		if (in->services[i].id && strcmp(in->services[i].id, service) == 0)
			return in->services[i].handling_s;
	}
	return WAIT_DEFAULT_HANDLING_S;
}

int wait_estimate_queue(const struct wait_input *in, double *out)
{
	if (!in || !out || (in->n_waiting && !in->waiting) || (in->n_counters && !in->counters))
		return -EINVAL;
	struct call_policy_config dflt;
	const struct call_policy_config *cfg = in->policy;
	if (!cfg) {
		call_policy_defaults(&dflt);
		cfg = &dflt;
	}
	for (size_t i = 0; i < in->n_waiting; i++)
		out[i] = -1;
	if (in->n_waiting == 0 || in->n_counters == 0)
		return 0;

	/* The simulation works on a copy: it marks picks as CALLED and counts overtakes. */
	struct ticket *work = malloc(in->n_waiting * sizeof(*work));
	int64_t *free_at = malloc(in->n_counters * sizeof(*free_at));
	if (!work || !free_at) {
		free(work);
		free(free_at);
		return -ENOMEM;
	}
	memcpy(work, in->waiting, in->n_waiting * sizeof(*work));
	size_t open = 0;
	for (size_t c = 0; c < in->n_counters; c++) {
		int64_t busy = in->counter_busy_until ? in->counter_busy_until[c] : in->now;
		free_at[c] = busy > in->now ? busy : in->now;
		if (in->counters[c].paused)
			free_at[c] = OUT; /* takes no part */
		else
			open++;
	}

	while (open > 0) {
		size_t c = 0;
		for (size_t k = 0; k < in->n_counters; k++) {
			if (free_at[k] < free_at[c])
				c = k;
		}
		int64_t t = free_at[c];
		int p = call_policy_pick(work, in->n_waiting, &in->counters[c], cfg, t);
		if (p < 0) { /* nothing left this counter serves */
			free_at[c] = OUT;
			open--;
			continue;
		}
		out[p] = (double)(t - in->now);
		call_policy_note_overtakes(work, in->n_waiting, (size_t)p, &in->counters[c]);
		work[p].status = TICKET_CALLED;
		free_at[c] = t + (int64_t)llround(service_handling(in, work[p].service));
	}
	free(work);
	free(free_at);
	return 0;
}
