/* accounts.c — the staff table. */
#include "hub/accounts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

bool staff_login_valid(const char *login)
{
	size_t n = login ? strlen(login) : 0;

	if (n == 0 || n >= STAFF_LOGIN_MAX)
		return false;
	for (const char *s = login; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' || *s == '@'))
			return false;
	return true;
}

int staff_role_parse(const char *s, enum staff_role *out)
{
	if (s && !strcmp(s, "staff"))
		*out = STAFF_ROLE_STAFF;
	else if (s && !strcmp(s, "supervisor"))
		*out = STAFF_ROLE_SUPERVISOR;
	else
		return -EINVAL;
	return 0;
}

const char *staff_role_name(enum staff_role role)
{
	return role == STAFF_ROLE_SUPERVISOR ? "supervisor" : "staff";
}

/* Prepares sql, binds ?1..?3 to the texts a, b, c and ?9 to num, steps once. Returns 0 on
 * SQLITE_DONE, -EEXIST on a constraint, or the store errno; *changes gets sqlite3_changes. */
static int run(sqlite3 *db, const char *sql, int *changes, int64_t num, const char *a,
               const char *b, const char *c)
{
	static const char *const names[3] = { "?1", "?2", "?3" };
	const char *texts[3] = { a, b, c };
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	for (int i = 0; i < 3; i++) {
		int idx = sqlite3_bind_parameter_index(st, names[i]);
		if (idx)
			sqlite3_bind_text(st, idx, texts[i], -1, SQLITE_STATIC);
	}
	int idx = sqlite3_bind_parameter_index(st, "?9");
	if (idx)
		sqlite3_bind_int64(st, idx, num);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (changes)
		*changes = sqlite3_changes(db);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return -EEXIST;
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

int staff_account_add(sqlite3 *db, const char *login, enum staff_role role,
                      const char *password_hash, int64_t now)
{
	if (!staff_login_valid(login) || !password_hash)
		return -EINVAL;
	return run(db,
	           "INSERT INTO staff(login, role, password, created_at, password_at) "
	           "VALUES (?1, ?2, ?3, ?9, ?9)",
	           NULL, now, login, staff_role_name(role), password_hash);
}

static void read_row(sqlite3_stmt *st, struct staff_account *a, bool with_hash)
{
	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(st, 0);
	snprintf(a->login, sizeof(a->login), "%s", (const char *)sqlite3_column_text(st, 1));
	staff_role_parse((const char *)sqlite3_column_text(st, 2), &a->role);
	a->disabled = sqlite3_column_int(st, 3) != 0;
	a->created_at = sqlite3_column_int64(st, 4);
	a->password_at = sqlite3_column_int64(st, 5);
	if (with_hash)
		snprintf(a->password, sizeof(a->password), "%s",
		         (const char *)sqlite3_column_text(st, 6));
}

#define ACCOUNT_COLUMNS "id, login, role, disabled, created_at, password_at, password"

int staff_account_get(sqlite3 *db, const char *login, struct staff_account *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT " ACCOUNT_COLUMNS " FROM staff WHERE login = ?", -1,
	                            &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out, true);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return -ENOENT;
	return rc == SQLITE_ROW ? 0 : store_errno(rc);
}

static int end_sessions(sqlite3 *db, const char *login)
{
	return run(
	    db, "DELETE FROM staff_sessions WHERE staff = (SELECT id FROM staff WHERE login = ?1)",
	    NULL, 0, login, NULL, NULL);
}

int staff_account_set_disabled(sqlite3 *db, const char *login, bool disabled)
{
	int changes = 0;
	int rc = run(db, "UPDATE staff SET disabled = ?9 WHERE login = ?1", &changes, disabled,
	             login, NULL, NULL);

	if (rc == 0 && changes == 0)
		return -ENOENT;
	if (rc == 0 && disabled)
		rc = end_sessions(db, login);
	return rc;
}

int staff_account_set_password(sqlite3 *db, const char *login, const char *password_hash,
                               int64_t now)
{
	int changes = 0;
	int rc = run(db, "UPDATE staff SET password = ?1, password_at = ?9 WHERE login = ?2",
	             &changes, now, password_hash, login, NULL);

	if (rc == 0 && changes == 0)
		return -ENOENT;
	if (rc == 0)
		rc = end_sessions(db, login);
	return rc;
}

int staff_account_set_role(sqlite3 *db, const char *login, enum staff_role role)
{
	int changes = 0;
	int rc = run(db, "UPDATE staff SET role = ?1 WHERE login = ?2", &changes, 0,
	             staff_role_name(role), login, NULL);

	if (rc == 0 && changes == 0)
		return -ENOENT;
	if (rc == 0)
		rc = end_sessions(db, login);
	return rc;
}

int staff_account_list(sqlite3 *db, void (*fn)(void *ctx, const struct staff_account *a), void *ctx)
{
	sqlite3_stmt *st = NULL;
	struct staff_account a;
	int rc = sqlite3_prepare_v2(db, "SELECT " ACCOUNT_COLUMNS " FROM staff ORDER BY login", -1,
	                            &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &a, false);
		fn(ctx, &a);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}
