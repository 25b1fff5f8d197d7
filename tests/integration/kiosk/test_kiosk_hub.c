/* The kiosk's hub client and ID-card check-in against a real civiq-hub and the sim:npa card:
 * walk-in tickets, check-in by booking code and by card (ERIKA MUSTERMANN), every refusal the
 * citizen sees, and the printed ticket through the file printer and the PNG renderer. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "escpos_render.h"
#include "hal/nfc.h"
#include "hal/printer.h"
#include "hub_fixture.h"
#include "kiosk/kiosk_card.h"
#include "kiosk/kiosk_hub.h"
#include "kiosk/kiosk_print.h"
#include "store/store.h"

struct ctx {
	struct hub_fixture f;
	struct kiosk_hub hub;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	fixture_init(&c->f, NULL);
	struct hub_booking b[] = {
		fixture_booking("bk-erika", "ERIKA-1", 600, "Mustermann", "Erika", "1964-08-12"),
		fixture_booking("bk-later", "LATER-1", 3 * 3600, "Schmidt", "Anna", "1980-01-01"),
		fixture_booking("bk-code", "ABC-123", 300, "Meier", "Max", "1990-02-02"),
	};
	fixture_load_bookings(&c->f, b, sizeof(b) / sizeof(b[0]));
	fixture_start(&c->f);
	snprintf(c->hub.base, sizeof(c->hub.base), "%s", c->f.base);
	snprintf(c->hub.token, sizeof(c->hub.token), "dev-kiosk");
	snprintf(c->hub.kiosk, sizeof(c->hub.kiosk), "kiosk-1");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	fixture_cleanup(&c->f);
	free(c);
	return 0;
}

static void services_come_with_names(void **state)
{
	struct ctx *c = *state;
	struct kiosk_service s[KIOSK_SERVICES_MAX];
	size_t n;

	assert_int_equal(kiosk_hub_services(&c->hub, s, KIOSK_SERVICES_MAX, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].id, "a");
	assert_string_equal(s[0].prefix, "A");
	assert_true(s[0].active);
	assert_string_equal(kiosk_service_name(&s[0], KIOSK_LANG_DE), "Meldewesen");
	assert_string_equal(kiosk_service_name(&s[1], KIOSK_LANG_AR), "Ausweise");
}

static void walk_in_ticket_is_numbered_by_the_hub(void **state)
{
	struct ctx *c = *state;
	struct kiosk_event ev;

	assert_int_equal(kiosk_hub_walkin(&c->hub, "b", 0, &ev), 0);
	assert_int_equal(ev.type, KEV_DONE);
	assert_string_equal(ev.ticket.number, "B 01");
	assert_false(ev.ticket.appointment);
	assert_int_equal(ev.ticket.people_ahead, 0);
	assert_true(ev.ticket.public_id[0]);
	assert_int_equal(kiosk_hub_walkin(&c->hub, "b", 0, &ev), 0);
	assert_string_equal(ev.ticket.number, "B 02");
	assert_int_equal(ev.ticket.people_ahead, 1);
	assert_true(ev.ticket.wait_min >= 0);
	assert_int_equal(kiosk_hub_walkin(&c->hub, "nosuch", 0, &ev), -EPROTO);
	assert_int_equal(ev.type, KEV_FAILED);
	assert_int_equal(ev.error, KE_SERVICE_UNAVAILABLE);
}

static void code_check_in_and_its_refusals(void **state)
{
	struct ctx *c = *state;
	struct kiosk_event ev;

	assert_int_equal(kiosk_hub_checkin_code(&c->hub, "ABC123", &ev), 0);
	assert_int_equal(ev.type, KEV_DONE);
	assert_true(ev.ticket.appointment);
	assert_int_equal(ev.ticket.number[0], 'A');
	kiosk_hub_checkin_code(&c->hub, "ABC123", &ev);
	assert_int_equal(ev.error, KE_ALREADY_CHECKED_IN);
	kiosk_hub_checkin_code(&c->hub, "NOPE99", &ev);
	assert_int_equal(ev.error, KE_NO_BOOKING);
	kiosk_hub_checkin_code(&c->hub, "LATER1", &ev);
	assert_int_equal(ev.error, KE_TOO_EARLY);
	/* the window in local time, "HH:MM" */
	assert_int_equal(strlen(ev.window_opens), 5);
	assert_int_equal(ev.window_opens[2], ':');
	assert_int_equal(strlen(ev.window_closes), 5);
}

static void wrong_token_is_terminal_not_authorised(void **state)
{
	struct ctx *c = *state;
	struct kiosk_hub h = c->hub;
	struct kiosk_event ev;
	uint8_t key[32];

	snprintf(h.token, sizeof(h.token), "stolen");
	assert_int_equal(kiosk_hub_walkin(&h, "a", 0, &ev), -EACCES);
	assert_int_equal(ev.error, KE_TERMINAL_NOT_AUTHORISED);
	assert_int_equal(kiosk_hub_day_key(&h, key), -EACCES);
}

static void progress(void *arg, int percent)
{
	int *last = arg;
	assert_true(percent >= *last);
	*last = percent;
}

static void card_refused_when_not_authentic_on_real_boards(void **state)
{
	struct ctx *c = *state;
	struct nfc_reader *r;
	struct kiosk_event ev;
	/* without the test PKI the sim card's security object fails Passive Authentication */
	struct kiosk_card_options o = { .accept_unverified = false };

	unsetenv("CIVIQ_SIM_PKI");
	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	assert_int_equal(kiosk_card_checkin(r, "123456", &c->hub, &o, &ev), -EBADMSG);
	assert_int_equal(ev.error, KE_CARD_NOT_VERIFIED);
	nfc_reader_close(r);
}

static void card_errors_map_to_their_screens(void **state)
{
	struct ctx *c = *state;
	struct nfc_reader *r;
	struct kiosk_event ev;
	struct kiosk_card_options o = { .accept_unverified = true, .card_timeout_ms = 300 };

	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	kiosk_card_checkin(r, "654321", &c->hub, &o, &ev);
	assert_int_equal(ev.error, KE_WRONG_CAN);
	nfc_reader_close(r);
	assert_int_equal(nfc_reader_open("sim:npa?remove_after=6", &r), 0);
	kiosk_card_checkin(r, "123456", &c->hub, &o, &ev);
	assert_int_equal(ev.error, KE_CARD_REMOVED);
	nfc_reader_close(r);
	assert_int_equal(nfc_reader_open("sim:npa?absent=1", &r), 0);
	assert_int_equal(kiosk_card_wait(r, 100), -ETIMEDOUT);
	nfc_reader_close(r);
	/* no key from the hub: no card is read */
	struct kiosk_hub down = c->hub;
	snprintf(down.base, sizeof(down.base), "http://127.0.0.1:1");
	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	assert_true(kiosk_hub_unreachable(kiosk_card_checkin(r, "123456", &down, &o, &ev)));
	assert_int_equal(ev.error, KE_HUB_UNREACHABLE);
	nfc_reader_close(r);
}

static void erika_checks_in_by_card_and_gets_a_printed_ticket(void **state)
{
	struct ctx *c = *state;
	struct nfc_reader *r;
	struct kiosk_event ev;
	int last = 0;
	struct kiosk_card_options o = { .accept_unverified = true,
		                        .progress = progress,
		                        .progress_arg = &last };

	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	assert_int_equal(kiosk_card_wait(r, 1000), 0);
	assert_int_equal(kiosk_card_checkin(r, "123456", &c->hub, &o, &ev), 0);
	nfc_reader_close(r);
	assert_int_equal(ev.type, KEV_DONE);
	assert_true(ev.ticket.appointment);
	assert_int_equal(last, 100);
	/* a second read finds the booking checked in */
	last = 0;
	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	kiosk_card_checkin(r, "123456", &c->hub, &o, &ev);
	assert_int_equal(ev.error, KE_ALREADY_CHECKED_IN);
	nfc_reader_close(r);
	cJSON *j = NULL;
	assert_int_equal(hub_call(&c->f, "GET", "/api/v1/queue", "dev-staff", NULL, &j), 200);
	char *text = cJSON_PrintUnformatted(j);
	assert_non_null(strstr(text, "\"kind\":\"appointment\""));
	free(text);
	cJSON_Delete(j);
	/* the hub's log carries no name and no birth date */
	FILE *log = fopen(c->f.log, "r");
	char line[1024];
	while (log && fgets(line, sizeof(line), log)) {
		assert_null(strcasestr(line, "mustermann"));
		assert_null(strcasestr(line, "erika"));
		assert_null(strstr(line, "1964"));
	}
	if (log)
		fclose(log);
}

/* Prints `t` to a file: printer and returns the stream. */
static uint8_t *print_to_file(const struct kiosk_ticket *t, const char *path, size_t *len)
{
	struct printer *p;
	char uri[300];
	struct kiosk_service s = { "b", "B", { "Ausweise", "ID cards", "", "", "", "" }, true };
	struct kiosk_print_options o = { .office = "Testamt", .qr_base = "http://127.0.0.1/t/" };

	unlink(path);
	snprintf(uri, sizeof(uri), "file:%s", path);
	assert_int_equal(printer_open(uri, &p), 0);
	assert_int_equal(kiosk_print_ticket(p, &o, t, &s, KIOSK_LANG_DE, 1700000000), 0);
	printer_close(p);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t *buf = malloc(65536);
	*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

static void printed_ticket_shows_the_number(void **state)
{
	struct ctx *c = *state;
	struct kiosk_event ev;
	struct escpos_image a, b;
	struct escpos_render_report rep;
	char path[256], png[256];
	size_t la, lb;

	assert_int_equal(kiosk_hub_walkin(&c->hub, "b", 0, &ev), 0);
	snprintf(path, sizeof(path), "%s/ticket.bin", c->f.dir);
	uint8_t *sa = print_to_file(&ev.ticket, path, &la);
	/* the number is in the stream, as text the printer draws large */
	assert_non_null(memmem(sa, la, ev.ticket.number, strlen(ev.ticket.number)));
	assert_non_null(memmem(sa, la, "Ausweise", 8));
	assert_int_equal(escpos_render(sa, la, 576, &a, &rep), 0);
	assert_int_equal(rep.unknown, 0);
	assert_int_equal(rep.cuts, 1);
	assert_int_equal(rep.qr_count, 1);
	/* the same ticket with another number prints differently: the number is on the paper */
	struct kiosk_ticket other = ev.ticket;
	snprintf(other.number, sizeof(other.number), "B 77");
	uint8_t *sb = print_to_file(&other, path, &lb);
	assert_int_equal(escpos_render(sb, lb, 576, &b, NULL), 0);
	assert_int_equal(a.width, b.width);
	assert_int_equal(a.height, b.height);
	assert_memory_not_equal(a.pix, b.pix, (size_t)a.width * (size_t)a.height);
	const char *out = getenv("CIVIQ_OUT_DIR");
	if (out) {
		mkdir(out, 0755);
		snprintf(png, sizeof(png), "%s/kiosk_ticket.png", out);
		assert_int_equal(escpos_image_write_png(&a, png), 0);
	}
	escpos_image_free(&a);
	escpos_image_free(&b);
	free(sa);
	free(sb);
}

static void paper_out_is_reported_before_printing(void **state)
{
	(void)state;
	struct printer *p;
	struct kiosk_ticket t = { .number = "A 01", .service = "a" };
	struct kiosk_print_options o = { .office = "Testamt" };

	assert_int_equal(printer_open("sim:?status=paper_out", &p), 0);
	assert_int_equal(kiosk_print_ticket(p, &o, &t, NULL, KIOSK_LANG_TR, 1700000000), -ENOSPC);
	size_t n;
	printer_sim_output(p, &n);
	assert_int_equal(n, 0);
	printer_close(p);
	assert_int_equal(kiosk_print_lang(KIOSK_LANG_TR), KIOSK_LANG_EN);
	assert_int_equal(kiosk_print_lang(KIOSK_LANG_DE), KIOSK_LANG_DE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(services_come_with_names),
		cmocka_unit_test(walk_in_ticket_is_numbered_by_the_hub),
		cmocka_unit_test(code_check_in_and_its_refusals),
		cmocka_unit_test(wrong_token_is_terminal_not_authorised),
		cmocka_unit_test(card_refused_when_not_authentic_on_real_boards),
		cmocka_unit_test(card_errors_map_to_their_screens),
		cmocka_unit_test(erika_checks_in_by_card_and_gets_a_printed_ticket),
		cmocka_unit_test(printed_ticket_shows_the_number),
		cmocka_unit_test(paper_out_is_reported_before_printing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
