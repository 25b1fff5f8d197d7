#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
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

#include "hal/input.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/civiq-input-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_all(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

static void key_names_parse_both_ways(void **state)
{
	(void)state;
	assert_int_equal(input_key_parse("KEY_ENTER"), KEY_ENTER);
	assert_int_equal(input_key_parse("BTN_0"), BTN_0);
	assert_int_equal(input_key_parse("28"), 28);
	assert_int_equal(input_key_parse("KEY_NOPE"), -EINVAL);
	assert_int_equal(input_key_parse("0"), -EINVAL);
	assert_int_equal(input_key_parse("28x"), -EINVAL);
	assert_int_equal(input_key_parse(""), -EINVAL);
	assert_string_equal(input_key_name(KEY_R), "KEY_R");
	assert_null(input_key_name(KEY_MAX));
}

static void unknown_scheme_is_not_supported(void **state)
{
	struct input in;
	(void)state;
	assert_int_equal(input_open(&in, "gpio:17"), -ENOTSUP);
	assert_int_equal(input_read(&in, &(struct input_key_event){ 0 }), -ENOTSUP);
}

static void sim_turns_fifo_lines_into_key_events(void **state)
{
	struct input in;
	struct input_key_event ev;
	char path[128], uri[160];
	(void)state;

	snprintf(path, sizeof(path), "%s/buttons", dir);
	snprintf(uri, sizeof(uri), "sim:%s", path);
	assert_int_equal(input_open(&in, uri), 0);
	assert_int_equal(input_read(&in, &ev), -EAGAIN);

	const char *lines = "press KEY_ENTER\n# a comment\n\nrelease KEY_ENTER\nKEY_R\n"
	                    "press KEY_BOGUS\n19\n";
	write_all(path, lines, strlen(lines));
	struct pollfd p = { .fd = input_fd(&in), .events = POLLIN };
	assert_int_equal(poll(&p, 1, 1000), 1);

	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_ENTER);
	assert_true(ev.pressed);
	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_ENTER);
	assert_false(ev.pressed);
	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_R);
	assert_true(ev.pressed);
	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_R); /* 19, the bogus key was skipped */
	/* the writer closed: no end of file, just nothing more */
	assert_int_equal(input_read(&in, &ev), -EAGAIN);
	input_close(&in);
}

static void sim_keeps_a_partial_line_until_it_ends(void **state)
{
	struct input in;
	struct input_key_event ev;
	char path[128], uri[160];
	(void)state;

	snprintf(path, sizeof(path), "%s/partial", dir);
	snprintf(uri, sizeof(uri), "sim:%s", path);
	assert_int_equal(input_open(&in, uri), 0);
	write_all(path, "press KEY_", 10);
	assert_int_equal(input_read(&in, &ev), -EAGAIN);
	write_all(path, "N\n", 2);
	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_N);
	input_close(&in);
}

static void sim_unplug_fails_reads_until_reopened(void **state)
{
	struct input in;
	struct input_key_event ev;
	char path[128], uri[160];
	(void)state;

	snprintf(path, sizeof(path), "%s/unplug", dir);
	snprintf(uri, sizeof(uri), "sim:%s", path);
	assert_int_equal(input_open(&in, uri), 0);
	write_all(path, "unplug\nKEY_ENTER\n", 17);
	assert_int_equal(input_read(&in, &ev), -ENODEV);
	assert_int_equal(input_read(&in, &ev), -ENODEV);
	input_close(&in);
	/* plugged in again: what was queued went with the old device, new presses arrive */
	assert_int_equal(input_open(&in, uri), 0);
	assert_int_equal(input_read(&in, &ev), -EAGAIN);
	write_all(path, "KEY_SPACE\n", 10);
	assert_int_equal(input_read(&in, &ev), 0);
	assert_int_equal(ev.code, KEY_SPACE);
	input_close(&in);
}

static void sim_refuses_a_path_that_is_not_a_fifo(void **state)
{
	struct input in;
	char path[128], uri[160];
	(void)state;

	snprintf(path, sizeof(path), "%s/plain", dir);
	fclose(fopen(path, "w"));
	snprintf(uri, sizeof(uri), "sim:%s", path);
	assert_int_equal(input_open(&in, uri), -ENOTSUP);
	assert_int_equal(input_open(&in, "sim:"), -EINVAL);
}

static void evdev_reports_presses_and_releases_but_not_repeats(void **state)
{
	struct input in;
	struct input_key_event ev;
	char path[128], uri[160];
	(void)state;

	/* A recording of what the kernel delivers for one press held long enough to repeat. */
	struct input_event rec[] = {
		{ .type = EV_MSC, .code = MSC_SCAN, .value = 0x70028 },
		{ .type = EV_KEY, .code = KEY_ENTER, .value = 1 },
		{ .type = EV_SYN, .code = SYN_REPORT },
		{ .type = EV_KEY, .code = KEY_ENTER, .value = 2 },
		{ .type = EV_SYN, .code = SYN_REPORT },
		{ .type = EV_KEY, .code = KEY_ENTER, .value = 0 },
		{ .type = EV_SYN, .code = SYN_REPORT },
		{ .type = EV_KEY, .code = BTN_1, .value = 1 },
	};
	snprintf(path, sizeof(path), "%s/event0", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	/* more than one read() batch */
	for (int i = 0; i < 3; i++)
		assert_int_equal(fwrite(rec, sizeof(rec), 1, f), 1);
	fclose(f);

	snprintf(uri, sizeof(uri), "evdev:%s", path);
	assert_int_equal(input_open(&in, uri), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(input_read(&in, &ev), 0);
		assert_int_equal(ev.code, KEY_ENTER);
		assert_true(ev.pressed);
		assert_int_equal(input_read(&in, &ev), 0);
		assert_int_equal(ev.code, KEY_ENTER);
		assert_false(ev.pressed);
		assert_int_equal(input_read(&in, &ev), 0);
		assert_int_equal(ev.code, BTN_1);
		assert_true(ev.pressed);
	}
	assert_int_equal(input_read(&in, &ev), -EAGAIN);
	input_close(&in);
}

static void evdev_missing_device_is_enoent(void **state)
{
	struct input in;
	(void)state;
	assert_int_equal(input_open(&in, "evdev:/dev/input/civiq-no-such-device"), -ENOENT);
	assert_int_equal(input_open(&in, "evdev:"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_names_parse_both_ways),
		cmocka_unit_test(unknown_scheme_is_not_supported),
		cmocka_unit_test(sim_turns_fifo_lines_into_key_events),
		cmocka_unit_test(sim_keeps_a_partial_line_until_it_ends),
		cmocka_unit_test(sim_unplug_fails_reads_until_reopened),
		cmocka_unit_test(sim_refuses_a_path_that_is_not_a_fifo),
		cmocka_unit_test(evdev_reports_presses_and_releases_but_not_repeats),
		cmocka_unit_test(evdev_missing_device_is_enoent),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
