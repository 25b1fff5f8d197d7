/* waitsim — replays simulated office days through the real call policy and compares the wait
 * estimates given at each arrival (wait_estimate_queue and the simple formula) with the wait
 * that followed. Usage: civiq-waitsim [days] (default 20 seeded days, seeds 1..days).
 * Prints per day and in total: the mean actual wait, the mean absolute error (MAE) of both
 * estimates and their ratio (queue / simple; lower is better).
 *
 * The office: 4 services with log-normal handling times, walk-ins arriving as a Poisson process
 * that is busier in the morning, appointments in slots with punctuality noise and no-shows,
 * 5 counters with different skills that pause for breaks.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/call_policy.h"
#include "core/wait_estimate.h"

#define H(h, m)     ((h)*3600 + (m)*60)
#define MAX_TICKETS 1024
#define N_SERVICES  4
#define N_COUNTERS  5
#define MAX_BREAKS  2

/* splitmix64: small, seeded, reproducible */
static uint64_t rng_state;

static double rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static double normal(void)
{
	double u = rnd(), v = rnd();
	return sqrt(-2 * log(u > 0 ? u : 1e-12)) * cos(2 * M_PI * v);
}

static double lognormal(double mean, double sigma)
{
	return exp(log(mean) - sigma * sigma / 2 + sigma * normal());
}

struct service_model {
	const char *id;
	double mean_s, sigma;
	double walk_in_share; /* of walk-ins */
	int slot_every_s;     /* appointment slots, 0 = none */
};

static const struct service_model models[N_SERVICES] = {
	{ "meldewesen", 360, 0.5, 0.45, H(0, 20) },
	{ "pass", 540, 0.4, 0.30, H(0, 30) },
	{ "kfz", 900, 0.6, 0.20, H(0, 40) },
	{ "gewerbe", 1500, 0.5, 0.05, 0 },
};

static const char *const skills_a[] = { "meldewesen", "pass" };
static const char *const skills_b[] = { "meldewesen" };
static const char *const skills_c[] = { "kfz", "gewerbe" };
static const char *const skills_d[] = { "kfz", "pass", "meldewesen" };

struct counter_model {
	const char *const *skills;
	size_t n_skills;
	int breaks[MAX_BREAKS][2]; /* [start, end) */
};

static const struct counter_model counter_models[N_COUNTERS] = {
	{ skills_a, 2, { { H(10, 0), H(10, 15) }, { H(12, 0), H(12, 30) } } },
	{ skills_a, 2, { { H(10, 15), H(10, 30) }, { H(12, 30), H(13, 0) } } },
	{ skills_b, 1, { { H(11, 0), H(11, 30) }, { 0, 0 } } },
	{ skills_c, 2, { { H(12, 0), H(12, 45) }, { 0, 0 } } },
	{ skills_d, 3, { { H(13, 0), H(13, 30) }, { 0, 0 } } },
};

/* walk-ins per hour by time of day: busy mornings */
static double walk_in_rate(int t)
{
	if (t < H(10, 0))
		return 27;
	if (t < H(12, 0))
		return 21;
	if (t < H(14, 0))
		return 11;
	return 12;
}

struct sim_ticket {
	double duration; /* what handling will actually take */
	int svc;
	double est_queue, est_simple;
	double est_blind; /* wait_estimate_queue without the pauses' resume times */
	int64_t called;
};

/* per service; kept from day to day as the hub keeps its recent durations */
static struct handling_learner learn[N_SERVICES];

struct day {
	struct ticket t[MAX_TICKETS]; /* by arrival; the policy sees the first `arrived` */
	struct sim_ticket x[MAX_TICKETS];
	size_t n, arrived;
	int64_t busy_until[N_COUNTERS]; /* 0 = idle */
	int64_t started[N_COUNTERS];
	int serving_svc[N_COUNTERS];
	struct ticket booked[MAX_TICKETS]; /* every booking, shown up or not: what the hub knows */
	int64_t booked_arrival[MAX_TICKETS]; /* INT64_MAX: never comes */
	size_t n_booked;
};

static int pick_service_walk_in(void)
{
	double u = rnd(), acc = 0;
	for (int s = 0; s < N_SERVICES; s++) {
		acc += models[s].walk_in_share;
		if (u < acc)
			return s;
	}
	return N_SERVICES - 1;
}

static void add_ticket(struct day *d, int svc, enum ticket_kind kind, int64_t arrival, int64_t due)
{
	if (d->n >= MAX_TICKETS)
		return;
	struct ticket *t = &d->t[d->n];
	memset(t, 0, sizeof(*t));
	snprintf(t->service, sizeof(t->service), "%s", models[svc].id);
	t->kind = kind;
	t->arrival = arrival;
	t->due = due;
	t->priority = kind == TICKET_WALK_IN && rnd() < 0.02 ? 1 : 0;
	struct sim_ticket *x = &d->x[d->n];
	memset(x, 0, sizeof(*x));
	x->svc = svc;
	x->duration = lognormal(models[svc].mean_s, models[svc].sigma) + 30; /* +30 s to walk up */
	d->n++;
}

static void sort_by_arrival(struct day *d)
{
	for (size_t i = 1; i < d->n; i++) { /* insertion sort keeps it stable and simple */
		struct ticket t = d->t[i];
		struct sim_ticket x = d->x[i];
		size_t j = i;
		for (; j > 0 && d->t[j - 1].arrival > t.arrival; j--) {
			d->t[j] = d->t[j - 1];
			d->x[j] = d->x[j - 1];
		}
		d->t[j] = t;
		d->x[j] = x;
	}
	for (size_t i = 0; i < d->n; i++)
		d->t[i].id = (int64_t)i + 1;
}

static void generate(struct day *d)
{
	for (double t = H(8, 0);;) {
		t += -log(1 - rnd()) * 3600 / walk_in_rate((int)t);
		if (t >= H(15, 30))
			break;
		add_ticket(d, pick_service_walk_in(), TICKET_WALK_IN, (int64_t)t, 0);
	}
	for (int s = 0; s < N_SERVICES; s++) {
		for (int slot = H(8, 0); models[s].slot_every_s && slot < H(15, 30);
		     slot += models[s].slot_every_s) {
			if (rnd() > 0.8) /* not booked */
				continue;
			struct ticket *b = &d->booked[d->n_booked];
			snprintf(b->service, sizeof(b->service), "%s", models[s].id);
			b->due = slot;
			b->id = 100000 + (int64_t)d->n_booked;
			double arrival = slot - rnd() * 900 + normal() * 240;
			/* a no-show, or too late for the check-in window */
			if (rnd() < 0.1 || arrival > slot + 600) {
				d->booked_arrival[d->n_booked++] = INT64_MAX;
				continue;
			}
			d->booked_arrival[d->n_booked++] = (int64_t)arrival;
			add_ticket(d, s, TICKET_APPOINTMENT, (int64_t)arrival, slot);
		}
	}
	sort_by_arrival(d);
}

/* The end of the break the counter is on at t (staff pause "for 30 minutes"), or 0. */
static int64_t break_end(int c, int64_t t)
{
	for (int b = 0; b < MAX_BREAKS; b++) {
		if (t >= counter_models[c].breaks[b][0] && t < counter_models[c].breaks[b][1])
			return counter_models[c].breaks[b][1];
	}
	return 0;
}

static void counter_views(struct counter_view *v, int64_t t)
{
	for (int c = 0; c < N_COUNTERS; c++) {
		v[c] = (struct counter_view){ c + 1, counter_models[c].skills,
			                      counter_models[c].n_skills, break_end(c, t) != 0 };
	}
}

/* At an arrival: both estimates for the newcomer `i`, made with what the hub would know. */
static void estimate_arrival(struct day *d, size_t i, int64_t now,
                             const struct call_policy_config *cfg)
{
	struct counter_view views[N_COUNTERS];
	counter_views(views, now);
	struct wait_service svcs[N_SERVICES];
	for (int s = 0; s < N_SERVICES; s++)
		svcs[s] =
		    (struct wait_service){ models[s].id, handling_learner_estimate(&learn[s]) };
	int64_t busy[N_COUNTERS], resume[N_COUNTERS];
	for (int c = 0; c < N_COUNTERS; c++) {
		busy[c] = now;
		if (d->busy_until[c])
			busy[c] = wait_expected_end(d->started[c],
			                            svcs[d->serving_svc[c]].handling_s, now);
		resume[c] = break_end(c, now);
	}
	static struct ticket expected[MAX_TICKETS];
	size_t n_expected = 0;
	for (size_t b = 0; b < d->n_booked; b++) {
		if (d->booked_arrival[b] > now && d->booked[b].due + 600 >= now)
			expected[n_expected++] = d->booked[b];
	}
	static double out[MAX_TICKETS];
	struct wait_input in = {
		.waiting = d->t,
		.n_waiting = d->arrived,
		.counters = views,
		.n_counters = N_COUNTERS,
		.counter_busy_until = busy,
		.services = svcs,
		.n_services = N_SERVICES,
		.policy = cfg,
		.now = now,
		.expected = expected,
		.n_expected = n_expected,
		.counter_resume_at = resume,
	};
	wait_estimate_queue(&in, out);
	d->x[i].est_queue = out[i];
	in.counter_resume_at = NULL;
	wait_estimate_queue(&in, out);
	d->x[i].est_blind = out[i];

	int svc = d->x[i].svc;
	size_t position = 0, open = 0;
	for (size_t k = 0; k < d->arrived; k++) {
		if (d->t[k].status == TICKET_WAITING && d->x[k].svc == svc)
			position++;
	}
	for (int c = 0; c < N_COUNTERS; c++) {
		if (!views[c].paused && counter_serves(&views[c], models[svc].id))
			open++;
	}
	d->x[i].est_simple = wait_estimate_simple(svcs[svc].handling_s, position, open);
}

static void run_day(struct day *d, const struct call_policy_config *cfg)
{
	size_t done = 0;
	for (int64_t now = H(7, 0); done < d->n; now++) {
		for (int c = 0; c < N_COUNTERS; c++) { /* finished citizens */
			if (d->busy_until[c] && now >= d->busy_until[c]) {
				handling_learner_add(&learn[d->serving_svc[c]],
				                     (double)(now - d->started[c]));
				d->busy_until[c] = 0;
			}
		}
		while (d->arrived < d->n && d->t[d->arrived].arrival <= now) {
			d->arrived++;
			estimate_arrival(d, d->arrived - 1, now, cfg);
		}
		struct counter_view views[N_COUNTERS];
		counter_views(views, now);
		for (int c = 0; c < N_COUNTERS; c++) {
			if (d->busy_until[c] || views[c].paused)
				continue;
			int p = call_policy_pick(d->t, d->arrived, &views[c], cfg, now);
			if (p < 0)
				continue;
			call_policy_note_overtakes(d->t, d->arrived, (size_t)p, &views[c]);
			d->t[p].status = TICKET_SERVING;
			d->x[p].called = now;
			d->started[c] = now;
			d->serving_svc[c] = d->x[p].svc;
			d->busy_until[c] = now + (int64_t)d->x[p].duration;
			done++;
		}
	}
}

struct score {
	double err_queue, err_simple, err_blind, wait;
	size_t n, unserved;
};

static void score_day(const struct day *d, struct score *sc)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct sim_ticket *x = &d->x[i];
		if (x->est_queue < 0 || x->est_simple < 0 ||
		    x->est_blind < 0) { /* no open counter at arrival */
			sc->unserved++;
			continue;
		}
		double actual = (double)(x->called - d->t[i].arrival);
		sc->err_queue += fabs(x->est_queue - actual);
		sc->err_simple += fabs(x->est_simple - actual);
		sc->err_blind += fabs(x->est_blind - actual);
		sc->wait += actual;
		sc->n++;
	}
}

int main(int argc, char **argv)
{
	int days = argc > 1 ? atoi(argv[1]) : 20;
	if (days < 1)
		days = 1;
	struct call_policy_config cfg;
	call_policy_defaults(&cfg);
	static struct day day;
	struct score total = { 0 };
	for (int s = 0; s < N_SERVICES; s++)
		handling_learner_init(&learn[s], 600);
	printf("seed  tickets  mean_wait_min  mae_queue_min  mae_simple_min  ratio\n");
	for (int seed = 1; seed <= days; seed++) {
		memset(&day, 0, sizeof(day));
		rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL;
		generate(&day);
		run_day(&day, &cfg);
		struct score sc = { 0 };
		score_day(&day, &sc);
		printf("%4d  %7zu  %13.1f  %13.1f  %14.1f  %5.2f\n", seed, sc.n,
		       sc.wait / sc.n / 60, sc.err_queue / sc.n / 60, sc.err_simple / sc.n / 60,
		       sc.err_queue / sc.err_simple);
		total.err_queue += sc.err_queue;
		total.err_simple += sc.err_simple;
		total.err_blind += sc.err_blind;
		total.wait += sc.wait;
		total.n += sc.n;
		total.unserved += sc.unserved;
	}
	printf("all   %7zu  %13.1f  %13.1f  %14.1f  %5.2f\n", total.n, total.wait / total.n / 60,
	       total.err_queue / total.n / 60, total.err_simple / total.n / 60,
	       total.err_queue / total.err_simple);
	printf("without pause resume times: mae_queue %.1f min, ratio %.2f\n",
	       total.err_blind / total.n / 60, total.err_blind / total.err_simple);
	printf("(%zu arrivals while no open counter served their service were not scored)\n",
	       total.unserved);
	return 0;
}
