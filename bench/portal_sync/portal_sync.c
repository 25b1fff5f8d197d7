/* civiq-bench-portal-sync URL [EVENTS]: against a portal (run.sh starts the fixture with 10 000
 * bookings), measures the initial sync (wall time, peak RSS growth), a pull with no changes
 * (requests, bytes) and the outbox's delivery rate for EVENTS events (default 2000). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hub/hub.h"
#include "hub/site_ops.h"
#include "store/store.h"
#include "sync/portal_sync.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	long size, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Counts the adapter's calls on the way through. */
struct counting {
	struct portal_adapter inner;
	int pulls, pushes;
};

static int count_pull(void *ctx, const char *cursor, struct portal_page *page,
                      struct portal_reply *reply)
{
	struct counting *c = ctx;
	c->pulls++;
	return c->inner.ops->pull(c->inner.ctx, cursor, page, reply);
}

static int count_push(void *ctx, const struct portal_event *ev, struct portal_reply *reply)
{
	struct counting *c = ctx;
	c->pushes++;
	return c->inner.ops->push(c->inner.ctx, ev, reply);
}

static const struct portal_adapter_ops counting_ops = { "counting", count_pull, count_push, NULL };

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

int main(int argc, char **argv)
{
	char dir[] = "/tmp/civiq-bench-sync-XXXXXX", path[256], err[512];
	int events = argc > 2 ? atoi(argv[2]) : 2000;
	struct hub_config cfg;
	sqlite3 *db;
	struct hub_writer *w;
	struct portal_sync *s;
	struct portal_reply reply;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PORTAL_URL [EVENTS]\n", argv[0]);
		return 2;
	}
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/hub.conf", dir);
	if (!(f = fopen(path, "w")))
		return 1;
	fprintf(f,
	        "[hub]\ndatabase = hub.db\n[service.meldewesen]\nprefix = A\n"
	        "[service.ausweise]\nprefix = B\n[service.kfz]\nprefix = C\n"
	        "[portal]\nurl = %s\noffice = musterstadt\ntoken = dev-portal\n",
	        argv[1]);
	fclose(f);
	if (hub_config_load(path, &cfg, err, sizeof(err)) ||
	    store_open(cfg.database, 0, &db, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct hub_clock clock = { clock_now, clock_day, NULL };
	if (hub_writer_start(db, &clock, publish, NULL, &w) || hub_apply_config(w, &cfg))
		return 1;
	struct counting cnt = { 0 };
	if (portal_adapter_civiq_new(&cfg.portal, &cnt.inner))
		return 1;
	struct portal_sync_params p = { .cfg = &cfg.portal,
		                        .hub = &cfg,
		                        .writer = w,
		                        .database = cfg.database,
		                        .adapter = { &counting_ops, &cnt } };
	if (portal_sync_new(&p, &s))
		return 1;

	long rss0 = rss_kb();
	double t0 = now_s();
	int rc = portal_sync_pull(s, &reply);
	double t1 = now_s();
	struct portal_sync_stats st;
	portal_sync_get_stats(s, &st);
	printf("initial sync: %llu bookings in %d requests, %.3f s (%s), peak RSS growth %.1f MB\n",
	       (unsigned long long)st.bookings, cnt.pulls, t1 - t0, rc ? strerror(-rc) : "ok",
	       (double)(peak_kb() - rss0) / 1024.0);

	cnt.pulls = 0;
	t0 = now_s();
	rc = portal_sync_pull(s, &reply);
	printf("no-change pull: %d request(s), %.1f ms (%s)\n", cnt.pulls, (now_s() - t0) * 1e3,
	       rc ? strerror(-rc) : "ok");

	/* Outbox rows as the triggers would write them. */
	sqlite3 *x;
	sqlite3_open(cfg.database, &x);
	sqlite3_busy_timeout(x, 5000);
	char sql[256];
	sqlite3_exec(x, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < events; i++) {
		snprintf(sql, sizeof(sql),
		         "INSERT INTO portal_outbox(event, booking, type, at, day) VALUES "
		         "(%d, 'seed-%d', 'checked_in', %lld, 0)",
		         1000000 + i, i % 10000, (long long)time(NULL) * 1000);
		sqlite3_exec(x, sql, NULL, NULL, NULL);
	}
	sqlite3_exec(x, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(x);
	int sent = 0, n;
	t0 = now_s();
	while ((n = portal_sync_deliver(s, &reply)) > 0)
		sent += n;
	t1 = now_s();
	printf("outbox: %d events delivered in %.3f s = %.0f events/s%s\n", sent, t1 - t0,
	       sent / (t1 - t0), n < 0 ? " (stopped by an error)" : "");

	portal_sync_free(s);
	hub_writer_stop(w);
	store_close(db);
	hub_config_free(&cfg);
	snprintf(sql, sizeof(sql), "rm -rf '%s'", dir);
	return system(sql) == 0 ? 0 : 1;
}
