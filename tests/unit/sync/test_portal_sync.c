/* The sync against a real hub database, with an in-memory portal behind the adapter. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hub/checkin_ops.h"
#include "hub/hub.h"
#include "hub/queue_ops.h"
#include "hub/site_ops.h"
#include "store/store.h"
#include "sync/portal_json.h"
#include "sync/portal_sync.h"

/* ---- the fake portal: pages of JSON by cursor, a record of pushed events ---- */

#define MAX_PAGES  8
#define MAX_PUSHED 64

struct fake_portal {
	const char *pages[MAX_PAGES]; /* page i answers cursor "" (i = 0) or "p<i>" */
	int n_pages;
	int64_t now_s;
	int fail_pulls;   /* this many pulls answer -EAGAIN first */
	int stale_cursor; /* 1: any non-empty cursor answers 410 once */
	int fail_push_at; /* the push with this number (1-based) fails once */
	int refuse_type_no_show;
	int pulls, pushes;
	struct portal_event pushed[MAX_PUSHED];
	int n_pushed;
};

static int fake_pull(void *ctx, const char *cursor, struct portal_page *page,
                     struct portal_reply *reply)
{
	struct fake_portal *f = ctx;
	int i = cursor[0] ? atoi(cursor + 1) : 0;

	f->pulls++;
	if (f->fail_pulls > 0) {
		f->fail_pulls--;
		reply->status = 503;
		reply->retry_after_s = 2;
		return -EAGAIN;
	}
	if (f->stale_cursor && cursor[0]) {
		f->stale_cursor = 0;
		reply->status = 410;
		return -ESTALE;
	}
	reply->status = 200;
	if (i >= f->n_pages) { /* nothing new after the last page */
		static const char empty[] = "{\"bookings\":[],\"cursor\":\"end\"}";
		return portal_json_parse_page(empty, strlen(empty), f->now_s, page) ? -EAGAIN : 0;
	}
	return portal_json_parse_page(f->pages[i], strlen(f->pages[i]), f->now_s, page) ? -EAGAIN
	                                                                                : 0;
}

static int fake_push(void *ctx, const struct portal_event *ev, struct portal_reply *reply)
{
	struct fake_portal *f = ctx;

	f->pushes++;
	if (f->pushes == f->fail_push_at) {
		reply->status = 503;
		return -EAGAIN;
	}
	if (f->refuse_type_no_show && !strcmp(ev->type, "no_show")) {
		reply->status = 422;
		return -EREMOTEIO;
	}
	assert_true(f->n_pushed < MAX_PUSHED);
	f->pushed[f->n_pushed++] = *ev;
	reply->status = 201;
	return 0;
}

static const struct portal_adapter_ops fake_ops = { "fake", fake_pull, fake_push, NULL };

/* ---- a hub database with two services ---- */

struct fixture {
	char dir[64], db[128], conf[128];
	struct hub_config cfg;
	sqlite3 *wdb, *check;
	struct hub_writer *w;
	struct fake_portal portal;
	struct portal_sync *sync;
	const char *state;
};

static int64_t clock_now(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL) * 1000;
}

static int clock_day(void *ctx, int64_t unix_s)
{
	(void)ctx;
	return hub_day_of(unix_s);
}

static void publish(void *ctx, uint64_t id, const char *type, const char *data, int64_t at_ms)
{
	(void)ctx, (void)id, (void)type, (void)data, (void)at_ms;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[512];
	FILE *fp;

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	strcpy(f->dir, "/tmp/civiq-sync-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/hub.db", f->dir);
	snprintf(f->conf, sizeof(f->conf), "%s/hub.conf", f->dir);
	assert_non_null(fp = fopen(f->conf, "w"));
	fprintf(fp, "[hub]\ndatabase = hub.db\n[service.meldewesen]\nprefix = A\n"
	            "[service.kfz]\nprefix = C\n[counter.1]\nservices = meldewesen, kfz\n"
	            "[portal]\nurl = http://127.0.0.1:9/\noffice = musterstadt\n"
	            "service_map = 17:kfz\n");
	fclose(fp);
	assert_int_equal(hub_config_load(f->conf, &f->cfg, err, sizeof(err)), 0);
	assert_int_equal(store_open(f->db, 0, &f->wdb, err, sizeof(err)), 0);
	struct hub_clock clock = { clock_now, clock_day, NULL };
	assert_int_equal(hub_writer_start(f->wdb, &clock, publish, NULL, &f->w), 0);
	assert_int_equal(hub_apply_config(f->w, &f->cfg), 0);
	assert_int_equal(sqlite3_open(f->db, &f->check), SQLITE_OK);
	f->portal.now_s = time(NULL);
	*state = f;
	return 0;
}

static void start_sync(struct fixture *f)
{
	struct portal_sync_params p = {
		.cfg = &f->cfg.portal,
		.hub = &f->cfg,
		.writer = f->w,
		.database = f->db,
		.state = &f->state,
		.adapter = { &fake_ops, &f->portal },
	};
	assert_int_equal(portal_sync_new(&p, &f->sync), 0);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	portal_sync_free(f->sync);
	hub_writer_stop(f->w);
	store_close(f->wdb);
	sqlite3_close(f->check);
	hub_config_free(&f->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int64_t query_int(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(f->check, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *iso(int64_t unix_s, char *buf)
{
	struct tm tm;
	time_t t = (time_t)unix_s;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* One booking record; start relative to now. */
static char *record(char *buf, const char *id, const char *code, const char *service, int64_t start,
                    const char *status)
{
	char a[32], b[32];
	sprintf(buf,
	        "{\"id\":\"%s\",\"code\":\"%s\",\"service\":\"%s\",\"start\":\"%s\",\"end\":\"%s\","
	        "\"status\":\"%s\",\"family_name\":\"Mustermann\",\"given_names\":\"Erika\","
	        "\"birth_date\":\"1964-08-12\"}",
	        id, code, service, iso(start, a), iso(start + 900, b), status);
	return buf;
}

static void initial_sync_follows_pages_and_stores_the_cursor(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], r3[512], p0[2048], p1[2048];
	struct portal_reply reply;
	int64_t now = f->portal.now_s;

	sprintf(p0, "{\"bookings\":[%s,%s],\"cursor\":\"p1\",\"more\":true}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "confirmed"),
	        record(r2, "b2", "AB-2", "17", now + 1200, "confirmed"));
	sprintf(p1, "{\"bookings\":[%s],\"cursor\":\"p2\",\"more\":false}",
	        record(r3, "b3", "AB-3", "passwesen", now + 1800, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.pages[1] = p1;
	f->portal.n_pages = 2;
	start_sync(f);
	assert_string_equal(f->state, "offline");
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_string_equal(f->state, "ok");
	assert_int_equal(f->portal.pulls, 2);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings"), 2);
	/* Names and birth date are kept only as the normalised identity. */
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE identity = "
	                              "'MUSTERMANN|ERIKA|1964-08-12'"),
	                 2);
	/* The portal's service 17 is the hub's kfz; the unknown passwesen is skipped. */
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE id = 'b2' AND "
	                              "service = 'kfz'"),
	                 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM settings WHERE key = 'portal.cursor' "
	                              "AND value = 'p2'"),
	                 1);
	struct portal_sync_stats st;
	portal_sync_get_stats(f->sync, &st);
	assert_int_equal(st.skipped, 1);

	/* Incremental: the next pull starts at the stored cursor, also after a restart. */
	portal_sync_free(f->sync);
	f->sync = NULL;
	f->portal.pulls = 0;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(f->portal.pulls, 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings"), 2);
}

static void failed_pull_keeps_the_cursor_and_reports_offline(void **state)
{
	struct fixture *f = *state;
	char r1[512], p0[1024];
	struct portal_reply reply;

	sprintf(p0, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", f->portal.now_s + 600, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	f->portal.fail_pulls = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), -EAGAIN);
	assert_int_equal(reply.status, 503);
	assert_int_equal(reply.retry_after_s, 2);
	assert_string_equal(f->state, "offline");
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings"), 0);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings"), 1);
}

static void rejected_cursor_leads_to_a_full_resync(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], p0[2048], p1[1024];
	struct portal_reply reply;

	sprintf(p0, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", f->portal.now_s + 600, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	/* The portal forgot its cursors; its first page now holds a changed booking. */
	sprintf(p1, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r2, "b1", "AB-1", "meldewesen", f->portal.now_s + 900, "confirmed"));
	f->portal.pages[0] = p1;
	f->portal.stale_cursor = 1;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	struct portal_sync_stats st;
	portal_sync_get_stats(f->sync, &st);
	assert_int_equal(st.resyncs, 1);
	char sql[128];
	sprintf(sql, "SELECT start FROM bookings WHERE id = 'b1'");
	assert_int_equal(query_int(f, sql), f->portal.now_s + 900);
}

static void bookings_on_dst_days_land_on_their_local_day(void **state)
{
	struct fixture *f = *state;
	struct portal_reply reply;
	/* Spring: 00:30 CET, 03:30 CEST; autumn: 02:30 CEST, 02:30 CET (the hour twice), 23:30
	 * CET. Each must belong to its Berlin calendar day. */
	const char *page = "{\"bookings\":["
	                   "{\"id\":\"s1\",\"code\":\"S1\",\"service\":\"kfz\",\"start\":\"2026-03-"
	                   "29T00:30:00+01:00\","
	                   "\"end\":\"2026-03-29T00:45:00+01:00\",\"status\":\"confirmed\"},"
	                   "{\"id\":\"s2\",\"code\":\"S2\",\"service\":\"kfz\",\"start\":\"2026-03-"
	                   "29T03:30:00+02:00\","
	                   "\"end\":\"2026-03-29T03:45:00+02:00\",\"status\":\"confirmed\"},"
	                   "{\"id\":\"s3\",\"code\":\"S3\",\"service\":\"kfz\",\"start\":\"2026-03-"
	                   "28T23:30:00+01:00\","
	                   "\"end\":\"2026-03-28T23:45:00+01:00\",\"status\":\"confirmed\"},"
	                   "{\"id\":\"a1\",\"code\":\"A1\",\"service\":\"kfz\",\"start\":\"2026-10-"
	                   "25T02:30:00+02:00\","
	                   "\"end\":\"2026-10-25T02:45:00+02:00\",\"status\":\"confirmed\"},"
	                   "{\"id\":\"a2\",\"code\":\"A2\",\"service\":\"kfz\",\"start\":\"2026-10-"
	                   "25T02:30:00+01:00\","
	                   "\"end\":\"2026-10-25T02:45:00+01:00\",\"status\":\"confirmed\"},"
	                   "{\"id\":\"a3\",\"code\":\"A3\",\"service\":\"kfz\",\"start\":\"2026-10-"
	                   "25T23:30:00+01:00\","
	                   "\"end\":\"2026-10-25T23:45:00+01:00\",\"status\":\"confirmed\"}"
	                   "],\"cursor\":\"p1\"}";

	f->portal.pages[0] = page;
	f->portal.n_pages = 1;
	f->portal.now_s = 1774771200; /* the parser's "now": 2026-03-29 */
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	int spring = service_day_from_local(2026, 3, 29),
	    autumn = service_day_from_local(2026, 10, 25);
	char sql[128];
	sprintf(sql, "SELECT count(*) FROM bookings WHERE id IN ('s1','s2') AND day = %d", spring);
	assert_int_equal(query_int(f, sql), 2);
	sprintf(sql, "SELECT day FROM bookings WHERE id = 's3'");
	assert_int_equal(query_int(f, sql), spring - 1);
	assert_int_equal(query_int(f, "SELECT (SELECT start FROM bookings WHERE id = 's2') - "
	                              "(SELECT start FROM bookings WHERE id = 's1')"),
	                 7200); /* 00:30 CET to 03:30 CEST: two hours of real time */
	sprintf(sql, "SELECT count(*) FROM bookings WHERE id IN ('a1','a2','a3') AND day = %d",
	        autumn);
	assert_int_equal(query_int(f, sql), 3);
	assert_int_equal(query_int(f, "SELECT (SELECT start FROM bookings WHERE id = 'a2') - "
	                              "(SELECT start FROM bookings WHERE id = 'a1')"),
	                 3600);
}

static void cancellation_and_time_change_reach_waiting_tickets(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], p0[2048], p1[2048];
	struct portal_reply reply;
	struct hub_ticket t1, t2;
	struct hub_checkin_window win;
	int64_t now = f->portal.now_s;

	sprintf(p0, "{\"bookings\":[%s,%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "confirmed"),
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(hub_checkin_code(f->w, "ab1", &t1, &win), 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-2", &t2, &win), 0);
	sprintf(p1, "{\"bookings\":[%s,%s],\"cursor\":\"p2\"}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "cancelled"),
	        record(r2, "b2", "AB-2", "meldewesen", now + 1500, "confirmed"));
	f->portal.pages[1] = p1;
	f->portal.n_pages = 2;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	char sql[128];
	sprintf(sql, "SELECT status FROM tickets WHERE id = %lld", (long long)t1.t.id);
	assert_int_equal(query_int(f, sql), TICKET_CANCELLED);
	sprintf(sql, "SELECT due FROM tickets WHERE id = %lld", (long long)t2.t.id);
	assert_int_equal(query_int(f, sql), now + 1500);
	assert_int_equal(query_int(f, "SELECT status = 'cancelled' FROM bookings WHERE id = 'b1'"),
	                 1);
	/* A cancelled booking can no longer check in. */
	assert_int_equal(query_int(f, "UPDATE bookings SET ticket = NULL WHERE id = 'b1' "
	                              "RETURNING 1"),
	                 1);
	assert_int_not_equal(hub_checkin_code(f->w, "AB-1", &t1, &win), 0);
}

static void outbox_delivers_in_order_once_with_stable_keys(void **state)
{
	struct fixture *f = *state;
	char r1[512], p0[1024];
	struct portal_reply reply;
	struct hub_ticket t, called;
	struct hub_checkin_window win;
	struct hub_actor staff = { "test" };

	sprintf(p0, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", f->portal.now_s + 600, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-1", &t, &win), 0);
	assert_int_equal(hub_call_next(f->w, 1, &f->cfg.policy, &staff, &called), 0);
	assert_int_equal(called.t.id, t.t.id);
	assert_int_equal(hub_ticket_action(f->w, t.t.id, HUB_ACTION_FINISH, &staff, &called), 0);
	/* A walk-in's events are none of the portal's business. */
	assert_int_equal(hub_issue_ticket(f->w, "meldewesen", 0, &called), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM portal_outbox"), 3);

	/* The second push fails: the first is marked, the rest waits, in order. */
	f->portal.fail_push_at = 2;
	assert_int_equal(portal_sync_deliver(f->sync, &reply), -EAGAIN);
	assert_int_equal(f->portal.n_pushed, 1);
	assert_string_equal(f->portal.pushed[0].type, "checked_in");
	assert_string_equal(f->portal.pushed[0].booking, "b1");
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 2);
	assert_int_equal(f->portal.n_pushed, 3);
	assert_string_equal(f->portal.pushed[1].type, "called");
	assert_string_equal(f->portal.pushed[2].type, "finished");
	assert_string_not_equal(f->portal.pushed[1].key, f->portal.pushed[2].key);
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM portal_outbox WHERE state = 0"), 0);
}

static void undelivered_events_are_sent_again_with_the_same_key(void **state)
{
	struct fixture *f = *state;
	char r1[512], p0[1024], key[128];
	struct portal_reply reply;
	struct hub_ticket t;
	struct hub_checkin_window win;

	sprintf(p0, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", f->portal.now_s + 600, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-1", &t, &win), 0);
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 1);
	strcpy(key, f->portal.pushed[0].key);
	/* As if the hub died after the portal took the event but before the outbox knew. */
	assert_int_equal(query_int(f, "SELECT count(*) FROM portal_outbox"), 0);
	sqlite3_exec(f->check,
	             "INSERT INTO portal_outbox(event, booking, type, at, day) SELECT id, "
	             "json_extract(data, '$.booking'), 'checked_in', at, day FROM events WHERE "
	             "type = 'checked_in'",
	             NULL, NULL, NULL);
	portal_sync_free(f->sync);
	f->sync = NULL;
	start_sync(f);
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 1);
	assert_string_equal(f->portal.pushed[1].key, key);
}

static void booking_missing_from_a_full_resync_is_withdrawn_with_its_waiting_ticket(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], r3[512], p0[2048], p1[1024], p2[2048];
	struct portal_reply reply;
	struct hub_ticket t1;
	struct hub_checkin_window win;
	struct portal_sync_stats st;
	int64_t now = f->portal.now_s;

	sprintf(p0, "{\"bookings\":[%s,%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "confirmed"),
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-1", &t1, &win), 0);
	/* An incremental page carries changes only: what it lacks is not gone. */
	sprintf(p1, "{\"bookings\":[%s],\"cursor\":\"p2\"}",
	        record(r3, "b3", "AB-3", "kfz", now + 1200, "confirmed"));
	f->portal.pages[1] = p1;
	f->portal.n_pages = 2;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE status = 'confirmed'"),
	                 3);
	/* The portal forgot its cursors and, without a cancel, b1. */
	sprintf(p2, "{\"bookings\":[%s,%s],\"cursor\":\"p2\"}",
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"),
	        record(r3, "b3", "AB-3", "kfz", now + 1200, "confirmed"));
	f->portal.pages[0] = p2;
	f->portal.stale_cursor = 1;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE id = 'b1' AND "
	                              "status = 'cancelled' AND identity IS NULL"),
	                 1);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE status = 'confirmed'"),
	                 2);
	char sql[128];
	sprintf(sql, "SELECT status FROM tickets WHERE id = %lld", (long long)t1.t.id);
	assert_int_equal(query_int(f, sql), TICKET_CANCELLED);
	portal_sync_get_stats(f->sync, &st);
	assert_int_equal(st.withdrawn, 1);
	assert_int_equal(st.tickets_cancelled, 1);
}

static void full_resync_withdraws_nothing_a_bad_record_might_have_been(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], p0[2048], p1[2048], p2[1024], p3[1024];
	struct portal_reply reply;
	int64_t now = f->portal.now_s;

	sprintf(p0, "{\"bookings\":[%s,%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "confirmed"),
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	/* b1 is there but unreadable (its id is known): kept as it was. */
	sprintf(p1, "{\"bookings\":[%s,%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", now + 600, "maybe"),
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p1;
	f->portal.stale_cursor = 1;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE status = 'confirmed'"),
	                 2);
	/* A record without a readable id could be b1: nothing is withdrawn. */
	sprintf(p2, "{\"bookings\":[42,{\"id\":7},%s],\"cursor\":\"p1\"}",
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p2;
	f->portal.stale_cursor = 1;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM bookings WHERE status = 'confirmed'"),
	                 2);
	/* A clean full resync without b1: now it is gone. */
	sprintf(p3, "{\"bookings\":[%s],\"cursor\":\"p1\"}",
	        record(r2, "b2", "AB-2", "meldewesen", now + 900, "confirmed"));
	f->portal.pages[0] = p3;
	f->portal.stale_cursor = 1;
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(query_int(f, "SELECT status = 'cancelled' FROM bookings WHERE id = 'b1'"),
	                 1);
}

static void refused_event_is_dropped_and_kept_for_inspection_and_the_rest_goes_on(void **state)
{
	struct fixture *f = *state;
	char r1[512], r2[512], p0[2048];
	struct portal_reply reply;
	struct hub_ticket t1, t2, called;
	struct hub_checkin_window win;
	struct hub_actor staff = { "test" };
	struct portal_sync_stats st;

	sprintf(p0, "{\"bookings\":[%s,%s],\"cursor\":\"p1\"}",
	        record(r1, "b1", "AB-1", "meldewesen", f->portal.now_s + 600, "confirmed"),
	        record(r2, "b2", "AB-2", "meldewesen", f->portal.now_s + 700, "confirmed"));
	f->portal.pages[0] = p0;
	f->portal.n_pages = 1;
	f->portal.refuse_type_no_show = 1;
	start_sync(f);
	assert_int_equal(portal_sync_pull(f->sync, &reply), 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-1", &t1, &win), 0);
	assert_int_equal(hub_call_next(f->w, 1, &f->cfg.policy, &staff, &called), 0);
	assert_int_equal(hub_ticket_action(f->w, called.t.id, HUB_ACTION_NO_SHOW, &staff, &called),
	                 0);
	assert_int_equal(hub_checkin_code(f->w, "AB-2", &t2, &win), 0);
	/* checked_in, called, no_show (refused), checked_in: all four taken, in order. */
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 4);
	assert_int_equal(f->portal.n_pushed, 3);
	assert_string_equal(f->portal.pushed[2].type, "checked_in");
	assert_string_equal(f->portal.pushed[2].booking, "b2");
	assert_int_equal(query_int(f, "SELECT count(*) FROM portal_outbox WHERE state = 2 AND "
	                              "type = 'no_show'"),
	                 1);
	assert_int_equal(portal_sync_deliver(f->sync, &reply), 0);
	portal_sync_get_stats(f->sync, &st);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.delivered, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    booking_missing_from_a_full_resync_is_withdrawn_with_its_waiting_ticket, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    full_resync_withdraws_nothing_a_bad_record_might_have_been, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    refused_event_is_dropped_and_kept_for_inspection_and_the_rest_goes_on, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(initial_sync_follows_pages_and_stores_the_cursor,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(failed_pull_keeps_the_cursor_and_reports_offline,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(rejected_cursor_leads_to_a_full_resync, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(bookings_on_dst_days_land_on_their_local_day, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(cancellation_and_time_change_reach_waiting_tickets,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(outbox_delivers_in_order_once_with_stable_keys,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(undelivered_events_are_sent_again_with_the_same_key,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
