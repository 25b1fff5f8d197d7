/* The kiosk's flow: every screen, every outcome, the timeouts and the wiping of entries. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk/kiosk_flow.h"

static struct kiosk_flow F;

static void init(bool card)
{
	struct kiosk_flow_options o = { .card_enabled = card };
	kiosk_flow_init(&F, &o);
}

static bool tap(enum kiosk_button b, int arg)
{
	struct kiosk_event ev = { .type = KEV_BUTTON, .button = b, .arg = arg };
	return kiosk_flow_event(&F, &ev);
}

static bool key(char c)
{
	struct kiosk_event ev = { .type = KEV_KEY, .ch = c };
	return kiosk_flow_event(&F, &ev);
}

static void type(const char *s)
{
	for (; *s; s++)
		key(*s);
}

static bool tick(int64_t now)
{
	struct kiosk_event ev = { .type = KEV_TICK, .now_ms = now };
	return kiosk_flow_event(&F, &ev);
}

static struct kiosk_request take(enum kiosk_request_type want)
{
	struct kiosk_request r;
	kiosk_flow_take_request(&F, &r);
	assert_int_equal(r.type, want);
	return r;
}

static void done(const char *number, bool offline)
{
	struct kiosk_event ev = { .type = KEV_DONE };
	snprintf(ev.ticket.number, sizeof(ev.ticket.number), "%s", number);
	snprintf(ev.ticket.service, sizeof(ev.ticket.service), "a");
	ev.ticket.people_ahead = offline ? -1 : 3;
	ev.ticket.wait_min = offline ? -1 : 12;
	ev.ticket.offline = offline;
	assert_true(kiosk_flow_event(&F, &ev));
}

static void failed(enum kiosk_error e)
{
	struct kiosk_event ev = { .type = KEV_FAILED, .error = e };
	snprintf(ev.window_opens, sizeof(ev.window_opens), "09:30");
	snprintf(ev.window_closes, sizeof(ev.window_closes), "10:10");
	assert_true(kiosk_flow_event(&F, &ev));
}

static void to_method(void)
{
	tap(KB_START, 0);
	assert_int_equal(F.screen, KS_LANGUAGE);
	tap(KB_LANG, KIOSK_LANG_EN);
	assert_int_equal(F.screen, KS_CHOICE);
	assert_int_equal(F.lang, KIOSK_LANG_EN);
	tap(KB_APPOINTMENT, 0);
	assert_int_equal(F.screen, KS_METHOD);
}

static void to_can(void)
{
	init(true);
	to_method();
	tap(KB_METHOD_CARD, 0);
	assert_int_equal(F.screen, KS_CONSENT);
	tap(KB_CONSENT_YES, 0);
	assert_int_equal(F.screen, KS_PLACE_CARD);
	take(KREQ_CARD_WAIT);
	struct kiosk_event ev = { .type = KEV_CARD_PRESENT };
	assert_true(kiosk_flow_event(&F, &ev));
	assert_int_equal(F.screen, KS_CAN);
}

static const struct kiosk_service services[] = {
	{ "a", "A", { "Meldewesen", "Registration", "", "", "", "" }, true },
	{ "b", "B", { "Ausweise", "", "", "", "", "" }, true },
	{ "c", "C", { "Alt", "", "", "", "", "" }, false },
};

static void to_services(void)
{
	tap(KB_START, 0);
	tap(KB_LANG, KIOSK_LANG_TR);
	tap(KB_NO_APPOINTMENT, 0);
	assert_int_equal(F.screen, KS_SERVICES);
	take(KREQ_SERVICES);
	assert_true(F.busy);
	struct kiosk_event ev = {
		.type = KEV_SERVICES, .ok = true, .services = services, .n_services = 3
	};
	assert_true(kiosk_flow_event(&F, &ev));
	assert_false(F.busy);
	assert_int_equal(F.n_services, 3);
}

static void walk_in_issues_ticket_and_prints(void **state)
{
	(void)state;
	init(false);
	to_services();
	assert_false(tap(KB_SERVICE, 2)); /* inactive service */
	assert_false(tap(KB_SERVICE, 7)); /* out of range */
	tap(KB_SERVICE, 1);
	assert_int_equal(F.screen, KS_WORKING);
	struct kiosk_request r = take(KREQ_WALKIN);
	assert_string_equal(r.service, "b");
	assert_int_equal(r.lang, KIOSK_LANG_TR);
	/* busy: taps are ignored until the hub answered */
	assert_false(tap(KB_HOME, 0));
	assert_int_equal(F.screen, KS_WORKING);
	done("B 007", false);
	assert_int_equal(F.screen, KS_RESULT);
	assert_string_equal(F.ticket.number, "B 007");
	assert_int_equal(F.ticket.people_ahead, 3);
	r = take(KREQ_PRINT);
	assert_string_equal(r.ticket.number, "B 007");
	assert_true(F.printing);
	assert_false(tap(KB_OK, 0)); /* not while printing */
	struct kiosk_event ev = { .type = KEV_PRINTED, .ok = true };
	assert_true(kiosk_flow_event(&F, &ev));
	assert_true(F.printed);
	assert_false(F.paper_out);
	assert_true(tap(KB_OK, 0));
	assert_int_equal(F.screen, KS_IDLE);
	assert_string_equal(F.ticket.number, "");
	assert_int_equal(F.lang, KIOSK_LANG_DE);
}

static void priority_request_is_a_toggle_sent_with_normal_priority(void **state)
{
	(void)state;
	struct kiosk_flow_options o = { .priority_enabled = true };
	kiosk_flow_init(&F, &o);
	to_services();
	assert_false(F.priority_request);
	assert_true(tap(KB_PRIORITY, 0));
	assert_true(F.priority_request);
	assert_true(tap(KB_PRIORITY, 0)); /* changed their mind */
	assert_false(F.priority_request);
	tap(KB_PRIORITY, 0);
	tap(KB_SERVICE, 0);
	struct kiosk_request r = take(KREQ_WALKIN);
	assert_string_equal(r.service, "a");
	assert_int_equal(r.priority, 0); /* staff confirm before it counts */
	assert_true(r.priority_request);
	done("A 003", false);
	assert_true(F.priority_request); /* the result screen says it was passed on */
	take(KREQ_PRINT);
	struct kiosk_event ev = { .type = KEV_PRINTED, .ok = true };
	kiosk_flow_event(&F, &ev);
	tap(KB_OK, 0);
	assert_int_equal(F.screen, KS_IDLE);
	assert_false(F.priority_request); /* the next citizen starts without it */
}

static void priority_request_only_when_offered(void **state)
{
	(void)state;
	init(false);
	to_services();
	assert_false(tap(KB_PRIORITY, 0));
	assert_false(F.priority_request);
	tap(KB_SERVICE, 0);
	struct kiosk_request r = take(KREQ_WALKIN);
	assert_false(r.priority_request);
	assert_int_equal(r.priority, 0);
	/* nor outside the service menu */
	struct kiosk_flow_options o = { .priority_enabled = true };
	kiosk_flow_init(&F, &o);
	tap(KB_START, 0);
	tap(KB_LANG, KIOSK_LANG_DE);
	assert_false(tap(KB_PRIORITY, 0));
	assert_false(F.priority_request);
}

static void paper_out_keeps_number_on_screen(void **state)
{
	(void)state;
	init(false);
	to_services();
	tap(KB_SERVICE, 0);
	take(KREQ_WALKIN);
	done("A 001", true);
	take(KREQ_PRINT);
	struct kiosk_event ev = { .type = KEV_PRINTED, .ok = false, .paper_out = true };
	assert_true(kiosk_flow_event(&F, &ev));
	assert_int_equal(F.screen, KS_RESULT);
	assert_true(F.paper_out);
	assert_true(F.ticket.offline);
	assert_string_equal(F.ticket.number, "A 001");
}

static void service_names_fall_back_to_german(void **state)
{
	(void)state;
	assert_string_equal(kiosk_service_name(&services[0], KIOSK_LANG_EN), "Registration");
	assert_string_equal(kiosk_service_name(&services[0], KIOSK_LANG_AR), "Meldewesen");
	struct kiosk_service s = { .id = "x" };
	assert_string_equal(kiosk_service_name(&s, KIOSK_LANG_DE), "x");
}

static void services_unavailable_shows_hub_unreachable(void **state)
{
	(void)state;
	init(false);
	tap(KB_START, 0);
	tap(KB_LANG, 0);
	tap(KB_NO_APPOINTMENT, 0);
	take(KREQ_SERVICES);
	struct kiosk_event ev = { .type = KEV_SERVICES, .ok = false };
	assert_true(kiosk_flow_event(&F, &ev));
	assert_int_equal(F.screen, KS_ERROR);
	assert_int_equal(F.error, KE_HUB_UNREACHABLE);
	tap(KB_RETRY, 0);
	assert_int_equal(F.screen, KS_CHOICE);
}

static void walk_in_failure_retries_from_menu(void **state)
{
	(void)state;
	init(false);
	to_services();
	tap(KB_SERVICE, 0);
	take(KREQ_WALKIN);
	failed(KE_SERVICE_UNAVAILABLE);
	assert_int_equal(F.screen, KS_ERROR);
	assert_int_equal(F.error, KE_SERVICE_UNAVAILABLE);
	tap(KB_RETRY, 0);
	assert_int_equal(F.screen, KS_SERVICES);
	take(KREQ_SERVICES);
}

static void code_keypad_checks_format(void **state)
{
	(void)state;
	init(false);
	to_method();
	tap(KB_METHOD_CODE, 0);
	assert_int_equal(F.screen, KS_CODE);
	tap(KB_KEY, 'a');
	tap(KB_KEY, 'b');
	tap(KB_OK, 0);
	assert_true(F.code_invalid); /* too short */
	assert_int_equal(F.screen, KS_CODE);
	tap(KB_KEY, 'c');
	assert_false(F.code_invalid);
	tap(KB_KEY, '-');
	type("123");
	assert_string_equal(F.code, "ABC-123");
	tap(KB_BACKSPACE, 0);
	key('3');
	assert_false(key('*'));
	tap(KB_OK, 0);
	assert_int_equal(F.screen, KS_WORKING);
	struct kiosk_request r = take(KREQ_CHECKIN_CODE);
	assert_string_equal(r.code, "ABC123");
	done("A 010", false);
	assert_int_equal(F.screen, KS_RESULT);
}

static void code_format_rules(void **state)
{
	(void)state;
	char out[KIOSK_CODE_MAX];
	assert_true(kiosk_code_valid("abc-123", out, sizeof(out)));
	assert_string_equal(out, "ABC123");
	assert_true(kiosk_code_valid("ERIKA 1", out, sizeof(out)));
	assert_string_equal(out, "ERIKA1");
	assert_false(kiosk_code_valid("AB-1", out, sizeof(out)));
	assert_false(kiosk_code_valid("ABCDEFGHIJKLMNOPQ", out, sizeof(out)));
	assert_false(kiosk_code_valid("ABC_123", out, sizeof(out)));
	assert_false(kiosk_code_valid("ÄBC123", out, sizeof(out)));
	assert_false(kiosk_code_valid("", out, sizeof(out)));
}

static void scan_reads_codes_and_urls(void **state)
{
	(void)state;
	char out[KIOSK_CODE_MAX];
	assert_int_equal(kiosk_code_from_scan("ABC-123\r\n", out, sizeof(out)), 0);
	assert_string_equal(out, "ABC123");
	assert_int_equal(
	    kiosk_code_from_scan("https://portal.example/b/XYZ-987/", out, sizeof(out)), 0);
	assert_string_equal(out, "XYZ987");
	assert_int_equal(kiosk_code_from_scan("https://portal.example/c?office=7&code=erika-1#x",
	                                      out, sizeof(out)),
	                 0);
	assert_string_equal(out, "ERIKA1");
	assert_int_equal(kiosk_code_from_scan("https://x/?zipcode=1234", out, sizeof(out)),
	                 -EINVAL);
	assert_int_equal(kiosk_code_from_scan("   ", out, sizeof(out)), -EINVAL);
	assert_int_equal(kiosk_code_from_scan("no way!", out, sizeof(out)), -EINVAL);
}

static void scanner_line_checks_in_from_idle(void **state)
{
	(void)state;
	init(false);
	/* The wedge types the code and Enter on the attract screen. */
	type("ABC-123");
	assert_int_equal(F.screen, KS_IDLE);
	key('\n');
	assert_int_equal(F.screen, KS_WORKING);
	struct kiosk_request r = take(KREQ_CHECKIN_CODE);
	assert_string_equal(r.code, "ABC123");
}

static void scan_screen_rejects_unreadable_line(void **state)
{
	(void)state;
	init(false);
	to_method();
	tap(KB_METHOD_SCAN, 0);
	assert_int_equal(F.screen, KS_SCAN);
	struct kiosk_event ev = { .type = KEV_SCAN, .text = "%%garbage%%" };
	assert_true(kiosk_flow_event(&F, &ev));
	assert_true(F.code_invalid);
	assert_int_equal(F.screen, KS_SCAN);
	ev.text = "ERIKA-1";
	assert_true(kiosk_flow_event(&F, &ev));
	assert_int_equal(take(KREQ_CHECKIN_CODE).type, KREQ_CHECKIN_CODE);
}

static void check_in_errors_have_their_screens(void **state)
{
	(void)state;
	static const enum kiosk_error errs[] = { KE_NO_BOOKING,     KE_TOO_EARLY,
		                                 KE_TOO_LATE,       KE_ALREADY_CHECKED_IN,
		                                 KE_CANCELLED,      KE_TERMINAL_NOT_AUTHORISED,
		                                 KE_HUB_UNREACHABLE };
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		init(false);
		to_method();
		tap(KB_METHOD_CODE, 0);
		type("ABC-123");
		tap(KB_OK, 0);
		take(KREQ_CHECKIN_CODE);
		failed(errs[i]);
		assert_int_equal(F.screen, KS_ERROR);
		assert_int_equal(F.error, errs[i]);
		assert_string_equal(F.window_opens, "09:30");
		assert_string_equal(F.window_closes, "10:10");
		/* back leads to the keypad, the code kept for correcting a typo */
		tap(KB_BACK, 0);
		assert_int_equal(F.screen, KS_CODE);
		assert_string_equal(F.code, "ABC-123");
	}
	assert_string_equal(kiosk_error_name(KE_TOO_EARLY), "too_early");
}

static void card_check_in_reads_with_can_and_wipes_it(void **state)
{
	(void)state;
	to_can();
	type("12345");
	tap(KB_OK, 0);
	assert_true(F.code_invalid); /* five digits */
	assert_false(key('x'));
	tap(KB_KEY, '6');
	assert_false(tap(KB_KEY, '7')); /* six at most */
	tap(KB_OK, 0);
	assert_int_equal(F.screen, KS_READING);
	assert_string_equal(F.can, "");
	struct kiosk_request r = take(KREQ_CARD_CHECKIN);
	assert_string_equal(r.can, "123456");
	/* the flow keeps no copy once taken */
	assert_string_equal(F.request.can, "");
	struct kiosk_event p = { .type = KEV_PROGRESS, .progress = 140 };
	assert_true(kiosk_flow_event(&F, &p));
	assert_int_equal(F.progress, 100);
	done("A 002", false);
	assert_int_equal(F.screen, KS_RESULT);
	take(KREQ_PRINT);
}

static void card_errors_have_their_screens(void **state)
{
	(void)state;
	static const struct {
		enum kiosk_error e;
		enum kiosk_screen retry;
	} cases[] = {
		{ KE_WRONG_CAN, KS_PLACE_CARD },       { KE_CARD_REMOVED, KS_PLACE_CARD },
		{ KE_CARD_UNREADABLE, KS_PLACE_CARD }, { KE_CARD_NOT_AUTHORISED, KS_METHOD },
		{ KE_CARD_NOT_VERIFIED, KS_METHOD },   { KE_NO_BOOKING, KS_METHOD },
		{ KE_AMBIGUOUS, KS_METHOD },           { KE_HUB_UNREACHABLE, KS_METHOD },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		to_can();
		type("123456");
		tap(KB_OK, 0);
		take(KREQ_CARD_CHECKIN);
		failed(cases[i].e);
		assert_int_equal(F.screen, KS_ERROR);
		assert_int_equal(F.error, cases[i].e);
		tap(KB_RETRY, 0);
		assert_int_equal(F.screen, cases[i].retry);
		if (cases[i].retry == KS_PLACE_CARD)
			take(KREQ_CARD_WAIT);
	}
	/* the booking code instead of the card */
	to_can();
	type("123456");
	tap(KB_OK, 0);
	take(KREQ_CARD_CHECKIN);
	failed(KE_CARD_NOT_VERIFIED);
	tap(KB_USE_CODE, 0);
	assert_int_equal(F.screen, KS_CODE);
	assert_string_equal(F.code, "");
}

static void card_wait_failure_and_late_answer(void **state)
{
	(void)state;
	init(true);
	to_method();
	tap(KB_METHOD_CARD, 0);
	tap(KB_CONSENT_YES, 0);
	take(KREQ_CARD_WAIT);
	/* the citizen goes back: the reader's late answer changes nothing */
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_CONSENT);
	struct kiosk_event ev = { .type = KEV_CARD_PRESENT };
	assert_false(kiosk_flow_event(&F, &ev));
	ev.type = KEV_FAILED;
	ev.error = KE_CARD_UNREADABLE;
	assert_false(kiosk_flow_event(&F, &ev));
	assert_int_equal(F.screen, KS_CONSENT);
	tap(KB_CONSENT_YES, 0);
	take(KREQ_CARD_WAIT);
	failed(KE_CARD_UNREADABLE);
	assert_int_equal(F.screen, KS_ERROR);
}

static void card_offered_only_with_reader(void **state)
{
	(void)state;
	init(false);
	to_method();
	assert_false(tap(KB_METHOD_CARD, 0));
	assert_int_equal(F.screen, KS_METHOD);
	tap(KB_CONSENT_NO, 0);
	assert_int_equal(F.screen, KS_METHOD);
}

static void consent_refused_goes_back(void **state)
{
	(void)state;
	init(true);
	to_method();
	tap(KB_METHOD_CARD, 0);
	tap(KB_CONSENT_NO, 0);
	assert_int_equal(F.screen, KS_METHOD);
	struct kiosk_request r;
	assert_false(kiosk_flow_take_request(&F, &r));
}

static void back_buttons_walk_back(void **state)
{
	(void)state;
	init(true);
	to_method();
	tap(KB_METHOD_SCAN, 0);
	tap(KB_METHOD_CODE, 0);
	assert_int_equal(F.screen, KS_CODE);
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_METHOD);
	tap(KB_METHOD_SCAN, 0);
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_METHOD);
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_CHOICE);
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_LANGUAGE);
	tap(KB_BACK, 0);
	assert_int_equal(F.screen, KS_IDLE);
	assert_false(tap(KB_HOME, 0));
}

static void inactivity_warns_then_wipes(void **state)
{
	(void)state;
	init(false);
	tick(1000);
	to_method();
	tap(KB_METHOD_CODE, 0);
	type("ABC");
	tap(KB_LARGE_TEXT, 0);
	assert_true(F.large_text);
	assert_false(tick(1000 + 59999));
	assert_true(tick(1000 + 60000));
	assert_true(F.warning);
	/* "more time" extends */
	assert_true(tap(KB_MORE_TIME, 0));
	assert_false(F.warning);
	assert_string_equal(F.code, "ABC");
	assert_false(tick(61000 + 59000));
	assert_true(tick(61000 + 60000));
	assert_true(F.warning);
	assert_true(tick(61000 + 80000));
	assert_int_equal(F.screen, KS_IDLE);
	assert_string_equal(F.code, "");
	assert_false(F.large_text);
	assert_int_equal(F.lang, KIOSK_LANG_DE);
}

static void no_timeout_while_busy(void **state)
{
	(void)state;
	init(false);
	tick(0);
	to_services();
	tap(KB_SERVICE, 0);
	take(KREQ_WALKIN);
	assert_false(tick(500000));
	assert_int_equal(F.screen, KS_WORKING);
	done("A 003", false);
	take(KREQ_PRINT);
	assert_false(tick(900000)); /* still printing */
	struct kiosk_event ev = { .type = KEV_PRINTED, .ok = true };
	kiosk_flow_event(&F, &ev);
	assert_false(tick(900000 + 29999));
	assert_true(tick(900000 + 30000));
	assert_int_equal(F.screen, KS_IDLE);
}

static void error_screen_times_out(void **state)
{
	(void)state;
	init(false);
	tick(0);
	to_method();
	tap(KB_METHOD_CODE, 0);
	type("ABCD");
	tap(KB_OK, 0);
	take(KREQ_CHECKIN_CODE);
	tick(10);
	failed(KE_NO_BOOKING);
	assert_false(tick(30009));
	assert_true(tick(30010));
	assert_int_equal(F.screen, KS_IDLE);
	assert_string_equal(F.code, "");
}

static void languages_are_named(void **state)
{
	(void)state;
	enum kiosk_lang l;
	assert_int_equal(kiosk_lang_parse("ar", &l), 0);
	assert_int_equal(l, KIOSK_LANG_AR);
	assert_true(kiosk_lang_rtl(l));
	assert_false(kiosk_lang_rtl(KIOSK_LANG_UK));
	assert_int_equal(kiosk_lang_parse("fr", &l), -EINVAL);
	assert_string_equal(kiosk_lang_code(KIOSK_LANG_RU), "ru");
	assert_string_equal(kiosk_lang_native_name(KIOSK_LANG_TR), "Türkçe");
	for (int i = 0; i < KS_COUNT; i++)
		assert_string_not_equal(kiosk_screen_name((enum kiosk_screen)i), "?");
	for (int i = 0; i < KE_COUNT; i++)
		assert_string_not_equal(kiosk_error_name((enum kiosk_error)i), "?");
}

static void unrelated_answers_are_ignored(void **state)
{
	(void)state;
	init(false);
	struct kiosk_event ev = { .type = KEV_DONE };
	assert_false(kiosk_flow_event(&F, &ev));
	ev.type = KEV_PRINTED;
	assert_false(kiosk_flow_event(&F, &ev));
	assert_int_equal(F.screen, KS_IDLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_in_issues_ticket_and_prints),
		cmocka_unit_test(priority_request_is_a_toggle_sent_with_normal_priority),
		cmocka_unit_test(priority_request_only_when_offered),
		cmocka_unit_test(paper_out_keeps_number_on_screen),
		cmocka_unit_test(service_names_fall_back_to_german),
		cmocka_unit_test(services_unavailable_shows_hub_unreachable),
		cmocka_unit_test(walk_in_failure_retries_from_menu),
		cmocka_unit_test(code_keypad_checks_format),
		cmocka_unit_test(code_format_rules),
		cmocka_unit_test(scan_reads_codes_and_urls),
		cmocka_unit_test(scanner_line_checks_in_from_idle),
		cmocka_unit_test(scan_screen_rejects_unreadable_line),
		cmocka_unit_test(check_in_errors_have_their_screens),
		cmocka_unit_test(card_check_in_reads_with_can_and_wipes_it),
		cmocka_unit_test(card_errors_have_their_screens),
		cmocka_unit_test(card_wait_failure_and_late_answer),
		cmocka_unit_test(card_offered_only_with_reader),
		cmocka_unit_test(consent_refused_goes_back),
		cmocka_unit_test(back_buttons_walk_back),
		cmocka_unit_test(inactivity_warns_then_wipes),
		cmocka_unit_test(no_timeout_while_busy),
		cmocka_unit_test(error_screen_times_out),
		cmocka_unit_test(languages_are_named),
		cmocka_unit_test(unrelated_answers_are_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
