/* The hub across its life: event replay after a restart, scheduled backups, and the number
 * blocks a kiosk leases for offline use. */
#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hub/hub.h"
#include "hub_fixture.h"
#include "net/sse_parser.h"
#include "store/store.h"

static int setup(void **state)
{
	struct hub_fixture *f = calloc(1, sizeof(*f));
	fixture_init(f, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_cleanup(*state);
	free(*state);
	return 0;
}

/* ---- SSE ---- */

struct received {
	uint64_t ids[64];
	char types[64][EVENT_TYPE_MAX];
	char data[64][256];
	int n;
};

static int on_event(void *ctx, const struct event *ev)
{
	struct received *r = ctx;
	if (r->n < 64) {
		r->ids[r->n] = ev->id;
		snprintf(r->types[r->n], EVENT_TYPE_MAX, "%s", ev->type);
		snprintf(r->data[r->n], sizeof(r->data[0]), "%s", ev->data ? ev->data : "");
		r->n++;
	}
	return 0;
}

static size_t feed(char *buf, size_t size, size_t n, void *ctx)
{
	return sse_parser_feed(ctx, buf, size * n) == 0 ? size * n : 0;
}

/* Listens to the event stream for a second, resuming after last_id. */
static void listen_events(struct hub_fixture *f, uint64_t last_id, struct received *out)
{
	char url[128], resume[64];
	struct sse_parser p;
	struct curl_slist *h = NULL;
	CURL *c = curl_easy_init();

	memset(out, 0, sizeof(*out));
	sse_parser_init(&p, on_event, out);
	snprintf(url, sizeof(url), "%s/api/v1/events", f->base);
	snprintf(resume, sizeof(resume), "Last-Event-ID: %llu", (unsigned long long)last_id);
	h = curl_slist_append(h, "Authorization: Bearer dev-display");
	h = curl_slist_append(h, resume);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, feed);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &p);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
	assert_int_equal(curl_easy_perform(c), CURLE_OPERATION_TIMEDOUT);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	sse_parser_free(&p);
}

static void call_next(struct hub_fixture *f, char *label, size_t len)
{
	cJSON *j;
	assert_int_equal(hub_call(f, "POST", "/api/v1/counters/1/call-next", "dev-staff", "{}", &j),
	                 200);
	snprintf(label, len, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(j, "number")));
	cJSON_Delete(j);
}

static uint64_t last_event_id(struct hub_fixture *f)
{
	cJSON *j;
	assert_int_equal(hub_call(f, "GET", "/api/v1/display", "dev-display", NULL, &j), 200);
	uint64_t id = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "last_event_id"));
	cJSON_Delete(j);
	return id;
}

static int index_of_call(const struct received *r, const char *label)
{
	char needle[64];
	snprintf(needle, sizeof(needle), "\"%s\"", label);
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->types[i], "called") && strstr(r->data[i], needle))
			return i;
	return -1;
}

static void events_missed_across_a_restart_are_replayed_in_order(void **state)
{
	struct hub_fixture *f = *state;
	char first[16], second[16], third[16];
	struct received r;

	fixture_start(f);
	for (int i = 0; i < 3; i++)
		hub_issue(f, "a", 0, NULL, 0);
	call_next(f, first, sizeof(first));
	uint64_t seen = last_event_id(f); /* a display saw everything up to here, then lost it */
	assert_true(seen > 0);

	fixture_stop(f);
	fixture_start(f);
	call_next(f, second, sizeof(second));
	fixture_kill9(f);
	fixture_start(f);
	call_next(f, third, sizeof(third));

	listen_events(f, seen, &r);
	assert_true(r.n >= 2);
	for (int i = 0; i < r.n; i++) {
		assert_true(r.ids[i] > seen);
		if (i > 0)
			assert_true(r.ids[i] > r.ids[i - 1]);
	}
	assert_int_equal(index_of_call(&r, first), -1);
	int a = index_of_call(&r, second), b = index_of_call(&r, third);
	assert_true(a >= 0);
	assert_true(b > a);
}

/* ---- backups ---- */

static void add_to_hub_section(struct hub_fixture *f, const char *lines)
{
	char buf[8192];
	FILE *c = fopen(f->config, "r");
	assert_non_null(c);
	size_t n = fread(buf, 1, sizeof(buf) - 1, c);
	fclose(c);
	buf[n] = 0;
	char *after = strstr(buf, "[hub]\n");
	assert_non_null(after);
	after += strlen("[hub]\n");
	c = fopen(f->config, "w");
	assert_non_null(c);
	fwrite(buf, 1, (size_t)(after - buf), c);
	fputs(lines, c);
	fputs(after, c);
	fclose(c);
}

static void scheduled_backup_is_a_whole_database(void **state)
{
	struct hub_fixture *f = *state;
	char backup[192], err[STORE_ERROR_MAX];
	struct stat st;
	sqlite3 *db;

	add_to_hub_section(f, "backup_dir = backup\nbackup_interval_s = 60\n");
	fixture_start(f);
	hub_issue(f, "a", 0, NULL, 0);
	snprintf(backup, sizeof(backup), "%s/backup/hub-backup.db", f->dir);
	/* The first backup is taken right after the start. */
	for (int i = 0; i < 100 && stat(backup, &st) != 0; i++)
		usleep(50 * 1000);
	assert_int_equal(stat(backup, &st), 0);
	fixture_stop(f);

	assert_int_equal(store_open(backup, STORE_OPEN_READONLY, &db, err, sizeof(err)), 0);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM services", -1, &q, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 2);
	sqlite3_finalize(q);
	store_close(db);
}

/* ---- leases ---- */

static void handin_body(char *body, size_t len, int number)
{
	char when[32];
	time_t now = (time_t)(hub_now_ms() / 1000); /* the hub's clock, which the fixture sets */
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	snprintf(body, len,
	         "{\"tickets\":[{\"service\":\"a\",\"number\":%d,\"issued_at\":\"%s\"}]}", number,
	         when);
}

static void kiosk_leases_and_hands_in_under_its_own_name_only(void **state)
{
	struct hub_fixture *f = *state;
	cJSON *j, *again;
	char body[256];

	fixture_start(f);
	assert_int_equal(hub_call(f, "POST", "/api/v1/kiosks/kiosk-2/lease", "dev-kiosk",
	                          "{\"service\":\"a\",\"size\":5}", &j),
	                 403);
	cJSON_Delete(j);
	assert_int_equal(hub_call(f, "POST", "/api/v1/kiosks/kiosk-1/lease", "dev-kiosk",
	                          "{\"service\":\"a\",\"size\":5}", &j),
	                 201);
	int first = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "first"));
	int last = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "last"));
	cJSON_Delete(j);
	assert_int_equal(last - first, 4);

	/* Online tickets skip the leased block. */
	char label[16];
	hub_issue(f, "a", 0, label, sizeof(label));
	int online = atoi(label + 2);
	assert_true(online < first || online > last);

	handin_body(body, sizeof(body), first);
	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/kiosks/kiosk-2/handin", "dev-kiosk", body, &j), 403);
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/kiosks/kiosk-1/handin", "dev-kiosk", body, &j), 200);
	assert_int_equal(cJSON_GetArraySize(j), 1);
	/* A retried hand-in answers the same stored ticket. */
	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/kiosks/kiosk-1/handin", "dev-kiosk", body, &again), 200);
	assert_int_equal(cJSON_GetArraySize(again), 1);
	assert_int_equal(
	    (long)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "id")),
	    (long)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(again, 0), "id")));
	cJSON_Delete(j);
	cJSON_Delete(again);

	/* A number outside the block is refused. */
	handin_body(body, sizeof(body), last + 50);
	assert_int_equal(
	    hub_call(f, "POST", "/api/v1/kiosks/kiosk-1/handin", "dev-kiosk", body, &j), 422);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    events_missed_across_a_restart_are_replayed_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(scheduled_backup_is_a_whole_database, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(kiosk_leases_and_hands_in_under_its_own_name_only,
		                                setup, teardown),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
