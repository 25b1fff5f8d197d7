#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/numbering.h"
#include "core/ticket.h"

struct taken_set {
	bool taken[NUMBER_MAX + 1];
	int calls;
};

static bool is_taken(void *ctx, int number)
{
	struct taken_set *t = ctx;
	t->calls++;
	return t->taken[number];
}

static void take(struct taken_set *t, int first, int last)
{
	for (int n = first; n <= last; n++)
		t->taken[n] = true;
}

static struct taken_set set;

static int reset(void **state)
{
	(void)state;
	memset(&set, 0, sizeof(set));
	return 0;
}

static void first_number_of_the_day_is_range_start(void **state)
{
	(void)state;
	struct number_range r = { 1, 999 };
	assert_int_equal(numbering_next(&r, 0, is_taken, &set), 1);
	struct number_range r2 = { 100, 199 };
	assert_int_equal(numbering_next(&r2, 0, is_taken, &set), 100);
	assert_int_equal(numbering_next(&r2, 150, is_taken, &set), 151);
}

static void next_wraps_around_and_skips_live_numbers(void **state)
{
	(void)state;
	struct number_range r = { 1, 10 };
	take(&set, 10, 10);
	take(&set, 1, 2);
	assert_int_equal(numbering_next(&r, 9, is_taken, &set), 3);
	assert_int_equal(numbering_next(&r, 10, is_taken, &set), 3);
	assert_int_equal(numbering_next(&r, 4, is_taken, &set), 5);
}

static void next_reports_enospc_when_every_number_is_live(void **state)
{
	(void)state;
	struct number_range r = { 1, 5 };
	take(&set, 1, 5);
	assert_int_equal(numbering_next(&r, 3, is_taken, &set), -ENOSPC);
	assert_int_equal(set.calls, 5); /* each number asked once, no endless loop */
	set.taken[2] = false;
	assert_int_equal(numbering_next(&r, 3, is_taken, &set), 2);
}

static void bad_ranges_are_rejected(void **state)
{
	(void)state;
	struct number_range bad[] = { { 0, 10 }, { 5, 4 }, { 1, 10000 }, { -3, 2 } };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(numbering_validate_range(&bad[i]), -EINVAL);
		assert_int_equal(numbering_next(&bad[i], 0, is_taken, &set), -EINVAL);
	}
	struct number_range ok = { 1, 9999 }, single = { 7, 7 };
	assert_int_equal(numbering_validate_range(&ok), 0);
	assert_int_equal(numbering_validate_range(&single), 0);
	assert_int_equal(numbering_validate_range(NULL), -EINVAL);
	assert_int_equal(numbering_next(&ok, 0, NULL, NULL), -EINVAL);
}

static void leased_block_starts_after_last_issued(void **state)
{
	(void)state;
	struct number_range r = { 1, 999 };
	struct number_block b;
	take(&set, 1, 20);
	assert_int_equal(numbering_lease_block(&r, 20, 50, is_taken, &set, &b), 0);
	assert_int_equal(b.first, 21);
	assert_int_equal(b.last, 70);
}

static void lease_skips_live_numbers_inside_a_candidate(void **state)
{
	(void)state;
	struct number_range r = { 1, 999 };
	struct number_block b;
	take(&set, 25, 25);
	assert_int_equal(numbering_lease_block(&r, 20, 10, is_taken, &set, &b), 0);
	assert_int_equal(b.first, 26);
	assert_int_equal(b.last, 35);
}

static void leased_numbers_are_skipped_by_the_hub(void **state)
{
	(void)state;
	struct number_range r = { 1, 999 };
	struct number_block b;
	assert_int_equal(numbering_lease_block(&r, 0, 100, is_taken, &set, &b), 0);
	take(&set, b.first, b.last); /* the store marks the block as taken */
	assert_int_equal(numbering_next(&r, 0, is_taken, &set), 101);
	assert_int_equal(numbering_next(&r, 50, is_taken, &set), 101);
}

static void lease_wraps_to_the_range_start_without_splitting(void **state)
{
	(void)state;
	struct number_range r = { 1, 100 };
	struct number_block b;
	take(&set, 1, 5);
	/* 96..100 is too short for 10 numbers; the block must not span 100 -> 1 */
	assert_int_equal(numbering_lease_block(&r, 95, 10, is_taken, &set, &b), 0);
	assert_int_equal(b.first, 6);
	assert_int_equal(b.last, 15);
	/* the whole lap is searched, including the numbers before last_issued */
	take(&set, 6, 100);
	set.taken[3] = set.taken[4] = false;
	assert_int_equal(numbering_lease_block(&r, 50, 2, is_taken, &set, &b), 0);
	assert_int_equal(b.first, 3);
	assert_int_equal(b.last, 4);
}

static void lease_reports_enospc_without_a_long_enough_gap(void **state)
{
	(void)state;
	struct number_range r = { 1, 100 };
	struct number_block b = { -1, -1 };
	for (int n = 1; n <= 100; n += 10)
		set.taken[n] = true; /* gaps of 9 */
	assert_int_equal(numbering_lease_block(&r, 0, 10, is_taken, &set, &b), -ENOSPC);
	assert_int_equal(numbering_lease_block(&r, 0, 101, is_taken, &set, &b), -ENOSPC);
	assert_int_equal(numbering_lease_block(&r, 0, 0, is_taken, &set, &b), -EINVAL);
	assert_int_equal(b.first, -1);
	assert_int_equal(numbering_lease_block(&r, 0, 9, is_taken, &set, &b), 0);
	assert_int_equal(b.first, 2);
}

static void label_is_padded_to_the_width_of_the_range(void **state)
{
	(void)state;
	char out[TICKET_LABEL_MAX];
	struct number_range r999 = { 1, 999 }, r9999 = { 1, 9999 }, r50 = { 1, 50 };
	assert_int_equal(ticket_format_label('A', 42, &r999, out, sizeof(out)), 5);
	assert_string_equal(out, "A 042");
	assert_int_equal(ticket_format_label('B', 7, &r9999, out, sizeof(out)), 6);
	assert_string_equal(out, "B 0007");
	assert_int_equal(ticket_format_label('C', 50, &r50, out, sizeof(out)), 4);
	assert_string_equal(out, "C 50");
	assert_int_equal(ticket_format_label('\0', 5, &r999, out, sizeof(out)), 3);
	assert_string_equal(out, "005");
}

static void label_rejects_numbers_outside_the_range_and_short_buffers(void **state)
{
	(void)state;
	char out[TICKET_LABEL_MAX];
	struct number_range r = { 100, 199 };
	assert_int_equal(ticket_format_label('A', 99, &r, out, sizeof(out)), -EINVAL);
	assert_int_equal(ticket_format_label('A', 200, &r, out, sizeof(out)), -EINVAL);
	assert_int_equal(ticket_format_label(' ', 150, &r, out, sizeof(out)), -EINVAL);
	assert_int_equal(ticket_format_label('A', 150, &r, out, 5), -ENOSPC);
	assert_string_equal(out, "");
	assert_int_equal(ticket_format_label('A', 150, &r, out, 6), 5);
}

static void service_day_counts_civil_days_from_1970(void **state)
{
	(void)state;
	assert_int_equal(service_day_from_local(1970, 1, 1), 0);
	assert_int_equal(service_day_from_local(1969, 12, 31), -1);
	assert_int_equal(service_day_from_local(2000, 3, 1), 11017);
	assert_int_equal(service_day_from_local(2026, 1, 1), 20454);
}

static void dst_change_days_are_single_civil_days(void **state)
{
	(void)state;
	/* Europe/Berlin 2026: CET->CEST on Sunday 29 March (a 23 h day), back on Sunday
	 * 25 October (a 25 h day). Whatever the day's length, consecutive dates are
	 * consecutive service days. */
	int mar29 = service_day_from_local(2026, 3, 29);
	assert_int_equal(mar29, 20454 + 31 + 28 + 28);
	assert_int_equal(service_day_from_local(2026, 3, 28), mar29 - 1);
	assert_int_equal(service_day_from_local(2026, 3, 30), mar29 + 1);
	int oct25 = service_day_from_local(2026, 10, 25);
	assert_int_equal(service_day_from_local(2026, 10, 24), oct25 - 1);
	assert_int_equal(service_day_from_local(2026, 10, 26), oct25 + 1);
	assert_int_equal(oct25 - mar29, 210);
	int y, m, d;
	service_day_to_civil(oct25, &y, &m, &d);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 10);
	assert_int_equal(d, 25);
}

static void leap_years_follow_the_gregorian_rules(void **state)
{
	(void)state;
	assert_int_equal(service_day_from_local(2024, 3, 1) - service_day_from_local(2024, 2, 28),
	                 2);
	assert_int_equal(service_day_from_local(2100, 3, 1) - service_day_from_local(2100, 2, 28),
	                 1);
	assert_int_equal(service_day_from_local(2000, 3, 1) - service_day_from_local(2000, 2, 28),
	                 2);
	assert_int_equal(service_day_from_local(2027, 1, 1) - service_day_from_local(2026, 1, 1),
	                 365);
	assert_int_equal(service_day_from_local(2029, 1, 1) - service_day_from_local(2028, 1, 1),
	                 366);
	assert_true(civil_date_valid(2024, 2, 29));
	assert_true(civil_date_valid(2000, 2, 29));
	assert_false(civil_date_valid(2100, 2, 29));
	assert_false(civil_date_valid(2026, 2, 29));
	assert_false(civil_date_valid(2026, 4, 31));
	assert_false(civil_date_valid(2026, 13, 1));
	assert_false(civil_date_valid(2026, 0, 1));
	assert_false(civil_date_valid(2026, 1, 0));
	assert_true(civil_date_valid(2026, 12, 31));
}

static void service_day_round_trips(void **state)
{
	(void)state;
	int prev = service_day_from_local(1899, 12, 31);
	for (int day = prev + 1; day < prev + 200 * 366; day++) {
		int y, m, d;
		service_day_to_civil(day, &y, &m, &d);
		assert_true(civil_date_valid(y, m, d));
		assert_int_equal(service_day_from_local(y, m, d), day);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(first_number_of_the_day_is_range_start, reset),
		cmocka_unit_test_setup(next_wraps_around_and_skips_live_numbers, reset),
		cmocka_unit_test_setup(next_reports_enospc_when_every_number_is_live, reset),
		cmocka_unit_test_setup(bad_ranges_are_rejected, reset),
		cmocka_unit_test_setup(leased_block_starts_after_last_issued, reset),
		cmocka_unit_test_setup(lease_skips_live_numbers_inside_a_candidate, reset),
		cmocka_unit_test_setup(leased_numbers_are_skipped_by_the_hub, reset),
		cmocka_unit_test_setup(lease_wraps_to_the_range_start_without_splitting, reset),
		cmocka_unit_test_setup(lease_reports_enospc_without_a_long_enough_gap, reset),
		cmocka_unit_test(label_is_padded_to_the_width_of_the_range),
		cmocka_unit_test(label_rejects_numbers_outside_the_range_and_short_buffers),
		cmocka_unit_test(service_day_counts_civil_days_from_1970),
		cmocka_unit_test(dst_change_days_are_single_civil_days),
		cmocka_unit_test(leap_years_follow_the_gregorian_rules),
		cmocka_unit_test(service_day_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
