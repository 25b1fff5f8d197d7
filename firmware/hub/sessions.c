/* sessions.c — session tokens and the staff_sessions table. */
#include "hub/sessions.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "store/store.h"

int session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[33]; /* 264 bits: 44 sextets, of which 43 are used */

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	for (int i = 0; i < SESSION_TOKEN_LEN; i++) {
		int bit = i * 6;
		unsigned v = ((unsigned)raw[bit / 8] << 8 | raw[bit / 8 + 1]) >> (10 - bit % 8);
		out[i] = alphabet[v & 63];
	}
	out[SESSION_TOKEN_LEN] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

void session_id_of(const char *token, char out[SESSION_ID_LEN + 1])
{
	unsigned char md[32];
	unsigned int len = 0;

	EVP_Digest(token, strlen(token), md, &len, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int step_once(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

int session_insert(sqlite3 *db, const struct staff_session *s, int64_t now)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db,
	                            "INSERT INTO staff_sessions(id, staff, csrf, created_at, "
	                            "expires_at) VALUES (?, ?, ?, ?, ?)",
	                            -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, s->staff);
	sqlite3_bind_text(st, 3, s->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, s->expires_at);
	return step_once(st);
}

int session_delete(sqlite3 *db, const char *id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "DELETE FROM staff_sessions WHERE id = ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return step_once(st);
}

int session_purge(sqlite3 *db, int64_t now)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "DELETE FROM staff_sessions WHERE expires_at <= ?", -1, &st,
	                            NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_int64(st, 1, now);
	rc = step_once(st);
	return rc ? rc : sqlite3_changes(db);
}

static const char sql_lookup[] =
    "SELECT s.staff, a.login, a.role, s.csrf, s.expires_at FROM staff_sessions s "
    "JOIN staff a ON a.id = s.staff WHERE s.id = ? AND s.expires_at > ? AND a.disabled = 0";

int session_lookup(struct hub_reader *r, const char *token, int64_t now, struct staff_session *out)
{
	sqlite3_stmt *st;
	int rc;

	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return -ENOENT;
	st = stmt_cache_get(&r->stmts, sql_lookup);
	if (!st)
		return -EIO;
	memset(out, 0, sizeof(*out));
	session_id_of(token, out->id);
	sqlite3_bind_text(st, 1, out->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->staff = sqlite3_column_int64(st, 0);
		snprintf(out->login, sizeof(out->login), "%s",
		         (const char *)sqlite3_column_text(st, 1));
		staff_role_parse((const char *)sqlite3_column_text(st, 2), &out->role);
		snprintf(out->csrf, sizeof(out->csrf), "%s",
		         (const char *)sqlite3_column_text(st, 3));
		out->expires_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return -ENOENT;
	return rc == SQLITE_ROW ? 0 : store_errno(rc);
}
