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

#include "hub/hub_config.h"

static int load(const char *portal, struct hub_config *cfg, char *err, size_t errlen)
{
	char path[] = "/tmp/civiq-portal-conf-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "[hub]\ndatabase = hub.db\n[service.kfz]\nprefix = C\n%s", portal);
	fclose(f);
	int rc = hub_config_load(path, cfg, err, errlen);
	unlink(path);
	return rc;
}

static void no_portal_section_means_sync_disabled(void **state)
{
	struct hub_config cfg;
	char err[512];
	(void)state;
	assert_int_equal(load("", &cfg, err, sizeof(err)), 0);
	assert_false(cfg.portal.enabled);
	hub_config_free(&cfg);
}

static void portal_section_is_read_with_defaults_and_service_map(void **state)
{
	struct hub_config cfg;
	char err[512];
	(void)state;
	assert_int_equal(load("[portal]\nurl = https://termine.example/api\noffice = ms\n"
	                      "token = t0k3n\nca_file = ca.pem\nservice_map = 17:kfz, x-2:kfz\n",
	                      &cfg, err, sizeof(err)),
	                 0);
	assert_true(cfg.portal.enabled);
	assert_string_equal(cfg.portal.office, "ms");
	assert_string_equal(cfg.portal.ca_file, "/tmp/ca.pem"); /* relative to the file */
	assert_int_equal(cfg.portal.interval_s, 60);
	assert_int_equal(cfg.portal.backoff_max_s, 60);
	assert_int_equal(cfg.portal.n_service_map, 2);
	assert_string_equal(cfg.portal.service_map[1].portal, "x-2");
	assert_string_equal(cfg.portal.service_map[1].hub, "kfz");
	hub_config_free(&cfg);
}

static void portal_mistakes_are_reported_with_file_and_line(void **state)
{
	struct hub_config cfg;
	char err[512];
	(void)state;
	assert_int_equal(load("[portal]\nurl = https://p.example\noffice = ms\ncolour = blue\n",
	                      &cfg, err, sizeof(err)),
	                 -EINVAL);
	assert_non_null(strstr(err, ":8: unknown key 'colour' in [portal]"));
	assert_int_equal(
	    load("[portal]\nurl = http://portal.example\noffice = ms\n", &cfg, err, sizeof(err)),
	    -EINVAL);
	assert_non_null(strstr(err, ":6: plain http is accepted only to a loopback address"));
	assert_int_equal(load("[portal]\nurl = http://127.0.0.1:8090\n", &cfg, err, sizeof(err)),
	                 -EINVAL);
	assert_non_null(strstr(err, "needs url and office"));
	assert_int_equal(
	    load("[portal]\nurl = https://p.example\noffice = ms\nservice_map = 1:nope\n", &cfg,
	         err, sizeof(err)),
	    -EINVAL);
	assert_non_null(strstr(err, ":8: service_map names unknown service 'nope'"));
	assert_int_equal(load("[portal]\nurl = https://p.example\noffice = ms\ninterval_s = 0\n",
	                      &cfg, err, sizeof(err)),
	                 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_portal_section_means_sync_disabled),
		cmocka_unit_test(portal_section_is_read_with_defaults_and_service_map),
		cmocka_unit_test(portal_mistakes_are_reported_with_file_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
