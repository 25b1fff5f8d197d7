/* The kiosk's offline journal: numbers from the leased block, never twice, kept across a
 * restart, handed in oldest first; the config's [kiosk] section. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kiosk/kiosk_config.h"
#include "kiosk/kiosk_offline.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/tmp/civiq-journal-XXXXXX");
	int fd = mkstemp(path);
	close(fd);
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[80];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static const struct kiosk_lease lease = { "a", "A", 21, 23, 21, 3, "2026-03-02" };

static void block_numbers_are_issued_once_and_survive_restart(void **state)
{
	(void)state;
	struct kiosk_offline *o;
	struct kiosk_ticket t;

	assert_int_equal(kiosk_offline_open(path, &o), 0);
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 0, 1000, &t), -ENOENT);
	assert_int_equal(kiosk_offline_store_lease(o, &lease), 0);
	assert_int_equal(kiosk_offline_left(o, "a", "2026-03-02"), 3);
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 0, 1000, &t), 0);
	assert_string_equal(t.number, "A 021");
	assert_true(t.offline);
	assert_int_equal(t.people_ahead, -1);
	/* another day's block does not serve today */
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-03", 0, 1000, &t), -ENOENT);
	kiosk_offline_close(o);
	/* after a restart, and after the hub confirmed the same block with an older next */
	assert_int_equal(kiosk_offline_open(path, &o), 0);
	assert_int_equal(kiosk_offline_store_lease(o, &lease), 0);
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 1, 1001, &t), 0);
	assert_string_equal(t.number, "A 022");
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 0, 1002, &t), 0);
	assert_string_equal(t.number, "A 023");
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 0, 1003, &t), -ENOSPC);
	/* a new block replaces the used-up one */
	struct kiosk_lease next = { "a", "A", 41, 45, 41, 3, "2026-03-02" };
	assert_int_equal(kiosk_offline_store_lease(o, &next), 0);
	assert_int_equal(kiosk_offline_issue(o, "a", "2026-03-02", 0, 1004, &t), 0);
	assert_string_equal(t.number, "A 041");
	struct kiosk_handin_item items[8];
	size_t n;
	assert_int_equal(kiosk_offline_pending(o, items, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(items[0].number, 21);
	assert_int_equal(items[1].number, 22);
	assert_int_equal(items[1].priority, 1);
	assert_int_equal(items[3].number, 41);
	assert_string_equal(items[0].issued_at, "1970-01-01T00:16:40Z");
	/* an unreachable hub leaves them pending */
	struct kiosk_hub down = { .base = "http://127.0.0.1:1", .token = "x", .kiosk = "k" };
	assert_int_not_equal(kiosk_offline_handin(o, &down), 0);
	assert_int_equal(kiosk_offline_pending(o, items, 8, &n), 0);
	assert_int_equal(n, 4);
	kiosk_offline_close(o);
}

static void services_are_kept_for_offline_use(void **state)
{
	(void)state;
	struct kiosk_offline *o;
	struct kiosk_service s[2] = { { "a", "A", { "Meldewesen", "Registration" }, true },
		                      { "b", "B", { "Ausweise" }, false } };
	struct kiosk_service back[4];
	size_t n;
	assert_int_equal(kiosk_offline_open(path, &o), 0);
	assert_int_equal(kiosk_offline_save_services(o, s, 2), 0);
	assert_int_equal(kiosk_offline_load_services(o, back, 4, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(back[0].names[KIOSK_LANG_EN], "Registration");
	assert_false(back[1].active);
	kiosk_offline_close(o);
}

static void config_reads_kiosk_section(void **state)
{
	(void)state;
	char conf[] = "/tmp/civiq-kconf-XXXXXX", err[512];
	int fd = mkstemp(conf);
	const char *text = "[hub]\nboard = rpi4-kiosk\noffice_name = Amt\n[kiosk]\n"
	                   "printer = file:out.bin\njournal = j.db\nlanguage = ar\n"
	                   "priority_request = true\n";
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	struct kiosk_config c;
	kiosk_config_defaults(&c);
	assert_int_equal(kiosk_config_load(&c, conf, err, sizeof(err)), 0);
	assert_string_equal(c.printer, "file:/tmp/out.bin");
	assert_string_equal(c.journal, "/tmp/j.db");
	assert_string_equal(c.office, "Amt");
	assert_true(c.priority_request);
	assert_false(kiosk_config_accept_unverified(&c)); /* a real board */
	snprintf(c.board, sizeof(c.board), "sim");
	assert_true(kiosk_config_accept_unverified(&c));
	fd = open(conf, O_WRONLY | O_TRUNC);
	text = "[kiosk]\nlanguage = fr\n";
	assert_int_equal(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	kiosk_config_defaults(&c);
	assert_false(c.priority_request); /* offered only when the office says so */
	assert_int_equal(kiosk_config_load(&c, conf, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":2:"));
	unlink(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(block_numbers_are_issued_once_and_survive_restart,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(services_are_kept_for_offline_use, setup, teardown),
		cmocka_unit_test(config_reads_kiosk_section),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
