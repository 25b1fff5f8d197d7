/* Supervisor edits over real HTTP: service names and counters go into the configuration file
 * (which wins at every start) and take effect at once; staff accounts are managed; each change
 * is audited; staff, devices and requests without CSRF token are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "staff_client.h"

#define TOKEN_MAX 64

struct ctx {
	struct hub_fixture f;
	char boss[TOKEN_MAX], boss_csrf[TOKEN_MAX];
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *buf = calloc(1, 65536);
	assert_int_equal(ferror(f), 0);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void sign_in_boss(struct ctx *c)
{
	assert_int_equal(staff_login(&c->f, "boss", "boss-passwort", c->boss, sizeof(c->boss),
	                             c->boss_csrf, sizeof(c->boss_csrf)),
	                 200);
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	fixture_init(&c->f, NULL);
	/* a comment the edits must keep */
	char *text = slurp(c->f.config);
	FILE *conf = fopen(c->f.config, "w");
	fprintf(conf, "# Testamt: declared set-up\n%s", text);
	fclose(conf);
	free(text);
	assert_int_equal(staff_tool(&c->f, "anna-passwort\n", "add anna"), 0);
	assert_int_equal(staff_tool(&c->f, "boss-passwort\n", "add boss --role supervisor"), 0);
	fixture_start(&c->f);
	sign_in_boss(c);
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

static long boss(struct ctx *c, const char *method, const char *path, const char *body,
                 struct staff_reply *r)
{
	return staff_http(&c->f, method, path, c->boss, c->boss_csrf, NULL, body, r);
}

static const cJSON *find_by(const cJSON *arr, const char *key, const char *value, double num)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		const cJSON *v = cJSON_GetObjectItem(it, key);
		if ((value && cJSON_IsString(v) && !strcmp(v->valuestring, value)) ||
		    (!value && cJSON_IsNumber(v) && v->valuedouble == num))
			return it;
	}
	return NULL;
}

static const char *service_name(struct ctx *c, const char *id, const char *lang)
{
	static char out[128];
	cJSON *j;
	assert_int_equal(hub_call(&c->f, "GET", "/api/v1/services", "dev-staff", NULL, &j), 200);
	const cJSON *names = cJSON_GetObjectItem(find_by(j, "id", id, 0), "names");
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(names, lang));
	snprintf(out, sizeof(out), "%s", s ? s : "(none)");
	cJSON_Delete(j);
	return out;
}

static void service_names_are_written_to_the_file_and_survive_a_restart(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	boss(c, "PATCH", "/api/v1/services/a",
	     "{\"names\":{\"de\":\"Bürgerservice\",\"en\":\"Residents' office\"}}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "names"), "en")),
	    "Residents' office");
	staff_reply_free(&r);
	assert_string_equal(service_name(c, "a", "de"), "Bürgerservice");

	char *text = slurp(c->f.config);
	assert_non_null(strstr(text, "# Testamt: declared set-up\n[hub]\n"));
	assert_non_null(strstr(text, "name_de = Bürgerservice\n"));
	assert_non_null(strstr(text, "name_en = Residents' office\n"));
	assert_non_null(strstr(text, "[device.staff-1]\nrole = staff\ntoken = dev-staff\n"));
	assert_null(strstr(text, "Meldewesen"));
	free(text);

	/* the file wins at start: the edit is in it, so it stays */
	fixture_stop(&c->f);
	fixture_start(&c->f);
	sign_in_boss(c);
	assert_string_equal(service_name(c, "a", "en"), "Residents' office");

	boss(c, "PATCH", "/api/v1/services/a", "{\"names\":{\"en\":null}}", &r);
	assert_int_equal(r.status, 200);
	staff_reply_free(&r);
	assert_string_equal(service_name(c, "a", "en"), "(none)");
	assert_string_equal(service_name(c, "a", "de"), "Bürgerservice");

	boss(c, "PATCH", "/api/v1/services/a", "{\"names\":{\"de\":\"two\\nlines\"}}", &r);
	assert_int_equal(r.status, 422);
	staff_reply_free(&r);
	boss(c, "PATCH", "/api/v1/services/a", "{\"names\":{\"DE!\":\"x\"}}", &r);
	assert_int_equal(r.status, 422);
	staff_reply_free(&r);
	boss(c, "PATCH", "/api/v1/services/nope", "{\"names\":{\"de\":\"x\"}}", &r);
	assert_int_equal(r.status, 404);
	staff_reply_free(&r);
}

static void counter_label_and_services_take_effect_at_once(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	cJSON *j;

	/* counter 3 serves b only: an a-ticket is not for it */
	hub_issue(&c->f, "a", 0, NULL, 0);
	assert_int_equal(
	    hub_call(&c->f, "POST", "/api/v1/counters/3/call-next", "dev-staff", "{}", NULL), 204);
	boss(c, "PATCH", "/api/v1/counters/3",
	     "{\"label\":\"Raum 3.14\",\"services\":[\"b\",\"a\"]}", &r);
	assert_int_equal(r.status, 200);
	staff_reply_free(&r);
	assert_int_equal(hub_call(&c->f, "GET", "/api/v1/counters", "dev-staff", NULL, &j), 200);
	const cJSON *c3 = find_by(j, "id", NULL, 3);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c3, "label")), "Raum 3.14");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c3, "services")), 2);
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(&c->f, "POST", "/api/v1/counters/3/call-next", "dev-staff", "{}", NULL), 200);
	char *text = slurp(c->f.config);
	assert_non_null(strstr(text, "[counter.3]\nlabel = Raum 3.14\nservices = b, a\n"));

	/* a change that would break the configuration leaves the file alone */
	boss(c, "PATCH", "/api/v1/counters/3", "{\"services\":[\"zz\"]}", &r);
	assert_int_equal(r.status, 422);
	assert_string_equal(
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json, "error"), "code")),
	    "invalid_config");
	assert_non_null(strstr(r.body, "unknown service 'zz'"));
	staff_reply_free(&r);
	char *after = slurp(c->f.config);
	assert_string_equal(after, text);
	free(after);
	free(text);

	boss(c, "PATCH", "/api/v1/counters/9", "{\"label\":\"x\"}", &r);
	assert_int_equal(r.status, 404);
	staff_reply_free(&r);
	boss(c, "PATCH", "/api/v1/counters/1", "{\"label\":\"\"}", &r);
	assert_int_equal(r.status, 422);
	staff_reply_free(&r);
}

static void edits_need_a_supervisor_and_the_csrf_token(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char anna[TOKEN_MAX], anna_csrf[TOKEN_MAX];
	const char *body = "{\"label\":\"Platz X\"}";

	assert_int_equal(staff_login(&c->f, "anna", "anna-passwort", anna, sizeof(anna), anna_csrf,
	                             sizeof(anna_csrf)),
	                 200);
	staff_http(&c->f, "PATCH", "/api/v1/counters/1", anna, anna_csrf, NULL, body, &r);
	assert_int_equal(r.status, 403);
	staff_reply_free(&r);
	staff_http(&c->f, "PATCH", "/api/v1/counters/1", NULL, NULL, "dev-staff", body, &r);
	assert_int_equal(r.status, 403);
	staff_reply_free(&r);
	staff_http(&c->f, "PATCH", "/api/v1/counters/1", c->boss, NULL, NULL, body, &r);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "csrf_failed"));
	staff_reply_free(&r);
	staff_http(&c->f, "POST", "/api/v1/staff", anna, anna_csrf, NULL,
	           "{\"login\":\"x\",\"password\":\"xxxxxxxxxx\"}", &r);
	assert_int_equal(r.status, 403);
	staff_reply_free(&r);
	staff_http(&c->f, "PATCH", "/api/v1/counters/1", NULL, NULL, NULL, body, &r);
	assert_int_equal(r.status, 401);
	staff_reply_free(&r);
	char *text = slurp(c->f.config);
	assert_null(strstr(text, "Platz X"));
	free(text);
}

static void supervisor_adds_disables_enables_and_resets_accounts(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;
	char bert[TOKEN_MAX], bert_csrf[TOKEN_MAX];

	boss(c, "POST", "/api/v1/staff",
	     "{\"login\":\"bert\",\"role\":\"staff\",\"password\":\"bert-passwort\"}", &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "role")), "staff");
	assert_null(strstr(r.body, "scrypt"));
	staff_reply_free(&r);
	boss(c, "POST", "/api/v1/staff", "{\"login\":\"BERT\",\"password\":\"another-one\"}", &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "login_taken"));
	staff_reply_free(&r);
	boss(c, "POST", "/api/v1/staff", "{\"login\":\"carl\",\"password\":\"short\"}", &r);
	assert_int_equal(r.status, 422);
	staff_reply_free(&r);
	boss(c, "POST", "/api/v1/staff",
	     "{\"login\":\"carl\",\"role\":\"admin\",\"password\":\"long-enough\"}", &r);
	assert_int_equal(r.status, 422);
	staff_reply_free(&r);

	assert_int_equal(staff_login(&c->f, "bert", "bert-passwort", bert, sizeof(bert), bert_csrf,
	                             sizeof(bert_csrf)),
	                 200);
	boss(c, "POST", "/api/v1/staff/bert/disable", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "disabled")));
	staff_reply_free(&r);
	/* the session ended with the account */
	staff_http(&c->f, "GET", "/api/v1/session", bert, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "bert", "bert-passwort", bert, sizeof(bert), bert_csrf,
	                             sizeof(bert_csrf)),
	                 401);
	boss(c, "POST", "/api/v1/staff/bert/enable", NULL, &r);
	assert_int_equal(r.status, 200);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "bert", "bert-passwort", bert, sizeof(bert), bert_csrf,
	                             sizeof(bert_csrf)),
	                 200);
	boss(c, "POST", "/api/v1/staff/bert/password", "{\"password\":\"neues-passwort\"}", &r);
	assert_int_equal(r.status, 200);
	staff_reply_free(&r);
	staff_http(&c->f, "GET", "/api/v1/session", bert, NULL, NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	staff_reply_free(&r);
	assert_int_equal(staff_login(&c->f, "bert", "bert-passwort", bert, sizeof(bert), bert_csrf,
	                             sizeof(bert_csrf)),
	                 401);
	assert_int_equal(staff_login(&c->f, "bert", "neues-passwort", bert, sizeof(bert), bert_csrf,
	                             sizeof(bert_csrf)),
	                 200);

	boss(c, "POST", "/api/v1/staff/boss/disable", NULL, &r);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "own_account"));
	staff_reply_free(&r);
	boss(c, "POST", "/api/v1/staff/nobody/disable", NULL, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "unknown_login"));
	staff_reply_free(&r);

	boss(c, "GET", "/api/v1/staff", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(cJSON_GetArraySize(r.json), 3);
	assert_non_null(find_by(r.json, "login", "bert", 0));
	assert_null(strstr(r.body, "password\":\""));
	staff_reply_free(&r);
}

static void every_edit_is_in_the_audit_log(void **state)
{
	struct ctx *c = *state;
	struct staff_reply r;

	boss(c, "GET", "/api/v1/audit.csv", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, ",boss,service_edit,,,\"service.a: name_de,name_en\""));
	assert_non_null(strstr(r.body, ",boss,counter_edit,,,\"counter.3: label,services\""));
	assert_non_null(strstr(r.body, ",boss,staff_add,,,bert"));
	assert_non_null(strstr(r.body, ",boss,staff_disable,,,bert"));
	assert_non_null(strstr(r.body, ",boss,staff_enable,,,bert"));
	assert_non_null(strstr(r.body, ",boss,staff_reset-password,,,bert"));
	staff_reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(service_names_are_written_to_the_file_and_survive_a_restart),
		cmocka_unit_test(counter_label_and_services_take_effect_at_once),
		cmocka_unit_test(edits_need_a_supervisor_and_the_csrf_token),
		cmocka_unit_test(supervisor_adds_disables_enables_and_resets_accounts),
		cmocka_unit_test(every_edit_is_in_the_audit_log),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
