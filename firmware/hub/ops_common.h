/* ops_common.h — row access shared by the hub's operations (inside a writer transaction). */
#ifndef CIVIQ_HUB_OPS_COMMON_H
#define CIVIQ_HUB_OPS_COMMON_H

#include <stdbool.h>

#include "core/call_policy.h"
#include "core/numbering.h"
#include "hub/hub_errors.h"
#include "hub/ticket_row.h"
#include "hub/writer.h"

#define COUNTER_SERVICES_MAX 16

struct service_row {
	char id[SERVICE_ID_MAX];
	char prefix;
	struct number_range range;
	bool active;
	int checkin_early_s, checkin_late_s;
	int handling_prior_s;
};

struct counter_row {
	int id;
	char label[96];
	char services[COUNTER_SERVICES_MAX][SERVICE_ID_MAX];
	const char *service_ptrs[COUNTER_SERVICES_MAX];
	int n_services;
	bool paused;
	int64_t current_ticket; /* 0: none */
};

/* Splits "a,b,c" into the row's service list and fills the pointer array. */
void counter_row_set_services(struct counter_row *c, const char *list);
/* The core's view of a counter row. */
struct counter_view counter_row_view(const struct counter_row *c);

int ops_load_service(struct hub_txn *tx, const char *id, struct service_row *out);
int ops_load_counter(struct hub_txn *tx, int id, struct counter_row *out);
int ops_load_ticket(struct hub_txn *tx, int64_t id, struct hub_ticket *out);
int ops_set_counter_current(struct hub_txn *tx, int counter, int64_t ticket);
/* Writes the mutable fields (status, service, counter, calls, times ...) back. */
int ops_save_ticket(struct hub_txn *tx, const struct hub_ticket *t);
/* Inserts a new ticket (t->id and public_id are filled in). */
int ops_insert_ticket(struct hub_txn *tx, struct hub_ticket *t);
/* Emits an event of `type` carrying the ticket's public fields, plus the counter's label when
 * the ticket sits at a counter. */
int ops_emit_ticket(struct hub_txn *tx, const char *type, const struct hub_ticket *t,
                    const struct counter_row *counter);
/* Picks the next free number of the service today (skipping live numbers and leased blocks),
 * records it as issued and formats the label. */
int ops_next_number(struct hub_txn *tx, const struct service_row *s, int *number, char *label,
                    size_t label_len);
/* Appends to the staff audit log. */
int ops_audit(struct hub_txn *tx, const char *actor, const char *action, const char *label,
              int counter, const char *detail);

#endif
