/* stats.c — the day statistics, computed from the day's tickets on a reader connection. */
#include "hub/stats.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/numbering.h"
#include "core/ticket.h"
#include "hub/audit.h"
#include "store/store.h"

struct figures {
	char service[SERVICE_ID_MAX];
	int tickets, walk_ins, appointments, finished, no_shows, waiting;
	long *waits, *handling;
	size_t n_waits, n_handling;
};

static const char sql_day[] =
    "SELECT service, kind, status, arrival, called_at, started_at, finished_at FROM tickets "
    "WHERE day = ? ORDER BY service, id";

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

long stats_percentile(const long *sorted, size_t n, int p)
{
	if (!n)
		return -1;
	size_t rank = (n * (size_t)p + 99) / 100; /* ceil(p/100 * n) */
	return sorted[rank ? rank - 1 : 0];
}

static int push(long **v, size_t *n, long x)
{
	long *nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = x;
	*v = nv;
	return 0;
}

static int add_ticket(struct figures *f, sqlite3_stmt *st)
{
	int kind = sqlite3_column_int(st, 1), status = sqlite3_column_int(st, 2);
	long arrival = (long)sqlite3_column_int64(st, 3),
	     called = (long)sqlite3_column_int64(st, 4);
	long started = (long)sqlite3_column_int64(st, 5),
	     finished = (long)sqlite3_column_int64(st, 6);
	int rc = 0;

	f->tickets++;
	if (kind == TICKET_APPOINTMENT)
		f->appointments++;
	else
		f->walk_ins++;
	if (status == TICKET_WAITING)
		f->waiting++;
	if (status == TICKET_NO_SHOW)
		f->no_shows++;
	if (called > 0 && called >= arrival)
		rc = push(&f->waits, &f->n_waits, called - arrival);
	if (status == TICKET_FINISHED) {
		f->finished++;
		long from = started > 0 ? started : called;
		if (rc == 0 && from > 0 && finished >= from)
			rc = push(&f->handling, &f->n_handling, finished - from);
	}
	return rc;
}

static void merge(struct figures *total, const struct figures *f)
{
	total->tickets += f->tickets;
	total->walk_ins += f->walk_ins;
	total->appointments += f->appointments;
	total->finished += f->finished;
	total->no_shows += f->no_shows;
	total->waiting += f->waiting;
	for (size_t i = 0; i < f->n_waits; i++)
		push(&total->waits, &total->n_waits, f->waits[i]);
	for (size_t i = 0; i < f->n_handling; i++)
		push(&total->handling, &total->n_handling, f->handling[i]);
}

struct day {
	struct figures *rows;
	size_t n;
	struct figures total;
};

static void day_free(struct day *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->rows[i].waits);
		free(d->rows[i].handling);
	}
	free(d->rows);
	free(d->total.waits);
	free(d->total.handling);
}

static int day_load(struct hub_reader *r, int day, struct day *d)
{
	sqlite3_stmt *st = stmt_cache_get(&r->stmts, sql_day);
	int rc;

	memset(d, 0, sizeof(*d));
	snprintf(d->total.service, sizeof(d->total.service), "total");
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *svc = (const char *)sqlite3_column_text(st, 0);
		if (!d->n || strcmp(d->rows[d->n - 1].service, svc)) {
			struct figures *nr = realloc(d->rows, (d->n + 1) * sizeof(*nr));
			if (!nr) {
				rc = SQLITE_NOMEM;
				break;
			}
			d->rows = nr;
			memset(&d->rows[d->n], 0, sizeof(d->rows[0]));
			snprintf(d->rows[d->n].service, SERVICE_ID_MAX, "%s", svc);
			d->n++;
		}
		if (add_ticket(&d->rows[d->n - 1], st)) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		day_free(d);
		return store_errno(rc);
	}
	for (size_t i = 0; i < d->n; i++)
		merge(&d->total, &d->rows[i]);
	for (size_t i = 0; i <= d->n; i++) {
		struct figures *f = i < d->n ? &d->rows[i] : &d->total;
		if (f->n_waits)
			qsort(f->waits, f->n_waits, sizeof(long), cmp_long);
		if (f->n_handling)
			qsort(f->handling, f->n_handling, sizeof(long), cmp_long);
	}
	return 0;
}

static double no_show_rate(const struct figures *f)
{
	int ended = f->finished + f->no_shows;
	return ended ? (double)f->no_shows / ended : 0;
}

static long mean(const long *v, size_t n)
{
	long long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return n ? (long)(sum / (long long)n) : -1;
}

static void add_opt(cJSON *o, const char *key, long v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, (double)v);
}

static cJSON *row_json(const struct figures *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "service", f->service);
	cJSON_AddNumberToObject(o, "tickets", f->tickets);
	cJSON_AddNumberToObject(o, "walk_ins", f->walk_ins);
	cJSON_AddNumberToObject(o, "appointments", f->appointments);
	cJSON_AddNumberToObject(o, "finished", f->finished);
	cJSON_AddNumberToObject(o, "no_shows", f->no_shows);
	cJSON_AddNumberToObject(o, "still_waiting", f->waiting);
	cJSON_AddNumberToObject(o, "no_show_rate", (double)(long)(no_show_rate(f) * 1000) / 1000);
	add_opt(o, "wait_median_s", stats_percentile(f->waits, f->n_waits, 50));
	add_opt(o, "wait_p90_s", stats_percentile(f->waits, f->n_waits, 90));
	add_opt(o, "handling_median_s", stats_percentile(f->handling, f->n_handling, 50));
	add_opt(o, "handling_mean_s", mean(f->handling, f->n_handling));
	return o;
}

static void day_label(int day, char *buf, size_t len)
{
	int y, m, d;
	service_day_to_civil(day, &y, &m, &d);
	snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

cJSON *stats_day_json(struct hub_reader *r, int day)
{
	struct day d;
	char label[16];

	if (day_load(r, day, &d))
		return NULL;
	cJSON *o = cJSON_CreateObject();
	day_label(day, label, sizeof(label));
	cJSON_AddStringToObject(o, "day", label);
	cJSON *arr = cJSON_AddArrayToObject(o, "services");
	for (size_t i = 0; i < d.n; i++)
		cJSON_AddItemToArray(arr, row_json(&d.rows[i]));
	cJSON_AddItemToObject(o, "total", row_json(&d.total));
	day_free(&d);
	return o;
}

static void csv_num(FILE *out, long v)
{
	fputc(',', out);
	if (v >= 0)
		fprintf(out, "%ld", v);
}

int stats_day_csv(struct hub_reader *r, int day, FILE *out)
{
	struct day d;
	char label[16];
	int rc = day_load(r, day, &d);

	if (rc)
		return rc;
	day_label(day, label, sizeof(label));
	fputs("day,service,tickets,walk_ins,appointments,finished,no_shows,still_waiting,"
	      "no_show_rate,wait_median_s,wait_p90_s,handling_median_s,handling_mean_s\r\n",
	      out);
	for (size_t i = 0; i <= d.n; i++) {
		const struct figures *f = i < d.n ? &d.rows[i] : &d.total;
		fprintf(out, "%s,", label);
		csv_cell(out, f->service);
		fprintf(out, ",%d,%d,%d,%d,%d,%d,%.3f", f->tickets, f->walk_ins, f->appointments,
		        f->finished, f->no_shows, f->waiting, no_show_rate(f));
		csv_num(out, stats_percentile(f->waits, f->n_waits, 50));
		csv_num(out, stats_percentile(f->waits, f->n_waits, 90));
		csv_num(out, stats_percentile(f->handling, f->n_handling, 50));
		csv_num(out, mean(f->handling, f->n_handling));
		fputs("\r\n", out);
	}
	day_free(&d);
	return 0;
}
