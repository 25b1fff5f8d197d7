/* kiosk_offline.c — the kiosk's lease blocks and journal of offline tickets (SQLite). */
#include "kiosk_offline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "common/log.h"

#define HANDIN_BATCH 100

struct kiosk_offline {
	sqlite3 *db;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "CREATE TABLE IF NOT EXISTS leases(service TEXT NOT NULL, day TEXT NOT NULL,"
    " prefix TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,"
    " next INTEGER NOT NULL, digits INTEGER NOT NULL, PRIMARY KEY(service, day));"
    "CREATE TABLE IF NOT EXISTS tickets(id INTEGER PRIMARY KEY, service TEXT NOT NULL,"
    " day TEXT NOT NULL, number INTEGER NOT NULL, label TEXT NOT NULL,"
    " issued_at TEXT NOT NULL, priority INTEGER NOT NULL, handed_in INTEGER NOT NULL"
    " DEFAULT 0, UNIQUE(service, day, number));"
    "CREATE TABLE IF NOT EXISTS services(pos INTEGER PRIMARY KEY, id TEXT NOT NULL,"
    " prefix TEXT NOT NULL, active INTEGER NOT NULL, de TEXT, en TEXT, tr TEXT, ar TEXT,"
    " uk TEXT, ru TEXT);";

static int fail(struct kiosk_offline *o, const char *what)
{
	log_err("kiosk: journal %s: %s", what, sqlite3_errmsg(o->db));
	return -EIO;
}

int kiosk_offline_open(const char *path, struct kiosk_offline **out)
{
	struct kiosk_offline *o = calloc(1, sizeof(*o));

	*out = NULL;
	if (!o)
		return -ENOMEM;
	if (sqlite3_open_v2(path, &o->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	        SQLITE_OK ||
	    sqlite3_busy_timeout(o->db, 2000) != SQLITE_OK ||
	    sqlite3_exec(o->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		int rc = fail(o, "open");
		kiosk_offline_close(o);
		return rc;
	}
	*out = o;
	return 0;
}

void kiosk_offline_close(struct kiosk_offline *o)
{
	if (!o)
		return;
	sqlite3_close(o->db);
	free(o);
}

void kiosk_offline_today(int64_t now_s, char out[11])
{
	time_t t = (time_t)now_s;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int kiosk_offline_store_lease(struct kiosk_offline *o, const struct kiosk_lease *l)
{
	sqlite3_stmt *st;
	/* same block: next never goes back; another block: it replaces the used-up one */
	const char *sql =
	    "INSERT INTO leases(service, day, prefix, first, last, next, digits)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(service, day) DO UPDATE SET"
	    " next = CASE WHEN first = ?4 AND last = ?5 THEN max(next, ?6) ELSE ?6 END,"
	    " prefix = ?3, first = ?4, last = ?5, digits = ?7";
	if (sqlite3_prepare_v2(o->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(o, "lease");
	sqlite3_bind_text(st, 1, l->service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, l->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, l->prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, l->first);
	sqlite3_bind_int(st, 5, l->last);
	sqlite3_bind_int(st, 6, l->next);
	sqlite3_bind_int(st, 7, l->digits);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(o, "lease");
	sqlite3_finalize(st);
	return rc;
}

int kiosk_offline_left(struct kiosk_offline *o, const char *service, const char *day)
{
	sqlite3_stmt *st;
	int left = 0;
	if (sqlite3_prepare_v2(o->db,
	                       "SELECT last - next + 1 FROM leases WHERE service = ? AND day = ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		left = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return left > 0 ? left : 0;
}

int kiosk_offline_issue(struct kiosk_offline *o, const char *service, const char *day, int priority,
                        int64_t now_s, struct kiosk_ticket *t)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, next = 0, last = 0, digits = 3;
	char prefix[4] = "", when[32];
	time_t now = (time_t)now_s;
	struct tm tm;

	if (sqlite3_exec(o->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(o, "begin");
	if (sqlite3_prepare_v2(o->db,
	                       "SELECT prefix, next, last, digits FROM leases WHERE service = ? AND"
	                       " day = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = fail(o, "issue");
		goto out;
	}
	sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = -ENOENT;
		goto out;
	}
	snprintf(prefix, sizeof(prefix), "%s", (const char *)sqlite3_column_text(st, 0));
	next = sqlite3_column_int(st, 1);
	last = sqlite3_column_int(st, 2);
	digits = sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	st = NULL;
	if (next > last) {
		rc = -ENOSPC;
		goto out;
	}
	memset(t, 0, sizeof(*t));
	snprintf(t->number, sizeof(t->number), "%s %0*d", prefix,
	         digits > 0 && digits < 7 ? digits : 3, next);
	snprintf(t->service, sizeof(t->service), "%s", service);
	t->people_ahead = -1;
	t->wait_min = -1;
	t->offline = true;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (sqlite3_prepare_v2(
	        o->db,
	        "INSERT INTO tickets(service, day, number, label, issued_at, priority)"
	        " VALUES(?, ?, ?, ?, ?, ?)",
	        -1, &st, NULL) != SQLITE_OK) {
		rc = fail(o, "issue");
		goto out;
	}
	sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, next);
	sqlite3_bind_text(st, 4, t->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, when, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, priority);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = fail(o, "issue");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(o->db,
	                       "UPDATE leases SET next = next + 1 WHERE service = ? AND day = ?",
	                       -1, &st, NULL) != SQLITE_OK) {
		rc = fail(o, "issue");
		goto out;
	}
	sqlite3_bind_text(st, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = fail(o, "issue");
out:
	sqlite3_finalize(st);
	if (rc == 0 && sqlite3_exec(o->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = fail(o, "commit");
	if (rc)
		sqlite3_exec(o->db, "ROLLBACK", NULL, NULL, NULL);
	else
		log_info("kiosk: offline ticket %s issued", t->number);
	return rc;
}

int kiosk_offline_pending(struct kiosk_offline *o, struct kiosk_handin_item *items, size_t max,
                          size_t *n)
{
	sqlite3_stmt *st;
	*n = 0;
	if (sqlite3_prepare_v2(o->db,
	                       "SELECT service, number, issued_at, priority FROM tickets WHERE"
	                       " handed_in = 0 ORDER BY id LIMIT ?",
	                       -1, &st, NULL) != SQLITE_OK)
		return fail(o, "pending");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct kiosk_handin_item *it = &items[(*n)++];
		snprintf(it->service, sizeof(it->service), "%s",
		         (const char *)sqlite3_column_text(st, 0));
		it->number = sqlite3_column_int(st, 1);
		snprintf(it->issued_at, sizeof(it->issued_at), "%s",
		         (const char *)sqlite3_column_text(st, 2));
		it->priority = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	return 0;
}

int kiosk_offline_handin(struct kiosk_offline *o, const struct kiosk_hub *h)
{
	static struct kiosk_handin_item items[HANDIN_BATCH];
	size_t n;
	int rc;

	for (;;) {
		if ((rc = kiosk_offline_pending(o, items, HANDIN_BATCH, &n)) || n == 0)
			return rc;
		if ((rc = kiosk_hub_handin(h, items, n)))
			return rc;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(
		        o->db,
		        "UPDATE tickets SET handed_in = 1 WHERE id IN (SELECT id FROM"
		        " tickets WHERE handed_in = 0 ORDER BY id LIMIT ?)",
		        -1, &st, NULL) != SQLITE_OK)
			return fail(o, "handin");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : fail(o, "handin");
		sqlite3_finalize(st);
		if (rc)
			return rc;
		log_info("kiosk: handed in %zu offline tickets", n);
	}
}

int kiosk_offline_save_services(struct kiosk_offline *o, const struct kiosk_service *s, size_t n)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_exec(o->db, "BEGIN; DELETE FROM services;", NULL, NULL, NULL) != SQLITE_OK)
		return fail(o, "services");
	if (sqlite3_prepare_v2(o->db, "INSERT INTO services VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_exec(o->db, "ROLLBACK", NULL, NULL, NULL);
		return fail(o, "services");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, (int)i);
		sqlite3_bind_text(st, 2, s[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s[i].prefix, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, s[i].active);
		for (int l = 0; l < KIOSK_LANG_COUNT; l++)
			sqlite3_bind_text(st, 5 + l, s[i].names[l], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = fail(o, "services");
	}
	sqlite3_finalize(st);
	sqlite3_exec(o->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	return rc;
}

int kiosk_offline_load_services(struct kiosk_offline *o, struct kiosk_service *s, size_t max,
                                size_t *n)
{
	sqlite3_stmt *st;
	*n = 0;
	if (sqlite3_prepare_v2(o->db, "SELECT * FROM services ORDER BY pos", -1, &st, NULL) !=
	    SQLITE_OK)
		return fail(o, "services");
	while (*n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct kiosk_service *v = &s[(*n)++];
		memset(v, 0, sizeof(*v));
		snprintf(v->id, sizeof(v->id), "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(v->prefix, sizeof(v->prefix), "%s",
		         (const char *)sqlite3_column_text(st, 2));
		v->active = sqlite3_column_int(st, 3) != 0;
		for (int l = 0; l < KIOSK_LANG_COUNT; l++) {
			const unsigned char *t = sqlite3_column_text(st, 4 + l);
			snprintf(v->names[l], sizeof(v->names[l]), "%s", t ? (const char *)t : "");
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int kiosk_offline_sync(struct kiosk_offline *o, const struct kiosk_hub *h,
                       const struct kiosk_service *s, size_t n, int lease_size)
{
	int rc = kiosk_offline_handin(o, h);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct kiosk_lease l;
		if (!s[i].active)
			continue;
		if ((rc = kiosk_hub_lease(h, s[i].id, lease_size, &l)))
			return rc;
		if ((rc = kiosk_offline_store_lease(o, &l)))
			return rc;
	}
	return 0;
}
