/* api_stats.c — GET /api/v1/stats and /api/v1/stats.csv (supervisor). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/numbering.h"
#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/stats.h"

/* ?day=YYYY-MM-DD (default today) as a service day; answers 422 and returns -1 when bad. */
static int day_param(struct http_request *req, struct http_response *resp)
{
	const char *s = http_request_query(req, "day");
	int y, m, d;
	char end;

	if (!s)
		return hub_day_of(hub_now_ms() / 1000);
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31) {
		http_response_error(resp, 422, "invalid_request", "day is written YYYY-MM-DD.");
		return -1;
	}
	return service_day_from_local(y, m, d);
}

void api_stats(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	int day = day_param(req, resp);

	if (day < 0)
		return;
	struct hub_reader *r = hub_reader_acquire(h->readers);
	cJSON *o = stats_day_json(r, day);
	hub_reader_release(h->readers, r);
	if (!o) {
		api_fail(resp, -EIO);
		return;
	}
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
}

void api_stats_csv(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	int day = day_param(req, resp);
	char *text = NULL, disposition[96];
	size_t len = 0;
	int y, m, d;

	if (day < 0)
		return;
	FILE *out = open_memstream(&text, &len);
	if (!out) {
		api_fail(resp, -ENOMEM);
		return;
	}
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int rc = stats_day_csv(r, day, out);
	hub_reader_release(h->readers, r);
	fclose(out);
	if (rc) {
		free(text);
		api_fail(resp, rc);
		return;
	}
	http_response_body(resp, "text/csv; charset=utf-8", text, len);
	free(text);
	service_day_to_civil(day, &y, &m, &d);
	snprintf(disposition, sizeof(disposition),
	         "attachment; filename=\"civiq-stats-%04d-%02d-%02d.csv\"", y, m, d);
	http_response_header(resp, "Content-Disposition", disposition);
	http_response_header(resp, "Cache-Control", "no-store");
}
