#include "hub/checkin_ops.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>

#include "core/checkin.h"
#include "core/identity.h"
#include "hub/ops_common.h"
#include "store/store.h"

void hub_normalise_code(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *in && n + 1 < outlen; in++) {
		unsigned char c = (unsigned char)*in;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		out[n++] = (char)toupper(c);
	}
	out[n] = '\0';
}

struct upsert_op {
	const struct hub_booking *b;
	size_t n;
	int stored;
};

static const char sql_upsert[] =
    "INSERT INTO bookings(id, code, service, day, start, end, identity, status) "
    "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET code = excluded.code, "
    "service = excluded.service, day = excluded.day, start = excluded.start, "
    "end = excluded.end, identity = excluded.identity, status = excluded.status";

int hub_txn_booking_upsert(struct hub_txn *tx, const struct hub_booking *b)
{
	char identity[IDENTITY_TAG_MAX] = "", code[32];
	int have_identity = b->family_name[0] && b->birth_date[0] &&
	                    identity_tag_input(b->family_name, b->given_names, b->birth_date,
	                                       identity, sizeof(identity)) > 0;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_upsert);
	int rc;

	if (!st)
		return -EIO;
	hub_normalise_code(b->code, code, sizeof(code));
	sqlite3_bind_text(st, 1, b->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b->service, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, hub_txn_day_of(tx, b->start));
	sqlite3_bind_int64(st, 5, b->start);
	sqlite3_bind_int64(st, 6, b->end);
	if (have_identity)
		sqlite3_bind_text(st, 7, identity, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, b->cancelled ? "cancelled" : "confirmed", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	OPENSSL_cleanse(identity, sizeof(identity));
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

static int upsert_fn(struct hub_txn *tx, void *arg)
{
	struct upsert_op *op = arg;

	for (size_t i = 0; i < op->n; i++) {
		int rc = hub_txn_booking_upsert(tx, &op->b[i]);
		if (rc)
			return rc;
		op->stored++;
	}
	return 0;
}

int hub_bookings_upsert(struct hub_writer *w, const struct hub_booking *b, size_t n)
{
	struct upsert_op op = { b, n, 0 };
	int rc = hub_writer_run(w, upsert_fn, &op);
	return rc ? rc : op.stored;
}

static const char sql_get_key[] = "SELECT key FROM day_keys WHERE day = ?";
static const char sql_put_key[] = "INSERT INTO day_keys(day, key) VALUES (?, ?)";

static int day_key_in_tx(struct hub_txn *tx, uint8_t key[DAY_KEY_LEN])
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_get_key);
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DAY_KEY_LEN) {
		memcpy(key, sqlite3_column_blob(st, 0), DAY_KEY_LEN);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (getrandom(key, DAY_KEY_LEN, 0) != DAY_KEY_LEN)
		return -EIO;
	st = hub_txn_stmt(tx, sql_put_key);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	sqlite3_bind_blob(st, 2, key, DAY_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

struct key_op {
	uint8_t *key;
	int day;
};

static int key_fn(struct hub_txn *tx, void *arg)
{
	struct key_op *op = arg;
	op->day = hub_txn_day(tx);
	return day_key_in_tx(tx, op->key);
}

int hub_day_key(struct hub_writer *w, uint8_t key[DAY_KEY_LEN], int *day)
{
	struct key_op op = { key, 0 };
	int rc = hub_writer_run(w, key_fn, &op);
	*day = op.day;
	return rc;
}

struct checkin_op {
	const char *code;
	const char *tag;
	struct hub_ticket *out;
	struct hub_checkin_window *window;
};

struct booking_row {
	char id[64];
	char service[SERVICE_ID_MAX];
	int64_t start;
	char status[16];
	int64_t ticket;
};

#define BOOKING_COLUMNS "id, service, start, status, COALESCE(ticket, 0)"

static void booking_read(sqlite3_stmt *st, int col, struct booking_row *b)
{
	snprintf(b->id, sizeof(b->id), "%s", (const char *)sqlite3_column_text(st, col));
	snprintf(b->service, sizeof(b->service), "%s",
	         (const char *)sqlite3_column_text(st, col + 1));
	b->start = sqlite3_column_int64(st, col + 2);
	snprintf(b->status, sizeof(b->status), "%s",
	         (const char *)sqlite3_column_text(st, col + 3));
	b->ticket = sqlite3_column_int64(st, col + 4);
}

static const char sql_by_code[] =
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE code = ? AND day = ?";
static const char sql_with_identity[] =
    "SELECT " BOOKING_COLUMNS ", identity FROM bookings WHERE day = ? AND identity IS NOT NULL";
static const char sql_link[] = "UPDATE bookings SET ticket = ? WHERE id = ?";

static int find_by_code(struct hub_txn *tx, const char *code, struct booking_row *b)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_by_code);
	char norm[32];
	int rc;

	if (!st)
		return -EIO;
	hub_normalise_code(code, norm, sizeof(norm));
	sqlite3_bind_text(st, 1, norm, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, hub_txn_day(tx));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		booking_read(st, 0, b);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return -HUB_E_BOOKING_NOT_FOUND;
	return rc == SQLITE_ROW ? 0 : store_errno(rc);
}

/* Compares the tag with every booking of today: the hub holds no tag table, since the day
 * key exists only from the first check-in of the day on. */
static int find_by_tag(struct hub_txn *tx, const char *tag, struct booking_row *b)
{
	uint8_t key[DAY_KEY_LEN];
	int rc = day_key_in_tx(tx, key), matches = 0;
	sqlite3_stmt *st;

	if (rc)
		return rc;
	st = hub_txn_stmt(tx, sql_with_identity);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char candidate[IDENTITY_TAG_HEX_LEN + 1];
		if (identity_tag_from_input(key, sizeof(key),
		                            (const char *)sqlite3_column_text(st, 5), candidate))
			continue;
		if (!identity_tag_equal(candidate, tag))
			continue;
		struct booking_row row;
		booking_read(st, 0, &row);
		if (!strcmp(row.status, "cancelled"))
			continue;
		/* Each row is a distinct booking: a second match makes the answer ambiguous. */
		if (matches++ == 0)
			*b = row;
	}
	sqlite3_reset(st);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	if (matches == 0)
		return -HUB_E_BOOKING_NOT_FOUND;
	return matches > 1 ? -HUB_E_AMBIGUOUS_IDENTITY : 0;
}

static int checkin_fn(struct hub_txn *tx, void *arg)
{
	struct checkin_op *op = arg;
	struct booking_row b;
	struct service_row s;
	struct hub_ticket *t = op->out;
	int rc = op->code ? find_by_code(tx, op->code, &b) : find_by_tag(tx, op->tag, &b);

	if (rc)
		return rc;
	if (!strcmp(b.status, "cancelled"))
		return -HUB_E_BOOKING_CANCELLED;
	if (b.ticket)
		return -HUB_E_ALREADY_CHECKED_IN;
	rc = ops_load_service(tx, b.service, &s);
	if (rc)
		return rc;
	op->window->opens = b.start - s.checkin_early_s;
	op->window->closes = b.start + s.checkin_late_s;
	switch (
	    checkin_window_check(b.start, hub_txn_now(tx), s.checkin_early_s, s.checkin_late_s)) {
	case CHECKIN_TOO_EARLY:
		return -HUB_E_TOO_EARLY;
	case CHECKIN_TOO_LATE:
		return -HUB_E_TOO_LATE;
	case CHECKIN_OK:
		break;
	}
	memset(t, 0, sizeof(*t));
	rc = ops_next_number(tx, &s, &t->t.number, t->label, sizeof(t->label));
	if (rc)
		return rc;
	snprintf(t->t.service, sizeof(t->t.service), "%s", s.id);
	t->t.prefix = s.prefix;
	t->t.day = hub_txn_day(tx);
	t->t.kind = TICKET_APPOINTMENT;
	t->t.status = TICKET_WAITING;
	t->t.arrival = hub_txn_now(tx);
	t->t.due = b.start;
	t->created_at = hub_txn_now(tx);
	rc = ops_insert_ticket(tx, t);
	if (rc)
		return rc;
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_link);
	if (!st)
		return -EIO;
	sqlite3_bind_int64(st, 1, t->t.id);
	sqlite3_bind_text(st, 2, b.id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	rc = ops_emit_ticket(tx, "ticket_created", t, NULL);
	if (rc)
		return rc;
	/* For the portal's outbox: which booking was checked in, no personal data. */
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "booking", b.id);
	cJSON_AddNumberToObject(o, "ticket", (double)t->t.id);
	cJSON_AddStringToObject(o, "number", t->label);
	return hub_txn_emit(tx, "checked_in", o);
}

int hub_checkin_code(struct hub_writer *w, const char *code, struct hub_ticket *out,
                     struct hub_checkin_window *window)
{
	struct checkin_op op = { code, NULL, out, window };
	return hub_writer_run(w, checkin_fn, &op);
}

int hub_checkin_identity(struct hub_writer *w, const char *tag, struct hub_ticket *out,
                         struct hub_checkin_window *window)
{
	struct checkin_op op = { NULL, tag, out, window };
	return hub_writer_run(w, checkin_fn, &op);
}
