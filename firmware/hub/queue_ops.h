/* queue_ops.h — the hub's state changes, each one durable when it returns.
 *
 * Every function runs one operation through the writer (group commit) and answers 0 or a
 * negative errno / enum hub_error. Tickets come back as they are after the change.
 */
#ifndef CIVIQ_HUB_QUEUE_OPS_H
#define CIVIQ_HUB_QUEUE_OPS_H

#include <stdbool.h>

#include "core/call_policy.h"
#include "hub/ticket_row.h"
#include "hub/writer.h"

/* Who asked, for the audit log: a staff login or a device name. */
struct hub_actor {
	const char *name;
};

int hub_issue_ticket(struct hub_writer *w, const char *service, int priority,
                     struct hub_ticket *out);

/* -ENODATA when nothing is waiting for the counter (the API's 204). Finishes the counter's
 * current ticket first, called or serving: "next" means the counter is done with it (a citizen
 * who did not come is marked with no-show, or by recalls running out). */
int hub_call_next(struct hub_writer *w, int counter, const struct call_policy_config *policy,
                  const struct hub_actor *actor, struct hub_ticket *out);
/* Calls the counter's current ticket again; past max_calls it becomes no_show instead. */
int hub_recall(struct hub_writer *w, int counter, const struct call_policy_config *policy,
               const struct hub_actor *actor, struct hub_ticket *out);

enum hub_ticket_action {
	HUB_ACTION_START,   /* called -> serving */
	HUB_ACTION_NO_SHOW, /* called -> no_show */
	HUB_ACTION_FINISH,  /* called/serving -> finished */
	HUB_ACTION_PARK,    /* waiting/called/serving -> parked */
	HUB_ACTION_RESUME,  /* parked -> waiting */
	HUB_ACTION_CANCEL,  /* waiting/parked -> cancelled */
};
const char *hub_ticket_action_name(enum hub_ticket_action a);
int hub_ticket_action(struct hub_writer *w, int64_t ticket, enum hub_ticket_action action,
                      const struct hub_actor *actor, struct hub_ticket *out);
/* Moves a ticket to another service's queue, keeping its label and its arrival time. */
int hub_transfer(struct hub_writer *w, int64_t ticket, const char *service,
                 const struct hub_actor *actor, struct hub_ticket *out);

int hub_counter_set_paused(struct hub_writer *w, int counter, bool paused,
                           const struct hub_actor *actor);

#endif
