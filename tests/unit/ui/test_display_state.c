#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/display_state.h"
#include "ui/display_texts.h"

static struct display_call call(const char *number, int counter, const char *service)
{
	struct display_call c;

	memset(&c, 0, sizeof(c));
	snprintf(c.number, sizeof(c.number), "%s", number);
	c.counter = counter;
	snprintf(c.counter_label, sizeof(c.counter_label), "Platz %d", counter);
	snprintf(c.service, sizeof(c.service), "%s", service);
	return c;
}

static void new_call_blinks_then_moves_to_history(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call c = call("A 042", 3, "meldewesen");

	assert_true(display_state_call(&s, &c, 1000));
	assert_true(s.has_current);
	assert_string_equal(s.current.number, "A 042");
	assert_int_equal(s.n_history, 0);
	assert_true(display_state_blink_on(&s, 1000));
	assert_false(display_state_blink_on(&s, 1000 + 700));
	assert_true(display_state_blink_on(&s, 1000 + 1100));
	assert_false(display_state_tick(&s, 1000 + 2999));
	assert_true(s.has_current);
	assert_true(display_state_tick(&s, 1000 + 3000));
	assert_false(s.has_current);
	assert_int_equal(s.n_history, 1);
	assert_string_equal(s.history[0].number, "A 042");
	assert_int_equal(display_state_next_change(&s, 5000), -1);
}

static void next_change_follows_the_blink_phases(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call c = call("A 001", 1, "");

	display_state_call(&s, &c, 0);
	assert_int_equal(display_state_next_change(&s, 0), 600);
	assert_int_equal(display_state_next_change(&s, 650), 350);
	assert_int_equal(display_state_next_change(&s, 2900), 100);
	assert_int_equal(display_state_next_change(&s, 3100), 0);
}

static void a_newer_call_pushes_the_current_into_history(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call a = call("A 001", 1, ""), b = call("B 002", 2, "");

	display_state_call(&s, &a, 0);
	display_state_call(&s, &b, 100);
	assert_string_equal(s.current.number, "B 002");
	assert_int_equal(s.n_history, 1);
	assert_string_equal(s.history[0].number, "A 001");
}

static void recall_is_shown_once_and_blinks_again(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call a = call("A 001", 1, ""), b = call("B 002", 2, "");

	display_state_call(&s, &a, 0);
	display_state_tick(&s, 5000);
	display_state_call(&s, &b, 6000);
	display_state_tick(&s, 10000);
	assert_int_equal(s.n_history, 2);
	/* A recall of A 001 brings it back as current and out of the list. */
	assert_true(display_state_call(&s, &a, 11000));
	assert_string_equal(s.current.number, "A 001");
	assert_int_equal(s.n_history, 1);
	assert_string_equal(s.history[0].number, "B 002");
	/* A recall while it still blinks restarts the blinking, without a duplicate. */
	assert_true(display_state_call(&s, &a, 12000));
	assert_int_equal(s.current_since, 12000);
	assert_int_equal(s.n_history, 1);
	display_state_tick(&s, 20000);
	assert_int_equal(s.n_history, 2);
	assert_string_equal(s.history[0].number, "A 001");
	assert_string_equal(s.history[1].number, "B 002");
}

static void remembered_calls_go_straight_to_history(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call a = call("A 001", 1, ""), b = call("B 002", 2, "");

	display_state_call(&s, &b, 0);
	assert_true(display_state_remember(&s, &a));
	assert_string_equal(s.current.number, "B 002");
	assert_int_equal(s.n_history, 1);
	assert_string_equal(s.history[0].number, "A 001");
	/* The current call is not listed twice. */
	assert_true(display_state_remember(&s, &b));
	assert_int_equal(s.n_history, 1);
}

static void history_keeps_only_the_newest(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	s.history_max = 3;
	s.blinks = 0;
	char n[16];

	for (int i = 1; i <= 5; i++) {
		snprintf(n, sizeof(n), "A %03d", i);
		struct display_call c = call(n, i, "");
		display_state_call(&s, &c, i * 10);
	}
	assert_false(s.has_current);
	assert_int_equal(s.n_history, 3);
	assert_string_equal(s.history[0].number, "A 005");
	assert_string_equal(s.history[2].number, "A 003");
}

static void filter_drops_other_counters_and_services(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	s.filter.counters[0] = 3;
	s.filter.counters[1] = 4;
	s.filter.n_counters = 2;
	strcpy(s.filter.services[0], "kfz");
	s.filter.n_services = 1;
	struct display_call other_counter = call("C 001", 1, "kfz");
	struct display_call other_service = call("A 001", 3, "meldewesen");
	struct display_call ok = call("C 002", 4, "kfz");
	unsigned v = s.version;

	assert_false(display_state_call(&s, &other_counter, 0));
	assert_false(display_state_call(&s, &other_service, 0));
	assert_int_equal(s.version, v);
	assert_true(display_state_call(&s, &ok, 0));
	display_state_set_waiting(&s, "meldewesen", "Meldewesen", 4);
	display_state_set_waiting(&s, "kfz", "Kfz-Zulassung", 2);
	assert_int_equal(s.n_waiting, 1);
	assert_string_equal(s.waiting[0].service, "kfz");
}

static void reload_replaces_history_and_keeps_current(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);
	struct display_call cur = call("B 007", 2, "");
	struct display_call list[3] = { call("B 007", 2, ""), call("A 003", 1, ""),
		                        call("A 002", 1, "") };

	display_state_call(&s, &cur, 0);
	display_state_reload(&s, list, 3, 77);
	assert_true(s.has_current);
	assert_int_equal(s.n_history, 2);
	assert_string_equal(s.history[0].number, "A 003");
	assert_string_equal(s.history[1].number, "A 002");
	assert_int_equal(s.last_event_id, 77);
}

static void waiting_counts_change_the_version_only_when_they_change(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);

	display_state_set_waiting(&s, "kfz", "Kfz", 2);
	unsigned v = s.version;
	display_state_set_waiting(&s, "kfz", "Kfz", 2);
	assert_int_equal(s.version, v);
	display_state_set_waiting(&s, "kfz", NULL, 3);
	assert_int_equal(s.waiting[0].count, 3);
	assert_string_equal(s.waiting[0].label, "Kfz");
	assert_true(s.version != v);
	v = s.version;
	display_state_set_connected(&s, false);
	assert_int_equal(s.version, v);
	display_state_set_connected(&s, true);
	assert_true(s.version != v);
}

static void spoken_number_drops_leading_zeros(void **state)
{
	(void)state;
	char out[32];

	display_spoken_number("A 042", out, sizeof(out));
	assert_string_equal(out, "A 42");
	display_spoken_number("B 100", out, sizeof(out));
	assert_string_equal(out, "B 100");
	display_spoken_number("A 000", out, sizeof(out));
	assert_string_equal(out, "A 0");
	display_spoken_number("007", out, sizeof(out));
	assert_string_equal(out, "7");
	display_spoken_number("A 042", out, 3);
	assert_string_equal(out, "A ");
}

static void wait_estimates_belong_to_listed_services(void **state)
{
	(void)state;
	struct display_state s;
	display_state_init(&s);

	display_state_set_waiting(&s, "kfz", "Kfz", 2);
	assert_int_equal(s.waiting[0].wait_s, -1);
	unsigned v = s.version;
	display_state_set_wait(&s, "kfz", 1500);
	assert_int_equal(s.waiting[0].wait_s, 1500);
	assert_true(s.version != v);
	v = s.version;
	display_state_set_wait(&s, "kfz", 1500);
	display_state_set_wait(&s, "ausweise", 60); /* not listed: ignored */
	assert_int_equal(s.version, v);
	assert_int_equal(s.n_waiting, 1);
	display_state_set_wait(&s, "kfz", -7);
	assert_int_equal(s.waiting[0].wait_s, -1);
}

static void waits_are_rounded_to_five_minutes_in_the_display_language(void **state)
{
	(void)state;
	char out[64];
	bool found;
	const struct display_texts *de = display_texts_get("de", &found);
	assert_true(found);

	display_format_wait(de, -1, out, sizeof(out));
	assert_string_equal(out, "");
	display_format_wait(de, 0, out, sizeof(out));
	assert_string_equal(out, "unter 5 Min.");
	display_format_wait(de, 299, out, sizeof(out));
	assert_string_equal(out, "unter 5 Min.");
	display_format_wait(de, 1330, out, sizeof(out)); /* 22:10 */
	assert_string_equal(out, "ca. 20 Min.");
	display_format_wait(de, 1360, out, sizeof(out)); /* 22:40 */
	assert_string_equal(out, "ca. 25 Min.");
	display_format_wait(de, 3 * 3600, out, sizeof(out));
	assert_string_equal(out, "über 3 Std.");
	display_format_wait(display_texts_get("tr", &found), 600, out, sizeof(out));
	assert_true(found);
	assert_string_equal(out, "yaklaşık 10 dk");
	display_format_wait(display_texts_get("en", NULL), 600, out, sizeof(out));
	assert_string_equal(out, "approx. 10 min");
	/* Unknown languages fall back to German. */
	assert_string_equal(display_texts_get("xx", &found)->lang, "de");
	assert_false(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_call_blinks_then_moves_to_history),
		cmocka_unit_test(next_change_follows_the_blink_phases),
		cmocka_unit_test(a_newer_call_pushes_the_current_into_history),
		cmocka_unit_test(recall_is_shown_once_and_blinks_again),
		cmocka_unit_test(remembered_calls_go_straight_to_history),
		cmocka_unit_test(history_keeps_only_the_newest),
		cmocka_unit_test(filter_drops_other_counters_and_services),
		cmocka_unit_test(reload_replaces_history_and_keeps_current),
		cmocka_unit_test(waiting_counts_change_the_version_only_when_they_change),
		cmocka_unit_test(spoken_number_drops_leading_zeros),
		cmocka_unit_test(wait_estimates_belong_to_listed_services),
		cmocka_unit_test(waits_are_rounded_to_five_minutes_in_the_display_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
