/* store.h — the hub's SQLite database: opening, schema version, integrity, backups.
 *
 * One file in WAL mode with synchronous=FULL: an acknowledged change survives a power cut.
 * The file carries an application id, so a foreign SQLite file is refused, and a schema
 * version; a database newer than this program is refused rather than misread. Before a
 * migration the file is copied next to itself (<db>.pre-v<N>), so a firmware rollback finds a
 * database it can open.
 */
#ifndef CIVIQ_STORE_STORE_H
#define CIVIQ_STORE_STORE_H

#include <stddef.h>

#include <sqlite3.h>

#define STORE_ERROR_MAX 512

enum store_open_flags {
	STORE_OPEN_READONLY = 1 << 0, /* reader connections: never migrate, never write */
	STORE_OPEN_NO_CHECK = 1 << 1, /* skip the integrity check (extra connections) */
};

/* Opens (creating and migrating if needed) the database at path. On failure returns a negative
 * errno and a sentence in err: -ENOTSUP "not a civiq database", -EPROTO "newer than this
 * program", -EIO integrity check failed or SQLite error. */
int store_open(const char *path, int flags, sqlite3 **out, char *err, size_t errlen);
void store_close(sqlite3 *db);

/* The schema version this program writes. */
int store_schema_version(void);

/* Copies the live database to dest with SQLite's online backup API (readers and the writer keep
 * going); dest is written to a temporary name, synced and renamed, so it is whole or absent. */
int store_backup(sqlite3 *db, const char *dest, char *err, size_t errlen);
/* Replaces the database file at path with the backup at src after checking that src is a civiq
 * database this program can open. The hub must not be running. */
int store_restore(const char *src, const char *path, char *err, size_t errlen);

/* Maps a SQLite result code to a negative errno. */
int store_errno(int sqlite_rc);

#endif
