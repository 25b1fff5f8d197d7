/* audit.c — writing, purging and exporting the audit log. */
#include "hub/audit.h"

#include <errno.h>
#include <string.h>

#include "hub/ops_common.h"
#include "hub/ticket_row.h"
#include "store/store.h"

struct record_op {
	const char *actor, *action, *detail;
};

static int record_fn(struct hub_txn *tx, void *arg)
{
	struct record_op *op = arg;
	return ops_audit(tx, op->actor, op->action, NULL, 0, op->detail);
}

int audit_record(struct hub_writer *w, const char *actor, const char *action, const char *detail)
{
	struct record_op op = { actor, action, detail };
	return hub_writer_run(w, record_fn, &op);
}

int audit_insert(sqlite3 *db, int64_t now, const char *actor, const char *action,
                 const char *detail)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(
	    db, "INSERT INTO audit(at, actor, action, detail) VALUES (?,?,?,?)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

int audit_purge(sqlite3 *db, int64_t before)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "DELETE FROM audit WHERE at < ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return store_errno(rc);
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes(db) : store_errno(rc);
}

void csv_cell(FILE *out, const char *s)
{
	if (!s)
		return;
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static const char sql_export[] = "SELECT at, actor, action, ticket, counter, detail FROM audit "
                                 "WHERE at >= ? AND at < ? ORDER BY id";

int audit_write_csv(struct hub_reader *r, int64_t from, int64_t to, FILE *out)
{
	sqlite3_stmt *st = stmt_cache_get(&r->stmts, sql_export);
	int rc, rows = 0;

	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	fputs("at,actor,action,ticket,counter,detail\r\n", out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char at[32];
		hub_format_time(sqlite3_column_int64(st, 0), at, sizeof(at));
		fputs(at, out);
		for (int c = 1; c <= 5; c++) {
			fputc(',', out);
			csv_cell(out, (const char *)sqlite3_column_text(st, c));
		}
		fputs("\r\n", out);
		rows++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? rows : store_errno(rc);
}
