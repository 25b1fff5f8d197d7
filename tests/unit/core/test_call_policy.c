#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/call_policy.h"

#define T0 1774771200 /* 10:00 */

static const char *const both[] = { "meldewesen", "kfz" };
static const char *const kfz_only[] = { "kfz" };
static const struct counter_view desk_both = { 1, both, 2, false };
static const struct counter_view desk_kfz = { 2, kfz_only, 1, false };

static struct ticket walk_in(int64_t id, const char *service, int64_t arrival)
{
	struct ticket t = { .id = id, .kind = TICKET_WALK_IN, .arrival = arrival };
	snprintf(t.service, sizeof(t.service), "%s", service);
	return t;
}

static struct ticket appointment(int64_t id, const char *service, int64_t arrival, int64_t due)
{
	struct ticket t = walk_in(id, service, arrival);
	t.kind = TICKET_APPOINTMENT;
	t.due = due;
	return t;
}

static struct call_policy_config cfg(void)
{
	struct call_policy_config c;
	call_policy_defaults(&c);
	return c;
}

static void defaults_match_the_documented_values(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	assert_int_equal(c.appointment_early_s, 300);
	assert_int_equal(c.max_overtakes, 5);
	assert_int_equal(c.max_extra_wait_s, 1800);
	assert_int_equal(c.max_calls, 3);
}

static void walk_ins_are_called_in_arrival_order(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 + 60), walk_in(2, "meldewesen", T0),
		              walk_in(3, "kfz", T0 + 30) };
	assert_int_equal(call_policy_pick(q, 3, &desk_both, &c, T0 + 100), 1);
}

static void priority_beats_everything(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { appointment(1, "kfz", T0 - 600, T0), walk_in(2, "kfz", T0 - 3600),
		              walk_in(3, "kfz", T0 + 50) };
	q[1].overtaken = 10; /* starved, yet not above a higher priority */
	q[2].priority = 1;
	assert_int_equal(call_policy_pick(q, 3, &desk_kfz, &c, T0 + 60), 2);
}

static void call_next_prefers_due_appointment(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 - 1200), appointment(2, "kfz", T0 - 60, T0) };
	/* due from 09:55 */
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0 - 300), 1);
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0 + 900), 1);
}

static void not_yet_due_appointment_waits_its_turn(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { appointment(1, "kfz", T0 - 1500, T0), walk_in(2, "kfz", T0 - 1200),
		              walk_in(3, "kfz", T0 - 900) };
	/* 09:54: one second before its window, the early appointment is the first arrival */
	assert_int_equal(call_policy_pick(q, 3, &desk_kfz, &c, T0 - 301), 0);
	q[0].arrival = T0 - 1000; /* arrived between the two walk-ins */
	assert_int_equal(call_policy_pick(q, 3, &desk_kfz, &c, T0 - 301), 1);
}

static void earliest_due_appointment_first(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { appointment(1, "kfz", T0 - 900, T0 + 120),
		              appointment(2, "kfz", T0 - 60, T0) };
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
}

static void starvation_guard_after_max_overtakes(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 - 600), appointment(2, "kfz", T0 - 60, T0) };
	q[0].overtaken = 4;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
	q[0].overtaken = 5;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 0);
}

static void starvation_guard_after_extra_wait(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 - 1800), appointment(2, "kfz", T0 - 60, T0) };
	/* a long wait alone does not promote: nobody overtook it yet */
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0 + 1), 1);
	q[0].overtaken = 1;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0 - 1), 1); /* 1799 s */
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 0);     /* 1800 s */
}

static void starvation_guard_can_be_switched_off(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	c.max_overtakes = 0;
	c.max_extra_wait_s = 0;
	struct ticket q[] = { walk_in(1, "kfz", T0 - 7200), appointment(2, "kfz", T0 - 60, T0) };
	q[0].overtaken = 50;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
	q[0].overtaken = 0; /* not "overtaken >= 0 means starved" */
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
}

static void starved_walk_ins_keep_arrival_order(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 - 500), walk_in(2, "kfz", T0 - 900),
		              appointment(3, "kfz", T0 - 60, T0) };
	q[0].overtaken = q[1].overtaken = 6;
	assert_int_equal(call_policy_pick(q, 3, &desk_kfz, &c, T0), 1);
}

static void counter_only_calls_services_it_serves(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "meldewesen", T0 - 900), walk_in(2, "kfz", T0 - 60) };
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
	assert_int_equal(call_policy_pick(q, 2, &desk_both, &c, T0), 0);
	assert_int_equal(call_policy_pick(q, 1, &desk_kfz, &c, T0), -1);
	assert_true(counter_serves(&desk_both, "meldewesen"));
	assert_false(counter_serves(&desk_kfz, "meldewesen"));
	assert_false(counter_serves(&desk_kfz, "kf"));
}

static void tickets_not_waiting_are_skipped(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[] = { walk_in(1, "kfz", T0 - 900), walk_in(2, "kfz", T0 - 60) };
	q[0].status = TICKET_PARKED;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), 1);
	q[1].status = TICKET_CALLED;
	assert_int_equal(call_policy_pick(q, 2, &desk_kfz, &c, T0), -1);
	assert_int_equal(call_policy_pick(NULL, 0, &desk_kfz, &c, T0), -1);
}

static void pick_is_deterministic_whatever_the_array_order(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	/* same arrival: the lower id wins, in either order */
	struct ticket a[] = { walk_in(7, "kfz", T0), walk_in(5, "kfz", T0) };
	struct ticket b[] = { walk_in(5, "kfz", T0), walk_in(7, "kfz", T0) };
	assert_int_equal(a[call_policy_pick(a, 2, &desk_kfz, &c, T0)].id, 5);
	assert_int_equal(b[call_policy_pick(b, 2, &desk_kfz, &c, T0)].id, 5);
	/* same due: earlier arrival, then id */
	struct ticket d[] = { appointment(9, "kfz", T0 - 100, T0),
		              appointment(4, "kfz", T0 - 100, T0),
		              appointment(3, "kfz", T0 - 50, T0) };
	assert_int_equal(d[call_policy_pick(d, 3, &desk_kfz, &c, T0)].id, 4);
}

static void overtaken_tickets_are_counted(void **state)
{
	(void)state;
	struct ticket q[] = { walk_in(1, "kfz", T0 - 900), walk_in(2, "meldewesen", T0 - 800),
		              walk_in(3, "kfz", T0 - 700), appointment(4, "kfz", T0 - 60, T0),
		              walk_in(5, "kfz", T0 - 30) };
	q[2].status = TICKET_PARKED;
	call_policy_note_overtakes(q, 5, 3, &desk_kfz);
	assert_int_equal(q[0].overtaken, 1); /* earlier, same counter: overtaken */
	assert_int_equal(q[1].overtaken, 0); /* not a service of this counter */
	assert_int_equal(q[2].overtaken, 0); /* parked, not waiting */
	assert_int_equal(q[3].overtaken, 0); /* the picked one */
	assert_int_equal(q[4].overtaken, 0); /* arrived later */
	call_policy_note_overtakes(q, 5, 0, &desk_both);
	assert_int_equal(q[1].overtaken, 0); /* called in arrival order: nobody overtaken */
}

static void repeated_overtakes_lead_to_promotion(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket q[8];
	q[0] = walk_in(1, "kfz", T0 - 900);
	for (int i = 1; i < 8; i++)
		q[i] = appointment(1 + i, "kfz", T0 - 600 + i, T0 + 60 * i);
	int64_t now = T0;
	int order = 0;
	for (;; order++) {
		int p = call_policy_pick(q, 8, &desk_kfz, &c, now);
		assert_true(p >= 0);
		if (p == 0)
			break;
		call_policy_note_overtakes(q, 8, (size_t)p, &desk_kfz);
		q[p].status = TICKET_CALLED;
		now += 60;
	}
	assert_int_equal(order, c.max_overtakes); /* five appointments, then the walk-in */
	assert_int_equal(q[0].overtaken, c.max_overtakes);
}

static void calls_are_exhausted_at_max_calls(void **state)
{
	(void)state;
	struct call_policy_config c = cfg();
	struct ticket t = walk_in(1, "kfz", T0);
	t.calls = 2;
	assert_false(call_policy_exhausted(&t, &c));
	t.calls = 3;
	assert_true(call_policy_exhausted(&t, &c));
	c.max_calls = 1;
	t.calls = 1;
	assert_true(call_policy_exhausted(&t, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_match_the_documented_values),
		cmocka_unit_test(walk_ins_are_called_in_arrival_order),
		cmocka_unit_test(priority_beats_everything),
		cmocka_unit_test(call_next_prefers_due_appointment),
		cmocka_unit_test(not_yet_due_appointment_waits_its_turn),
		cmocka_unit_test(earliest_due_appointment_first),
		cmocka_unit_test(starvation_guard_after_max_overtakes),
		cmocka_unit_test(starvation_guard_after_extra_wait),
		cmocka_unit_test(starvation_guard_can_be_switched_off),
		cmocka_unit_test(starved_walk_ins_keep_arrival_order),
		cmocka_unit_test(counter_only_calls_services_it_serves),
		cmocka_unit_test(tickets_not_waiting_are_skipped),
		cmocka_unit_test(pick_is_deterministic_whatever_the_array_order),
		cmocka_unit_test(overtaken_tickets_are_counted),
		cmocka_unit_test(repeated_overtakes_lead_to_promotion),
		cmocka_unit_test(calls_are_exhausted_at_max_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
