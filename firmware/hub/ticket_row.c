#include "hub/ticket_row.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static void copy_text(sqlite3_stmt *st, int col, char *dst, size_t len)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(dst, len, "%s", s ? (const char *)s : "");
}

void hub_ticket_read(sqlite3_stmt *st, struct hub_ticket *h)
{
	struct ticket *t = &h->t;
	char prefix[4];

	memset(h, 0, sizeof(*h));
	t->id = sqlite3_column_int64(st, 0);
	copy_text(st, 1, h->public_id, sizeof(h->public_id));
	t->day = sqlite3_column_int(st, 2);
	copy_text(st, 3, t->service, sizeof(t->service));
	copy_text(st, 4, prefix, sizeof(prefix));
	t->prefix = prefix[0];
	t->number = sqlite3_column_int(st, 5);
	copy_text(st, 6, h->label, sizeof(h->label));
	t->kind = (enum ticket_kind)sqlite3_column_int(st, 7);
	t->priority = sqlite3_column_int(st, 8);
	t->status = (enum ticket_status)sqlite3_column_int(st, 9);
	t->arrival = sqlite3_column_int64(st, 10);
	t->due = sqlite3_column_int64(st, 11);
	t->called_at = sqlite3_column_int64(st, 12);
	t->calls = sqlite3_column_int(st, 13);
	t->overtaken = sqlite3_column_int(st, 14);
	t->counter = sqlite3_column_int(st, 15);
	h->started_at = sqlite3_column_int64(st, 16);
	h->finished_at = sqlite3_column_int64(st, 17);
	h->created_at = sqlite3_column_int64(st, 18);
	copy_text(st, 19, h->source, sizeof(h->source));
}

void hub_format_time(int64_t unix_s, char *buf, size_t len)
{
	time_t t = (time_t)unix_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void add_time(cJSON *o, const char *key, int64_t t)
{
	char buf[32];

	if (!t) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	hub_format_time(t, buf, sizeof(buf));
	cJSON_AddStringToObject(o, key, buf);
}

cJSON *hub_ticket_json(const struct hub_ticket *h)
{
	const struct ticket *t = &h->t;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddStringToObject(o, "number", h->label);
	cJSON_AddStringToObject(o, "service", t->service);
	cJSON_AddStringToObject(o, "status", ticket_status_name(t->status));
	cJSON_AddNumberToObject(o, "priority", t->priority);
	cJSON_AddStringToObject(o, "kind",
	                        t->kind == TICKET_APPOINTMENT ? "appointment" : "walk_in");
	add_time(o, "created_at", h->created_at);
	add_time(o, "arrival", t->arrival);
	add_time(o, "due", t->due);
	add_time(o, "called_at", t->called_at);
	cJSON_AddNumberToObject(o, "calls", t->calls);
	if (t->counter)
		cJSON_AddNumberToObject(o, "counter", t->counter);
	else
		cJSON_AddNullToObject(o, "counter");
	cJSON_AddStringToObject(o, "public_id", h->public_id);
	return o;
}

int hub_random_public_id(char out[PUBLIC_ID_LEN + 1])
{
	unsigned char raw[PUBLIC_ID_LEN / 2];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}
