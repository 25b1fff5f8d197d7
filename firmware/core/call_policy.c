/* call_policy.c — the call order of call_policy.h as one comparison. */
#include "core/call_policy.h"

#include <string.h>

void call_policy_defaults(struct call_policy_config *cfg)
{
	cfg->appointment_early_s = CALL_POLICY_EARLY_DEFAULT_S;
	cfg->max_overtakes = CALL_POLICY_MAX_OVERTAKES;
	cfg->max_extra_wait_s = CALL_POLICY_MAX_EXTRA_WAIT_S;
	cfg->max_calls = CALL_POLICY_MAX_CALLS;
}

bool counter_serves(const struct counter_view *c, const char *service)
{
	if (!c || !service)
		return false;
	for (size_t i = 0; i < c->n_services; i++) {
		if (c->services[i] && strcmp(c->services[i], service) == 0)
			return true;
	}
	return false;
}

enum call_class {
	CLASS_STARVED = 0,
	CLASS_DUE = 1,
	CLASS_ARRIVAL = 2,
};

static enum call_class classify(const struct ticket *t, const struct call_policy_config *cfg,
                                int64_t now)
{
	if (t->kind == TICKET_APPOINTMENT)
		return now >= t->due - cfg->appointment_early_s ? CLASS_DUE : CLASS_ARRIVAL;
	if (cfg->max_overtakes > 0 && t->overtaken >= cfg->max_overtakes)
		return CLASS_STARVED;
	if (cfg->max_extra_wait_s > 0 && t->overtaken >= 1 &&
	    now - t->arrival >= cfg->max_extra_wait_s)
		return CLASS_STARVED;
	return CLASS_ARRIVAL;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* Negative when a is called before b. */
static int compare(const struct ticket *a, const struct ticket *b,
                   const struct call_policy_config *cfg, int64_t now)
{
	if (a->priority != b->priority)
		return b->priority - a->priority;
	enum call_class ca = classify(a, cfg, now), cb = classify(b, cfg, now);
	if (ca != cb)
		return (int)ca - (int)cb;
	int c = 0;
	if (ca == CLASS_DUE)
		c = cmp_i64(a->due, b->due);
	if (c == 0)
		c = cmp_i64(a->arrival, b->arrival);
	if (c == 0)
		c = cmp_i64(a->id, b->id);
	return c;
}

int call_policy_pick(const struct ticket *waiting, size_t n, const struct counter_view *counter,
                     const struct call_policy_config *cfg, int64_t now)
{
	struct call_policy_config dflt;
	if (!cfg) {
		call_policy_defaults(&dflt);
		cfg = &dflt;
	}
	int best = -1;
	for (size_t i = 0; waiting && i < n; i++) {
		const struct ticket *t = &waiting[i];
		if (t->status != TICKET_WAITING || !counter_serves(counter, t->service))
			continue;
		if (best < 0 || compare(t, &waiting[best], cfg, now) < 0)
			best = (int)i;
	}
	return best;
}

static bool arrived_before(const struct ticket *a, const struct ticket *b)
{
	return a->arrival < b->arrival || (a->arrival == b->arrival && a->id < b->id);
}

void call_policy_note_overtakes(struct ticket *waiting, size_t n, size_t picked,
                                const struct counter_view *counter)
{
	if (!waiting || picked >= n)
		return;
	const struct ticket *p = &waiting[picked];
	for (size_t i = 0; i < n; i++) {
		struct ticket *t = &waiting[i];
		if (i == picked || t->status != TICKET_WAITING ||
		    !counter_serves(counter, t->service))
			continue;
		if (arrived_before(t, p))
			t->overtaken++;
	}
}

bool call_policy_exhausted(const struct ticket *t, const struct call_policy_config *cfg)
{
	int max = cfg ? cfg->max_calls : CALL_POLICY_MAX_CALLS;
	return t->calls >= max;
}
