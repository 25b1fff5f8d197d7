#include "hub/stmt_cache.h"

#include <stdint.h>
#include <string.h>

#include "common/log.h"

void stmt_cache_init(struct stmt_cache *c, sqlite3 *db)
{
	memset(c, 0, sizeof(*c));
	c->db = db;
}

sqlite3_stmt *stmt_cache_get(struct stmt_cache *c, const char *sql)
{
	size_t slot = ((uintptr_t)sql >> 3) % STMT_CACHE_SLOTS;

	for (size_t i = 0; i < STMT_CACHE_SLOTS; i++, slot = (slot + 1) % STMT_CACHE_SLOTS) {
		if (c->sql[slot] == sql) {
			sqlite3_reset(c->stmt[slot]);
			sqlite3_clear_bindings(c->stmt[slot]);
			return c->stmt[slot];
		}
		if (!c->sql[slot])
			break;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_err("store: cannot prepare statement: %s", sqlite3_errmsg(c->db));
		return NULL;
	}
	if (c->sql[slot]) {
		/* Full: the statement still works, it is just not kept. Never reached with the
		 * hub's fixed set of statements. */
		log_warning("store: statement cache full");
		return st;
	}
	c->sql[slot] = sql;
	c->stmt[slot] = st;
	return st;
}

void stmt_cache_reset_all(struct stmt_cache *c)
{
	for (size_t i = 0; i < STMT_CACHE_SLOTS; i++)
		if (c->stmt[i])
			sqlite3_reset(c->stmt[i]);
}

void stmt_cache_clear(struct stmt_cache *c)
{
	for (size_t i = 0; i < STMT_CACHE_SLOTS; i++) {
		sqlite3_finalize(c->stmt[i]);
		c->stmt[i] = NULL;
		c->sql[i] = NULL;
	}
}
