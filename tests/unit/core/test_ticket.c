#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/ticket.h"

static void every_status_name_parses_back(void **state)
{
	(void)state;
	static const char *const names[] = { "waiting", "called", "serving",  "finished",
		                             "no_show", "parked", "cancelled" };
	for (int s = TICKET_WAITING; s <= TICKET_CANCELLED; s++) {
		enum ticket_status back;
		assert_string_equal(ticket_status_name((enum ticket_status)s), names[s]);
		assert_int_equal(ticket_status_parse(names[s], &back), 0);
		assert_int_equal(back, s);
	}
}

static void unknown_status_is_rejected(void **state)
{
	(void)state;
	enum ticket_status s = TICKET_PARKED;
	assert_null(ticket_status_name((enum ticket_status)99));
	assert_int_equal(ticket_status_parse("Waiting", &s), -EINVAL);
	assert_int_equal(ticket_status_parse("", &s), -EINVAL);
	assert_int_equal(ticket_status_parse(NULL, &s), -EINVAL);
	assert_int_equal(s, TICKET_PARKED);
}

static void live_statuses_hold_their_number(void **state)
{
	(void)state;
	assert_true(ticket_status_is_live(TICKET_WAITING));
	assert_true(ticket_status_is_live(TICKET_CALLED));
	assert_true(ticket_status_is_live(TICKET_SERVING));
	assert_true(ticket_status_is_live(TICKET_PARKED));
	assert_false(ticket_status_is_live(TICKET_FINISHED));
	assert_false(ticket_status_is_live(TICKET_NO_SHOW));
	assert_false(ticket_status_is_live(TICKET_CANCELLED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_name_parses_back),
		cmocka_unit_test(unknown_status_is_rejected),
		cmocka_unit_test(live_statuses_hold_their_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
