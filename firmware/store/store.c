#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "store/schema.h"

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

int store_errno(int sqlite_rc)
{
	switch (sqlite_rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return -EBUSY;
	case SQLITE_NOMEM:
		return -ENOMEM;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return -EACCES;
	case SQLITE_CANTOPEN:
		return -ENOENT;
	case SQLITE_FULL:
		return -ENOSPC;
	case SQLITE_CONSTRAINT:
		return -EEXIST;
	case SQLITE_NOTADB:
		return -ENOTSUP;
	case SQLITE_CORRUPT:
		return -EBADMSG;
	default:
		return -EIO;
	}
}

int store_schema_version(void)
{
	return store_migration_count;
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int table_count(sqlite3 *db, int *out)
{
	return pragma_int(db, "SELECT count(*) FROM sqlite_master", out);
}

static int integrity_check(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return fail(err, errlen, store_errno(rc), "integrity check: %s",
		            sqlite3_errmsg(db));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = fail(err, errlen, store_errno(rc), "integrity check: %s", sqlite3_errmsg(db));
	} else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		rc = fail(err, errlen, -EIO, "integrity check failed: %s",
		          (const char *)sqlite3_column_text(st, 0));
	} else {
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

static int copy_db(sqlite3 *src, const char *dest, char *err, size_t errlen)
{
	char tmp[4096];
	sqlite3 *out = NULL;
	sqlite3_backup *bk;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", dest) >= sizeof(tmp))
		return fail(err, errlen, -ENAMETOOLONG, "backup path too long");
	unlink(tmp);
	rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = fail(err, errlen, store_errno(rc), "%s: %s", tmp, sqlite3_errmsg(out));
		sqlite3_close(out);
		return rc;
	}
	bk = sqlite3_backup_init(out, "main", src, "main");
	if (!bk) {
		rc = fail(err, errlen, -EIO, "backup: %s", sqlite3_errmsg(out));
		sqlite3_close(out);
		unlink(tmp);
		return rc;
	}
	/* All pages in one step: one read transaction, so the copy is consistent even while other
	 * connections commit (stepwise copying restarts on each of their commits). In WAL mode the
	 * writer is not held up by it. */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(5);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		rc = fail(err, errlen, store_errno(rc), "backup: %s", sqlite3_errstr(rc));
		sqlite3_close(out);
		unlink(tmp);
		return rc;
	}
	/* The copy is a plain rollback-journal file, readable without its WAL. */
	sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(out);

	int fd = open(tmp, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, dest) != 0) {
		rc = fail(err, errlen, -errno, "%s: %s", dest, strerror(errno));
		unlink(tmp);
		return rc;
	}
	return 0;
}

static int migrate(sqlite3 *db, const char *path, int from, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc;

	if (from > 0) {
		char snap[4096];
		if ((size_t)snprintf(snap, sizeof(snap), "%s.pre-v%d", path,
		                     store_migration_count) >= sizeof(snap))
			return fail(err, errlen, -ENAMETOOLONG, "snapshot path too long");
		rc = copy_db(db, snap, err, errlen);
		if (rc)
			return rc;
		log_notice("store: snapshot of schema v%d kept as %s before migration", from, snap);
	}
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
	for (int v = from; rc == SQLITE_OK && v < store_migration_count; v++)
		rc = sqlite3_exec(db, store_migrations[v], NULL, NULL, &msg);
	if (rc == SQLITE_OK) {
		char sql[128];
		snprintf(sql, sizeof(sql), "PRAGMA application_id=%d; PRAGMA user_version=%d",
		         STORE_APPLICATION_ID, store_migration_count);
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int e = fail(err, errlen, store_errno(rc), "migration to v%d failed: %s",
		             store_migration_count, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return e;
	}
	if (from > 0)
		log_notice("store: migrated schema v%d -> v%d", from, store_migration_count);
	return 0;
}

static int configure(sqlite3 *db, int flags)
{
	const char *sql =
	    (flags & STORE_OPEN_READONLY)
	        /* Several readers run side by side; small page caches keep the hub
	         * within its memory goal, the OS page cache does the rest. */
	        ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA cache_size=-512"
	        /* Statement journals (one per savepoint'ed operation) stay in memory: as temp
	         * files they cost an open, writes and an unlink per operation. */
	        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY";
	sqlite3_busy_timeout(db, 5000);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int store_open(const char *path, int flags, sqlite3 **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int rc, app_id = 0, version = 0, tables = 0;
	int oflags = (flags & STORE_OPEN_READONLY) ? SQLITE_OPEN_READONLY
	                                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = fail(err, errlen, store_errno(rc), "%s: %s", path,
		          db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return rc;
	}
	sqlite3_extended_result_codes(db, 1);
	rc = pragma_int(db, "PRAGMA application_id", &app_id);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA user_version", &version);
	if (rc == SQLITE_OK)
		rc = table_count(db, &tables);
	if (rc != SQLITE_OK) {
		rc = (rc & 0xff) == SQLITE_NOTADB
		         ? fail(err, errlen, -ENOTSUP, "%s: not a civiq database", path)
		         : fail(err, errlen, store_errno(rc), "%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (tables > 0 && app_id != STORE_APPLICATION_ID) {
		rc = fail(err, errlen, -ENOTSUP, "%s: not a civiq database", path);
		goto out;
	}
	if (version > store_migration_count) {
		rc = fail(err, errlen, -EPROTO,
		          "%s: database schema v%d is newer than this program (v%d); "
		          "restore the pre-migration snapshot or update the firmware",
		          path, version, store_migration_count);
		goto out;
	}
	rc = configure(db, flags);
	if (rc != SQLITE_OK) {
		rc = fail(err, errlen, store_errno(rc), "%s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	if (!(flags & STORE_OPEN_NO_CHECK)) {
		rc = integrity_check(db, err, errlen);
		if (rc)
			goto out;
	}
	if (version < store_migration_count) {
		if (flags & STORE_OPEN_READONLY) {
			rc = fail(err, errlen, -EPROTO, "%s: schema v%d needs migration", path,
			          version);
			goto out;
		}
		rc = migrate(db, path, version, err, errlen);
		if (rc)
			goto out;
	}
	*out = db;
	return 0;
out:
	sqlite3_close(db);
	return rc;
}

void store_close(sqlite3 *db)
{
	sqlite3_close(db);
}

int store_backup(sqlite3 *db, const char *dest, char *err, size_t errlen)
{
	return copy_db(db, dest, err, errlen);
}

int store_restore(const char *src, const char *path, char *err, size_t errlen)
{
	sqlite3 *db;
	char wal[4096], shm[4096];
	int rc = store_open(src, STORE_OPEN_READONLY, &db, err, errlen);

	if (rc)
		return rc;
	rc = copy_db(db, path, err, errlen);
	store_close(db);
	if (rc)
		return rc;
	/* A WAL left by the replaced database would be replayed onto the restored one. */
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(wal);
	unlink(shm);
	return 0;
}
