/* Staff sign-in over real HTTP: cookie flags, CSRF, 401 before routing, rate limiting, expiry,
 * sign-out, account changes with civiq-tool, device tokens, the audit log and its export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "staff_client.h"

#define TOKEN_MAX 64

struct ctx {
	struct hub_fixture f;
	char anna[TOKEN_MAX], anna_csrf[TOKEN_MAX];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	fixture_init(&c->f, NULL);
	FILE *conf = fopen(c->f.config, "a");
	assert_non_null(conf);
	fputs("\n[staff]\nlogin_attempts = 3\nlogin_window_s = 600\nsession_s = 3600\n", conf);
	fclose(conf);
	assert_int_equal(staff_tool(&c->f, "anna-passwort\n", "add anna"), 0);
	assert_int_equal(staff_tool(&c->f, "chef-passwort\n", "add chef --role supervisor"), 0);
	fixture_start(&c->f);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	fixture_cleanup(&c->f);
	free(c);
	return 0;
}

static void sign_in_anna(struct ctx *c)
{
	assert_int_equal(staff_login(&c->f, "anna", "anna-passwort", c->anna, sizeof(c->anna),
	                             c->anna_csrf, sizeof(c->anna_csrf)),
	                 200);
}

static void login_sets_a_strict_httponly_cookie_and_returns_a_csrf_token(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	staff_http(&c->f, "POST", "/api/v1/session", NULL, NULL, NULL,
	           "{\"login\":\"anna\",\"password\":\"anna-passwort\"}", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.headers, "Set-Cookie: civiq_session="));
	assert_non_null(strstr(r.headers, "HttpOnly"));
	assert_non_null(strstr(r.headers, "SameSite=Strict"));
	assert_non_null(strstr(r.headers, "Max-Age=3600"));
	assert_null(strstr(r.headers, "Secure")); /* plain HTTP: a Secure cookie would be lost */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "role")), "staff");
	assert_int_equal(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "csrf_token"))),
	                 43);
	staff_reply_free(&r);
}

static void wrong_password_and_unknown_login_get_the_same_401(void **state)
{
	struct ctx *c = *state;
	struct staff_reply a, b;

	staff_http(&c->f, "POST", "/api/v1/session", NULL, NULL, NULL,
	           "{\"login\":\"anna\",\"password\":\"falsch-falsch\"}", &a);
	staff_http(&c->f, "POST", "/api/v1/session", NULL, NULL, NULL,
	           "{\"login\":\"nobody\",\"password\":\"falsch-falsch\"}", &b);
	assert_int_equal(a.status, 401);
	assert_int_equal(b.status, 401);
	assert_string_equal(a.body, b.body);
	assert_null(strstr(a.headers, "Set-Cookie"));
	staff_reply_free(&a);
	staff_reply_free(&b);
}

static void unauthenticated_requests_get_401_before_routing(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	assert_int_equal(
	    staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", NULL, NULL, NULL, NULL, &r),
	    401);
	staff_reply_free(&r);
	assert_int_equal(staff_http(&c->f, "GET", "/no/such/path", NULL, NULL, NULL, NULL, &r),
	                 401);
	staff_reply_free(&r);
	/* a forged cookie is no session, with or without a CSRF token */
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next",
	                            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x", NULL, NULL,
	                            &r),
	                 401);
	staff_reply_free(&r);
	/* the page itself and sign-in need none */
	assert_int_equal(staff_http(&c->f, "GET", "/staff", NULL, NULL, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.headers, "Content-Security-Policy"));
	staff_reply_free(&r);
}

static void state_change_without_csrf_token_is_refused_and_changes_nothing(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char label[16];

	hub_issue(&c->f, "a", 0, label, sizeof(label));
	sign_in_anna(c);
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", c->anna, NULL,
	                            NULL, NULL, &r),
	                 403);
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "error"), "code")),
	    "csrf_failed");
	staff_reply_free(&r);
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", c->anna,
	                            "wrong-token-wrong-token-wrong-token-wrong-t", NULL, NULL, &r),
	                 403);
	staff_reply_free(&r);
	/* reads need no token; the ticket still waits */
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/queue", c->anna, NULL, NULL, NULL, &r),
	                 200);
	assert_non_null(strstr(r.body, label));
	staff_reply_free(&r);
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", c->anna,
	                            c->anna_csrf, NULL, NULL, &r),
	                 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "number")), label);
	staff_reply_free(&r);
}

static void logout_ends_the_session(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	sign_in_anna(c);
	assert_int_equal(
	    staff_http(&c->f, "DELETE", "/api/v1/session", c->anna, NULL, NULL, NULL, &r),
	    403); /* sign-out is a state change too */
	staff_reply_free(&r);
	assert_int_equal(
	    staff_http(&c->f, "DELETE", "/api/v1/session", c->anna, c->anna_csrf, NULL, NULL, &r),
	    204);
	assert_non_null(strstr(r.headers, "Max-Age=0"));
	staff_reply_free(&r);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/queue", c->anna, NULL, NULL, NULL, &r),
	                 401);
	staff_reply_free(&r);
}

static void sessions_survive_a_restart_and_expire(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	sign_in_anna(c);
	fixture_stop(&c->f);
	fixture_start(&c->f);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/session", c->anna, NULL, NULL, NULL, &r),
	                 200);
	staff_reply_free(&r);
	fixture_stop(&c->f);
	c->f.clock_ahead_s = 3700; /* past session_s = 3600 */
	fixture_start(&c->f);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/session", c->anna, NULL, NULL, NULL, &r),
	                 401);
	staff_reply_free(&r);
}

static void failed_logins_are_rate_limited(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char t[TOKEN_MAX], x[TOKEN_MAX];

	for (int i = 0; i < 3; i++)
		assert_int_equal(
		    staff_login(&c->f, "anna", "falsch-falsch", t, sizeof(t), x, sizeof(x)), 401);
	/* the right password is refused too while the limit holds */
	staff_http(&c->f, "POST", "/api/v1/session", NULL, NULL, NULL,
	           "{\"login\":\"anna\",\"password\":\"anna-passwort\"}", &r);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(r.headers, "Retry-After: "));
	staff_reply_free(&r);
	/* other logins from this address too (the limit is per address and per login) */
	assert_int_equal(staff_login(&c->f, "chef", "chef-passwort", t, sizeof(t), x, sizeof(x)),
	                 429);
}

static void disabling_or_resetting_an_account_ends_its_sessions(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char t[TOKEN_MAX], x[TOKEN_MAX];

	sign_in_anna(c);
	assert_int_equal(staff_tool(&c->f, "neues-passwort\n", "reset-password anna"), 0);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/queue", c->anna, NULL, NULL, NULL, &r),
	                 401);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "anna", "anna-passwort", t, sizeof(t), x, sizeof(x)),
	                 401);
	assert_int_equal(staff_login(&c->f, "anna", "neues-passwort", t, sizeof(t), x, sizeof(x)),
	                 200);
	assert_int_equal(staff_tool(&c->f, NULL, "disable anna"), 0);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/queue", t, NULL, NULL, NULL, &r), 401);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "anna", "neues-passwort", t, sizeof(t), x, sizeof(x)),
	                 401);
	assert_int_not_equal(staff_tool(&c->f, NULL, "disable nobody"), 0);
	assert_int_not_equal(staff_tool(&c->f, "kurz\n", "add bert"), 0); /* too short */
}

static void device_bearer_tokens_keep_working_without_csrf(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	hub_issue(&c->f, "a", 0, NULL, 0);
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/2/call-next", NULL, NULL,
	                            "dev-staff", NULL, &r),
	                 200);
	staff_reply_free(&r);
	/* a staff device is no supervisor */
	assert_int_equal(
	    staff_http(&c->f, "GET", "/api/v1/audit.csv", NULL, NULL, "dev-staff", NULL, &r), 403);
	staff_reply_free(&r);
}

static void supervisor_exports_the_audit_log_as_csv(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char label[16], chef[TOKEN_MAX], chef_csrf[TOKEN_MAX];

	hub_issue(&c->f, "a", 0, label, sizeof(label));
	sign_in_anna(c);
	assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", c->anna,
	                            c->anna_csrf, NULL, NULL, &r),
	                 200);
	staff_reply_free(&r);
	/* staff may not read the log */
	assert_int_equal(
	    staff_http(&c->f, "GET", "/api/v1/audit.csv", c->anna, NULL, NULL, NULL, &r), 403);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "chef", "chef-passwort", chef, sizeof(chef), chef_csrf,
	                             sizeof(chef_csrf)),
	                 200);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/audit.csv", chef, NULL, NULL, NULL, &r),
	                 200);
	assert_non_null(strstr(r.headers, "text/csv"));
	assert_non_null(strstr(r.headers, "Content-Disposition: attachment"));
	assert_true(!strncmp(r.body, "at,actor,action,ticket,counter,detail\r\n", 39));
	char line[64];
	snprintf(line, sizeof(line), ",anna,call,%s,1,", label);
	assert_non_null(strstr(r.body, line));
	assert_non_null(strstr(r.body, ",anna,login,"));
	assert_non_null(strstr(r.body, ",civiq-tool,staff_add,,,anna"));
	staff_reply_free(&r);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/audit.csv?from=2020-13-01", chef, NULL,
	                            NULL, NULL, &r),
	                 422);
	staff_reply_free(&r);
}

static void audit_entries_past_the_retention_are_purged(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	sqlite3 *db;
	char chef[TOKEN_MAX], csrf[TOKEN_MAX];

	fixture_stop(&c->f);
	assert_int_equal(sqlite3_open(c->f.db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	                 "INSERT INTO audit(at, actor, action, ticket) VALUES "
	                 "(strftime('%s','now') - 91 * 86400, 'old', 'call', 'A 001'),"
	                 "(strftime('%s','now') - 89 * 86400, 'kept', 'call', 'A 002')",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	fixture_start(&c->f);
	assert_int_equal(
	    staff_login(&c->f, "chef", "chef-passwort", chef, sizeof(chef), csrf, sizeof(csrf)),
	    200);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/audit.csv?from=2000-01-01", chef, NULL,
	                            NULL, NULL, &r),
	                 200);
	assert_null(strstr(r.body, ",old,"));
	assert_non_null(strstr(r.body, ",kept,"));
	staff_reply_free(&r);
}

static int num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	assert_true(cJSON_IsNumber(v));
	return (int)cJSON_GetNumberValue(v);
}

static void supervisor_gets_day_statistics_as_json_and_csv(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char chef[TOKEN_MAX], csrf[TOKEN_MAX], path[64];

	hub_issue(&c->f, "a", 0, NULL, 0);
	long long a2 = hub_issue(&c->f, "a", 0, NULL, 0);
	hub_issue(&c->f, "b", 0, NULL, 0);
	hub_issue(&c->f, "a", 0, NULL, 0);
	/* a1 called, then finished by the next call of a2, which does not come */
	for (int i = 0; i < 2; i++) {
		assert_int_equal(staff_http(&c->f, "POST", "/api/v1/counters/1/call-next", NULL,
		                            NULL, "dev-staff", NULL, &r),
		                 200);
		staff_reply_free(&r);
	}
	snprintf(path, sizeof(path), "/api/v1/tickets/%lld/no-show", a2);
	assert_int_equal(staff_http(&c->f, "POST", path, NULL, NULL, "dev-staff", NULL, &r), 200);
	staff_reply_free(&r);

	sign_in_anna(c);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/stats", c->anna, NULL, NULL, NULL, &r),
	                 403);
	staff_reply_free(&r);
	assert_int_equal(
	    staff_login(&c->f, "chef", "chef-passwort", chef, sizeof(chef), csrf, sizeof(csrf)),
	    200);
	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/stats", chef, NULL, NULL, NULL, &r),
	                 200);
	const cJSON *services = cJSON_GetObjectItem(r.json, "services");
	assert_int_equal(cJSON_GetArraySize(services), 2);
	const cJSON *a = cJSON_GetArrayItem(services, 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "service")), "a");
	assert_int_equal(num(a, "tickets"), 3);
	assert_int_equal(num(a, "walk_ins"), 3);
	assert_int_equal(num(a, "appointments"), 0);
	assert_int_equal(num(a, "finished"), 1);
	assert_int_equal(num(a, "no_shows"), 1);
	assert_int_equal(num(a, "still_waiting"), 1);
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(a, "no_show_rate")) == 0.5);
	assert_true(num(a, "wait_median_s") >= 0);
	assert_true(num(a, "handling_median_s") >= 0);
	const cJSON *b = cJSON_GetArrayItem(services, 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(b, "wait_median_s")));
	const cJSON *total = cJSON_GetObjectItem(r.json, "total");
	assert_int_equal(num(total, "tickets"), 4);
	assert_int_equal(num(total, "still_waiting"), 2);
	staff_reply_free(&r);

	assert_int_equal(staff_http(&c->f, "GET", "/api/v1/stats.csv", chef, NULL, NULL, NULL, &r),
	                 200);
	assert_non_null(strstr(r.body, "day,service,tickets,walk_ins,appointments,finished,"));
	assert_non_null(strstr(r.body, ",a,3,3,0,1,1,1,0.500,"));
	assert_non_null(strstr(r.body, ",total,4,4,0,1,1,2,0.500,"));
	staff_reply_free(&r);
	assert_int_equal(
	    staff_http(&c->f, "GET", "/api/v1/stats?day=yesterday", chef, NULL, NULL, NULL, &r),
	    422);
	staff_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(login_sets_a_strict_httponly_cookie_and_returns_a_csrf_token),
		T(wrong_password_and_unknown_login_get_the_same_401),
		T(unauthenticated_requests_get_401_before_routing),
		T(state_change_without_csrf_token_is_refused_and_changes_nothing),
		T(logout_ends_the_session),
		T(sessions_survive_a_restart_and_expire),
		T(failed_logins_are_rate_limited),
		T(disabling_or_resetting_an_account_ends_its_sessions),
		T(device_bearer_tokens_keep_working_without_csrf),
		T(supervisor_exports_the_audit_log_as_csv),
		T(audit_entries_past_the_retention_are_purged),
		T(supervisor_gets_day_statistics_as_json_and_csv),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
