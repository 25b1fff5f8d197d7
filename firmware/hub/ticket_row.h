/* ticket_row.h — a ticket as the hub stores and shows it. */
#ifndef CIVIQ_HUB_TICKET_ROW_H
#define CIVIQ_HUB_TICKET_ROW_H

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "core/ticket.h"

#define PUBLIC_ID_LEN 32 /* hex characters of 128 random bits */

struct hub_ticket {
	struct ticket t;
	char label[TICKET_LABEL_MAX];
	char public_id[PUBLIC_ID_LEN + 1];
	int64_t started_at, finished_at, created_at;
	char source[64];
};

/* The column list every ticket SELECT uses, in the order hub_ticket_read expects. */
#define HUB_TICKET_COLUMNS                                                                      \
	"id, public_id, day, service, prefix, number, label, kind, priority, status, arrival, " \
	"due, called_at, calls, overtaken, counter, started_at, finished_at, created_at, source"

/* Fills t from the current row of st, whose columns start with HUB_TICKET_COLUMNS. */
void hub_ticket_read(sqlite3_stmt *st, struct hub_ticket *t);

/* The ticket as the API shows it: numbers and states, never a name. */
cJSON *hub_ticket_json(const struct hub_ticket *t);

/* RFC 3339 UTC ("2026-11-22T09:15:00Z") into buf (>= 21 bytes). */
void hub_format_time(int64_t unix_s, char *buf, size_t len);

/* 128 random bits as 32 hex characters. */
int hub_random_public_id(char out[PUBLIC_ID_LEN + 1]);

#endif
