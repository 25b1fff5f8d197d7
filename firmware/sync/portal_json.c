/* portal_json.c — reading a bookings page, record by record; writing an event. */
#include "sync/portal_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "common/rfc3339.h"
#include "hub/ticket_row.h"

const char *portal_skip_name(enum portal_skip why)
{
	static const char *const names[PORTAL_SKIP_N] = {
		[PORTAL_SKIP_NOT_OBJECT] = "not_object",
		[PORTAL_SKIP_MISSING_FIELD] = "missing_field",
		[PORTAL_SKIP_WRONG_TYPE] = "wrong_type",
		[PORTAL_SKIP_BAD_TIME] = "bad_time",
		[PORTAL_SKIP_ABSURD_TIME] = "absurd_time",
		[PORTAL_SKIP_BAD_STATUS] = "bad_status",
		[PORTAL_SKIP_UNKNOWN_SERVICE] = "unknown_service",
		[PORTAL_SKIP_DUPLICATE_CODE] = "duplicate_code",
		[PORTAL_SKIP_DUPLICATE_ID] = "duplicate_id",
	};
	return why < PORTAL_SKIP_N ? names[why] : "unknown";
}

void portal_page_clear(struct portal_page *p)
{
	if (p->bookings) {
		OPENSSL_cleanse(p->bookings, p->cap * sizeof(*p->bookings));
		free(p->bookings);
	}
	free(p->skipped_ids);
	memset(p, 0, sizeof(*p));
}

/* A string field into buf: 0, or the reason to skip the record. */
static int text(const cJSON *rec, const char *key, char *buf, size_t size, int optional)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);

	if (!v || cJSON_IsNull(v)) {
		buf[0] = '\0';
		return optional ? 0 : PORTAL_SKIP_MISSING_FIELD + 1;
	}
	if (!cJSON_IsString(v) || strlen(v->valuestring) >= size ||
	    (!optional && !v->valuestring[0]))
		return PORTAL_SKIP_WRONG_TYPE + 1;
	strcpy(buf, v->valuestring);
	return 0;
}

static int read_record(const cJSON *rec, int64_t now_s, struct hub_booking *b)
{
	char start[64], end[64], status[16];
	int rc, y, m, d;

	memset(b, 0, sizeof(*b));
	if (!cJSON_IsObject(rec))
		return PORTAL_SKIP_NOT_OBJECT + 1;
	if ((rc = text(rec, "id", b->id, sizeof(b->id), 0)) ||
	    (rc = text(rec, "code", b->code, sizeof(b->code), 0)) ||
	    (rc = text(rec, "service", b->service, sizeof(b->service), 0)) ||
	    (rc = text(rec, "start", start, sizeof(start), 0)) ||
	    (rc = text(rec, "end", end, sizeof(end), 0)) ||
	    (rc = text(rec, "status", status, sizeof(status), 0)) ||
	    (rc = text(rec, "family_name", b->family_name, sizeof(b->family_name), 1)) ||
	    (rc = text(rec, "given_names", b->given_names, sizeof(b->given_names), 1)) ||
	    (rc = text(rec, "birth_date", b->birth_date, sizeof(b->birth_date), 1)))
		return rc;
	if (rfc3339_parse(start, &b->start) || rfc3339_parse(end, &b->end))
		return PORTAL_SKIP_BAD_TIME + 1;
	if (b->birth_date[0] && date_parse(b->birth_date, &y, &m, &d))
		return PORTAL_SKIP_BAD_TIME + 1;
	if (b->end < b->start || b->end - b->start > PORTAL_LONGEST_S ||
	    b->start < now_s - PORTAL_PAST_S || b->start > now_s + PORTAL_FUTURE_S)
		return PORTAL_SKIP_ABSURD_TIME + 1;
	if (!strcmp(status, "cancelled"))
		b->cancelled = 1;
	else if (strcmp(status, "confirmed"))
		return PORTAL_SKIP_BAD_STATUS + 1;
	return 0;
}

static int by_id_then_place(const void *a, const void *b, void *arg)
{
	const struct hub_booking *base = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(base[i].id, base[j].id);
	return c ? c : (i > j) - (i < j);
}

/* A page naming one id twice keeps the last record of it (the portal's newest word) and
 * counts the others. */
static int drop_duplicate_ids(struct portal_page *page)
{
	size_t *order, kept = 0;

	if (page->n < 2)
		return 0;
	order = malloc(page->n * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < page->n; i++)
		order[i] = i;
	qsort_r(order, page->n, sizeof(*order), by_id_then_place, page->bookings);
	for (size_t k = 0; k + 1 < page->n; k++) {
		if (!strcmp(page->bookings[order[k]].id, page->bookings[order[k + 1]].id)) {
			page->bookings[order[k]].id[0] = '\0'; /* no id is empty: marks the drop */
			page->skipped[PORTAL_SKIP_DUPLICATE_ID]++;
		}
	}
	free(order);
	for (size_t i = 0; i < page->n; i++) {
		if (!page->bookings[i].id[0])
			continue;
		if (kept != i)
			page->bookings[kept] = page->bookings[i];
		kept++;
	}
	OPENSSL_cleanse(&page->bookings[kept], (page->n - kept) * sizeof(*page->bookings));
	page->n = kept;
	return 0;
}

/* The parse tree holds names and dates of birth: wiped before it is freed. */
static void wipe_tree(cJSON *j)
{
	for (; j; j = j->next) {
		if (j->valuestring)
			OPENSSL_cleanse(j->valuestring, strlen(j->valuestring));
		wipe_tree(j->child);
	}
}

int portal_json_parse_page(const char *body, size_t len, int64_t now_s, struct portal_page *page)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	const cJSON *list, *cursor, *more;
	int rc = 0;

	portal_page_clear(page);
	if (!root)
		return -EBADMSG;
	while (end && end < body + len && *end && strchr(" \t\r\n", *end))
		end++;
	if (end != body + len) {
		rc = -EBADMSG; /* something after the object */
		goto out;
	}
	list = cJSON_GetObjectItemCaseSensitive(root, "bookings");
	cursor = cJSON_GetObjectItemCaseSensitive(root, "cursor");
	more = cJSON_GetObjectItemCaseSensitive(root, "more");
	if (!cJSON_IsObject(root) || !cJSON_IsArray(list) || !cJSON_IsString(cursor) ||
	    strlen(cursor->valuestring) >= sizeof(page->cursor) || (more && !cJSON_IsBool(more))) {
		rc = -EBADMSG;
		goto out;
	}
	strcpy(page->cursor, cursor->valuestring);
	page->more = cJSON_IsTrue(more);
	page->cap = (size_t)cJSON_GetArraySize(list);
	page->bookings = calloc(page->cap ? page->cap : 1, sizeof(*page->bookings));
	page->skipped_ids = calloc(page->cap ? page->cap : 1, sizeof(*page->skipped_ids));
	if (!page->bookings || !page->skipped_ids) {
		rc = -ENOMEM;
		goto out;
	}
	const cJSON *rec;
	cJSON_ArrayForEach(rec, list)
	{
		struct hub_booking *b = &page->bookings[page->n];
		int why = read_record(rec, now_s, b);
		if (!why) {
			page->n++;
			continue;
		}
		page->skipped[why - 1]++;
		if (b->id[0]) /* read first: known even when a later field was bad */
			memcpy(page->skipped_ids[page->n_skipped_ids++], b->id, sizeof(b->id));
		else
			page->unnamed++;
	}
	OPENSSL_cleanse(&page->bookings[page->n], (page->cap - page->n) * sizeof(*page->bookings));
	rc = drop_duplicate_ids(page);
out:
	wipe_tree(root);
	cJSON_Delete(root);
	if (rc)
		portal_page_clear(page);
	return rc;
}

int portal_json_error_code(const char *body, size_t len, char *out, size_t size)
{
	cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "error");
	int rc = -EBADMSG;

	if (size)
		out[0] = '\0';
	if (cJSON_IsObject(root) && cJSON_IsString(v)) {
		size_t n = strlen(v->valuestring);
		rc = n && n < PORTAL_ERROR_CODE_MAX && n < size &&
		             strspn(v->valuestring, "abcdefghijklmnopqrstuvwxyz"
		                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n
		         ? 0
		         : -EBADMSG;
		if (rc == 0)
			memcpy(out, v->valuestring, n + 1);
	}
	wipe_tree(root);
	cJSON_Delete(root);
	return rc;
}

char *portal_json_event(const struct portal_event *ev)
{
	cJSON *o = cJSON_CreateObject();
	char at[40];
	char *text;

	if (!o)
		return NULL;
	hub_format_time(ev->at_ms / 1000, at, sizeof(at));
	cJSON_AddStringToObject(o, "booking", ev->booking);
	cJSON_AddStringToObject(o, "type", ev->type);
	cJSON_AddStringToObject(o, "at", at);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}
