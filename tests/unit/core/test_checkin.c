#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/checkin.h"

static const int64_t start = 1774771200; /* 2026-03-29 10:00 CEST */

static void defaults_are_thirty_minutes_early_ten_late(void **state)
{
	(void)state;
	struct checkin_window_config cfg;
	checkin_window_defaults(&cfg);
	assert_int_equal(cfg.early_s, 1800);
	assert_int_equal(cfg.late_s, 600);
}

static void window_edges_are_inclusive(void **state)
{
	(void)state;
	assert_int_equal(checkin_window_check(start, start - 1801, 1800, 600), CHECKIN_TOO_EARLY);
	assert_int_equal(checkin_window_check(start, start - 1800, 1800, 600), CHECKIN_OK);
	assert_int_equal(checkin_window_check(start, start, 1800, 600), CHECKIN_OK);
	assert_int_equal(checkin_window_check(start, start + 600, 1800, 600), CHECKIN_OK);
	assert_int_equal(checkin_window_check(start, start + 601, 1800, 600), CHECKIN_TOO_LATE);
}

static void zero_width_window_admits_only_the_start(void **state)
{
	(void)state;
	assert_int_equal(checkin_window_check(start, start, 0, 0), CHECKIN_OK);
	assert_int_equal(checkin_window_check(start, start - 1, 0, 0), CHECKIN_TOO_EARLY);
	assert_int_equal(checkin_window_check(start, start + 1, 0, 0), CHECKIN_TOO_LATE);
}

static void window_names_match_the_api(void **state)
{
	(void)state;
	assert_string_equal(checkin_window_name(CHECKIN_OK), "ok");
	assert_string_equal(checkin_window_name(CHECKIN_TOO_EARLY), "too_early");
	assert_string_equal(checkin_window_name(CHECKIN_TOO_LATE), "too_late");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_are_thirty_minutes_early_ten_late),
		cmocka_unit_test(window_edges_are_inclusive),
		cmocka_unit_test(zero_width_window_admits_only_the_start),
		cmocka_unit_test(window_names_match_the_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
