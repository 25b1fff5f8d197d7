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
	size_t trim = l->n < 3 ? 0 : l->n < 32 ? 1 : l->n / 16;
	double sum = 0;
	for (size_t i = 0; i < l->n; i++) { /* winsorised: the extremes count as their neighbours */
		size_t k = i < trim ? trim : i >= l->n - trim ? l->n - trim - 1 : i;
		sum += v[k];
	}
	double kept = (double)l->n;
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

int64_t wait_expected_end(int64_t started, double handling_s, int64_t now)
{
	int64_t end = started + (int64_t)llround(handling_s);
	int64_t least = now + (int64_t)llround(WAIT_RESIDUAL_SHARE * handling_s);
	return end > least ? end : least;
}

#define OUT INT64_MAX /* a counter out of the simulation: paused, or nothing left to call */

static double service_handling(const struct wait_input *in, const char *service)
{
	for (size_t i = 0; i < in->n_services; i++) {
		if (in->services[i].id && strcmp(in->services[i].id, service) == 0) {
			double h = in->services[i].handling_s;
			return h >= 1 && h <= HANDLING_MAX_S ? h : WAIT_DEFAULT_HANDLING_S;
		}
	}
	return WAIT_DEFAULT_HANDLING_S;
}

/* Expected appointments join the simulation when their due window opens (status WAITING);
 * until then they are hidden (CANCELLED), so neither the policy nor the overtakes see them. */
static void activate_expected(struct ticket *exp, size_t n, int64_t t)
{
	for (size_t i = 0; i < n; i++) {
		if (exp[i].status == TICKET_CANCELLED && exp[i].arrival <= t)
			exp[i].status = TICKET_WAITING;
	}
}

/* When the next expected appointment this counter serves joins, or OUT. */
static int64_t next_expected(const struct ticket *exp, size_t n, const struct counter_view *c)
{
	int64_t next = OUT;
	for (size_t i = 0; i < n; i++) {
		if (exp[i].status == TICKET_CANCELLED && exp[i].arrival < next &&
		    counter_serves(c, exp[i].service))
			next = exp[i].arrival;
	}
	return next;
}

int wait_estimate_queue(const struct wait_input *in, double *out)
{
	if (!in || !out || (in->n_waiting && !in->waiting) || (in->n_counters && !in->counters) ||
	    (in->n_expected && !in->expected))
		return -EINVAL;
	struct call_policy_config dflt;
	const struct call_policy_config *cfg = in->policy;
	if (!cfg) {
		call_policy_defaults(&dflt);
		cfg = &dflt;
	}
	size_t left = 0; /* waiting tickets still without an estimate */
	for (size_t i = 0; i < in->n_waiting; i++) {
		out[i] = -1;
		left += in->waiting[i].status == TICKET_WAITING;
	}
	if (left == 0 || in->n_counters == 0)
		return 0;

	/* The simulation works on a copy: the waiting tickets, then the expected appointments. It
	 * marks picks as CALLED and counts overtakes. */
	size_t n = in->n_waiting + in->n_expected;
	struct ticket *work = malloc(n * sizeof(*work));
	int64_t *free_at = malloc(in->n_counters * sizeof(*free_at));
	if (!work || !free_at) {
		free(work);
		free(free_at);
		return -ENOMEM;
	}
	memcpy(work, in->waiting, in->n_waiting * sizeof(*work));
	struct ticket *exp = work + in->n_waiting;
	for (size_t i = 0; i < in->n_expected; i++) {
		exp[i] = in->expected[i];
		exp[i].kind = TICKET_APPOINTMENT;
		exp[i].status = TICKET_CANCELLED;
		exp[i].overtaken = 0;
		int64_t joins = exp[i].due - cfg->appointment_early_s;
		exp[i].arrival = joins > in->now ? joins : in->now;
	}
	size_t open = 0;
	for (size_t c = 0; c < in->n_counters; c++) {
		int64_t busy = in->counter_busy_until ? in->counter_busy_until[c] : in->now;
		free_at[c] = busy > in->now ? busy : in->now;
		if (in->counters[c].paused) {
			int64_t back = in->counter_resume_at ? in->counter_resume_at[c] : 0;
			if (back <= in->now) {
				free_at[c] = OUT; /* takes no part */
				continue;
			}
			if (back > free_at[c])
				free_at[c] = back;
		}
		open++;
	}

	while (open > 0 && left > 0) {
		size_t c = 0;
		for (size_t k = 0; k < in->n_counters; k++) {
			if (free_at[k] < free_at[c])
				c = k;
		}
		int64_t t = free_at[c];
		activate_expected(exp, in->n_expected, t);
		int p = call_policy_pick(work, n, &in->counters[c], cfg, t);
		if (p < 0) { /* idle until an expected appointment joins, or done */
			free_at[c] = next_expected(exp, in->n_expected, &in->counters[c]);
			if (free_at[c] == OUT)
				open--;
			continue;
		}
		if ((size_t)p < in->n_waiting) {
			out[p] = (double)(t - in->now);
			left--;
		}
		call_policy_note_overtakes(work, n, (size_t)p, &in->counters[c]);
		work[p].status = TICKET_CALLED;
		free_at[c] = t + (int64_t)llround(service_handling(in, work[p].service));
	}
	free(work);
	free(free_at);
	return 0;
}
