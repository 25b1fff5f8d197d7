/* sessions.h — staff sign-in sessions (table staff_sessions, schema v3).
 *
 * The cookie carries a random token (32 bytes, base64url); the table keeps only its SHA-256, so
 * a copy of the database does not let anyone sign in. Each session has its own CSRF token, which
 * the page sends back in the X-CSRF-Token header with every state change.
 */
#ifndef CIVIQ_HUB_SESSIONS_H
#define CIVIQ_HUB_SESSIONS_H

#include <stdint.h>

#include <sqlite3.h>

#include "hub/accounts.h"
#include "hub/readers.h"

#define SESSION_TOKEN_LEN 43 /* base64url of 32 random bytes, without padding */
#define SESSION_ID_LEN    64 /* hex SHA-256 of the token */
#define SESSION_COOKIE    "civiq_session"

struct staff_session {
	char id[SESSION_ID_LEN + 1];
	int64_t staff;
	char login[STAFF_LOGIN_MAX];
	enum staff_role role;
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t expires_at;
};

/* A fresh random token (base64url, NUL-terminated). 0 or -EIO. */
int session_random_token(char out[SESSION_TOKEN_LEN + 1]);
/* The table key of a cookie value. */
void session_id_of(const char *token, char out[SESSION_ID_LEN + 1]);

/* Stores a new session of account `staff` (inside a writer operation). */
int session_insert(sqlite3 *db, const struct staff_session *s, int64_t now);
int session_delete(sqlite3 *db, const char *id);
/* Deletes the sessions that expired before now; returns how many or a negative errno. */
int session_purge(sqlite3 *db, int64_t now);

/* The live session of a cookie value: not expired, account not disabled. -ENOENT otherwise. */
int session_lookup(struct hub_reader *r, const char *token, int64_t now, struct staff_session *out);

#endif
