#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/wait_estimate.h"

#define T0 1774771200

static const char *const kfz[] = { "kfz" };
static const char *const pass[] = { "pass" };
static const char *const all[] = { "kfz", "pass" };
static const struct wait_service services[] = { { "kfz", 600 }, { "pass", 300 } };

static struct ticket walk_in(int64_t id, const char *service, int64_t arrival)
{
	struct ticket t = { .id = id, .kind = TICKET_WALK_IN, .arrival = arrival };
	snprintf(t.service, sizeof(t.service), "%s", service);
	return t;
}

static struct wait_input input(const struct ticket *q, size_t n, const struct counter_view *c,
                               size_t nc, const int64_t *busy)
{
	struct wait_input in = { .waiting = q,
		                 .n_waiting = n,
		                 .counters = c,
		                 .n_counters = nc,
		                 .counter_busy_until = busy,
		                 .services = services,
		                 .n_services = 2,
		                 .now = T0 };
	return in;
}

static void learner_starts_at_the_prior(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 420);
	assert_float_equal(handling_learner_estimate(&l), 420, 1e-9);
	handling_learner_add(&l, 180); /* one sample moves it only about a fifth of the way */
	double w = 4.0 * 31 / 32;
	assert_float_equal(handling_learner_estimate(&l), (420 * w + 180) / (w + 1), 1e-9);
}

static void learner_follows_many_samples(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 900);
	for (int i = 0; i < 100; i++)
		handling_learner_add(&l, 240 + (i % 5) * 30); /* mean 300 */
	double e = handling_learner_estimate(&l);
	assert_float_equal(e, 300, 5); /* a full window: the prior (900) no longer counts */
}

static void learner_is_robust_to_outliers(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 300);
	for (int i = 0; i < 30; i++)
		handling_learner_add(&l, 300);
	handling_learner_add(&l, 4 * 3600 - 1); /* a counter left open for hours */
	handling_learner_add(&l, 6);            /* a mis-click */
	assert_float_equal(handling_learner_estimate(&l), 300, 1e-9);
}

static void learner_ignores_absurd_values(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 300);
	handling_learner_add(&l, 4.9);
	handling_learner_add(&l, 4 * 3600 + 1);
	handling_learner_add(&l, NAN);
	handling_learner_add(&l, -60);
	assert_int_equal(l.n, 0);
	assert_float_equal(handling_learner_estimate(&l), 300, 1e-9);
}

static void learner_forgets_old_samples(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 600);
	for (int i = 0; i < 50; i++)
		handling_learner_add(&l, 1200);
	for (int i = 0; i < HANDLING_WINDOW; i++)
		handling_learner_add(&l, 600);
	assert_int_equal(l.n, HANDLING_WINDOW);
	assert_float_equal(handling_learner_estimate(&l), 600, 1e-9);
}

static void learner_keeps_the_mean_of_skewed_times(void **state)
{
	(void)state;
	struct handling_learner l;
	handling_learner_init(&l, 600);
	/* 28 quick cases and 4 long ones (an eighth): real work, not outliers to drop */
	for (int i = 0; i < 32; i++)
		handling_learner_add(&l, i % 8 == 0 ? 1200 : 300);
	double e = handling_learner_estimate(&l);
	assert_float_equal(e, (28 * 300 + 4 * 1200) / 32.0, 1e-9);
}

static void expected_end_is_never_right_now(void **state)
{
	(void)state;
	assert_int_equal(wait_expected_end(T0, 600, T0 + 100), T0 + 600);
	assert_int_equal(wait_expected_end(T0, 600, T0 + 500), T0 + 500 + 180);
	assert_int_equal(wait_expected_end(T0, 600, T0 + 900), T0 + 900 + 180);
}

static void one_counter_serves_the_queue_in_turn(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(3, "kfz", T0 - 60), walk_in(1, "kfz", T0 - 300),
		              walk_in(2, "kfz", T0 - 120) };
	int64_t busy[] = { T0 + 200 };
	struct wait_input in = input(q, 3, c, 1, busy);
	double out[3];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[1], 200, 1e-9);
	assert_float_equal(out[2], 800, 1e-9);
	assert_float_equal(out[0], 1400, 1e-9);
	assert_int_equal(q[0].overtaken, 0); /* the input is not touched */
}

static void counters_share_the_work_by_skills(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false }, { 2, all, 2, false } };
	struct ticket q[] = { walk_in(1, "pass", T0 - 300), walk_in(2, "kfz", T0 - 200),
		              walk_in(3, "kfz", T0 - 100), walk_in(4, "pass", T0 - 50) };
	struct wait_input in = input(q, 4, c, 2, NULL);
	double out[4];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	/* t=0: counter 1 takes kfz #2, counter 2 takes pass #1 (earliest); t=300: counter 2
	 * takes kfz #3 (arrived before pass #4); t=600: counter 1 is free but serves no pass,
	 * so #4 waits for counter 2 until t=900 */
	assert_float_equal(out[0], 0, 1e-9);
	assert_float_equal(out[1], 0, 1e-9);
	assert_float_equal(out[2], 300, 1e-9);
	assert_float_equal(out[3], 900, 1e-9);
}

static void paused_counters_and_unserved_services(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false }, { 2, pass, 1, true } };
	struct ticket q[] = { walk_in(1, "pass", T0 - 300), walk_in(2, "kfz", T0 - 200),
		              walk_in(3, "gewerbe", T0 - 100), walk_in(4, "kfz", T0 - 50) };
	struct wait_input in = input(q, 4, c, 2, NULL);
	double out[4];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], -1, 1e-9); /* only a paused counter serves it */
	assert_float_equal(out[1], 0, 1e-9);
	assert_float_equal(out[2], -1, 1e-9); /* nobody serves it */
	assert_float_equal(out[3], 600, 1e-9);
	c[1].paused = false;
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], 0, 1e-9);
}

static void appointment_due_later_is_simulated_at_its_time(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0 - 200),
		              walk_in(3, "kfz", T0 - 100), walk_in(4, "kfz", T0 - 50) };
	q[3].kind = TICKET_APPOINTMENT;
	q[3].due = T0 + 900; /* due window opens at T0+600 */
	struct wait_input in = input(q, 4, c, 1, NULL);
	double out[4];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], 0, 1e-9);
	assert_float_equal(out[3], 600, 1e-9); /* jumps ahead once due */
	assert_float_equal(out[1], 1200, 1e-9);
	assert_float_equal(out[2], 1800, 1e-9);
}

static void expected_appointments_join_when_due(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0 - 200),
		              walk_in(3, "kfz", T0 - 100) };
	struct ticket booked[] = { { .id = 50, .service = "kfz", .due = T0 + 900 },
		                   { .id = 51, .service = "pass", .due = T0 } };
	struct wait_input in = input(q, 3, c, 1, NULL);
	in.expected = booked;
	in.n_expected = 2;
	double out[3];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	/* t=0 #1; t=600 the booking (due window open since T0+600) goes before #2 */
	assert_float_equal(out[0], 0, 1e-9);
	assert_float_equal(out[1], 1200, 1e-9);
	assert_float_equal(out[2], 1800, 1e-9);
	assert_int_equal(booked[0].status, TICKET_WAITING); /* the input is not touched */
}

static void idle_counter_waits_for_an_expected_appointment(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300) };
	struct ticket booked[] = { { .id = 50, .service = "kfz", .due = T0 + 600 } };
	int64_t busy[] = { T0 + 200 };
	struct wait_input in = input(q, 1, c, 1, busy);
	in.expected = booked;
	in.n_expected = 1;
	double out[1];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], 200, 1e-9); /* the booking only joins at T0+300 */
	busy[0] = T0 + 100 + 600;
	q[0].arrival = T0 + 50; /* walk-in arrives after the booking's window opened */
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], 1300, 1e-9); /* the due booking goes first at T0+700 */
}

static void paused_counter_with_resume_time_comes_back(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, true }, { 2, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0 - 200),
		              walk_in(3, "kfz", T0 - 100) };
	int64_t resume[] = { T0 + 300, 0 };
	struct wait_input in = input(q, 3, c, 2, NULL);
	in.counter_resume_at = resume;
	double out[3];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], 0, 1e-9);   /* counter 2 */
	assert_float_equal(out[1], 300, 1e-9); /* counter 1, back from its pause */
	assert_float_equal(out[2], 600, 1e-9); /* counter 2 again */
	resume[0] = T0;                        /* overdue: unknown, ignored */
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[1], 600, 1e-9);
}

static void absurd_handling_times_fall_back_to_the_default(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0 - 200) };
	struct wait_service bad[] = { { "kfz", NAN } };
	struct wait_input in = input(q, 2, c, 1, NULL);
	in.services = bad;
	in.n_services = 1;
	double out[2];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[1], WAIT_DEFAULT_HANDLING_S, 1e-9);
	bad[0].handling_s = 0;
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[1], WAIT_DEFAULT_HANDLING_S, 1e-9);
}

static void priority_ticket_is_estimated_first(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0) };
	q[1].priority = 1;
	struct wait_input in = input(q, 2, c, 1, NULL);
	double out[2];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[1], 0, 1e-9);
	assert_float_equal(out[0], 600, 1e-9);
}

static void tickets_not_waiting_get_no_estimate(void **state)
{
	(void)state;
	struct counter_view c[] = { { 1, kfz, 1, false } };
	struct ticket q[] = { walk_in(1, "kfz", T0 - 300), walk_in(2, "kfz", T0) };
	q[0].status = TICKET_PARKED;
	struct wait_input in = input(q, 2, c, 1, NULL);
	double out[2];
	assert_int_equal(wait_estimate_queue(&in, out), 0);
	assert_float_equal(out[0], -1, 1e-9);
	assert_float_equal(out[1], 0, 1e-9);
	assert_int_equal(wait_estimate_queue(NULL, out), -EINVAL);
	assert_int_equal(wait_estimate_queue(&in, NULL), -EINVAL);
}

static void simple_formula_divides_by_open_counters(void **state)
{
	(void)state;
	assert_float_equal(wait_estimate_simple(600, 3, 2), 900, 1e-9);
	assert_float_equal(wait_estimate_simple(600, 0, 2), 0, 1e-9);
	assert_float_equal(wait_estimate_simple(600, 3, 0), -1, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(learner_starts_at_the_prior),
		cmocka_unit_test(learner_follows_many_samples),
		cmocka_unit_test(learner_is_robust_to_outliers),
		cmocka_unit_test(learner_ignores_absurd_values),
		cmocka_unit_test(learner_forgets_old_samples),
		cmocka_unit_test(learner_keeps_the_mean_of_skewed_times),
		cmocka_unit_test(expected_end_is_never_right_now),
		cmocka_unit_test(one_counter_serves_the_queue_in_turn),
		cmocka_unit_test(counters_share_the_work_by_skills),
		cmocka_unit_test(paused_counters_and_unserved_services),
		cmocka_unit_test(appointment_due_later_is_simulated_at_its_time),
		cmocka_unit_test(expected_appointments_join_when_due),
		cmocka_unit_test(idle_counter_waits_for_an_expected_appointment),
		cmocka_unit_test(paused_counter_with_resume_time_comes_back),
		cmocka_unit_test(absurd_handling_times_fall_back_to_the_default),
		cmocka_unit_test(priority_ticket_is_estimated_first),
		cmocka_unit_test(tickets_not_waiting_get_no_estimate),
		cmocka_unit_test(simple_formula_divides_by_open_counters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
