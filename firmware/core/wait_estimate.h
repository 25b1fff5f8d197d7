/* wait_estimate.h — how long a waiting citizen will still wait.
 *
 * Two parts: a robust per-service learner of handling times, and a forward simulation of the
 * real call policy over the current queue and the open counters.
 */
#ifndef CIVIQ_CORE_WAIT_ESTIMATE_H
#define CIVIQ_CORE_WAIT_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/call_policy.h"
#include "core/ticket.h"

#define HANDLING_WINDOW  32      /* recent durations kept per service */
#define HANDLING_PRIOR_N 4       /* initial weight of the prior, in samples */
#define HANDLING_MIN_S   5.0     /* shorter durations are ignored (mis-clicks) */
#define HANDLING_MAX_S   14400.0 /* longer ones too (a counter left open) */
#define WAIT_DEFAULT_HANDLING_S                                  \
	600.0 /* for a service missing from wait_input.services, \
	         or with a handling_s outside 1..HANDLING_MAX_S */

/* A bounded window of recent durations. The estimate is a winsorised mean of the window (the
 * shortest and the longest value, two of each in a full window, count as the nearest kept
 * value: single outliers cannot move it far, while a skewed distribution keeps its mean — a
 * trimmed mean or the median would underestimate log-normal handling times and every wait
 * built on them), blended with
 * the prior, which counts as HANDLING_PRIOR_N samples at first and fades out linearly as the
 * window fills (a full window is all data). No allocation. */
struct handling_learner {
	double samples[HANDLING_WINDOW]; /* ring buffer */
	size_t n;                        /* how many are valid, <= HANDLING_WINDOW */
	size_t next;                     /* where the next sample goes */
	double prior_s;
};

void handling_learner_init(struct handling_learner *l, double prior_s);
/* Ignores absurd values (< HANDLING_MIN_S, > HANDLING_MAX_S, NaN). */
void handling_learner_add(struct handling_learner *l, double duration_s);
double handling_learner_estimate(const struct handling_learner *l);

struct wait_service {
	const char *id;
	double handling_s; /* expected handling time, e.g. handling_learner_estimate() */
};

struct wait_input {
	const struct ticket *waiting; /* all waiting tickets */
	size_t n_waiting;
	const struct counter_view *counters; /* paused ones are ignored, see resume_at */
	size_t n_counters;
	const int64_t *counter_busy_until; /* per counter: when its current citizen is expected to
	                                      finish (now if idle); NULL = all idle */
	const struct wait_service *services;
	size_t n_services;
	const struct call_policy_config *policy; /* NULL = call_policy_defaults */
	int64_t now;
	/* Optional: today's booked appointments not yet checked in whose check-in window has not
	 * closed (service, due and id are read). Each joins the simulated queue when its due
	 * window opens (due - appointment_early_s) and is called like a checked-in one, so the
	 * walk-ins it will overtake get a longer estimate. No estimate is written for them. */
	const struct ticket *expected;
	size_t n_expected;
	/* Optional, per counter: when a paused counter is expected back (a pause taken "for 15
	 * minutes"); it then joins the simulation at that time. 0, a past time or NULL: paused
	 * counters are ignored. */
	const int64_t *counter_resume_at;
};

/* Simulates the call policy forward (each open counter, when free, picks via call_policy_pick
 * and the overtakes are counted as the hub would) and writes the expected wait in seconds from
 * `now` for each waiting ticket into out[i] (same order as waiting); -1 where no open counter
 * (nor a paused one with a resume time) serves its service. Entries whose status is not WAITING get
 * -1 too. Returns 0, -EINVAL (NULL arguments), -ENOMEM. */
int wait_estimate_queue(const struct wait_input *in, double *out);

/* When a counter's current citizen is expected to be done, for counter_busy_until: started +
 * handling_s, but no earlier than now + WAIT_RESIDUAL_SHARE × handling_s (a citizen already
 * over the usual time is not about to leave this very second). */
#define WAIT_RESIDUAL_SHARE 0.3
int64_t wait_expected_end(int64_t started, double handling_s, int64_t now);

/* The simple formula of existing systems, for comparison: avg handling × position / open
 * counters (position counts from 1 = next; 0 open counters gives -1). */
double wait_estimate_simple(double handling_s, size_t position, size_t open_counters);

#endif
