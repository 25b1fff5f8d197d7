/* The hub checks of civiq-tool selftest: the hub answers its health check, and it accepts this
 * board's device token. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "net/http_client.h"
#include "selftest.h"

static const char *net_hint(int rc)
{
	switch (rc) {
	case -ECONNREFUSED:
		return "the hub is not running: `systemctl status civiq-hub` on the hub";
	case -ETIMEDOUT:
	case -EHOSTUNREACH:
		return "check the network cable and the hub's address in civiq.conf";
	case -EPROTO:
		return "TLS failed: is the site CA (ca_file) the one the hub's certificate chains "
		       "to?";
	case -EINVAL:
		return "fix hub_url in civiq.conf";
	default:
		return "check the network and hub_url in civiq.conf";
	}
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

void selftest_hub(const struct selftest *t, struct selftest_check *c)
{
	struct http_client_options opt = { .ca_file = t->ca_file[0] ? t->ca_file : NULL,
		                           .timeout_ms = t->timeout_ms,
		                           .connect_timeout_ms = t->timeout_ms,
		                           .max_body = 64 * 1024 };
	struct http_client_response r = { 0 };
	struct timespec t0;
	char url[600];
	int rc;

	if (!t->hub_url[0]) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no hub configured");
		return;
	}
	snprintf(url, sizeof(url), "%s/api/v1/health", t->hub_url);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = http_client_request("GET", url, NULL, &opt, &r)) < 0) {
		selftest_set(c, SELFTEST_FAIL, net_hint(rc), "%s: %s", t->hub_url, strerror(-rc));
		return;
	}
	if (r.status != 200 || !strstr(r.body, "\"status\":\"ok\""))
		selftest_set(c, SELFTEST_FAIL, "look at the hub's journal: journalctl -u civiq-hub",
		             "%s: health answered %ld", t->hub_url, r.status);
	else
		selftest_set(c, SELFTEST_PASS, NULL, "%s ok, %ld ms", t->hub_url, elapsed_ms(&t0));
	http_client_response_free(&r);
}

void selftest_hub_token(const struct selftest *t, struct selftest_check *c)
{
	struct http_client_options opt = { .bearer = t->token,
		                           .ca_file = t->ca_file[0] ? t->ca_file : NULL,
		                           .timeout_ms = t->timeout_ms,
		                           .connect_timeout_ms = t->timeout_ms,
		                           .max_body = 1024 * 1024 };
	struct http_client_response r = { 0 };
	/* an endpoint the token's role may read */
	const char *path =
	    !strcmp(t->token_role, "display") ? "/api/v1/display" : "/api/v1/services";
	char url[600];
	int rc;

	if (!t->hub_url[0] || !t->token[0]) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no device token configured");
		return;
	}
	snprintf(url, sizeof(url), "%s%s", t->hub_url, path);
	if ((rc = http_client_request("GET", url, NULL, &opt, &r)) < 0) {
		/* the hub check already failed with the reason */
		selftest_set(c, SELFTEST_SKIP, NULL, "hub not reachable: %s", strerror(-rc));
		return;
	}
	if (r.status == 200)
		selftest_set(c, SELFTEST_PASS, NULL, "%s token accepted (%s)", t->token_role, path);
	else if (r.status == 401 || r.status == 403)
		selftest_set(c, SELFTEST_FAIL,
		             "add the line `civiq-tool provision` printed to the hub's civiq.conf "
		             "([device.NAME]) and restart the hub",
		             "%s token refused (%ld)", t->token_role, r.status);
	else
		selftest_set(c, SELFTEST_FAIL, "look at the hub's journal: journalctl -u civiq-hub",
		             "%s answered %ld", path, r.status);
	http_client_response_free(&r);
}
