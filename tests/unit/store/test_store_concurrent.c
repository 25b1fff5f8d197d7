/* A backup taken through a reader connection while another connection keeps committing.
 * (Apart from test_store: under qemu-user the two threads' locking does not progress, so the
 * cross-build runs leave this file out.) */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"

static char dir[64];

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

struct busy_writer {
	const char *path;
	atomic_bool stop;
	int written;
};

static void *write_until_stopped(void *arg)
{
	struct busy_writer *w = arg;
	sqlite3 *db;
	char err[STORE_ERROR_MAX], sql[96];

	if (store_open(w->path, 0, &db, err, sizeof(err)))
		return NULL;
	while (!atomic_load(&w->stop) && w->written < 400) {
		snprintf(sql, sizeof(sql), "INSERT INTO settings VALUES ('k%d', 'v')", w->written);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
			w->written++;
	}
	store_close(db);
	return NULL;
}

static void backup_from_a_reader_is_consistent_while_the_writer_commits(void **state)
{
	sqlite3 *db, *reader;
	char err[STORE_ERROR_MAX], bak[160], path[128];
	struct busy_writer w = { .path = path };
	pthread_t t;

	(void)state;
	snprintf(path, sizeof(path), "%s/hub.db", dir);
	snprintf(bak, sizeof(bak), "%s/backup.db", dir);
	assert_int_equal(store_open(path, 0, &db, err, sizeof(err)), 0);
	store_close(db);
	assert_int_equal(store_open(path, STORE_OPEN_READONLY, &reader, err, sizeof(err)), 0);
	assert_int_equal(pthread_create(&t, NULL, write_until_stopped, &w), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_backup(reader, bak, err, sizeof(err)), 0);
		/* The copy is a whole database that passes the integrity check. */
		assert_int_equal(store_open(bak, STORE_OPEN_READONLY, &db, err, sizeof(err)), 0);
		int rows = query_int(db, "SELECT count(*) FROM settings WHERE key LIKE 'k%'");
		assert_true(rows >= 0 && rows <= 400);
		store_close(db);
	}
	atomic_store(&w.stop, true);
	pthread_join(t, NULL);
	store_close(reader);
	assert_true(w.written > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_from_a_reader_is_consistent_while_the_writer_commits),
	};
	char cmd[128];
	strcpy(dir, "/tmp/civiq-store-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? rc : 1;
}
