#include "hub/queries.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wait_estimate.h"
#include "hub/hub_errors.h"
#include "hub/ops_common.h"
#include "hub/queue_snapshot.h"
#include "store/store.h"

static sqlite3_stmt *stmt(const struct hub_query_ctx *q, const char *sql)
{
	return stmt_cache_get(&q->r->stmts, sql);
}

static const char sql_services[] =
    "SELECT id, prefix, names, active, range_first, range_last FROM services ORDER BY position, "
    "id";

cJSON *hub_query_services(const struct hub_query_ctx *q)
{
	sqlite3_stmt *st = stmt(q, sql_services);
	cJSON *arr = cJSON_CreateArray();

	if (!st)
		return arr;
	while (sqlite3_step(st) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", (const char *)sqlite3_column_text(st, 0));
		cJSON_AddStringToObject(o, "prefix", (const char *)sqlite3_column_text(st, 1));
		cJSON *names = cJSON_Parse((const char *)sqlite3_column_text(st, 2));
		cJSON_AddItemToObject(o, "names", names ? names : cJSON_CreateObject());
		cJSON_AddBoolToObject(o, "active", sqlite3_column_int(st, 3));
		cJSON_AddNumberToObject(o, "first", sqlite3_column_int(st, 4));
		cJSON_AddNumberToObject(o, "last", sqlite3_column_int(st, 5));
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_reset(st);
	return arr;
}

static const char sql_counters[] =
    "SELECT c.id, c.label, c.services, c.paused, t.label, t.status FROM counters c "
    "LEFT JOIN tickets t ON t.id = c.current_ticket ORDER BY c.id";

cJSON *hub_query_counters(const struct hub_query_ctx *q)
{
	sqlite3_stmt *st = stmt(q, sql_counters);
	cJSON *arr = cJSON_CreateArray();

	if (!st)
		return arr;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct counter_row c = { 0 };
		cJSON *o = cJSON_CreateObject(), *svc = cJSON_CreateArray();
		counter_row_set_services(&c, (const char *)sqlite3_column_text(st, 2));
		cJSON_AddNumberToObject(o, "id", sqlite3_column_int(st, 0));
		cJSON_AddStringToObject(o, "label", (const char *)sqlite3_column_text(st, 1));
		for (int i = 0; i < c.n_services; i++)
			cJSON_AddItemToArray(svc, cJSON_CreateString(c.services[i]));
		cJSON_AddItemToObject(o, "services", svc);
		cJSON_AddStringToObject(o, "state", sqlite3_column_int(st, 3) ? "paused" : "open");
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			cJSON *cur = cJSON_CreateObject();
			cJSON_AddStringToObject(cur, "number",
			                        (const char *)sqlite3_column_text(st, 4));
			cJSON_AddStringToObject(
			    cur, "status",
			    ticket_status_name((enum ticket_status)sqlite3_column_int(st, 5)));
			cJSON_AddItemToObject(o, "current", cur);
		} else {
			cJSON_AddNullToObject(o, "current");
		}
		cJSON_AddItemToArray(arr, o);
	}
	sqlite3_reset(st);
	return arr;
}

static const char sql_ticket_id[] = "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE id = ?";
static const char sql_ticket_public[] =
    "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE public_id = ?";

int hub_query_ticket(const struct hub_query_ctx *q, int64_t id, const char *public_id,
                     struct hub_ticket *out, int *position, double *wait_s)
{
	sqlite3_stmt *st = stmt(q, public_id ? sql_ticket_public : sql_ticket_id);
	int rc;

	if (!st)
		return -EIO;
	if (public_id)
		sqlite3_bind_text(st, 1, public_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		hub_ticket_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return -HUB_E_TICKET_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return store_errno(rc);
	*position = -1;
	*wait_s = -1;
	if (out->t.status != TICKET_WAITING || out->t.day != q->day)
		return 0;
	struct queue_snapshot *s;
	rc = queue_snapshot_get(q, &s);
	if (rc)
		return rc;
	long i = queue_snapshot_find(s, out->t.id);
	if (i >= 0) {
		*position = s->position[i];
		*wait_s = s->estimate[i];
	}
	queue_snapshot_put(s);
	return 0;
}

cJSON *hub_query_queue(const struct hub_query_ctx *q)
{
	struct queue_snapshot *snap;
	cJSON *root = cJSON_CreateObject(), *services = cJSON_AddArrayToObject(root, "services");

	if (queue_snapshot_get(q, &snap) == 0) {
		const struct queue_snapshot *s = snap;
		for (size_t k = 0; k < s->n_services; k++) {
			cJSON *svc = cJSON_CreateObject();
			cJSON_AddStringToObject(svc, "id", s->service_ids[k]);
			cJSON_AddNumberToObject(svc, "handling_s", (int)s->services[k].handling_s);
			cJSON *list = cJSON_AddArrayToObject(svc, "waiting");
			for (size_t i = 0; i < s->n; i++) {
				if (strcmp(s->core[i].service, s->service_ids[k]) != 0)
					continue;
				cJSON *t = hub_ticket_json(&s->tickets[i]);
				cJSON_AddNumberToObject(t, "position", s->position[i]);
				cJSON_AddNumberToObject(t, "estimated_wait_s", (int)s->estimate[i]);
				cJSON_AddItemToArray(list, t);
			}
			cJSON_AddItemToArray(services, svc);
		}
		queue_snapshot_put(snap);
	}
	return root;
}

static const char sql_parked[] =
    "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE status = 5 AND day = ? ORDER BY arrival";
static const char sql_last_calls[] =
    "SELECT data FROM events WHERE type = 'called' ORDER BY id DESC LIMIT ?";
static const char sql_waiting_counts[] =
    "SELECT service, count(*) FROM tickets WHERE status = 0 AND day = ? GROUP BY service";

cJSON *hub_query_display(const struct hub_query_ctx *q, int max_calls)
{
	cJSON *root = cJSON_CreateObject(), *calls = cJSON_AddArrayToObject(root, "calls");
	sqlite3_stmt *st = stmt(q, sql_last_calls);

	if (st) {
		/* Recalls repeat a call: the history shows each number once, newest first. */
		sqlite3_bind_int(st, 1, max_calls * 4);
		while (cJSON_GetArraySize(calls) < max_calls && sqlite3_step(st) == SQLITE_ROW) {
			cJSON *ev = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
			if (!ev)
				continue;
			const char *num = cJSON_GetStringValue(cJSON_GetObjectItem(ev, "number"));
			bool seen = false;
			cJSON *prev;
			cJSON_ArrayForEach(prev, calls)
			{
				const char *p =
				    cJSON_GetStringValue(cJSON_GetObjectItem(prev, "number"));
				seen |= num && p && !strcmp(num, p);
			}
			if (seen) {
				cJSON_Delete(ev);
				continue;
			}
			/* Only what a waiting-room screen may show. */
			cJSON *o = cJSON_CreateObject();
			static const char *const keep[] = { "number", "counter", "counter_label",
				                            "at" };
			for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
				cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, keep[i]);
				if (v)
					cJSON_AddItemToObject(o, keep[i], cJSON_Duplicate(v, 1));
			}
			cJSON_Delete(ev);
			cJSON_AddItemToArray(calls, o);
		}
		sqlite3_reset(st);
	}
	cJSON *waiting = cJSON_AddObjectToObject(root, "waiting");
	st = stmt(q, sql_waiting_counts);
	if (st) {
		sqlite3_bind_int(st, 1, q->day);
		while (sqlite3_step(st) == SQLITE_ROW)
			cJSON_AddNumberToObject(waiting, (const char *)sqlite3_column_text(st, 0),
			                        sqlite3_column_int(st, 1));
		sqlite3_reset(st);
	}
	return root;
}

cJSON *hub_query_parked(const struct hub_query_ctx *q)
{
	sqlite3_stmt *st = stmt(q, sql_parked);
	cJSON *arr = cJSON_CreateArray();
	struct hub_ticket t;

	if (!st)
		return arr;
	sqlite3_bind_int(st, 1, q->day);
	while (sqlite3_step(st) == SQLITE_ROW) {
		hub_ticket_read(st, &t);
		cJSON_AddItemToArray(arr, hub_ticket_json(&t));
	}
	sqlite3_reset(st);
	return arr;
}

static const char sql_events_after[] =
    "SELECT id, type, data, at FROM events WHERE id > ? ORDER BY id LIMIT ?";
static const char sql_last_event[] = "SELECT COALESCE(max(id), 0) FROM events";

int hub_query_events(struct hub_reader *r, uint64_t after, struct event *out, size_t max)
{
	sqlite3_stmt *st = stmt_cache_get(&r->stmts, sql_events_after);
	size_t n = 0;

	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, (int64_t)after);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct event *e = &out[n];
		memset(e, 0, sizeof(*e));
		e->id = (uint64_t)sqlite3_column_int64(st, 0);
		snprintf(e->type, sizeof(e->type), "%s", (const char *)sqlite3_column_text(st, 1));
		e->data = strdup((const char *)sqlite3_column_text(st, 2));
		e->at = sqlite3_column_int64(st, 3);
		if (!e->data)
			break;
		n++;
	}
	sqlite3_reset(st);
	return (int)n;
}

uint64_t hub_query_last_event(struct hub_reader *r)
{
	sqlite3_stmt *st = stmt_cache_get(&r->stmts, sql_last_event);
	uint64_t id = 0;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		id = (uint64_t)sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return id;
}

int hub_query_queue_lengths(const struct hub_query_ctx *q,
                            void (*fn)(void *ctx, const char *service, int waiting), void *ctx)
{
	sqlite3_stmt *st = stmt(q, sql_waiting_counts);

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, q->day);
	while (sqlite3_step(st) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
	sqlite3_reset(st);
	return 0;
}

static const char sql_active_services[] =
    "SELECT id FROM services WHERE active = 1 ORDER BY position, id";

cJSON *hub_query_walk_in_waits(const struct hub_query_ctx *q)
{
	cJSON *arr = cJSON_CreateArray();
	struct queue_snapshot *snap = NULL;
	struct ticket *core = NULL;
	double *est = NULL;
	sqlite3_stmt *st = NULL;

	if (queue_snapshot_get(q, &snap) != 0)
		goto out;
	core = calloc(snap->n + 1, sizeof(*core));
	est = calloc(snap->n + 1, sizeof(*est));
	st = core && est ? stmt(q, sql_active_services) : NULL;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int waiting = 0;
		for (size_t i = 0; i < snap->n; i++)
			waiting += strcmp(snap->core[i].service, id) == 0;
		/* A walk-in joining now: after everyone waiting, then simulated like the rest. */
		memcpy(core, snap->core, snap->n * sizeof(*core));
		struct ticket *t = &core[snap->n];
		memset(t, 0, sizeof(*t));
		t->id = INT64_MAX;
		snprintf(t->service, sizeof(t->service), "%s", id);
		t->kind = TICKET_WALK_IN;
		t->status = TICKET_WAITING;
		t->arrival = q->now;
		t->day = q->day;
		struct wait_input in = {
			.waiting = core,
			.n_waiting = snap->n + 1,
			.counters = snap->views,
			.n_counters = snap->n_counters,
			.counter_busy_until = snap->busy_until,
			.services = snap->services,
			.n_services = snap->n_services,
			.policy = q->policy,
			.now = q->now,
		};
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", id);
		cJSON_AddNumberToObject(o, "waiting", waiting);
		if (wait_estimate_queue(&in, est) == 0 && est[snap->n] >= 0)
			cJSON_AddNumberToObject(o, "estimated_wait_s", (int)(est[snap->n] + 0.5));
		else
			cJSON_AddNullToObject(o, "estimated_wait_s");
		cJSON_AddItemToArray(arr, o);
	}
	if (st)
		sqlite3_reset(st);
out:
	free(core);
	free(est);
	queue_snapshot_put(snap);
	return arr;
}
