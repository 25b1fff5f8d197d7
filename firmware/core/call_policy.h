/* call_policy.h — which waiting ticket a counter calls next.
 *
 * The order among the tickets a counter serves (status WAITING, service in its list):
 *   1. Higher priority first. Nothing below overrides priority.
 *   2. Within one priority, three classes in this order:
 *      a. starved walk-ins: kind WALK_IN and either overtaken >= max_overtakes, or
 *         overtaken >= 1 and now - arrival >= max_extra_wait_s (it waited that long and a later
 *         arrival was already preferred to it at least once); by arrival, then id;
 *      b. due appointments: kind APPOINTMENT and now >= due - appointment_early_s;
 *         earliest due first, then arrival, then id;
 *      c. everything else — walk-ins and appointments whose due window has not begun — by
 *         arrival, then id (the citizen who came first is served first).
 *   A max_overtakes or max_extra_wait_s of 0 (or less) switches that half of the guard off.
 *   A ticket is never both a and b; an appointment is never promoted by the guard (it is either
 *   due, or early and soon due).
 * The result depends only on the arguments: equal inputs give equal picks whatever their order
 * in the array (ties end at the id).
 */
#ifndef CIVIQ_CORE_CALL_POLICY_H
#define CIVIQ_CORE_CALL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ticket.h"

struct counter_view {
	int id;
	const char *const *services; /* service ids the counter handles */
	size_t n_services;
	bool paused;
};

struct call_policy_config {
	int appointment_early_s; /* an appointment counts as due from start - early (default 300) */
	int max_overtakes; /* a waiting walk-in may be overtaken at most this often (default 5) */
	int max_extra_wait_s; /* ... or, once overtaken, wait this long (default 1800): then it
	                         goes first among its priority */
	int max_calls;        /* unanswered calls before no_show (default 3) */
};

#define CALL_POLICY_EARLY_DEFAULT_S  300
#define CALL_POLICY_MAX_OVERTAKES    5
#define CALL_POLICY_MAX_EXTRA_WAIT_S 1800
#define CALL_POLICY_MAX_CALLS        3

void call_policy_defaults(struct call_policy_config *cfg);

/* Does the counter handle this service? (A paused counter still "serves" it; pausing is about
 * availability, checked by the callers.) */
bool counter_serves(const struct counter_view *c, const char *service);

/* Index into `waiting` of the ticket the counter should call at `now` by the order above, or -1
 * if none it serves. Entries whose status is not WAITING are skipped, so the array may hold any
 * tickets. A paused counter still gets an answer; the caller decides whether it may call. */
int call_policy_pick(const struct ticket *waiting, size_t n, const struct counter_view *counter,
                     const struct call_policy_config *cfg, int64_t now);

/* After waiting[picked] was called: every other WAITING ticket of the counter's services that
 * arrived before it (earlier arrival, or the same arrival and a lower id) was overtaken; its
 * `overtaken` is incremented. */
void call_policy_note_overtakes(struct ticket *waiting, size_t n, size_t picked,
                                const struct counter_view *counter);

/* What a recall that is not answered leads to: true if calls >= max_calls, i.e. the ticket
 * becomes no_show instead of being called again. */
bool call_policy_exhausted(const struct ticket *t, const struct call_policy_config *cfg);

#endif
