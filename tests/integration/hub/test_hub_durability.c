/* Every change the hub acknowledged survives kill -9, and no number is issued twice.
 *
 * Clients create tickets and call them at two counters while the hub is killed at random
 * moments and restarted. Whatever was answered with 2xx must be found afterwards in at least
 * the state the answer reported. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "hub_fixture.h"

#define ROUNDS    6
#define CLIENTS   6
#define MAX_ACKED 20000

struct acked {
	long long id;
	char label[16];
	int called; /* the answer said "called" */
};

static struct acked acked[MAX_ACKED];
static atomic_int n_acked;
static atomic_bool stop_clients;

static void record(cJSON *j, int called)
{
	int i = atomic_fetch_add(&n_acked, 1);
	assert_true(i < MAX_ACKED);
	acked[i].id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "id"));
	snprintf(acked[i].label, sizeof(acked[i].label), "%s",
	         cJSON_GetStringValue(cJSON_GetObjectItem(j, "number")));
	acked[i].called = called;
}

struct client {
	struct hub_fixture *f;
	int index;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	unsigned seed = (unsigned)c->index * 7919u;

	while (!atomic_load(&stop_clients)) {
		cJSON *j = NULL;
		long st;
		if (c->index < 2 && rand_r(&seed) % 3 == 0) {
			char path[64];
			snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", c->index + 1);
			st = hub_call(c->f, "POST", path, "dev-staff", NULL, &j);
			if (st == 200)
				record(j, 1);
		} else {
			st = hub_call(
			    c->f, "POST", "/api/v1/tickets", "dev-kiosk",
			    rand_r(&seed) % 2 ? "{\"service\":\"a\"}" : "{\"service\":\"b\"}", &j);
			if (st == 201)
				record(j, 0);
		}
		cJSON_Delete(j);
		if (st < 0)
			usleep(20 * 1000); /* the hub is down: wait for the restart */
	}
	return NULL;
}

static void check_database(struct hub_fixture *f)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = atomic_load(&n_acked);

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "SELECT label, status FROM tickets WHERE id = ?", -1, &st, NULL),
	    SQLITE_OK);
	for (int i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, acked[i].id);
		if (sqlite3_step(st) != SQLITE_ROW)
			fail_msg("acknowledged ticket %lld (%s) is lost", acked[i].id,
			         acked[i].label);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), acked[i].label);
		/* A call acknowledged is never undone: called, or finished by a later call. */
		if (acked[i].called)
			assert_true(sqlite3_column_int(st, 1) != 0 /* waiting */);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	/* The range (999 numbers for a, 99 for b) may wrap; live tickets never share a label,
	 * and no label was issued twice before the range wrapped. */
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*) FROM (SELECT label FROM tickets "
	                                    "WHERE status IN (0,1,2,5) GROUP BY day, label "
	                                    "HAVING count(*) > 1)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*) FROM (SELECT label FROM tickets "
	                                    "WHERE prefix = 'A' GROUP BY day, label "
	                                    "HAVING count(*) > 1)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void acknowledged_changes_survive_kill_9(void **state)
{
	struct hub_fixture f;
	pthread_t threads[CLIENTS];
	struct client clients[CLIENTS];
	struct timespec ts;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	srand((unsigned)ts.tv_nsec);
	fixture_init(&f, NULL);
	fixture_start(&f);
	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = (struct client){ &f, i };
		pthread_create(&threads[i], NULL, client_main, &clients[i]);
	}
	for (int round = 0; round < ROUNDS; round++) {
		usleep((useconds_t)(200 + rand() % 600) * 1000);
		fixture_kill9(&f);
		check_database(&f);
		fixture_start(&f);
	}
	atomic_store(&stop_clients, true);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(threads[i], NULL);
	fixture_stop(&f);
	check_database(&f);
	print_message("%d acknowledged operations checked across %d kills\n", atomic_load(&n_acked),
	              ROUNDS);
	assert_true(atomic_load(&n_acked) > 50);
	fixture_cleanup(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(acknowledged_changes_survive_kill_9),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
