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

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = calloc(1, 1 << 16);
	assert_non_null(f);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 16) - 1, f);
	assert_true(n < (1 << 16) - 1);
	fclose(f);
	return text;
}

/* Past the comment lines and blank lines at the top of a file. */
static const char *after_header(const char *text)
{
	while (*text == '#' || *text == '\n') {
		const char *nl = strchr(text, '\n');
		text = nl ? nl + 1 : text + strlen(text);
	}
	return text;
}

static void sim_demo_config_is_the_sim_config_with_the_fixture_as_portal(void **state)
{
	char *plain = slurp(CIVIQ_SOURCE_DIR "/boards/sim/civiq.conf");
	char *portal = slurp(CIVIQ_SOURCE_DIR "/boards/sim/civiq-portal.conf");
	const char *a = after_header(plain), *b = after_header(portal);
	struct hub_config cfg;
	char err[512];
	(void)state;
	/* Everything of civiq.conf, then only the [portal] section. */
	assert_int_equal(strncmp(a, b, strlen(a)), 0);
	b = after_header(b + strlen(a));
	assert_int_equal(strncmp(b, "[portal]\n", 9), 0);
	assert_null(strchr(b + 9, '['));
	assert_int_equal(hub_config_load(CIVIQ_SOURCE_DIR "/boards/sim/civiq-portal.conf", &cfg,
	                                 err, sizeof(err)),
	                 0);
	assert_true(cfg.portal.enabled);
	assert_string_equal(cfg.portal.url, "http://127.0.0.1:8090");
	assert_string_equal(cfg.portal.office, "musterstadt");
	assert_true(hub_url_is_loopback(cfg.portal.url));
	hub_config_free(&cfg);
	free(plain);
	free(portal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_portal_section_means_sync_disabled),
		cmocka_unit_test(portal_section_is_read_with_defaults_and_service_map),
		cmocka_unit_test(portal_mistakes_are_reported_with_file_and_line),
		cmocka_unit_test(sim_demo_config_is_the_sim_config_with_the_fixture_as_portal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
