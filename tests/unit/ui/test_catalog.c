/* The gettext catalog reader, on the kiosk's compiled catalogs and on broken files. */
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

#include "ui/catalog.h"

static void mo_path(char *out, size_t n, const char *lang)
{
	const char *b = getenv("CIVIQ_BUILD_DIR");
	assert_non_null(b);
	snprintf(out, n, "%s/locale/%s/LC_MESSAGES/civiq-kiosk.mo", b, lang);
}

static void compiled_catalogs_translate(void **state)
{
	(void)state;
	char path[512];
	struct ui_catalog *c;

	mo_path(path, sizeof(path), "de");
	assert_int_equal(ui_catalog_load(path, &c), 0);
	assert_string_equal(ui_catalog_get(c, "Back"), "Zurück");
	assert_string_equal(ui_catalog_get(c, "Who reads: %s"), "Wer liest: %s");
	assert_string_equal(ui_catalog_get(c, "not in the catalog"), "not in the catalog");
	assert_true(ui_catalog_count(c) > 70);
	ui_catalog_free(c);
	mo_path(path, sizeof(path), "ar");
	assert_int_equal(ui_catalog_load(path, &c), 0);
	assert_string_equal(ui_catalog_get(c, "Back"), "رجوع");
	ui_catalog_free(c);
	mo_path(path, sizeof(path), "uk");
	assert_int_equal(ui_catalog_load(path, &c), 0);
	assert_string_equal(ui_catalog_get(c, "Done"), "Готово");
	ui_catalog_free(c);
}

static void missing_or_broken_files_are_refused(void **state)
{
	(void)state;
	struct ui_catalog *c = (struct ui_catalog *)1;
	char tmp[] = "/tmp/civiq-mo-XXXXXX";
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	/* a .mo header claiming a million strings in 28 bytes */
	static const uint8_t bad[28] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 0x40, 0x42, 0x0f };
	assert_int_equal(write(fd, bad, sizeof(bad)), (int)sizeof(bad));
	close(fd);
	assert_int_equal(ui_catalog_load(tmp, &c), -EINVAL);
	assert_null(c);
	unlink(tmp);
	assert_int_equal(ui_catalog_load("/nonexistent/x.mo", &c), -ENOENT);
	/* no catalog: the msgid itself */
	assert_string_equal(ui_catalog_get(NULL, "Back"), "Back");
	ui_catalog_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compiled_catalogs_translate),
		cmocka_unit_test(missing_or_broken_files_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
