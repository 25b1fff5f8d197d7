/* accounts.h — staff accounts in the hub database (table staff, schema v3).
 *
 * Plain SQL on a connection, so both the hub (inside a writer operation, hub_txn_db) and
 * civiq-tool (its own connection) use them. Disabling an account or changing its password ends
 * its sessions in the same transaction.
 */
#ifndef CIVIQ_HUB_ACCOUNTS_H
#define CIVIQ_HUB_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "hub/password.h"

#define STAFF_LOGIN_MAX 64

enum staff_role {
	STAFF_ROLE_STAFF,
	STAFF_ROLE_SUPERVISOR,
};

struct staff_account {
	int64_t id;
	char login[STAFF_LOGIN_MAX];
	enum staff_role role;
	bool disabled;
	int64_t created_at, password_at; /* Unix seconds */
	char password[PASSWORD_HASH_MAX];
};

/* 1..63 characters of a-z A-Z 0-9 . _ - @ */
bool staff_login_valid(const char *login);
/* "staff" / "supervisor"; -EINVAL for anything else. */
int staff_role_parse(const char *s, enum staff_role *out);
const char *staff_role_name(enum staff_role role);

/* -EEXIST when the login is taken (logins compare case-insensitively). */
int staff_account_add(sqlite3 *db, const char *login, enum staff_role role,
                      const char *password_hash, int64_t now);
/* -ENOENT when there is no such login. */
int staff_account_get(sqlite3 *db, const char *login, struct staff_account *out);
int staff_account_set_disabled(sqlite3 *db, const char *login, bool disabled);
int staff_account_set_password(sqlite3 *db, const char *login, const char *password_hash,
                               int64_t now);
int staff_account_set_role(sqlite3 *db, const char *login, enum staff_role role);
/* Calls fn for each account, by login; the hash is left empty. */
int staff_account_list(sqlite3 *db, void (*fn)(void *ctx, const struct staff_account *a),
                       void *ctx);

#endif
