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

#include "common/ini.h"
#include "common/ini_edit.h"

static const char sample[] = "# site set-up\n"
                             "[hub]\n"
                             "board = sim\n"
                             "\n"
                             "# the first service\n"
                             "[service.a]\n"
                             "prefix = A\n"
                             "name_de = Meldewesen ; not a comment\n"
                             "# English follows\n"
                             "name_en = Registration\n"
                             "\n"
                             "[counter.1]\n"
                             "label = Platz 1\n"
                             "services = a\n";

static char *edit(const char *text, int (*fn)(struct ini_doc *))
{
	struct ini_doc *d;
	assert_int_equal(ini_doc_parse(text, strlen(text), &d), 0);
	assert_int_equal(fn(d), 0);
	char *out = ini_doc_text(d, NULL);
	ini_doc_free(d);
	assert_non_null(out);
	return out;
}

static int nothing(struct ini_doc *d)
{
	(void)d;
	return 0;
}

static void unchanged_document_is_written_byte_for_byte(void **state)
{
	(void)state;
	char *out = edit(sample, nothing);
	assert_string_equal(out, sample);
	free(out);
	out = edit("[a]\nk = v", nothing); /* no final newline */
	assert_string_equal(out, "[a]\nk = v");
	free(out);
}

static int change_names(struct ini_doc *d)
{
	int rc = ini_doc_set(d, "service.a", "name_de", "Bürgerservice");
	rc = rc ? rc : ini_doc_set(d, "service.a", "name_tr", "Nüfus");
	rc = rc ? rc : ini_doc_unset(d, "service.a", "name_en");
	rc = rc ? rc : ini_doc_set(d, "counter.1", "label", " Platz 1 ");
	return rc;
}

static void set_and_unset_keep_comments_and_order(void **state)
{
	(void)state;
	char *out = edit(sample, change_names);
	assert_string_equal(out, "# site set-up\n"
	                         "[hub]\n"
	                         "board = sim\n"
	                         "\n"
	                         "# the first service\n"
	                         "[service.a]\n"
	                         "prefix = A\n"
	                         "name_de = Bürgerservice\n"
	                         "# English follows\n"
	                         "name_tr = Nüfus\n"
	                         "\n"
	                         "[counter.1]\n"
	                         "label = \" Platz 1 \"\n"
	                         "services = a\n");
	/* and the INI reader reads back what was set */
	struct ini ini;
	char err[256];
	assert_int_equal(ini_parse(&ini, "t", out, strlen(out), err, sizeof(err)), 0);
	assert_string_equal(ini_get(&ini, "counter.1", "label", ""), " Platz 1 ");
	assert_string_equal(ini_get(&ini, "service.a", "name_tr", ""), "Nüfus");
	assert_null(ini_find(&ini, "service.a", "name_en"));
	ini_free(&ini);
	free(out);
}

static void set_refuses_line_breaks_and_missing_sections(void **state)
{
	struct ini_doc *d;
	(void)state;
	assert_int_equal(ini_doc_parse(sample, strlen(sample), &d), 0);
	assert_int_equal(ini_doc_set(d, "service.a", "name_de", "a\n[hub]"), -EINVAL);
	assert_int_equal(ini_doc_set(d, "service.a", "x=y", "1"), -EINVAL);
	assert_int_equal(ini_doc_set(d, "service.zz", "name_de", "x"), -ENOENT);
	assert_int_equal(ini_doc_unset(d, "service.a", "nope"), 0);
	assert_true(ini_doc_has_section(d, "counter.1"));
	assert_false(ini_doc_has_section(d, "counter.2"));
	ini_doc_free(d);
}

static int refuse(void *ctx, const char *tmp)
{
	struct stat st;
	(void)ctx;
	assert_int_equal(stat(tmp, &st), 0);
	return -EBADMSG;
}

static void write_replaces_the_file_only_after_the_check(void **state)
{
	char dir[] = "/tmp/civiq-iniedit-XXXXXX", path[64], buf[1024];
	struct ini_doc *d;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/civiq.conf", dir);
	FILE *f = fopen(path, "w");
	fputs(sample, f);
	fclose(f);
	chmod(path, 0640);

	assert_int_equal(ini_doc_load(path, &d), 0);
	assert_int_equal(ini_doc_set(d, "counter.1", "label", "Schalter 1"), 0);
	assert_int_equal(ini_doc_write_atomic(d, path, refuse, NULL), -EBADMSG);
	f = fopen(path, "r");
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	assert_string_equal(buf, sample);

	assert_int_equal(ini_doc_write_atomic(d, path, NULL, NULL), 0);
	ini_doc_free(d);
	f = fopen(path, "r");
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "label = Schalter 1\nservices = a\n"));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* no temporary left behind */
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "test $(ls '%s' | wc -l) -eq 1 && rm -rf '%s'", dir, dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unchanged_document_is_written_byte_for_byte),
		cmocka_unit_test(set_and_unset_keep_comments_and_order),
		cmocka_unit_test(set_refuses_line_breaks_and_missing_sections),
		cmocka_unit_test(write_replaces_the_file_only_after_the_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
