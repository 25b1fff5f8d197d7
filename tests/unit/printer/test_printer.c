#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hal/printer.h"

static const uint8_t hello[] = { 0x1b, '@', 'H', 'i', '\n' };

static void sim_keeps_what_was_written(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("sim:", &p), 0);
	assert_int_equal(printer_write(p, hello, sizeof(hello), 1000), 0);
	assert_int_equal(printer_write(p, hello, 2, 1000), 0);
	size_t len;
	const uint8_t *out = printer_sim_output(p, &len);
	assert_int_equal(len, sizeof(hello) + 2);
	assert_memory_equal(out, hello, sizeof(hello));
	enum printer_status st = PRINTER_STATUS_PAPER_OUT;
	assert_int_equal(printer_status(p, &st), 0);
	assert_int_equal(st, PRINTER_STATUS_OK);
	printer_close(p);
}

static void sim_paper_out_fails_writes_and_reports_status(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("sim:?status=paper_out", &p), 0);
	enum printer_status st;
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(st & PRINTER_STATUS_PAPER_OUT);
	assert_true(st & PRINTER_STATUS_OFFLINE);
	assert_false(printer_status_can_print(st));
	assert_int_equal(printer_write(p, hello, sizeof(hello), 1000), -ENOSPC);
	size_t len;
	printer_sim_output(p, &len);
	assert_int_equal(len, 0);

	/* paper refilled at run time */
	assert_int_equal(printer_sim_set_status(p, PRINTER_STATUS_PAPER_NEAR_END), 0);
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(printer_status_can_print(st));
	assert_int_equal(printer_write(p, hello, sizeof(hello), 1000), 0);
	printer_close(p);
}

static void sim_cover_open_fails_with_eio(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("sim:?status=cover_open,near_end", &p), 0);
	enum printer_status st;
	assert_int_equal(printer_status(p, &st), 0);
	assert_int_equal(st, PRINTER_STATUS_COVER_OPEN | PRINTER_STATUS_PAPER_NEAR_END |
	                         PRINTER_STATUS_OFFLINE);
	assert_int_equal(printer_write(p, hello, 1, 0), -EIO);
	printer_close(p);
}

static void sim_disconnects_after_n_bytes(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("sim:?disconnect_after=7", &p), 0);
	assert_int_equal(printer_write(p, hello, sizeof(hello), 0), 0);
	assert_int_equal(printer_write(p, hello, sizeof(hello), 0), -ENODEV);
	size_t len;
	printer_sim_output(p, &len);
	assert_int_equal(len, 7);
	enum printer_status st;
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(st & PRINTER_STATUS_DISCONNECTED);
	assert_int_equal(printer_write(p, hello, 1, 0), -ENODEV);
	printer_close(p);
}

static void file_backend_appends_raw_stream(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-printer-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char uri[64];
	snprintf(uri, sizeof(uri), "file:%s", path);
	struct printer *p;
	assert_int_equal(printer_open(uri, &p), 0);
	assert_int_equal(printer_write(p, hello, sizeof(hello), 0), 0);
	assert_int_equal(printer_write(p, hello + 2, 3, 0), 0);
	assert_null(printer_sim_output(p, &(size_t){ 0 }));
	assert_int_equal(printer_sim_set_status(p, PRINTER_STATUS_OK), -ENOTSUP);
	printer_close(p);

	uint8_t buf[32];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, sizeof(hello) + 3);
	assert_memory_equal(buf, hello, sizeof(hello));
	assert_memory_equal(buf + sizeof(hello), "Hi\n", 3);
	unlink(path);
}

static void file_backend_simulates_paper_out(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-printer-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char uri[80];
	snprintf(uri, sizeof(uri), "file:%s?status=paper_out", path);
	struct printer *p;
	assert_int_equal(printer_open(uri, &p), 0);
	enum printer_status st;
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(st & PRINTER_STATUS_PAPER_OUT);
	assert_int_equal(printer_write(p, hello, sizeof(hello), 0), -ENOSPC);
	printer_close(p);
	unlink(path);
}

static void bad_uris_are_refused(void **state)
{
	(void)state;
	struct printer *p = (struct printer *)&p;
	assert_int_equal(printer_open("nonsense", &p), -EINVAL);
	assert_null(p);
	assert_int_equal(printer_open("lpt:/dev/lp0", &p), -EPROTONOSUPPORT);
	assert_int_equal(printer_open("sim:?status=on_fire", &p), -EINVAL);
	assert_int_equal(printer_open("sim:?disconnect_after=-1", &p), -EINVAL);
	assert_int_equal(printer_open("sim:?colour=red", &p), -EINVAL);
	assert_int_equal(printer_open("sim:extra", &p), -EINVAL);
	assert_int_equal(printer_open("file:", &p), -EINVAL);
	assert_int_equal(printer_open("file:/nonexistent-dir/x.bin", &p), -ENOENT);
	assert_null(p);
	printer_close(NULL);
}

static void missing_op_answers_enotsup(void **state)
{
	(void)state;
	static const struct printer_ops bare = { .scheme = "bare" };
	struct printer p = { .ops = &bare };
	enum printer_status st;
	assert_int_equal(printer_status(&p, &st), -ENOTSUP);
	assert_int_equal(printer_write(&p, hello, 1, 0), -ENOTSUP);
}

static void status_and_errors_have_words(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(printer_status_format(PRINTER_STATUS_OK, buf, sizeof(buf)), "ok");
	assert_string_equal(
	    printer_status_format(PRINTER_STATUS_PAPER_OUT | PRINTER_STATUS_COVER_OPEN, buf,
	                          sizeof(buf)),
	    "paper_out,cover_open");
	assert_string_equal(printer_strerror(-ENOSPC), "printer is out of paper");
	assert_string_equal(printer_strerror(-ENODEV), "printer not found or unplugged");
	const struct printer_ops *const *b = printer_backends();
	int found_file = 0, found_sim = 0;
	for (; *b; b++) {
		found_file |= strcmp((*b)->scheme, "file") == 0;
		found_sim |= strcmp((*b)->scheme, "sim") == 0;
	}
	assert_true(found_file && found_sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sim_keeps_what_was_written),
		cmocka_unit_test(sim_paper_out_fails_writes_and_reports_status),
		cmocka_unit_test(sim_cover_open_fails_with_eio),
		cmocka_unit_test(sim_disconnects_after_n_bytes),
		cmocka_unit_test(file_backend_appends_raw_stream),
		cmocka_unit_test(file_backend_simulates_paper_out),
		cmocka_unit_test(bad_uris_are_refused),
		cmocka_unit_test(missing_op_answers_enotsup),
		cmocka_unit_test(status_and_errors_have_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
