/* civiq-kiosk end to end: the real program, headless, driven by scripts of taps and keys,
 * against a real hub, the sim:npa card and the file printer — a walk-in ticket printed, a
 * check-in by booking code typed on the on-screen keyboard, by scanner and by ID card, and
 * walk-in tickets while the hub is down that reach the hub once it is back. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "escpos_render.h"
#include "hub_fixture.h"
#include "store/store.h"

static struct hub_fixture F;

static int setup(void **state)
{
	(void)state;
	fixture_init(&F, NULL);
	struct hub_booking b[] = {
		fixture_booking("bk-erika", "ERIKA-1", 600, "Mustermann", "Erika", "1964-08-12"),
		fixture_booking("bk-code", "ABC-123", 600, "Meier", "Max", "1990-02-02"),
		fixture_booking("bk-scan", "XYZ-987", 600, "Schulz", "Eva", "1985-03-03"),
	};
	fixture_load_bookings(&F, b, sizeof(b) / sizeof(b[0]));
	fixture_start(&F);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_cleanup(&F);
	return 0;
}

/* Writes the kiosk's config for the hub's current port (plus `extra` lines of [kiosk]) and
 * runs civiq-kiosk with `script`. Returns its exit status; its stdout is in DIR/kiosk.out. */
static int run_kiosk_with(const char *script, const char *extra)
{
	char path[256], conf[256], out[256], shots[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kiosk.script", F.dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	snprintf(conf, sizeof(conf), "%s/kiosk.conf", F.dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f,
	        "[hub]\nboard = sim\noffice_name = Testamt\n\n[kiosk]\nhub_url = %s\n"
	        "token = dev-kiosk\nname = kiosk-1\nreader = sim:npa\nprinter = file:tickets.bin\n"
	        "qr_base = %s/t/\njournal = journal.db\nlease_size = 5\nwidth = 1280\n"
	        "height = 800\n%s",
	        F.base, F.base, extra);
	fclose(f);
	snprintf(out, sizeof(out), "%s/kiosk.out", F.dir);
	snprintf(shots, sizeof(shots), "%s/shots", F.dir);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (!freopen(out, "w", stdout) || !freopen(F.log, "a", stderr))
			_exit(126);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		unsetenv("CIVIQ_SIM_PKI");
		execl(CIVIQ_KIOSK_BIN, "civiq-kiosk", "--config", conf, "--headless", "--script",
		      path, "--screenshots", shots, NULL);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int run_kiosk(const char *script)
{
	return run_kiosk_with(script, "");
}

/* The lines "ticket NUMBER service ID ..." the scripts' `expect number` printed. */
static int tickets_printed(char numbers[][16], int max)
{
	char path[256], line[256];
	int n = 0;
	snprintf(path, sizeof(path), "%s/kiosk.out", F.dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (n < max && fgets(line, sizeof(line), f)) {
		char p[4], num[8];
		if (sscanf(line, "ticket %3s %7s", p, num) == 2)
			snprintf(numbers[n++], 16, "%s %s", p, num);
	}
	fclose(f);
	return n;
}

/* Whether a waiting ticket with this number (and kind, when given) is in the hub's queue. */
static bool hub_has(const char *number, const char *kind)
{
	cJSON *j = NULL;
	const cJSON *svc, *t;
	bool found = false;
	assert_int_equal(hub_call(&F, "GET", "/api/v1/queue", "dev-staff", NULL, &j), 200);
	cJSON_ArrayForEach(svc, cJSON_GetObjectItemCaseSensitive(j, "services"))
	{
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(svc, "waiting"))
		{
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "number");
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(t, "kind");
			if (cJSON_IsString(n) && !strcmp(n->valuestring, number) &&
			    (!kind || (cJSON_IsString(k) && !strcmp(k->valuestring, kind))))
				found = true;
		}
	}
	cJSON_Delete(j);
	return found;
}

static void walk_in_ticket_is_printed(void **state)
{
	(void)state;
	char n[4][16];
	assert_int_equal(run_kiosk("tap start\nwait language\ntap lang de\nwait choice\n"
	                           "tap no_appointment\nwait services\ntap service 1\n"
	                           "wait result\nwait printed\nexpect number\nshot walkin\n"
	                           "tap ok\nwait idle\n"),
	                 0);
	assert_int_equal(tickets_printed(n, 4), 1);
	assert_int_equal(n[0][0], 'B');
	assert_true(hub_has(n[0], "walk_in"));
	/* the printed stream renders and carries the number */
	char path[256];
	snprintf(path, sizeof(path), "%s/tickets.bin", F.dir);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static uint8_t buf[65536];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_non_null(memmem(buf, len, n[0], strlen(n[0])));
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(escpos_render(buf, len, 576, &img, &rep), 0);
	assert_int_equal(rep.cuts, 1);
	snprintf(path, sizeof(path), "%s/shots/ticket.png", F.dir);
	assert_int_equal(escpos_image_write_png(&img, path), 0);
	escpos_image_free(&img);
}

/* The waiting ticket's priority in the hub's queue, or -1. */
static int hub_priority(const char *number)
{
	cJSON *j = NULL;
	const cJSON *svc, *t;
	int prio = -1;
	assert_int_equal(hub_call(&F, "GET", "/api/v1/queue", "dev-staff", NULL, &j), 200);
	cJSON_ArrayForEach(svc, cJSON_GetObjectItemCaseSensitive(j, "services"))
	{
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(svc, "waiting"))
		{
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, "number");
			const cJSON *p = cJSON_GetObjectItemCaseSensitive(t, "priority");
			if (cJSON_IsString(n) && !strcmp(n->valuestring, number) &&
			    cJSON_IsNumber(p))
				prio = p->valueint;
		}
	}
	cJSON_Delete(j);
	return prio;
}

static void priority_request_goes_to_the_staff(void **state)
{
	(void)state;
	char n[4][16];
	assert_int_equal(run_kiosk_with("tap start\nwait language\ntap lang ar\nwait choice\n"
	                                "tap no_appointment\nwait services\ntap priority\n"
	                                "shot priority_services\ntap service 0\nwait result\n"
	                                "wait printed\nexpect number\nshot priority_result\n",
	                                "priority_request = true\n"),
	                 0);
	assert_int_equal(tickets_printed(n, 4), 1);
	/* issued at normal priority: staff raise it once they have confirmed */
	assert_int_equal(hub_priority(n[0]), 0);
	/* the hub stored the alert for the staff, from this kiosk, with the number */
	sqlite3 *db;
	sqlite3_stmt *st;
	int alerts = 0;
	assert_int_equal(sqlite3_open_v2(F.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT data FROM events WHERE type = 'alert'", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *a = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
		assert_non_null(a);
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(a, "type");
		const cJSON *num = cJSON_GetObjectItemCaseSensitive(a, "number");
		const cJSON *dev = cJSON_GetObjectItemCaseSensitive(a, "device");
		if (cJSON_IsString(type) && !strcmp(type->valuestring, "priority_request")) {
			assert_string_equal(num->valuestring, n[0]);
			assert_string_equal(dev->valuestring, "kiosk-1");
			alerts++;
		}
		cJSON_Delete(a);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_int_equal(alerts, 1);
	/* without the office's consent the menu has no such button: the script fails there */
	assert_int_not_equal(run_kiosk("tap start\nwait language\ntap lang de\nwait choice\n"
	                               "tap no_appointment\nwait services\ntap priority\n"),
	                     0);
}

static void booking_code_check_in_on_the_keyboard(void **state)
{
	(void)state;
	char n[4][16];
	assert_int_equal(run_kiosk("tap start\nwait language\ntap lang en\nwait choice\n"
	                           "tap appointment\nwait method\ntap code\nwait code\n"
	                           "tap key A\ntap key B\ntap key C\ntap key -\ntap key 1\n"
	                           "tap key 2\ntap key 3\ntap ok\nwait result\nwait printed\n"
	                           "expect number\n"
	                           /* the same code again: already checked in */
	                           "tap ok\nwait idle\ntap start\nwait language\ntap lang de\n"
	                           "wait choice\ntap appointment\nwait method\ntap code\n"
	                           "wait code\ntype abc-123\nkey enter\nwait error\n"
	                           "expect error already_checked_in\nshot already\n"
	                           /* a code that is not booked */
	                           "tap home\nwait idle\nscan NOPE-42\nwait error\n"
	                           "expect error no_booking\n"),
	                 0);
	assert_int_equal(tickets_printed(n, 4), 1);
	assert_int_equal(n[0][0], 'A');
	assert_true(hub_has(n[0], "appointment"));
}

static void scanner_and_id_card_check_in(void **state)
{
	(void)state;
	char n[4][16];
	assert_int_equal(run_kiosk(/* the scanner on the attract screen */
	                           "scan https://portal.example/b/XYZ-987\nwait result\n"
	                           "wait printed\nexpect number\ntap ok\nwait idle\n"
	                           /* ERIKA MUSTERMANN's ID card */
	                           "tap start\nwait language\ntap lang tr\nwait choice\n"
	                           "tap appointment\nwait method\ntap card\nwait consent\n"
	                           "tap consent_yes\nwait can\ntap key 1\ntap key 2\n"
	                           "tap key 3\ntap key 4\ntap key 5\ntap key 6\ntap ok\n"
	                           "wait result 30\nwait printed\nexpect number\n"),
	                 0);
	assert_int_equal(tickets_printed(n, 4), 2);
	assert_true(hub_has(n[0], "appointment"));
	assert_true(hub_has(n[1], "appointment"));
	/* nothing the kiosk and the hub wrote names the card holder */
	static const char *const files[] = { "hub.log", "kiosk.out", "journal.db", "tickets.bin",
		                             "hub.db" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256], cmd[400];
		snprintf(path, sizeof(path), "%s/%s", F.dir, files[i]);
		snprintf(cmd, sizeof(cmd), "grep -aiqE 'mustermann|erika|1964-08-12|640812' %s",
		         path);
		if (access(path, R_OK) == 0 && strcmp(files[i], "hub.db") != 0)
			assert_int_not_equal(system(cmd), 0);
	}
}

static void walk_ins_while_the_hub_is_down_reach_it_later(void **state)
{
	(void)state;
	char n[8][16];
	/* online: the kiosk leases its blocks while idle */
	assert_int_equal(run_kiosk("sleep 2500\n"), 0);
	fixture_kill9(&F);
	/* offline: numbers from the block, journalled */
	assert_int_equal(run_kiosk("tap start\nwait language\ntap lang de\nwait choice\n"
	                           "tap no_appointment\nwait services\ntap service 0\n"
	                           "wait result\nwait printed\nexpect offline\nexpect number\n"
	                           "shot offline\ntap ok\nwait idle\ntap start\nwait language\n"
	                           "tap lang de\nwait choice\ntap no_appointment\nwait services\n"
	                           "tap service 0\nwait result\nwait printed\nexpect number\n"
	                           /* check-ins need the hub: refused politely */
	                           "tap ok\nwait idle\nscan ABC-123\nwait error\n"
	                           "expect error hub_unreachable\n"),
	                 0);
	assert_int_equal(tickets_printed(n, 8), 2);
	assert_string_not_equal(n[0], n[1]);
	/* the hub is back: the kiosk hands the tickets in while idle */
	fixture_start(&F);
	assert_int_equal(run_kiosk("sleep 3000\n"), 0);
	assert_true(hub_has(n[0], "walk_in"));
	assert_true(hub_has(n[1], "walk_in"));
	/* and the hub numbers on without reusing them */
	cJSON *j = NULL;
	assert_int_equal(
	    hub_call(&F, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"a\"}", &j), 201);
	const cJSON *num = cJSON_GetObjectItemCaseSensitive(j, "number");
	assert_string_not_equal(num->valuestring, n[0]);
	assert_string_not_equal(num->valuestring, n[1]);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_in_ticket_is_printed),
		cmocka_unit_test(priority_request_goes_to_the_staff),
		cmocka_unit_test(booking_code_check_in_on_the_keyboard),
		cmocka_unit_test(scanner_and_id_card_check_in),
		cmocka_unit_test(walk_ins_while_the_hub_is_down_reach_it_later),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
