/* sync_store.c — bookings, cursor and outbox rows of the portal sync. */
#include "sync/sync_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hub/ops_common.h"
#include "store/store.h"

static const char sql_get[] = "SELECT value FROM settings WHERE key = ?";
static const char sql_put[] = "INSERT INTO settings(key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value";

static int put(struct hub_txn *tx, const char *key, const char *value)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_put);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

/* 1 found, 0 absent, or a negative errno. */
static int get(struct hub_txn *tx, const char *key, char *out, size_t len)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_get);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_errno(rc);
}

struct prepare_op {
	char *cursor;
	size_t cursor_len;
	char *instance;
};

static int prepare_fn(struct hub_txn *tx, void *arg)
{
	struct prepare_op *op = arg;
	int rc = put(tx, "portal.outbox", "on");

	if (rc)
		return rc;
	op->cursor[0] = '\0';
	if ((rc = get(tx, "portal.cursor", op->cursor, op->cursor_len)) < 0)
		return rc;
	if ((rc = get(tx, "portal.instance", op->instance, SYNC_INSTANCE_LEN + 1)) != 0)
		return rc < 0 ? rc : 0;
	uint8_t raw[SYNC_INSTANCE_LEN / 2];
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -EIO;
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(op->instance + 2 * i, 3, "%02x", raw[i]);
	return put(tx, "portal.instance", op->instance);
}

int sync_store_prepare(struct hub_writer *w, char *cursor, size_t cursor_len,
                       char instance[SYNC_INSTANCE_LEN + 1])
{
	struct prepare_op op = { cursor, cursor_len, instance };
	return hub_writer_run(w, prepare_fn, &op);
}

struct apply_op {
	const struct portal_page *page;
	const char *cursor;
	struct sync_apply_result *r;
};

static const char sql_old[] = "SELECT COALESCE(ticket, 0), start FROM bookings WHERE id = ?";
static const char sql_due[] = "UPDATE tickets SET due = ? WHERE id = ?";

/* A waiting ticket follows its booking: cancelled with it, or due at the new time. Tickets
 * already called or being served are left to the staff. */
static int follow_booking(struct hub_txn *tx, const struct hub_booking *b, int64_t ticket,
                          struct sync_apply_result *r)
{
	struct hub_ticket t;
	int rc = ops_load_ticket(tx, ticket, &t);

	if (rc)
		return rc == -HUB_E_TICKET_NOT_FOUND ? 0 : rc;
	if (t.t.status != TICKET_WAITING)
		return 0;
	if (b->cancelled) {
		t.t.status = TICKET_CANCELLED;
		if ((rc = ops_save_ticket(tx, &t)))
			return rc;
		r->tickets_cancelled++;
		return ops_emit_ticket(tx, "ticket_updated", &t, NULL);
	}
	if (t.t.due == b->start)
		return 0;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_due);
	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, b->start);
	sqlite3_bind_int64(st, 2, ticket);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	t.t.due = b->start;
	r->tickets_moved++;
	return ops_emit_ticket(tx, "ticket_updated", &t, NULL);
}

static int apply_fn(struct hub_txn *tx, void *arg)
{
	struct apply_op *op = arg;
	int rc;

	for (size_t i = 0; i < op->page->n; i++) {
		const struct hub_booking *b = &op->page->bookings[i];
		sqlite3_stmt *st = hub_txn_stmt(tx, sql_old);
		int64_t ticket = 0;
		if (!st)
			return -EIO;
		sqlite3_bind_text(st, 1, b->id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			ticket = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		rc = hub_txn_booking_upsert(tx, b);
		if (rc == -EEXIST) {
			op->r->duplicate_codes++;
			continue;
		}
		if (rc)
			return rc;
		op->r->stored++;
		if (ticket && (rc = follow_booking(tx, b, ticket, op->r)))
			return rc;
	}
	return put(tx, "portal.cursor", op->cursor);
}

int sync_store_apply(struct hub_writer *w, const struct portal_page *page, const char *cursor,
                     struct sync_apply_result *out)
{
	struct apply_op op = { page, cursor, out };
	memset(out, 0, sizeof(*out));
	int rc = hub_writer_run(w, apply_fn, &op);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

struct withdraw_op {
	const char (*ids)[64];
	size_t n;
	int64_t now_s;
	struct sync_apply_result *r;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static const char sql_open[] = "SELECT id, start, COALESCE(ticket, 0) FROM bookings "
                               "WHERE status = 'confirmed' AND end > ?";
static const char sql_withdraw[] =
    "UPDATE bookings SET status = 'cancelled', identity = NULL WHERE id = ?";

static int withdraw_fn(struct hub_txn *tx, void *arg)
{
	struct withdraw_op *op = arg;
	struct gone {
		struct hub_booking b;
		int64_t ticket;
	} *gone = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_open);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, op->now_s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (bsearch(id, op->ids, op->n, sizeof(*op->ids), by_id))
			continue;
		if (n == cap) {
			struct gone *g = realloc(gone, (cap = cap ? 2 * cap : 16) * sizeof(*g));
			if (!g) {
				rc = SQLITE_NOMEM;
				break;
			}
			gone = g;
		}
		memset(&gone[n], 0, sizeof(gone[n]));
		snprintf(gone[n].b.id, sizeof(gone[n].b.id), "%s", id);
		gone[n].b.start = sqlite3_column_int64(st, 1);
		gone[n].b.cancelled = 1;
		gone[n++].ticket = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : store_errno(rc);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = hub_txn_stmt(tx, sql_withdraw))) {
			rc = -EIO;
			break;
		}
		sqlite3_bind_text(st, 1, gone[i].b.id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rc = rc == SQLITE_DONE ? 0 : store_errno(rc);
		if (rc == 0)
			op->r->withdrawn++;
		if (rc == 0 && gone[i].ticket)
			rc = follow_booking(tx, &gone[i].b, gone[i].ticket, op->r);
	}
	free(gone);
	return rc;
}

int sync_store_withdraw_missing(struct hub_writer *w, const char (*ids)[64], size_t n,
                                int64_t now_s, struct sync_apply_result *out)
{
	struct withdraw_op op = { ids, n, now_s, out };
	memset(out, 0, sizeof(*out));
	int rc = hub_writer_run(w, withdraw_fn, &op);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int sync_store_outbox_next(sqlite3 *ro, const char *instance, struct portal_event *out, size_t max)
{
	static const char sql[] = "SELECT id, event, booking, type, at FROM portal_outbox "
	                          "WHERE state = 0 ORDER BY id LIMIT ?";
	sqlite3_stmt *st;
	int rc, n = 0;

	if (sqlite3_prepare_v2(ro, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct portal_event *e = &out[n++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		snprintf(e->booking, sizeof(e->booking), "%s",
		         (const char *)sqlite3_column_text(st, 2));
		snprintf(e->type, sizeof(e->type), "%s", (const char *)sqlite3_column_text(st, 3));
		e->at_ms = sqlite3_column_int64(st, 4);
		snprintf(e->key, sizeof(e->key), "civiq-%s-%lld", instance,
		         (long long)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : store_errno(rc);
}

int sync_store_outbox_pending(sqlite3 *ro)
{
	sqlite3_stmt *st;
	int n = -EIO;

	if (sqlite3_prepare_v2(ro, "SELECT count(*) FROM portal_outbox WHERE state = 0", -1, &st,
	                       NULL) != SQLITE_OK)
		return -EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

struct done_op {
	const int64_t *delivered, *refused;
	size_t nd, nr;
};

static const char sql_delete[] = "DELETE FROM portal_outbox WHERE id = ?";
static const char sql_refuse[] =
    "UPDATE portal_outbox SET state = 2, attempts = attempts + 1 WHERE id = ?";

static int mark(struct hub_txn *tx, const char *sql, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = hub_txn_stmt(tx, sql);
		int rc;
		if (!st)
			return -EIO;
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_errno(rc);
	}
	return 0;
}

static int done_fn(struct hub_txn *tx, void *arg)
{
	struct done_op *op = arg;
	int rc = mark(tx, sql_delete, op->delivered, op->nd);
	return rc ? rc : mark(tx, sql_refuse, op->refused, op->nr);
}

int sync_store_outbox_done(struct hub_writer *w, const int64_t *delivered, size_t n_delivered,
                           const int64_t *refused, size_t n_refused)
{
	struct done_op op = { delivered, refused, n_delivered, n_refused };
	if (!n_delivered && !n_refused)
		return 0;
	return hub_writer_run(w, done_fn, &op);
}
