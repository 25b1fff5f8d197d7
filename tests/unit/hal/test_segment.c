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

#include "hal/segment.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/civiq-segment-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void read_file(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t got = fread(out, 1, n - 1, f);
	out[got] = '\0';
	fclose(f);
}

static void fit_drops_spaces_then_leading_characters(void **state)
{
	char out[SEGMENT_DIGITS_MAX + 1];
	(void)state;
	segment_fit("A 042", 4, out);
	assert_string_equal(out, "A042");
	segment_fit("A 042", 5, out);
	assert_string_equal(out, "A 042");
	segment_fit("AB 1234", 4, out);
	assert_string_equal(out, "1234");
	segment_fit("7", 4, out);
	assert_string_equal(out, "   7");
	segment_fit("", 4, out);
	assert_string_equal(out, "    ");
	segment_fit("----", 4, out);
	assert_string_equal(out, "----");
	/* K and W cannot be drawn on seven segments */
	segment_fit("KW1", 3, out);
	assert_string_equal(out, "  1");
}

static void glyphs_light_the_right_segments(void **state)
{
	(void)state;
	assert_int_equal(segment_glyph('8'), 0x7f);
	assert_int_equal(segment_glyph('1'), 0x06);
	assert_int_equal(segment_glyph('-'), 0x40);
	assert_int_equal(segment_glyph('E'), segment_glyph('e'));
	assert_int_equal(segment_glyph(' '), 0);
	assert_int_equal(segment_glyph('M'), 0);
}

static void sim_records_the_current_text_and_a_log(void **state)
{
	struct segment s;
	char path[128], uri[180], buf[256];
	(void)state;

	snprintf(path, sizeof(path), "%s/seg", dir);
	snprintf(uri, sizeof(uri), "sim:%s?digits=4", path);
	assert_int_equal(segment_open(&s, uri), 0);
	assert_int_equal(s.digits, 4);
	assert_int_equal(segment_show(&s, "B 007"), 0);
	read_file(path, buf, sizeof(buf));
	assert_string_equal(buf, "B007\n");
	assert_int_equal(segment_show(&s, "----"), 0);
	assert_int_equal(segment_brightness(&s, 30), 0);
	assert_int_equal(segment_brightness(&s, 130), -EINVAL);
	read_file(path, buf, sizeof(buf));
	assert_string_equal(buf, "----\n");
	segment_close(&s);
	snprintf(path, sizeof(path), "%s/seg.log", dir);
	read_file(path, buf, sizeof(buf));
	assert_string_equal(buf, "B007\n----\n#brightness 30\n");
}

static void open_rejects_bad_uris(void **state)
{
	struct segment s;
	(void)state;
	assert_int_equal(segment_open(&s, "tm1637:"), -ENOTSUP);
	assert_int_equal(segment_open(&s, "null:?digits=0"), -EINVAL);
	assert_int_equal(segment_open(&s, "null:?digits=17"), -EINVAL);
	assert_int_equal(segment_open(&s, "null:?width=4"), -EINVAL);
	assert_int_equal(segment_open(&s, "sim:/nonexistent-dir/civiq/seg"), -ENOENT);
	assert_int_equal(segment_open(&s, "null:?digits=6"), 0);
	assert_int_equal(s.digits, 6);
	assert_int_equal(segment_show(&s, "A 1"), 0);
	assert_int_equal(segment_brightness(&s, 50), -ENOTSUP);
	segment_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fit_drops_spaces_then_leading_characters),
		cmocka_unit_test(glyphs_light_the_right_segments),
		cmocka_unit_test(sim_records_the_current_text_and_a_log),
		cmocka_unit_test(open_rejects_bad_uris),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
