/* portal_page.c — a bookings page of arbitrary bytes: no crash, no read past the body, and what
 * the parser accepts keeps the promises the sync relies on (portal_json.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "common/rfc3339.h"
#include "fuzz.h"
#include "sync/portal_json.h"

/* 2026-03-29 10:00 Europe/Berlin, the morning after the spring change. */
#define NOW_S 1774771200

static void check_text(const char *s, size_t size, int may_be_empty)
{
	size_t n = strnlen(s, size);
	if (n == size || (!may_be_empty && n == 0))
		abort();
}

static void check_booking(const struct hub_booking *b)
{
	int y, m, d;

	check_text(b->id, sizeof(b->id), 0);
	check_text(b->code, sizeof(b->code), 0);
	check_text(b->service, sizeof(b->service), 0);
	check_text(b->family_name, sizeof(b->family_name), 1);
	check_text(b->given_names, sizeof(b->given_names), 1);
	check_text(b->birth_date, sizeof(b->birth_date), 1);
	if (b->birth_date[0] && date_parse(b->birth_date, &y, &m, &d))
		abort();
	if (b->end < b->start || b->end - b->start > PORTAL_LONGEST_S ||
	    b->start < NOW_S - PORTAL_PAST_S || b->start > NOW_S + PORTAL_FUTURE_S)
		abort();
	if (b->cancelled != 0 && b->cancelled != 1)
		abort();
}

/* The cursor goes back to the portal in a query string: it must survive escaping whole. */
static void check_cursor(const char *cursor)
{
	char *esc, *back;
	int n = 0;

	check_text(cursor, PORTAL_CURSOR_MAX, 1);
	esc = curl_easy_escape(NULL, cursor, 0);
	if (!esc)
		return;
	if (strspn(esc, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") !=
	    strlen(esc))
		abort();
	back = curl_easy_unescape(NULL, esc, 0, &n);
	if (back && ((size_t)n != strlen(cursor) || memcmp(back, cursor, (size_t)n)))
		abort();
	curl_free(back);
	curl_free(esc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct portal_page page = { 0 };
	/* An exact copy, not NUL-terminated: the parser must stay within len. */
	char *body = malloc(size ? size : 1);
	int rc;

	if (!body)
		return 0;
	memcpy(body, data, size);
	rc = portal_json_parse_page(body, size, NOW_S, &page);
	if (rc == 0) {
		if (page.n > page.cap)
			abort();
		for (size_t i = 0; i < page.n; i++) {
			check_booking(&page.bookings[i]);
			for (size_t j = 0; j < i && page.n < 256; j++)
				if (!strcmp(page.bookings[i].id, page.bookings[j].id))
					abort(); /* one id, one record */
		}
		check_cursor(page.cursor);
	} else if (rc != -EBADMSG && rc != -ENOMEM) {
		abort();
	} else if (page.n || page.bookings || page.cursor[0] || page.more) {
		abort(); /* a refused page leaves nothing behind */
	}
	portal_page_clear(&page);
	free(body);
	return 0;
}
