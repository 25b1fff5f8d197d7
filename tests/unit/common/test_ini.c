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

#include "common/ini.h"

static int parse(struct ini *ini, const char *text, char *err)
{
	return ini_parse(ini, "test.conf", text, strlen(text), err, INI_ERROR_MAX);
}

static void sections_keys_and_comments_are_read(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	const char *text = "# office\n"
	                   "top = 1\n"
	                   "[hub]\n"
	                   "listen = 127.0.0.1:8080   \n"
	                   "; comment\n"
	                   "\n"
	                   "[service.A]\n"
	                   "name_de = Meldewesen\n"
	                   "quoted = \"  spaced  \"\n";
	assert_int_equal(parse(&ini, text, err), 0);
	assert_string_equal(ini_get(&ini, "", "top", NULL), "1");
	assert_string_equal(ini_get(&ini, "hub", "listen", NULL), "127.0.0.1:8080");
	assert_string_equal(ini_get(&ini, "service.A", "name_de", NULL), "Meldewesen");
	assert_string_equal(ini_get(&ini, "service.A", "quoted", NULL), "  spaced  ");
	assert_int_equal(ini_find(&ini, "service.A", "name_de")->line, 8);
	assert_null(ini_get(&ini, "hub", "missing", NULL));
	assert_string_equal(ini_get(&ini, "hub", "missing", "dflt"), "dflt");
	assert_true(ini_has_section(&ini, "hub"));
	assert_false(ini_has_section(&ini, "portal"));
	ini_free(&ini);
}

static void crlf_line_endings_are_accepted(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	assert_int_equal(parse(&ini, "[a]\r\nb = c\r\n", err), 0);
	assert_string_equal(ini_get(&ini, "a", "b", NULL), "c");
	ini_free(&ini);
}

static void repeated_section_is_reported_with_line(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	assert_int_equal(parse(&ini, "[a]\nx=1\n[b]\n[a]\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:4: section [a] appears more than once");
}

static void repeated_key_is_reported_with_line(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	assert_int_equal(parse(&ini, "[a]\nx=1\nx=2\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:3: key 'x' repeated in section [a]");
}

static void malformed_lines_are_reported(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	assert_int_equal(parse(&ini, "[a\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:1: malformed section header");
	assert_int_equal(parse(&ini, "\n\njust words\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:3: expected 'key = value'");
	assert_int_equal(parse(&ini, "[ok]\nbad key = 1\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:2: invalid key 'bad key'");
	assert_int_equal(parse(&ini, "k = \"open\n", err), -EINVAL);
	assert_string_equal(err, "test.conf:1: unterminated quoted value");
}

static void nul_byte_is_rejected(void **state)
{
	(void)state;
	struct ini ini;
	char err[INI_ERROR_MAX];
	const char text[] = "a = b\0c\n";
	assert_int_equal(ini_parse(&ini, "t", text, sizeof(text) - 1, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "t:1: NUL byte in line");
}

static void load_reads_a_file_and_names_missing_ones(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-ini-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "[hub]\ndatabase = hub.db\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);

	struct ini ini;
	char err[INI_ERROR_MAX];
	assert_int_equal(ini_load(&ini, path, err, sizeof(err)), 0);
	assert_string_equal(ini_get(&ini, "hub", "database", NULL), "hub.db");
	ini_free(&ini);
	unlink(path);

	assert_int_equal(ini_load(&ini, path, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sections_keys_and_comments_are_read),
		cmocka_unit_test(crlf_line_endings_are_accepted),
		cmocka_unit_test(repeated_section_is_reported_with_line),
		cmocka_unit_test(repeated_key_is_reported_with_line),
		cmocka_unit_test(malformed_lines_are_reported),
		cmocka_unit_test(nul_byte_is_rejected),
		cmocka_unit_test(load_reads_a_file_and_names_missing_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
