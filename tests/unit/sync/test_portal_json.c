#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sync/portal_http.h"
#include "sync/portal_json.h"
#include "sync/sync_backoff.h"

/* 2026-03-29 10:00 Europe/Berlin (CEST, the morning after the change). */
#define NOW_S 1774771200

static int parse(const char *text, struct portal_page *page)
{
	return portal_json_parse_page(text, strlen(text), NOW_S, page);
}

#define REC(id, code, start, end, status)                                                        \
	"{\"id\":\"" id "\",\"code\":\"" code "\",\"service\":\"meldewesen\",\"start\":\"" start \
	"\",\"end\":\"" end "\",\"status\":\"" status "\",\"family_name\":\"Mustermann\","       \
	"\"given_names\":\"Erika\",\"birth_date\":\"1964-08-12\"}"

static void good_page_yields_bookings_cursor_and_more(void **state)
{
	struct portal_page p = { 0 };
	(void)state;
	assert_int_equal(
	    parse("{\"bookings\":[" REC(
	              "b1", "K7-2M", "2026-03-29T10:30:00+02:00", "2026-03-29T10:45:00+02:00",
	              "confirmed") "," REC("b2", "X1", "2026-03-29T09:30:00Z",
	                                   "2026-03-29T09:45:00Z",
	                                   "cancelled") "],\"cursor\":\"c-17\",\"more\":true}",
	          &p),
	    0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.cursor, "c-17");
	assert_true(p.more);
	assert_string_equal(p.bookings[0].id, "b1");
	assert_int_equal(p.bookings[0].start, 1774773000); /* 08:30 UTC */
	assert_int_equal(p.bookings[0].end - p.bookings[0].start, 900);
	assert_string_equal(p.bookings[0].birth_date, "1964-08-12");
	assert_false(p.bookings[0].cancelled);
	assert_true(p.bookings[1].cancelled);
	portal_page_clear(&p);
}

static void times_across_the_spring_change_keep_their_offsets(void **state)
{
	struct portal_page p = { 0 };
	(void)state;
	/* 01:30 CET and 03:30 CEST on 2026-03-29 are one hour apart, not two. */
	assert_int_equal(
	    parse("{\"bookings\":[" REC("a", "A", "2026-03-29T01:30:00+01:00",
	                                "2026-03-29T01:45:00+01:00",
	                                "confirmed") "," REC("b", "B", "2026-03-29T03:30:00+02:00",
	                                                     "2026-03-29T03:45:00+02:00",
	                                                     "confirmed") "],\"cursor\":\"x\"}",
	          &p),
	    0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.bookings[1].start - p.bookings[0].start, 3600);
	assert_false(p.more);
	portal_page_clear(&p);
}

static void bad_records_are_skipped_and_counted_by_reason(void **state)
{
	struct portal_page p = { 0 };
	(void)state;
	assert_int_equal(
	    parse(
	        "{\"bookings\":[42,"
	        "{\"id\":\"m\",\"code\":\"M\",\"service\":\"s\",\"start\":\"2026-03-29T10:00:00Z\","
	        "\"status\":\"confirmed\"},"
	        "{\"id\":7,\"code\":\"T\",\"service\":\"s\",\"start\":\"2026-03-29T10:00:00Z\","
	        "\"end\":\"2026-03-29T10:10:00Z\",\"status\":\"confirmed\"}," REC(
	            "t", "T2", "2026-03-29 10:00", "2026-03-29T10:10:00Z",
	            "confirmed") "," REC("far", "F", "2099-01-01T10:00:00Z", "2099-01-01T10:10:00Z",
	                                 "confirmed") "," REC("rev", "R", "2026-03-29T10:00:00Z",
	                                                      "2026-03-29T09:00:00Z",
	                                                      "confirmed") "," REC("st", "S",
	                                                                           "2026-03-29T1"
	                                                                           "0:00:00Z",
	                                                                           "2026-03-29T1"
	                                                                           "0:10:00Z",
	                                                                           "maybe") "," REC("ok",
	                                                                                            "OK",
	                                                                                            "2026-03-29T10:00:00Z",
	                                                                                            "2026-03-29T10:10:00Z",
	                                                                                            "confirmed") "],\"cursor\":\"n\"}",
	        &p),
	    0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.bookings[0].id, "ok");
	assert_int_equal(p.skipped[PORTAL_SKIP_NOT_OBJECT], 1);
	assert_int_equal(p.skipped[PORTAL_SKIP_MISSING_FIELD], 1);
	assert_int_equal(p.skipped[PORTAL_SKIP_WRONG_TYPE], 1);
	assert_int_equal(p.skipped[PORTAL_SKIP_BAD_TIME], 1);
	assert_int_equal(p.skipped[PORTAL_SKIP_ABSURD_TIME], 2);
	assert_int_equal(p.skipped[PORTAL_SKIP_BAD_STATUS], 1);
	portal_page_clear(&p);
}

static void repeated_id_in_a_page_keeps_the_last_record(void **state)
{
	struct portal_page p = { 0 };
	(void)state;
	assert_int_equal(
	    parse("{\"bookings\":[" REC(
	              "a", "A1", "2026-03-29T10:00:00Z", "2026-03-29T10:10:00Z",
	              "confirmed") "," REC("b", "B", "2026-03-29T10:00:00Z", "2026-03-29T10:10:00Z",
	                                   "confirmed") "," REC("a", "A2",
	                                                        "2026-03-29T11:"
	                                                        "00:00Z",
	                                                        "2026-03-29T11:"
	                                                        "10:00Z",
	                                                        "cancelled") "],"
	                                                                     "\"cur"
	                                                                     "sor\":"
	                                                                     "\"c\"}",
	          &p),
	    0);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.skipped[PORTAL_SKIP_DUPLICATE_ID], 1);
	assert_string_equal(p.bookings[0].id, "b");
	assert_string_equal(p.bookings[1].id, "a");
	assert_string_equal(p.bookings[1].code, "A2");
	assert_true(p.bookings[1].cancelled);
	portal_page_clear(&p);
}

static void truncated_or_malformed_page_is_refused_whole(void **state)
{
	struct portal_page p = { 0 };
	const char *whole =
	    "{\"bookings\":[" REC("b1", "K", "2026-03-29T10:30:00+02:00",
	                          "2026-03-29T10:45:00+02:00", "confirmed") "],\"cursor\":\"c\"}";
	(void)state;
	for (size_t cut = 0; cut < strlen(whole); cut += 7)
		assert_int_equal(portal_json_parse_page(whole, cut, NOW_S, &p), -EBADMSG);
	assert_int_equal(parse("[]", &p), -EBADMSG);
	assert_int_equal(parse("{\"bookings\":{},\"cursor\":\"c\"}", &p), -EBADMSG);
	assert_int_equal(parse("{\"bookings\":[],\"cursor\":5}", &p), -EBADMSG);
	assert_int_equal(parse("{\"bookings\":[],\"cursor\":\"c\",\"more\":\"yes\"}", &p),
	                 -EBADMSG);
	assert_int_equal(p.n, 0);
	assert_null(p.bookings);
}

static void event_body_carries_booking_type_and_utc_time(void **state)
{
	struct portal_event ev = {
		.id = 3, .booking = "b1", .type = "checked_in", .at_ms = 1774773000123LL
	};
	(void)state;
	char *body = portal_json_event(&ev);
	assert_string_equal(
	    body, "{\"booking\":\"b1\",\"type\":\"checked_in\",\"at\":\"2026-03-29T08:30:00Z\"}");
	free(body);
}

static void backoff_doubles_with_jitter_and_stops_at_the_cap(void **state)
{
	(void)state;
	/* First retry within a second or so. */
	assert_in_range(sync_backoff_ms(1, 1000, 60000, 0), 500, 1000);
	assert_in_range(sync_backoff_ms(1, 1000, 60000, UINT32_MAX), 500, 1000);
	assert_in_range(sync_backoff_ms(3, 1000, 60000, 12345), 2000, 4000);
	for (int n = 7; n < 100; n += 13)
		assert_in_range(sync_backoff_ms(n, 1000, 60000, (uint32_t)n * 7919u), 30000, 60000);
	/* Jitter spreads: two draws differ. */
	assert_int_not_equal(sync_backoff_ms(5, 1000, 60000, 1),
	                     sync_backoff_ms(5, 1000, 60000, 4000));
}

static void retry_after_reads_seconds_and_dates(void **state)
{
	(void)state;
	assert_int_equal(portal_http_retry_after(" 7\r\n", 0), 7);
	assert_int_equal(portal_http_retry_after("999999", 0), 3600);
	assert_int_equal(portal_http_retry_after("Sun, 22 Nov 2026 13:00:30 GMT", 1795352400), 30);
	assert_int_equal(portal_http_retry_after("soon", 0), -1);
}

static void retry_after_header_line_is_recognised_by_name(void **state)
{
	int s = -1;
	(void)state;
	portal_http_header("Content-Length: 12\r\n", 20, 0, &s);
	assert_int_equal(s, -1);
	portal_http_header("retry-after: 9\r\n", 16, 0, &s);
	assert_int_equal(s, 9);
	portal_http_header("Retry-After:", 12, 0, &s); /* no value: left alone */
	assert_int_equal(s, 9);
	portal_http_header("RETRY-AFTER: later\r\n", 20, 0, &s);
	assert_int_equal(s, -1);
}

static void error_answer_code_is_taken_only_when_it_is_a_plain_word(void **state)
{
	char code[PORTAL_ERROR_CODE_MAX];
	const char *ok = "{\"error\":\"invalid_event\",\"detail\":\"x\"}";
	const char *person = "{\"error\":\"Erika Mustermann\"}";
	(void)state;
	assert_int_equal(portal_json_error_code(ok, strlen(ok), code, sizeof(code)), 0);
	assert_string_equal(code, "invalid_event");
	assert_int_equal(portal_json_error_code(person, strlen(person), code, sizeof(code)),
	                 -EBADMSG);
	assert_string_equal(code, "");
	assert_int_equal(portal_json_error_code("<html>", 6, code, sizeof(code)), -EBADMSG);
	assert_int_equal(portal_json_error_code("{\"error\":4}", 11, code, sizeof(code)), -EBADMSG);
	assert_int_equal(portal_json_error_code(NULL, 0, code, sizeof(code)), -EBADMSG);
}

static void plain_http_is_only_for_loopback(void **state)
{
	(void)state;
	assert_true(hub_url_is_loopback("http://127.0.0.1:8099/api"));
	assert_true(hub_url_is_loopback("http://[::1]:80/"));
	assert_true(hub_url_is_loopback("http://localhost/"));
	assert_false(hub_url_is_loopback("http://10.0.0.1/"));
	assert_false(hub_url_is_loopback("http://127.0.0.1.evil.example/"));
	assert_false(hub_url_is_loopback("http://user@127.0.0.1/"));
	struct hub_portal_config cfg = { .timeout_s = 1,
		                         .connect_timeout_s = 1,
		                         .max_body_kb = 16 };
	struct portal_http_response r;
	assert_int_equal(portal_http_request(&cfg, "GET", "http://192.0.2.1/x", NULL, NULL, &r),
	                 -EPERM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_page_yields_bookings_cursor_and_more),
		cmocka_unit_test(times_across_the_spring_change_keep_their_offsets),
		cmocka_unit_test(bad_records_are_skipped_and_counted_by_reason),
		cmocka_unit_test(repeated_id_in_a_page_keeps_the_last_record),
		cmocka_unit_test(truncated_or_malformed_page_is_refused_whole),
		cmocka_unit_test(event_body_carries_booking_type_and_utc_time),
		cmocka_unit_test(backoff_doubles_with_jitter_and_stops_at_the_cap),
		cmocka_unit_test(retry_after_reads_seconds_and_dates),
		cmocka_unit_test(retry_after_header_line_is_recognised_by_name),
		cmocka_unit_test(error_answer_code_is_taken_only_when_it_is_a_plain_word),
		cmocka_unit_test(plain_http_is_only_for_loopback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
