#include "hub/lease_ops.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hub/ops_common.h"
#include "store/store.h"

struct lease_op {
	const char *kiosk, *service;
	int size;
	struct hub_lease *out;
};

static const char sql_active_lease[] =
    "SELECT id, first, last, next FROM leases WHERE kiosk = ? AND service = ? AND day = ? "
    "AND active = 1 AND next <= last ORDER BY id LIMIT 1";
static const char sql_insert_lease[] =
    "INSERT INTO leases(kiosk, day, service, first, last, next, created_at) "
    "VALUES (?,?,?,?,?,?,?)";
static const char sql_last[] = "SELECT last_issued FROM number_state WHERE day = ? AND service = ?";
static const char sql_set_last[] =
    "INSERT INTO number_state(day, service, last_issued) VALUES (?, ?, ?) "
    "ON CONFLICT(day, service) DO UPDATE SET last_issued = excluded.last_issued";
static const char sql_live[] = "SELECT 1 FROM tickets WHERE day = ? AND prefix = ? AND number = ? "
                               "AND status IN (0, 1, 2, 5)";
static const char sql_in_lease[] = "SELECT 1 FROM leases WHERE day = ? AND service = ? AND "
                                   "? BETWEEN first AND last";

struct taken_ctx {
	struct hub_txn *tx;
	const struct service_row *s;
};

/* For leasing, any block ever leased today counts as taken, active or not. */
static bool taken(void *arg, int number)
{
	struct taken_ctx *c = arg;
	char prefix[2] = { c->s->prefix, 0 };
	sqlite3_stmt *st = hub_txn_stmt(c->tx, sql_live);
	int rc;

	if (!st)
		return true;
	sqlite3_bind_int(st, 1, hub_txn_day(c->tx));
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, number);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return true;
	st = hub_txn_stmt(c->tx, sql_in_lease);
	if (!st)
		return true;
	sqlite3_bind_int(st, 1, hub_txn_day(c->tx));
	sqlite3_bind_text(st, 2, c->s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, number);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW;
}

static int width_of(int last)
{
	int w = 1;
	while (last >= 10) {
		last /= 10;
		w++;
	}
	return w;
}

static int lease_fn(struct hub_txn *tx, void *arg)
{
	struct lease_op *op = arg;
	struct service_row s;
	struct hub_lease *l = op->out;
	int rc = ops_load_service(tx, op->service, &s);
	sqlite3_stmt *st;

	if (rc)
		return rc;
	if (!s.active)
		return -HUB_E_SERVICE_INACTIVE;
	memset(l, 0, sizeof(*l));
	snprintf(l->service, sizeof(l->service), "%s", s.id);
	l->prefix = s.prefix;
	l->day = hub_txn_day(tx);
	l->width = width_of(s.range.last);

	st = hub_txn_stmt(tx, sql_active_lease);
	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, op->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s.id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, l->day);
	if (sqlite3_step(st) == SQLITE_ROW) {
		l->id = sqlite3_column_int64(st, 0);
		l->first = sqlite3_column_int(st, 1);
		l->last = sqlite3_column_int(st, 2);
		l->next = sqlite3_column_int(st, 3);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);

	int last_issued = 0;
	st = hub_txn_stmt(tx, sql_last);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, l->day);
	sqlite3_bind_text(st, 2, s.id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		last_issued = sqlite3_column_int(st, 0);
	sqlite3_reset(st);

	struct taken_ctx ctx = { tx, &s };
	struct number_block block;
	rc = numbering_lease_block(&s.range, last_issued, op->size, taken, &ctx, &block);
	if (rc == -ENOSPC)
		return -HUB_E_NUMBERS_EXHAUSTED;
	if (rc)
		return rc;
	st = hub_txn_stmt(tx, sql_insert_lease);
	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, op->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, l->day);
	sqlite3_bind_text(st, 3, s.id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, block.first);
	sqlite3_bind_int(st, 5, block.last);
	sqlite3_bind_int(st, 6, block.first);
	sqlite3_bind_int64(st, 7, hub_txn_now(tx));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	l->id = sqlite3_last_insert_rowid(hub_txn_db(tx));
	l->first = block.first;
	l->last = block.last;
	l->next = block.first;
	/* The hub's own numbering continues after the block. */
	st = hub_txn_stmt(tx, sql_set_last);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, l->day);
	sqlite3_bind_text(st, 2, s.id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, block.last);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

int hub_lease(struct hub_writer *w, const char *kiosk, const char *service, int size,
              struct hub_lease *out)
{
	struct lease_op op = { kiosk, service, size, out };

	if (size < 1 || size > 500)
		return -EINVAL;
	return hub_writer_run(w, lease_fn, &op);
}

struct handin_op {
	const char *kiosk;
	const struct hub_handin_item *items;
	size_t n;
	struct hub_ticket *out;
};

static const char sql_lease_for[] =
    "SELECT id, first, last, next FROM leases WHERE kiosk = ? AND service = ? AND day = ? AND "
    "? BETWEEN first AND last";
static const char sql_advance[] = "UPDATE leases SET next = max(next, ?) WHERE id = ?";
static const char sql_existing[] =
    "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE day = ? AND prefix = ? AND number = ? AND "
    "source = ? ORDER BY id DESC LIMIT 1";

static int handin_one(struct hub_txn *tx, const char *kiosk, const struct hub_handin_item *it,
                      struct hub_ticket *t)
{
	struct service_row s;
	int rc = ops_load_service(tx, it->service, &s);
	sqlite3_stmt *st;
	char source[64], prefix[2];
	int day = hub_txn_day_of(tx, it->issued_at);

	if (rc)
		return rc;
	if (it->priority < 0 || it->priority > PRIORITY_MAX ||
	    it->issued_at > hub_txn_now(tx) + 300)
		return -EINVAL;
	snprintf(source, sizeof(source), "kiosk:%s", kiosk);
	prefix[0] = s.prefix;
	prefix[1] = 0;

	st = hub_txn_stmt(tx, sql_existing);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_text(st, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, it->number);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		hub_ticket_read(st, t);
		sqlite3_reset(st);
		return 0; /* handed in before */
	}
	sqlite3_reset(st);

	st = hub_txn_stmt(tx, sql_lease_for);
	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s.id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int(st, 4, it->number);
	rc = sqlite3_step(st);
	int64_t lease = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!lease)
		return -HUB_E_NUMBER_NOT_LEASED;

	memset(t, 0, sizeof(*t));
	snprintf(t->t.service, sizeof(t->t.service), "%s", s.id);
	t->t.prefix = s.prefix;
	t->t.number = it->number;
	t->t.day = day;
	t->t.kind = TICKET_WALK_IN;
	t->t.priority = it->priority;
	/* A ticket of an earlier day can no longer be served: it is kept, as cancelled. */
	t->t.status = day == hub_txn_day(tx) ? TICKET_WAITING : TICKET_CANCELLED;
	t->t.arrival = it->issued_at;
	t->created_at = it->issued_at;
	snprintf(t->source, sizeof(t->source), "%s", source);
	rc = ticket_format_label(s.prefix, it->number, &s.range, t->label, sizeof(t->label));
	if (rc >= 0)
		rc = ops_insert_ticket(tx, t);
	if (rc)
		return rc;
	st = hub_txn_stmt(tx, sql_advance);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, it->number + 1);
	sqlite3_bind_int64(st, 2, lease);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	return ops_emit_ticket(tx, "ticket_created", t, NULL);
}

static int handin_fn(struct hub_txn *tx, void *arg)
{
	struct handin_op *op = arg;

	for (size_t i = 0; i < op->n; i++) {
		int rc = handin_one(tx, op->kiosk, &op->items[i], &op->out[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int hub_handin(struct hub_writer *w, const char *kiosk, const struct hub_handin_item *items,
               size_t n, struct hub_ticket *out)
{
	struct handin_op op = { kiosk, items, n, out };
	return hub_writer_run(w, handin_fn, &op);
}
