/* stmt_cache.h — prepared statements kept per connection, keyed by the SQL literal's address. */
#ifndef CIVIQ_HUB_STMT_CACHE_H
#define CIVIQ_HUB_STMT_CACHE_H

#include <sqlite3.h>

#define STMT_CACHE_SLOTS 128

struct stmt_cache {
	sqlite3 *db;
	const char *sql[STMT_CACHE_SLOTS];
	sqlite3_stmt *stmt[STMT_CACHE_SLOTS];
};

void stmt_cache_init(struct stmt_cache *c, sqlite3 *db);
/* The statement for sql, prepared on first use, reset with bindings cleared; NULL on a prepare
 * error (logged: a bad statement is a programming error). */
sqlite3_stmt *stmt_cache_get(struct stmt_cache *c, const char *sql);
/* Resets every statement, so none holds a read open across COMMIT. */
void stmt_cache_reset_all(struct stmt_cache *c);
void stmt_cache_clear(struct stmt_cache *c);

#endif
