#include <errno.h>
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

#include "store/schema.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char db[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/civiq-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/hub.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void new_database_gets_schema_wal_and_full_sync(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX];

	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	assert_int_equal(query_int(db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(query_int(db, "PRAGMA synchronous"), 2 /* FULL */);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name='tickets'"),
	                 1);
	store_close(db);

	/* Opening again neither migrates nor fails. */
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	store_close(db);
}

#define TICKET_INSERT                                                                          \
	"INSERT INTO tickets(public_id, day, service, prefix, number, label, kind, priority, " \
	"status, "                                                                             \
	"arrival, created_at) VALUES ('%s', 1, 'a', 'A', 7, 'A 007', 0, 0, %d, 0, 0)"

static void live_numbers_are_unique_per_day_in_the_schema(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX];
	char sql[512];

	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	snprintf(sql, sizeof(sql), TICKET_INSERT, "p1", 0);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), TICKET_INSERT, "p2", 0);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL) & 0xff, SQLITE_CONSTRAINT);
	/* A finished ticket gives its number back. */
	assert_int_equal(sqlite3_exec(db, "UPDATE tickets SET status=3", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	store_close(db);
}

static void foreign_sqlite_file_is_refused(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX];

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x(y)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), -ENOTSUP);
	assert_non_null(strstr(err, "not a civiq database"));
}

static void non_database_file_is_refused(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX];
	FILE *fp = fopen(f->db, "w");
	for (int i = 0; i < 512; i++)
		fputs("this is a text file, not a database\n", fp);
	fclose(fp);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), -ENOTSUP);
	assert_non_null(strstr(err, "not a civiq database"));
}

static void newer_schema_is_refused_with_advice(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX], sql[64];

	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	store_close(db);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), -EPROTO);
	assert_non_null(strstr(err, "newer than this program"));
}

static void backup_and_restore_round_trip(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX], bak[160];

	snprintf(bak, sizeof(bak), "%s/backup.db", f->dir);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	assert_int_equal(
	    sqlite3_exec(db, "INSERT INTO settings VALUES ('k', 'before')", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store_backup(db, bak, err, sizeof(err)), 0);
	assert_int_equal(sqlite3_exec(db, "UPDATE settings SET value='after'", NULL, NULL, NULL),
	                 SQLITE_OK);
	store_close(db);

	assert_int_equal(store_restore(bak, f->db, err, sizeof(err)), 0);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	assert_int_equal(query_int(db, "SELECT value='before' FROM settings WHERE key='k'"), 1);
	store_close(db);
}

static void restore_refuses_a_foreign_file(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX], other[160];

	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x(y)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_restore(other, f->db, err, sizeof(err)), -ENOTSUP);
	assert_int_equal(access(f->db, F_OK), -1);
}

static void older_schema_is_migrated_after_a_snapshot(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	char err[STORE_ERROR_MAX], sql[96], snap[160];

	assert_true(store_migration_count >= 2);
	/* A database as the firmware of schema v1 left it. */
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=1",
	         STORE_APPLICATION_ID);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "INSERT INTO settings VALUES ('k', 'kept')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	assert_int_equal(query_int(db, "PRAGMA user_version"), store_migration_count);
	assert_int_equal(query_int(db, "SELECT value='kept' FROM settings WHERE key='k'"), 1);
	store_close(db);

	/* The snapshot is the v1 database, whole, for a firmware rollback. */
	snprintf(snap, sizeof(snap), "%s.pre-v%d", f->db, store_migration_count);
	assert_int_equal(sqlite3_open_v2(snap, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(query_int(db, "PRAGMA user_version"), 1);
	assert_int_equal(query_int(db, "SELECT value='kept' FROM settings WHERE key='k'"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE "
	                               "name='portal_outbox'"),
	                 0);
	sqlite3_close(db);

	/* Opening the migrated database again takes no second snapshot. */
	assert_int_equal(unlink(snap), 0);
	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	store_close(db);
	assert_int_equal(access(snap, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(new_database_gets_schema_wal_and_full_sync, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(live_numbers_are_unique_per_day_in_the_schema,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_sqlite_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(non_database_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused_with_advice, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(backup_and_restore_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(restore_refuses_a_foreign_file, setup, teardown),
		cmocka_unit_test_setup_teardown(older_schema_is_migrated_after_a_snapshot, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
