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

#include "ui/display_config.h"

static char dir[] = "/tmp/civiq-display-config-XXXXXX";

static const char *write_conf(const char *text)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/civiq.conf", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/civiq.conf", dir);
	unlink(path);
	return rmdir(dir);
}

static void display_section_is_read_and_others_ignored(void **state)
{
	(void)state;
	struct display_config c;
	char err[256];
	const char *path = write_conf("[hub]\nlisten = 1.2.3.4:5\n"
	                              "[display]\n"
	                              "hub_url = http://127.0.0.1:9000\n"
	                              "token = dev-display\n"
	                              "orientation = portrait\n"
	                              "history = 10\n"
	                              "renderer = software\n"
	                              "blinks = 5\n"
	                              "second_language = en\n"
	                              "volume = 55\n"
	                              "counters = 3, 4\n"
	                              "services = kfz,ausweise\n"
	                              "opening_hours = 08:00-12:00\n"
	                              "font_dir = fonts\n");

	display_config_defaults(&c);
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), 0);
	assert_string_equal(c.hub_url, "http://127.0.0.1:9000");
	assert_string_equal(c.token, "dev-display");
	assert_int_equal(c.orientation, LAYOUT_PORTRAIT);
	assert_int_equal(c.history, 10);
	assert_true(c.software_renderer);
	assert_int_equal(c.blinks, 5);
	assert_string_equal(c.language, "de");
	assert_string_equal(c.second_language, "en");
	assert_int_equal(c.volume, 55);
	assert_int_equal(c.filter.n_counters, 2);
	assert_int_equal(c.filter.counters[1], 4);
	assert_int_equal(c.filter.n_services, 2);
	assert_string_equal(c.filter.services[1], "ausweise");
	char want[160];
	snprintf(want, sizeof(want), "%s/fonts", dir);
	assert_string_equal(c.font_dir, want);
}

static void unknown_keys_and_bad_values_name_file_and_line(void **state)
{
	(void)state;
	struct display_config c;
	char err[256], want[160];
	const char *path = write_conf("[display]\nhistory = 3\ncolour = red\n");

	display_config_defaults(&c);
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: unknown key 'colour'", path);
	assert_non_null(strstr(err, want));

	path = write_conf("[display]\n\nhistory = 99\n");
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: expected 1..16", path);
	assert_non_null(strstr(err, want));

	path = write_conf("[display]\nopening_hours = morning\n");
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), -EINVAL);
	path = write_conf("[display]\nrenderer = gpu\n");
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), -EINVAL);
	path = write_conf("[display]\ncounters = 1, x\n");
	assert_int_equal(display_config_load(&c, path, err, sizeof(err)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(display_section_is_read_and_others_ignored),
		cmocka_unit_test(unknown_keys_and_bad_values_name_file_and_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
