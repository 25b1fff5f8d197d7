#include "hub/ops_common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"

void counter_row_set_services(struct counter_row *c, const char *list)
{
	char buf[COUNTER_SERVICES_MAX * SERVICE_ID_MAX];

	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	c->n_services = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save);
	     tok && c->n_services < COUNTER_SERVICES_MAX; tok = strtok_r(NULL, ",", &save)) {
		snprintf(c->services[c->n_services], SERVICE_ID_MAX, "%s", tok);
		c->n_services++;
	}
	for (int i = 0; i < c->n_services; i++)
		c->service_ptrs[i] = c->services[i];
}

struct counter_view counter_row_view(const struct counter_row *c)
{
	return (struct counter_view){ .id = c->id,
		                      .services = c->service_ptrs,
		                      .n_services = (size_t)c->n_services,
		                      .paused = c->paused };
}

static const char sql_service[] =
    "SELECT id, prefix, range_first, range_last, active, checkin_early_s, checkin_late_s, "
    "handling_prior_s FROM services WHERE id = ?";

int ops_load_service(struct hub_txn *tx, const char *id, struct service_row *s)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_service);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? -HUB_E_UNKNOWN_SERVICE : store_errno(rc);
	}
	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", (const char *)sqlite3_column_text(st, 0));
	s->prefix = ((const char *)sqlite3_column_text(st, 1))[0];
	s->range.first = sqlite3_column_int(st, 2);
	s->range.last = sqlite3_column_int(st, 3);
	s->active = sqlite3_column_int(st, 4) != 0;
	s->checkin_early_s = sqlite3_column_int(st, 5);
	s->checkin_late_s = sqlite3_column_int(st, 6);
	s->handling_prior_s = sqlite3_column_int(st, 7);
	sqlite3_reset(st);
	return 0;
}

static const char sql_counter[] =
    "SELECT id, label, services, paused, COALESCE(current_ticket, 0) FROM counters WHERE id = ?";

int ops_load_counter(struct hub_txn *tx, int id, struct counter_row *c)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_counter);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? -HUB_E_UNKNOWN_COUNTER : store_errno(rc);
	}
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int(st, 0);
	snprintf(c->label, sizeof(c->label), "%s", (const char *)sqlite3_column_text(st, 1));
	counter_row_set_services(c, (const char *)sqlite3_column_text(st, 2));
	c->paused = sqlite3_column_int(st, 3) != 0;
	c->current_ticket = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);
	return 0;
}

static const char sql_ticket[] = "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE id = ?";

int ops_load_ticket(struct hub_txn *tx, int64_t id, struct hub_ticket *t)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_ticket);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		hub_ticket_read(st, t);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return -HUB_E_TICKET_NOT_FOUND;
	return rc == SQLITE_ROW ? 0 : store_errno(rc);
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

static const char sql_counter_current[] = "UPDATE counters SET current_ticket = ? WHERE id = ?";

int ops_set_counter_current(struct hub_txn *tx, int counter, int64_t ticket)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_counter_current);

	if (!st)
		return -EIO;
	if (ticket)
		sqlite3_bind_int64(st, 1, ticket);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int(st, 2, counter);
	return step_done(st);
}

static const char sql_save[] =
    "UPDATE tickets SET service = ?, status = ?, priority = ?, arrival = ?, called_at = ?, "
    "calls = ?, overtaken = ?, counter = ?, started_at = ?, finished_at = ? WHERE id = ?";

int ops_save_ticket(struct hub_txn *tx, const struct hub_ticket *h)
{
	const struct ticket *t = &h->t;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_save);

	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, t->service, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)t->status);
	sqlite3_bind_int(st, 3, t->priority);
	sqlite3_bind_int64(st, 4, t->arrival);
	sqlite3_bind_int64(st, 5, t->called_at);
	sqlite3_bind_int(st, 6, t->calls);
	sqlite3_bind_int(st, 7, t->overtaken);
	sqlite3_bind_int(st, 8, t->counter);
	sqlite3_bind_int64(st, 9, h->started_at);
	sqlite3_bind_int64(st, 10, h->finished_at);
	sqlite3_bind_int64(st, 11, t->id);
	return step_done(st);
}

static const char sql_insert[] =
    "INSERT INTO tickets(public_id, day, service, prefix, number, label, kind, priority, "
    "status, arrival, due, created_at, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

int ops_insert_ticket(struct hub_txn *tx, struct hub_ticket *h)
{
	struct ticket *t = &h->t;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_insert);
	char prefix[2] = { t->prefix, 0 };
	int rc = hub_random_public_id(h->public_id);

	if (rc)
		return rc;
	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, h->public_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, t->day);
	sqlite3_bind_text(st, 3, t->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, t->number);
	sqlite3_bind_text(st, 6, h->label, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, (int)t->kind);
	sqlite3_bind_int(st, 8, t->priority);
	sqlite3_bind_int(st, 9, (int)t->status);
	sqlite3_bind_int64(st, 10, t->arrival);
	sqlite3_bind_int64(st, 11, t->due);
	sqlite3_bind_int64(st, 12, h->created_at);
	sqlite3_bind_text(st, 13, h->source[0] ? h->source : "hub", -1, SQLITE_STATIC);
	rc = step_done(st);
	if (rc == 0)
		t->id = sqlite3_last_insert_rowid(hub_txn_db(tx));
	return rc;
}

int ops_emit_ticket(struct hub_txn *tx, const char *type, const struct hub_ticket *t,
                    const struct counter_row *counter)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "ticket", (double)t->t.id);
	cJSON_AddStringToObject(o, "number", t->label);
	cJSON_AddStringToObject(o, "service", t->t.service);
	cJSON_AddStringToObject(o, "status", ticket_status_name(t->t.status));
	cJSON_AddNumberToObject(o, "priority", t->t.priority);
	if (counter) {
		cJSON_AddNumberToObject(o, "counter", counter->id);
		cJSON_AddStringToObject(o, "counter_label", counter->label);
		cJSON_AddNumberToObject(o, "calls", t->t.calls);
	}
	char at[32];
	hub_format_time(hub_txn_now(tx), at, sizeof(at));
	cJSON_AddStringToObject(o, "at", at);
	return hub_txn_emit(tx, type, o);
}

struct taken_ctx {
	struct hub_txn *tx;
	const struct service_row *s;
	int err;
};

static const char sql_number_live[] =
    "SELECT 1 FROM tickets WHERE day = ? AND prefix = ? AND number = ? "
    "AND status IN (0, 1, 2, 5)";
static const char sql_number_leased[] =
    "SELECT 1 FROM leases WHERE day = ? AND service = ? AND ? BETWEEN first AND "
    "last";

static bool number_taken(void *arg, int number)
{
	struct taken_ctx *c = arg;
	char prefix[2] = { c->s->prefix, 0 };
	sqlite3_stmt *live = hub_txn_stmt(c->tx, sql_number_live);
	int rc;

	if (!live) {
		c->err = -EIO;
		return true;
	}
	sqlite3_bind_int(live, 1, hub_txn_day(c->tx));
	sqlite3_bind_text(live, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(live, 3, number);
	rc = sqlite3_step(live);
	sqlite3_reset(live);
	if (rc == SQLITE_ROW)
		return true;
	sqlite3_stmt *leased = hub_txn_stmt(c->tx, sql_number_leased);
	if (!leased) {
		c->err = -EIO;
		return true;
	}
	sqlite3_bind_int(leased, 1, hub_txn_day(c->tx));
	sqlite3_bind_text(leased, 2, c->s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(leased, 3, number);
	rc = sqlite3_step(leased);
	sqlite3_reset(leased);
	return rc == SQLITE_ROW;
}

static const char sql_last_issued[] =
    "SELECT last_issued FROM number_state WHERE day = ? AND service = ?";
static const char sql_set_last_issued[] =
    "INSERT INTO number_state(day, service, last_issued) VALUES (?, ?, ?) "
    "ON CONFLICT(day, service) DO UPDATE SET last_issued = excluded.last_issued";

int ops_next_number(struct hub_txn *tx, const struct service_row *s, int *number, char *label,
                    size_t label_len)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_last_issued);
	int last = 0, n;
	struct taken_ctx ctx = { .tx = tx, .s = s };

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	sqlite3_bind_text(st, 2, s->id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		last = sqlite3_column_int(st, 0);
	sqlite3_reset(st);

	n = numbering_next(&s->range, last, number_taken, &ctx);
	if (ctx.err)
		return ctx.err;
	if (n == -ENOSPC)
		return -HUB_E_NUMBERS_EXHAUSTED;
	if (n < 0)
		return n;
	st = hub_txn_stmt(tx, sql_set_last_issued);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	sqlite3_bind_text(st, 2, s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, n);
	int rc = step_done(st);
	if (rc)
		return rc;
	*number = n;
	rc = ticket_format_label(s->prefix, n, &s->range, label, label_len);
	return rc < 0 ? rc : 0;
}

static const char sql_audit[] =
    "INSERT INTO audit(at, actor, action, ticket, counter, detail) VALUES (?,?,?,?,?,?)";

int ops_audit(struct hub_txn *tx, const char *actor, const char *action, const char *label,
              int counter, const char *detail)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_audit);

	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, hub_txn_now(tx));
	sqlite3_bind_text(st, 2, actor ? actor : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	if (label)
		sqlite3_bind_text(st, 4, label, -1, SQLITE_STATIC);
	if (counter)
		sqlite3_bind_int(st, 5, counter);
	if (detail)
		sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	return step_done(st);
}
