/* api_staff_counter.c — what the counter page needs beyond the queue API: the counter's
 * current ticket with its id (to act on it after a reload). */
#include <errno.h>
#include <stdio.h>

#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/ticket_row.h"
#include "store/store.h"

static const char sql_current[] = "SELECT COALESCE(current_ticket, 0) FROM counters WHERE id = ?";

void api_counter_current(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	int64_t counter = api_param_id(req, resp, "counter");
	int64_t id = 0;
	struct hub_ticket t;
	int position = -1, rc;
	double wait = -1;

	if (counter < 0)
		return;
	struct hub_query_ctx q = hub_query_begin(h);
	sqlite3_stmt *st = stmt_cache_get(&q.r->stmts, sql_current);
	if (!st) {
		rc = -EIO;
	} else {
		sqlite3_bind_int64(st, 1, counter);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		rc = rc == SQLITE_ROW    ? 0
		     : rc == SQLITE_DONE ? -HUB_E_UNKNOWN_COUNTER
		                         : store_errno(rc);
		sqlite3_reset(st);
	}
	if (rc == 0 && id)
		rc = hub_query_ticket(&q, id, NULL, &t, &position, &wait);
	hub_query_end(h, &q);
	if (rc == -HUB_E_TICKET_NOT_FOUND || (rc == 0 && !id)) {
		http_response_status(resp, 204);
		return;
	}
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	cJSON *o = hub_ticket_json(&t);
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
}
