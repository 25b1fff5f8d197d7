/* ticker.c — storing and announcing the displays' ticker text. */
#include "hub/ticker.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "hub/api.h"
#include "hub/ops_common.h"
#include "hub/ticket_row.h"
#include "net/json_util.h"
#include "store/store.h"

/* Length of the UTF-8 sequence starting at p (0: invalid), overlong forms and surrogates
 * refused. */
static size_t utf8_seq(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

bool hub_ticker_valid(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	if (!text || strlen(text) > HUB_TICKER_MAX)
		return false;
	while (*p) {
		size_t n = utf8_seq(p);
		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f)))
			return false;
		/* C1 controls (U+0080..U+009F) are invisible too. */
		if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
			return false;
		p += n;
	}
	return true;
}

struct ticker_op {
	const char *text;
	const struct hub_actor *actor;
};

static const char sql_ticker_set[] =
    "INSERT INTO display_ticker(id, text, updated_at) VALUES (1, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at";

static int ticker_fn(struct hub_txn *tx, void *arg)
{
	struct ticker_op *op = arg;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_ticker_set);
	char at[32];
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_text(st, 1, op->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, hub_txn_now(tx));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", op->text);
	hub_format_time(hub_txn_now(tx), at, sizeof(at));
	cJSON_AddStringToObject(o, "at", at);
	rc = hub_txn_emit(tx, "ticker", o);
	if (rc == 0)
		rc = ops_audit(tx, op->actor ? op->actor->name : NULL, "ticker", NULL, 0, op->text);
	return rc;
}

int hub_ticker_set(struct hub_writer *w, const char *text, const struct hub_actor *actor)
{
	struct ticker_op op = { text, actor };

	if (!hub_ticker_valid(text))
		return -EINVAL;
	return hub_writer_run(w, ticker_fn, &op);
}

static const char sql_ticker_get[] = "SELECT text, updated_at FROM display_ticker WHERE id = 1";

int hub_ticker_get(struct hub_reader *r, char *out, size_t outlen, int64_t *updated_at)
{
	sqlite3_stmt *st = stmt_cache_get(&r->stmts, sql_ticker_get);
	int rc;

	if (outlen)
		out[0] = '\0';
	if (updated_at)
		*updated_at = 0;
	if (!st)
		return -EIO;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
		if (updated_at)
			*updated_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_errno(rc);
}

void api_display_ticker_put(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_actor actor = api_actor(req);
	char text[HUB_TICKER_MAX + 1], err[JSON_ERROR_MAX];
	cJSON *body = http_request_json(req, resp);

	if (!body)
		return;
	int rc = json_get_string_buf(body, "text", text, sizeof(text), err, sizeof(err));
	cJSON_Delete(body);
	if (rc) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		return;
	}
	if (!hub_ticker_valid(text)) {
		http_response_error(resp, 422, "invalid_request",
		                    "field 'text' must be UTF-8 without control characters");
		return;
	}
	rc = hub_ticker_set(h->writer, text, &actor);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	log_info("hub: ticker %s by %s", text[0] ? "set" : "cleared", actor.name);

	int64_t updated_at = 0;
	struct hub_query_ctx q = hub_query_begin(h);
	rc = hub_ticker_get(q.r, text, sizeof(text), &updated_at);
	hub_query_end(h, &q);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	char at[32];
	hub_format_time(updated_at, at, sizeof(at));
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text);
	cJSON_AddStringToObject(o, "updated_at", at);
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
}
