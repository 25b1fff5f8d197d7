/* checkin_ops.h — today's bookings, their check-in, and the day key for identity tags. */
#ifndef CIVIQ_HUB_CHECKIN_OPS_H
#define CIVIQ_HUB_CHECKIN_OPS_H

#include <stdint.h>

#include "common/identity_tag.h"
#include "hub/ticket_row.h"
#include "hub/writer.h"

/* A booking as the portal (or civiq-tool bookings import) delivers it. */
struct hub_booking {
	char id[64];
	char code[32];
	char service[SERVICE_ID_MAX];
	int64_t start, end;
	char family_name[128];
	char given_names[128];
	char birth_date[11]; /* YYYY-MM-DD, "" if unknown */
	int cancelled;
};

/* Inserts or updates bookings by id; the names are reduced to the normalised identity string
 * at once and the struct copies are the caller's to wipe. Returns how many were stored. */
int hub_bookings_upsert(struct hub_writer *w, const struct hub_booking *b, size_t n);
/* The same for one booking inside an operation; -EEXIST when its code belongs to another
 * booking (only this statement is undone, the transaction goes on). */
int hub_txn_booking_upsert(struct hub_txn *tx, const struct hub_booking *b);

/* Why a check-in was refused outside its window: when it opens and closes. */
struct hub_checkin_window {
	int64_t opens, closes;
};

int hub_checkin_code(struct hub_writer *w, const char *code, struct hub_ticket *out,
                     struct hub_checkin_window *window);
int hub_checkin_identity(struct hub_writer *w, const char *identity_tag, struct hub_ticket *out,
                         struct hub_checkin_window *window);

/* Today's day key (created on first use) and the service day it belongs to. */
int hub_day_key(struct hub_writer *w, uint8_t key[DAY_KEY_LEN], int *day);

/* Booking codes are compared upper case without spaces and hyphens. */
void hub_normalise_code(const char *in, char *out, size_t outlen);

#endif
