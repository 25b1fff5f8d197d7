/* The hub's HTTP API against a real civiq-hub process on loopback. */
#include <pthread.h>
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
	fixture_init(f, "max_calls = 2\n");
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

static const char *str(cJSON *j, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(j, key));
	return s ? s : "";
}

static const char *error_code(cJSON *j)
{
	return str(cJSON_GetObjectItem(j, "error"), "code");
}

static int waiting_count(struct hub_fixture *f)
{
	cJSON *q, *svc;
	int n = 0;
	assert_int_equal(hub_call(f, "GET", "/api/v1/queue", "dev-staff", NULL, &q), 200);
	cJSON_ArrayForEach(svc, cJSON_GetObjectItem(q, "services"))
	{
		n += cJSON_GetArraySize(cJSON_GetObjectItem(svc, "waiting"));
	}
	cJSON_Delete(q);
	return n;
}

static void health_needs_no_token(void **state)
{
	cJSON *j;
	assert_int_equal(hub_call(*state, "GET", "/api/v1/health", NULL, NULL, &j), 200);
	assert_string_equal(str(j, "status"), "ok");
	assert_string_equal(str(j, "db"), "ok");
	assert_string_equal(str(j, "portal"), "disabled");
	cJSON_Delete(j);
}

static void missing_or_wrong_token_gets_401_before_routing(void **state)
{
	cJSON *j;
	assert_int_equal(hub_call(*state, "GET", "/api/v1/queue", NULL, NULL, &j), 401);
	assert_string_equal(error_code(j), "unauthorized");
	cJSON_Delete(j);
	assert_int_equal(hub_call(*state, "GET", "/api/v1/queue", "dev-wrong", NULL, &j), 401);
	cJSON_Delete(j);
	/* An unknown path still answers 401 first, so it reveals nothing. */
	assert_int_equal(hub_call(*state, "GET", "/api/v1/nothing", NULL, NULL, &j), 401);
	cJSON_Delete(j);
	assert_int_equal(hub_call(*state, "GET", "/api/v1/nothing", "dev-staff", NULL, &j), 404);
	cJSON_Delete(j);
}

static void wrong_role_gets_403(void **state)
{
	cJSON *j;
	assert_int_equal(
	    hub_call(*state, "POST", "/api/v1/counters/1/call-next", "dev-kiosk", NULL, &j), 403);
	assert_string_equal(error_code(j), "forbidden");
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(*state, "POST", "/api/v1/tickets", "dev-display", "{\"service\":\"a\"}", &j),
	    403);
	cJSON_Delete(j);
}

static void walk_in_numbers_are_sequential_per_service(void **state)
{
	char l1[16], l2[16], l3[16];
	hub_issue(*state, "a", 0, l1, sizeof(l1));
	hub_issue(*state, "b", 0, l2, sizeof(l2));
	hub_issue(*state, "a", 0, l3, sizeof(l3));
	assert_string_equal(l1, "A 001");
	assert_string_equal(l2, "B 01");
	assert_string_equal(l3, "A 002");
}

static void new_ticket_reports_position_and_estimate(void **state)
{
	cJSON *j;
	/* Three counters serve b, two serve a: the third a-ticket waits behind two. */
	hub_issue(*state, "a", 0, NULL, 0);
	hub_issue(*state, "a", 0, NULL, 0);
	assert_int_equal(
	    hub_call(*state, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"a\"}", &j),
	    201);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "position")), 2);
	assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "estimated_wait_s")) > 0);
	assert_string_equal(str(j, "status"), "waiting");
	assert_int_equal(strlen(str(j, "public_id")), 32);
	cJSON_Delete(j);
}

static void malformed_requests_get_4xx_and_change_nothing(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j;
	const char *bad[] = { "{",
		              "[]",
		              "{\"service\":7}",
		              "{\"service\":\"a\",\"priority\":9}",
		              "{\"service\":\"nope\"}",
		              "null",
		              "{\"service\":\"a\"} x" };

	hub_issue(f, "a", 0, NULL, 0);
	int before = waiting_count(f);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long st = hub_call(f, "POST", "/api/v1/tickets", "dev-kiosk", bad[i], &j);
		assert_true(st >= 400 && st < 500);
		assert_true(error_code(j)[0] != '\0');
		cJSON_Delete(j);
	}
	assert_int_equal(waiting_count(f), before);
}

static void oversized_body_gets_413(void **state)
{
	size_t n = 70 * 1024;
	char *big = malloc(n + 32);
	cJSON *j;
	strcpy(big, "{\"service\":\"");
	memset(big + 12, 'x', n);
	strcpy(big + 12 + n, "\"}");
	assert_int_equal(hub_call(*state, "POST", "/api/v1/tickets", "dev-kiosk", big, &j), 413);
	assert_string_equal(error_code(j), "body_too_large");
	cJSON_Delete(j);
	free(big);
}

static long long call_next(struct hub_fixture *f, int counter, char *label)
{
	char path[64];
	cJSON *j;
	snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", counter);
	long st = hub_call(f, "POST", path, "dev-staff", NULL, &j);
	if (st == 204)
		return 0;
	assert_int_equal(st, 200);
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "id"));
	if (label)
		strcpy(label, str(j, "number"));
	assert_string_equal(str(j, "status"), "called");
	cJSON_Delete(j);
	return id;
}

static void call_next_takes_priority_then_arrival_and_204_when_empty(void **state)
{
	struct hub_fixture *f = *state;
	char label[16];
	long long first = hub_issue(f, "a", 0, NULL, 0);
	long long second = hub_issue(f, "a", 0, NULL, 0);
	long long urgent = hub_issue(f, "b", 2, NULL, 0);

	assert_int_equal(call_next(f, 1, label), urgent);
	assert_string_equal(label, "B 01");
	assert_int_equal(call_next(f, 1, NULL), first);
	assert_int_equal(call_next(f, 2, NULL), second);
	assert_int_equal(call_next(f, 3, NULL), 0); /* counter 3 serves only b: nothing left */
}

static void ticket_action(struct hub_fixture *f, long long id, const char *action, const char *body,
                          long want, const char *status)
{
	char path[96];
	cJSON *j;
	snprintf(path, sizeof(path), "/api/v1/tickets/%lld/%s", id, action);
	assert_int_equal(hub_call(f, "POST", path, "dev-staff", body, &j), want);
	if (status)
		assert_string_equal(str(j, "status"), status);
	cJSON_Delete(j);
}

static void start_finish_and_invalid_transitions(void **state)
{
	struct hub_fixture *f = *state;
	long long id = hub_issue(f, "a", 0, NULL, 0);
	cJSON *j;

	ticket_action(f, id, "start", NULL, 409, NULL); /* not called yet */
	assert_int_equal(call_next(f, 1, NULL), id);
	ticket_action(f, id, "start", NULL, 200, "serving");
	ticket_action(f, id, "finish", NULL, 200, "finished");
	ticket_action(f, id, "finish", NULL, 409, NULL);
	assert_int_equal(hub_call(f, "POST", "/api/v1/tickets/99999/finish", "dev-staff", NULL, &j),
	                 404);
	assert_string_equal(error_code(j), "ticket_not_found");
	cJSON_Delete(j);
}

static void recall_counts_calls_then_no_show(void **state)
{
	struct hub_fixture *f = *state;
	long long id = hub_issue(f, "a", 0, NULL, 0);
	cJSON *j;

	assert_int_equal(call_next(f, 1, NULL), id);
	/* max_calls = 2: the first recall is the second call, the next one gives up. */
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/recall", "dev-staff", NULL, &j),
	                 200);
	assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "calls")), 2);
	assert_string_equal(str(j, "status"), "called");
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/recall", "dev-staff", NULL, &j),
	                 200);
	assert_string_equal(str(j, "status"), "no_show");
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/recall", "dev-staff", NULL, &j),
	                 409);
	assert_string_equal(error_code(j), "no_current_ticket");
	cJSON_Delete(j);
}

static void transfer_keeps_label_and_arrival(void **state)
{
	struct hub_fixture *f = *state;
	char label[16], path[64];
	long long id = hub_issue(f, "a", 0, label, sizeof(label));
	cJSON *before, *after;

	snprintf(path, sizeof(path), "/api/v1/tickets/%lld", id);
	assert_int_equal(hub_call(f, "GET", path, "dev-staff", NULL, &before), 200);
	assert_int_equal(call_next(f, 1, NULL), id);
	ticket_action(f, id, "transfer", "{\"service\":\"b\"}", 200, "waiting");
	assert_int_equal(hub_call(f, "GET", path, "dev-staff", NULL, &after), 200);
	assert_string_equal(str(after, "service"), "b");
	assert_string_equal(str(after, "number"), label);
	assert_string_equal(str(after, "arrival"), str(before, "arrival"));
	cJSON_Delete(before);
	cJSON_Delete(after);
	/* Counter 3 serves only b and now gets it. */
	assert_int_equal(call_next(f, 3, NULL), id);
	ticket_action(f, id, "transfer", "{\"service\":\"zzz\"}", 422, NULL);
}

static void park_and_resume(void **state)
{
	struct hub_fixture *f = *state;
	long long id = hub_issue(f, "a", 0, NULL, 0);
	cJSON *q;

	ticket_action(f, id, "park", NULL, 200, "parked");
	assert_int_equal(call_next(f, 1, NULL), 0);
	assert_int_equal(hub_call(f, "GET", "/api/v1/queue", "dev-staff", NULL, &q), 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(q, "parked")), 1);
	cJSON_Delete(q);
	ticket_action(f, id, "resume", NULL, 200, "waiting");
	assert_int_equal(call_next(f, 1, NULL), id);
}

static void paused_counter_cannot_call(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j;

	hub_issue(f, "a", 0, NULL, 0);
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/pause", "dev-staff", NULL, &j),
	                 200);
	assert_string_equal(str(j, "state"), "paused");
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/call-next", "dev-staff", NULL, &j),
	                 409);
	assert_string_equal(error_code(j), "counter_paused");
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/resume", "dev-staff", NULL, &j),
	                 200);
	cJSON_Delete(j);
	assert_true(call_next(f, 1, NULL) > 0);
}

struct racer {
	struct hub_fixture *f;
	int counter;
	long long got[64];
	int n;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	for (;;) {
		char path[64];
		cJSON *j;
		snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", r->counter);
		long st = hub_call(r->f, "POST", path, "dev-staff", NULL, &j);
		if (st != 200) {
			cJSON_Delete(j);
			break;
		}
		r->got[r->n++] = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "id"));
		cJSON_Delete(j);
		if (r->n == 64)
			break;
	}
	return NULL;
}

static void two_counters_pressing_at_once_never_share_a_ticket(void **state)
{
	struct hub_fixture *f = *state;
	struct racer a = { f, 1, { 0 }, 0 }, b = { f, 2, { 0 }, 0 };
	pthread_t ta, tb;

	for (int i = 0; i < 40; i++)
		hub_issue(f, i % 2 ? "a" : "b", 0, NULL, 0);
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.n + b.n, 40);
	for (int i = 0; i < a.n; i++)
		for (int k = 0; k < b.n; k++)
			assert_true(a.got[i] != b.got[k]);
}

static void display_shows_numbers_and_counters_only(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *d;
	char label[16];

	hub_issue(f, "a", 0, label, sizeof(label));
	call_next(f, 2, NULL);
	assert_int_equal(hub_call(f, "GET", "/api/v1/display", "dev-display", NULL, &d), 200);
	cJSON *call = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "calls"), 0);
	assert_string_equal(str(call, "number"), label);
	assert_string_equal(str(call, "counter_label"), "Platz 2");
	assert_int_equal(cJSON_GetArraySize(call), 4); /* number, counter, counter_label, at */
	cJSON_Delete(d);
}

static void public_page_shows_the_number(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j;
	char path[96];

	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"a\"}", &j), 201);
	snprintf(path, sizeof(path), "/t/%s", str(j, "public_id"));
	cJSON_Delete(j);
	struct http_client_response r = { 0 };
	char url[160];
	snprintf(url, sizeof(url), "%s%s", f->base, path);
	assert_int_equal(http_client_request("GET", url, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "A 001"));
	http_client_response_free(&r);
	assert_int_equal(hub_call(f, "GET", "/t/0123456789abcdef0123456789abcdef", NULL, NULL, &j),
	                 404);
	cJSON_Delete(j);
}

static void metrics_count_tickets(void **state)
{
	struct hub_fixture *f = *state;
	struct http_client_response r = { 0 };
	struct http_client_options o = { .bearer = "dev-staff" };
	char url[128];

	hub_issue(f, "a", 0, NULL, 0);
	hub_issue(f, "a", 0, NULL, 0);
	snprintf(url, sizeof(url), "%s/metrics", f->base);
	assert_int_equal(http_client_request("GET", url, NULL, &o, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(
	    strstr(r.body, "civiq_tickets_issued_total{service=\"a\",kind=\"walk_in\"} 2"));
	assert_non_null(strstr(r.body, "civiq_queue_waiting{service=\"a\"} 2"));
	http_client_response_free(&r);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(health_needs_no_token),
		T(missing_or_wrong_token_gets_401_before_routing),
		T(wrong_role_gets_403),
		T(walk_in_numbers_are_sequential_per_service),
		T(new_ticket_reports_position_and_estimate),
		T(malformed_requests_get_4xx_and_change_nothing),
		T(oversized_body_gets_413),
		T(call_next_takes_priority_then_arrival_and_204_when_empty),
		T(start_finish_and_invalid_transitions),
		T(recall_counts_calls_then_no_show),
		T(transfer_keeps_label_and_arrival),
		T(park_and_resume),
		T(paused_counter_cannot_call),
		T(two_counters_pressing_at_once_never_share_a_ticket),
		T(display_shows_numbers_and_counters_only),
		T(public_page_shows_the_number),
		T(metrics_count_tickets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
