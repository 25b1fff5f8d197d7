/* What the hub gives the calling displays: waiting counts and walk-in estimates per service,
 * the ticker text staff set, and the `ticker` event — against a real civiq-hub process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hub_fixture.h"

static int setup(void **state)
{
	struct hub_fixture *f = calloc(1, sizeof(*f));
	fixture_init(f, NULL);
	fixture_start(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_cleanup(*state);
	free(*state);
	return 0;
}

static cJSON *display(struct hub_fixture *f)
{
	cJSON *d = NULL;
	assert_int_equal(hub_call(f, "GET", "/api/v1/display", "dev-display", NULL, &d), 200);
	assert_non_null(d);
	return d;
}

static cJSON *service(cJSON *d, const char *id)
{
	cJSON *s;
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(d, "services"))
	{
		if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(s, "id")), id))
			return s;
	}
	fail_msg("service %s missing", id);
	return NULL;
}

static int num(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	assert_true(cJSON_IsNumber(v));
	return v->valueint;
}

static void display_lists_waiting_and_walk_in_estimate_per_service(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *d = display(f), *t;

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(d, "services")), 2);
	assert_int_equal(num(service(d, "a"), "waiting"), 0);
	/* Idle counters: a walk-in is next. */
	assert_int_equal(num(service(d, "a"), "estimated_wait_s"), 0);
	cJSON_Delete(d);

	for (int i = 0; i < 5; i++)
		hub_issue(f, "a", 0, NULL, 0);
	d = display(f);
	int est = num(service(d, "a"), "estimated_wait_s");
	assert_int_equal(num(service(d, "a"), "waiting"), 5);
	assert_int_equal(num(service(d, "b"), "waiting"), 0);
	assert_true(est > 0);
	cJSON_Delete(d);
	/* The estimate is the one the next walk-in ticket gets. */
	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"a\"}", &t), 201);
	int got = num(t, "estimated_wait_s");
	cJSON_Delete(t);
	assert_true(got >= est - 2 && got <= est + 2);
}

static void no_open_counter_means_no_estimate(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j;

	for (int c = 1; c <= 2; c++) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/counters/%d/pause", c);
		assert_int_equal(hub_call(f, "POST", path, "dev-staff", NULL, &j), 200);
		cJSON_Delete(j);
	}
	cJSON *d = display(f);
	/* Only counters 1 and 2 serve a; counter 3 still serves b. */
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(service(d, "a"), "estimated_wait_s")));
	assert_int_equal(num(service(d, "b"), "estimated_wait_s"), 0);
	cJSON_Delete(d);
}

struct seen {
	char text[256];
	int n;
};

static int on_event(void *ctx, const struct event *ev)
{
	struct seen *s = ctx;
	if (strcmp(ev->type, "ticker"))
		return 0;
	cJSON *o = cJSON_Parse(ev->data);
	snprintf(s->text, sizeof(s->text), "%s",
	         cJSON_GetStringValue(cJSON_GetObjectItem(o, "text")));
	cJSON_Delete(o);
	return ++s->n;
}

static void staff_set_the_ticker_and_displays_get_it_live_and_after_restart(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j, *d = display(f);
	const char *text = "Heute bis 12 Uhr geöffnet — Kfz nur mit Termin";
	char body[256];

	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "ticker")), "");
	uint64_t before = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "last_event_id"));
	cJSON_Delete(d);

	snprintf(body, sizeof(body), "{\"text\":\"%s\"}", text);
	assert_int_equal(hub_call(f, "PUT", "/api/v1/display/ticker", "dev-staff", body, &j), 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "text")), text);
	cJSON_Delete(j);

	/* The display's event stream carries it (replayed from `before`). */
	struct seen seen = { .n = 0 };
	struct http_client_options o = { .bearer = "dev-display" };
	char url[128];
	snprintf(url, sizeof(url), "%s/api/v1/events?last_event_id=%llu", f->base,
	         (unsigned long long)before);
	assert_int_equal(http_client_sse(url, &o, before, on_event, &seen, 5000), 0);
	assert_string_equal(seen.text, text);

	fixture_stop(f);
	fixture_start(f);
	d = display(f);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "ticker")), text);
	cJSON_Delete(d);

	assert_int_equal(
	    hub_call(f, "PUT", "/api/v1/display/ticker", "dev-staff", "{\"text\":\"\"}", &j), 200);
	cJSON_Delete(j);
	d = display(f);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "ticker")), "");
	cJSON_Delete(d);
}

static void ticker_needs_staff_and_a_clean_short_text(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j = NULL;
	char body[400];

	assert_int_equal(
	    hub_call(f, "PUT", "/api/v1/display/ticker", "dev-display", "{\"text\":\"x\"}", &j),
	    403);
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(f, "PUT", "/api/v1/display/ticker", "dev-kiosk", "{\"text\":\"x\"}", &j), 403);
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "PUT", "/api/v1/display/ticker", "dev-staff",
	                          "{\"text\":\"line\\nbreak\"}", &j),
	                 422);
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(f, "PUT", "/api/v1/display/ticker", "dev-staff", "{\"text\":7}", &j), 422);
	cJSON_Delete(j);
	memset(body, 0, sizeof(body));
	strcpy(body, "{\"text\":\"");
	memset(body + strlen(body), 'x', 241);
	strcat(body, "\"}");
	assert_int_equal(hub_call(f, "PUT", "/api/v1/display/ticker", "dev-staff", body, &j), 422);
	cJSON_Delete(j);
	cJSON *d = display(f);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "ticker")), "");
	cJSON_Delete(d);
}

static void display_carries_the_configured_opening_hours(void **state)
{
	(void)state;
	struct hub_fixture f;
	char conf[4096];
	size_t n;

	fixture_init(&f, NULL);
	FILE *c = fopen(f.config, "r");
	assert_non_null(c);
	n = fread(conf, 1, sizeof(conf) - 1, c);
	fclose(c);
	conf[n] = '\0';
	c = fopen(f.config, "w");
	assert_non_null(c);
	/* [hub] comes first: the key goes right under it. */
	fprintf(c, "[hub]\nopening_hours = 07:30-12:00, 13:00-18:00\n%s", conf + strlen("[hub]\n"));
	fclose(c);
	fixture_start(&f);
	cJSON *d = display(&f);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(d, "opening_hours")),
	                    "07:30-12:00, 13:00-18:00");
	cJSON_Delete(d);
	fixture_cleanup(&f);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(display_lists_waiting_and_walk_in_estimate_per_service),
		T(no_open_counter_means_no_estimate),
		T(staff_set_the_ticker_and_displays_get_it_live_and_after_restart),
		T(ticker_needs_staff_and_a_clean_short_text),
		cmocka_unit_test(display_carries_the_configured_opening_hours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
