#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/opening_hours.h"

static void opening_hours_are_parsed_and_checked(void **state)
{
	(void)state;
	const char *spec = "07:30-12:00, 13:00-18:00";

	assert_int_equal(opening_hours_open(spec, 7 * 60 + 29), 0);
	assert_int_equal(opening_hours_open(spec, 7 * 60 + 30), 1);
	assert_int_equal(opening_hours_open(spec, 12 * 60 + 30), 0);
	assert_int_equal(opening_hours_open(spec, 17 * 60 + 59), 1);
	assert_int_equal(opening_hours_open(spec, 18 * 60), 0);
	assert_int_equal(opening_hours_open("", 3), 1);
	assert_int_equal(opening_hours_open("7-12", 3), -EINVAL);
	assert_int_equal(opening_hours_open("07:00-25:00", 3), -EINVAL);
	assert_int_equal(opening_hours_open("07:00-12:00 x", 3), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opening_hours_are_parsed_and_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
