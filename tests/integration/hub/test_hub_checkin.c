/* Check-in of today's bookings by code and by identity tag, against a real hub process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/identity_tag.h"
#include "hub_fixture.h"
#include "store/store.h"

static int setup(void **state)
{
	struct hub_fixture *f = calloc(1, sizeof(*f));
	fixture_init(f, NULL);
	/* Booking start times near midnight would fall on another service day than "now":
	 * the tests keep to times within the next hour. */
	struct hub_booking b[] = {
		fixture_booking("bk-1", "ABC-123", 600, "Mustermann", "Erika", "1964-08-12"),
		fixture_booking("bk-2", "LATER-1", 3 * 3600, "Schmidt", "Anna", "1980-01-01"),
		fixture_booking("bk-3", "TWIN-1", 300, "Müller", "Jürgen", "1970-05-05"),
		fixture_booking("bk-4", "TWIN-2", 900, "MUELLER", "Juergen Karl", "1970-05-05"),
		fixture_booking("bk-5", "GONE-1", 300, "Weg", "Willi", "1950-01-01"),
	};
	b[4].cancelled = 1;
	fixture_load_bookings(f, b, sizeof(b) / sizeof(b[0]));
	fixture_start(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_cleanup(*state);
	free(*state);
	return 0;
}

static const char *error_code(cJSON *j)
{
	const char *s =
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"), "code"));
	return s ? s : "";
}

static long checkin(struct hub_fixture *f, const char *field, const char *value, cJSON **j)
{
	char body[256];
	snprintf(body, sizeof(body), "{\"%s\":\"%s\"}", field, value);
	return hub_call(f, "POST", "/api/v1/checkins", "dev-kiosk", body, j);
}

static void booking_code_checks_in_once(void **state)
{
	cJSON *j;
	/* Codes are matched without case, spaces or hyphens. */
	assert_int_equal(checkin(*state, "booking_code", "abc 123", &j), 201);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "kind")), "appointment");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "number")), "A 001");
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(j, "due")));
	cJSON_Delete(j);
	assert_int_equal(checkin(*state, "booking_code", "ABC-123", &j), 409);
	assert_string_equal(error_code(j), "already_checked_in");
	cJSON_Delete(j);
}

static void unknown_code_is_404(void **state)
{
	cJSON *j;
	assert_int_equal(checkin(*state, "booking_code", "NOPE-99", &j), 404);
	assert_string_equal(error_code(j), "booking_not_found");
	cJSON_Delete(j);
}

static void too_early_is_422_with_the_window(void **state)
{
	cJSON *j;
	assert_int_equal(checkin(*state, "booking_code", "LATER-1", &j), 422);
	assert_string_equal(error_code(j), "too_early");
	cJSON *w = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"), "window");
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(w, "opens")));
	assert_non_null(cJSON_GetStringValue(cJSON_GetObjectItem(w, "closes")));
	cJSON_Delete(j);
}

static void cancelled_booking_is_refused(void **state)
{
	cJSON *j;
	assert_int_equal(checkin(*state, "booking_code", "GONE-1", &j), 409);
	assert_string_equal(error_code(j), "booking_cancelled");
	cJSON_Delete(j);
}

static void tag_for(struct hub_fixture *f, const char *family, const char *given, const char *born,
                    char tag[IDENTITY_TAG_HEX_LEN + 1])
{
	cJSON *k;
	uint8_t key[DAY_KEY_LEN];
	size_t n;
	assert_int_equal(hub_call(f, "GET", "/api/v1/checkins/key", "dev-kiosk", NULL, &k), 200);
	assert_int_equal(
	    hex_decode(cJSON_GetStringValue(cJSON_GetObjectItem(k, "key")), key, sizeof(key), &n),
	    0);
	assert_int_equal(n, DAY_KEY_LEN);
	cJSON_Delete(k);
	assert_int_equal(identity_tag_compute(key, n, family, given, born, tag), 0);
}

static void identity_tag_checks_in_the_matching_booking(void **state)
{
	char tag[IDENTITY_TAG_HEX_LEN + 1];
	cJSON *j;
	/* As the chip delivers it: upper case, several given names. */
	tag_for(*state, "MUSTERMANN", "ERIKA", "1964-08-12", tag);
	assert_int_equal(checkin(*state, "identity_tag", tag, &j), 201);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "kind")), "appointment");
	cJSON_Delete(j);
	assert_int_equal(checkin(*state, "identity_tag", tag, &j), 409);
	assert_string_equal(error_code(j), "already_checked_in");
	cJSON_Delete(j);
}

static void two_bookings_for_one_identity_are_not_guessed(void **state)
{
	char tag[IDENTITY_TAG_HEX_LEN + 1];
	cJSON *j;
	tag_for(*state, "Müller", "Jürgen", "1970-05-05", tag);
	assert_int_equal(checkin(*state, "identity_tag", tag, &j), 409);
	assert_string_equal(error_code(j), "ambiguous_identity");
	cJSON_Delete(j);
}

static void unknown_or_malformed_tag(void **state)
{
	char tag[IDENTITY_TAG_HEX_LEN + 1];
	cJSON *j;
	tag_for(*state, "Nobody", "Here", "2000-01-01", tag);
	assert_int_equal(checkin(*state, "identity_tag", tag, &j), 404);
	cJSON_Delete(j);
	assert_int_equal(checkin(*state, "identity_tag", "MUSTERMANN", &j), 422);
	assert_string_equal(error_code(j), "invalid_request");
	cJSON_Delete(j);
}

static int file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	char buf[1 << 16];
	size_t n, nl = strlen(needle);
	int found = 0;

	if (!f)
		return 0;
	/* Overlapping reads so a match across a block edge is found too. */
	while (!found && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		found = memmem(buf, n, needle, nl) != NULL;
		if (n == sizeof(buf))
			fseek(f, -(long)nl, SEEK_CUR);
	}
	fclose(f);
	return found;
}

static void personal_data_is_purged_after_the_day(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j;

	assert_int_equal(checkin(f, "booking_code", "ABC-123", &j), 201);
	cJSON_Delete(j);
	fixture_stop(f);
	assert_false(file_contains(f->log, "MUSTERMANN"));
	assert_false(file_contains(f->log, "Mustermann"));
	assert_false(file_contains(f->log, "1964-08-12"));
	/* Until the day ends the booking's normalised identity is there to match against. */
	assert_true(file_contains(f->db, "MUSTERMANN"));
	/* The next day the bookings, names included, are gone from the file. */
	f->clock_ahead_s = 86400;
	fixture_start(f);
	fixture_stop(f);
	assert_false(file_contains(f->db, "MUSTERMANN"));
	assert_false(file_contains(f->db, "1964-08-12"));
}

int main(void)
{
	setenv("TZ", "Europe/Berlin", 1);
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(booking_code_checks_in_once),
		T(unknown_code_is_404),
		T(too_early_is_422_with_the_window),
		T(cancelled_booking_is_refused),
		T(identity_tag_checks_in_the_matching_booking),
		T(two_bookings_for_one_identity_are_not_guessed),
		T(unknown_or_malformed_tag),
		T(personal_data_is_purged_after_the_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
