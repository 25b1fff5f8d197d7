#include "hub/site_ops.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hub/ops_common.h"
#include "store/store.h"

static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

static const char sql_deactivate[] = "UPDATE services SET active = 0";
static const char sql_upsert_service[] =
    "INSERT INTO services(id, prefix, range_first, range_last, names, active, checkin_early_s, "
    "checkin_late_s, handling_prior_s, position) VALUES (?,?,?,?,?,1,?,?,?,?) "
    "ON CONFLICT(id) DO UPDATE SET prefix = excluded.prefix, range_first = "
    "excluded.range_first, range_last = excluded.range_last, names = excluded.names, active = 1, "
    "checkin_early_s = excluded.checkin_early_s, checkin_late_s = excluded.checkin_late_s, "
    "handling_prior_s = excluded.handling_prior_s, position = excluded.position";
static const char sql_upsert_counter[] =
    "INSERT INTO counters(id, label, services) VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET "
    "label = excluded.label, services = excluded.services";
static const char sql_drop_counters_prefix[] = "DELETE FROM counters WHERE id NOT IN (";

static int apply_fn(struct hub_txn *tx, void *arg)
{
	const struct hub_config *cfg = arg;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_deactivate);
	int rc;

	if (!st || (rc = step(st)))
		return st ? rc : -EIO;
	for (size_t i = 0; i < cfg->n_services; i++) {
		const struct hub_service_config *s = &cfg->services[i];
		cJSON *names = cJSON_CreateObject();
		for (int j = 0; j < s->n_names; j++)
			cJSON_AddStringToObject(names, s->names[j][0], s->names[j][1]);
		char *names_text = cJSON_PrintUnformatted(names);
		cJSON_Delete(names);
		char prefix[2] = { s->prefix, 0 };
		st = hub_txn_stmt(tx, sql_upsert_service);
		if (!st || !names_text) {
			cJSON_free(names_text);
			return -ENOMEM;
		}
		sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, prefix, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, s->range.first);
		sqlite3_bind_int(st, 4, s->range.last);
		sqlite3_bind_text(st, 5, names_text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 6, s->checkin_early_s);
		sqlite3_bind_int(st, 7, s->checkin_late_s);
		sqlite3_bind_int(st, 8, s->handling_prior_s);
		sqlite3_bind_int(st, 9, (int)i);
		cJSON_free(names_text);
		if ((rc = step(st)))
			return rc;
	}
	char drop[4096];
	size_t len = (size_t)snprintf(drop, sizeof(drop), "%s0", sql_drop_counters_prefix);
	for (size_t i = 0; i < cfg->n_counters; i++) {
		const struct hub_counter_config *c = &cfg->counters[i];
		char services[16 * SERVICE_ID_MAX + 16] = "";
		for (int j = 0; j < c->n_services; j++) {
			if (j)
				strcat(services, ",");
			strcat(services, c->services[j]);
		}
		st = hub_txn_stmt(tx, sql_upsert_counter);
		if (!st)
			return -EIO;
		sqlite3_bind_int(st, 1, c->id);
		sqlite3_bind_text(st, 2, c->label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, services, -1, SQLITE_TRANSIENT);
		if ((rc = step(st)))
			return rc;
		if (len < sizeof(drop) - 16)
			len += (size_t)snprintf(drop + len, sizeof(drop) - len, ",%d", c->id);
	}
	snprintf(drop + len, sizeof(drop) - len, ")");
	rc = sqlite3_exec(hub_txn_db(tx), drop, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_errno(rc);
}

int hub_apply_config(struct hub_writer *w, const struct hub_config *cfg)
{
	return hub_writer_run(w, apply_fn, (void *)cfg);
}

static const char sql_cancel_old[] =
    "UPDATE tickets SET status = 6 WHERE day < ? AND status IN (0, 1, 2, 5)";
static const char sql_free_counters[] =
    "UPDATE counters SET current_ticket = NULL WHERE current_ticket IN "
    "(SELECT id FROM tickets WHERE day < ?)";
static const char sql_purge_bookings[] = "DELETE FROM bookings WHERE day < ?";
static const char sql_purge_events[] = "DELETE FROM events WHERE day < ?";
static const char sql_purge_keys[] = "DELETE FROM day_keys WHERE day < ?";
/* Whatever the portal never took within a week is dropped (with sync switched off, nothing
 * else would). */
static const char sql_purge_outbox[] = "DELETE FROM portal_outbox WHERE day < ? - 7";
static const char sql_end_leases[] = "UPDATE leases SET active = 0 WHERE day < ? AND active = 1";

static int run_day_statement(struct hub_txn *tx, const char *sql, int *changed)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	rc = step(st);
	if (rc == 0 && changed)
		*changed = sqlite3_changes(hub_txn_db(tx));
	return rc;
}

static int housekeeping_fn(struct hub_txn *tx, void *arg)
{
	struct hub_housekeeping_result *r = arg;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = run_day_statement(tx, sql_free_counters, NULL)) ||
	    (rc = run_day_statement(tx, sql_cancel_old, &r->cancelled_tickets)) ||
	    (rc = run_day_statement(tx, sql_purge_bookings, &r->purged_bookings)) ||
	    (rc = run_day_statement(tx, sql_purge_events, &r->purged_events)) ||
	    (rc = run_day_statement(tx, sql_purge_keys, NULL)) ||
	    (rc = run_day_statement(tx, sql_purge_outbox, NULL)) ||
	    (rc = run_day_statement(tx, sql_end_leases, NULL)))
		return rc;
	return 0;
}

int hub_housekeeping(struct hub_writer *w, struct hub_housekeeping_result *out)
{
	return hub_writer_run(w, housekeeping_fn, out);
}
