#include "hub/queue_ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "core/call_policy.h"
#include "hub/ops_common.h"
#include "store/store.h"

struct issue_op {
	const char *service;
	int priority;
	struct hub_ticket *out;
};

static int issue_fn(struct hub_txn *tx, void *arg)
{
	struct issue_op *op = arg;
	struct service_row s;
	struct hub_ticket *t = op->out;
	int rc = ops_load_service(tx, op->service, &s);

	if (rc)
		return rc;
	if (!s.active)
		return -HUB_E_SERVICE_INACTIVE;
	memset(t, 0, sizeof(*t));
	rc = ops_next_number(tx, &s, &t->t.number, t->label, sizeof(t->label));
	if (rc)
		return rc;
	snprintf(t->t.service, sizeof(t->t.service), "%s", s.id);
	t->t.prefix = s.prefix;
	t->t.day = hub_txn_day(tx);
	t->t.kind = TICKET_WALK_IN;
	t->t.priority = op->priority;
	t->t.status = TICKET_WAITING;
	t->t.arrival = hub_txn_now(tx);
	t->created_at = hub_txn_now(tx);
	rc = ops_insert_ticket(tx, t);
	if (rc)
		return rc;
	return ops_emit_ticket(tx, "ticket_created", t, NULL);
}

int hub_issue_ticket(struct hub_writer *w, const char *service, int priority,
                     struct hub_ticket *out)
{
	struct issue_op op = { service, priority, out };

	if (priority < 0 || priority > PRIORITY_MAX)
		return -EINVAL;
	return hub_writer_run(w, issue_fn, &op);
}

/* What happens to the counter's current ticket when it calls the next one. */
static int release_current(struct hub_txn *tx, struct counter_row *c)
{
	struct hub_ticket cur;
	int rc;

	if (!c->current_ticket)
		return 0;
	rc = ops_load_ticket(tx, c->current_ticket, &cur);
	if (rc == -HUB_E_TICKET_NOT_FOUND)
		return ops_set_counter_current(tx, c->id, 0);
	if (rc)
		return rc;
	/* Pressing "next" means the counter is done with the current citizen, whether or not
	 * "start" was pressed; a citizen who did not come is marked with no-show or recall. */
	if (cur.t.status == TICKET_SERVING || cur.t.status == TICKET_CALLED) {
		cur.t.status = TICKET_FINISHED;
		cur.finished_at = hub_txn_now(tx);
		if (!cur.started_at)
			cur.started_at = cur.t.called_at;
	} else {
		return ops_set_counter_current(tx, c->id, 0);
	}
	rc = ops_save_ticket(tx, &cur);
	if (rc == 0)
		rc = ops_emit_ticket(tx, "ticket_updated", &cur, NULL);
	if (rc == 0)
		rc = ops_set_counter_current(tx, c->id, 0);
	c->current_ticket = 0;
	return rc;
}

static const char sql_waiting[] =
    "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE status = 0 AND day = ? ORDER BY id";

/* Today's waiting tickets (any service), for the policy. Caller frees. */
static int load_waiting(struct hub_txn *tx, struct hub_ticket **out, size_t *n)
{
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_waiting);
	struct hub_ticket *v = NULL;
	size_t cap = 0, len = 0;
	int rc;

	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, hub_txn_day(tx));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			struct hub_ticket *nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				sqlite3_reset(st);
				return -ENOMEM;
			}
			v = nv;
		}
		hub_ticket_read(st, &v[len++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_errno(rc);
	}
	*out = v;
	*n = len;
	return 0;
}

struct call_op {
	int counter;
	const struct call_policy_config *policy;
	const struct hub_actor *actor;
	struct hub_ticket *out;
	bool found;
};

static int call_next_fn(struct hub_txn *tx, void *arg)
{
	struct call_op *op = arg;
	struct counter_row c;
	struct hub_ticket *waiting = NULL;
	struct ticket *core = NULL;
	size_t n = 0;
	int rc = ops_load_counter(tx, op->counter, &c);

	if (rc)
		return rc;
	if (c.paused)
		return -HUB_E_COUNTER_PAUSED;
	rc = release_current(tx, &c);
	if (rc)
		return rc;
	rc = load_waiting(tx, &waiting, &n);
	if (rc)
		return rc;
	core = calloc(n ? n : 1, sizeof(*core));
	if (!core) {
		free(waiting);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		core[i] = waiting[i].t;
	struct counter_view view = counter_row_view(&c);
	int pick = call_policy_pick(core, n, &view, op->policy, hub_txn_now(tx));
	if (pick < 0) /* nothing to call; releasing the current ticket is still kept */
		goto out;
	call_policy_note_overtakes(core, n, (size_t)pick, &view);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((int)i == pick || core[i].overtaken == waiting[i].t.overtaken)
			continue;
		waiting[i].t.overtaken = core[i].overtaken;
		rc = ops_save_ticket(tx, &waiting[i]);
	}
	if (rc)
		goto out;
	struct hub_ticket *t = &waiting[pick];
	t->t.status = TICKET_CALLED;
	t->t.counter = c.id;
	t->t.calls++;
	t->t.called_at = hub_txn_now(tx);
	rc = ops_save_ticket(tx, t);
	if (rc == 0)
		rc = ops_set_counter_current(tx, c.id, t->t.id);
	if (rc == 0)
		rc = ops_emit_ticket(tx, "called", t, &c);
	if (rc == 0)
		rc =
		    ops_audit(tx, op->actor ? op->actor->name : NULL, "call", t->label, c.id, NULL);
	if (rc == 0) {
		*op->out = *t;
		op->found = true;
	}
out:
	free(core);
	free(waiting);
	return rc;
}

int hub_call_next(struct hub_writer *w, int counter, const struct call_policy_config *policy,
                  const struct hub_actor *actor, struct hub_ticket *out)
{
	struct call_op op = { counter, policy, actor, out, false };
	int rc = hub_writer_run(w, call_next_fn, &op);

	return rc ? rc : op.found ? 0 : -ENODATA;
}

static int recall_fn(struct hub_txn *tx, void *arg)
{
	struct call_op *op = arg;
	struct counter_row c;
	struct hub_ticket *t = op->out;
	int rc = ops_load_counter(tx, op->counter, &c);

	if (rc)
		return rc;
	if (!c.current_ticket)
		return -HUB_E_NO_CURRENT_TICKET;
	rc = ops_load_ticket(tx, c.current_ticket, t);
	if (rc)
		return rc;
	if (t->t.status != TICKET_CALLED)
		return -HUB_E_NO_CURRENT_TICKET;
	if (call_policy_exhausted(&t->t, op->policy)) {
		t->t.status = TICKET_NO_SHOW;
		rc = ops_save_ticket(tx, t);
		if (rc == 0)
			rc = ops_set_counter_current(tx, c.id, 0);
		if (rc == 0)
			rc = ops_emit_ticket(tx, "ticket_updated", t, &c);
		if (rc == 0)
			rc = ops_audit(tx, op->actor ? op->actor->name : NULL,
			               "no_show_after_calls", t->label, c.id, NULL);
		return rc;
	}
	t->t.calls++;
	t->t.called_at = hub_txn_now(tx);
	rc = ops_save_ticket(tx, t);
	if (rc == 0)
		rc = ops_emit_ticket(tx, "called", t, &c);
	if (rc == 0)
		rc = ops_audit(tx, op->actor ? op->actor->name : NULL, "recall", t->label, c.id,
		               NULL);
	return rc;
}

int hub_recall(struct hub_writer *w, int counter, const struct call_policy_config *policy,
               const struct hub_actor *actor, struct hub_ticket *out)
{
	struct call_op op = { counter, policy, actor, out, false };
	return hub_writer_run(w, recall_fn, &op);
}

const char *hub_ticket_action_name(enum hub_ticket_action a)
{
	static const char *const names[] = { "start", "no_show", "finish",
		                             "park",  "resume",  "cancel" };
	return (unsigned)a < sizeof(names) / sizeof(names[0]) ? names[a] : "unknown";
}

struct action_op {
	int64_t ticket;
	enum hub_ticket_action action;
	const char *service; /* transfer */
	const struct hub_actor *actor;
	struct hub_ticket *out;
};

/* The status an action leads to from `from`, or -1 if the action does not apply. */
static int action_target(enum hub_ticket_action a, enum ticket_status from)
{
	switch (a) {
	case HUB_ACTION_START:
		return from == TICKET_CALLED ? TICKET_SERVING : -1;
	case HUB_ACTION_NO_SHOW:
		return from == TICKET_CALLED ? TICKET_NO_SHOW : -1;
	case HUB_ACTION_FINISH:
		return from == TICKET_CALLED || from == TICKET_SERVING ? TICKET_FINISHED : -1;
	case HUB_ACTION_PARK:
		return from == TICKET_WAITING || from == TICKET_CALLED || from == TICKET_SERVING
		           ? TICKET_PARKED
		           : -1;
	case HUB_ACTION_RESUME:
		return from == TICKET_PARKED ? TICKET_WAITING : -1;
	case HUB_ACTION_CANCEL:
		return from == TICKET_WAITING || from == TICKET_PARKED ? TICKET_CANCELLED : -1;
	}
	return -1;
}

/* Frees the counter that held the ticket, if the ticket leaves it. */
static int leave_counter(struct hub_txn *tx, struct hub_ticket *t, struct counter_row *c,
                         bool *have_counter)
{
	int rc;

	*have_counter = false;
	if (!t->t.counter)
		return 0;
	rc = ops_load_counter(tx, t->t.counter, c);
	if (rc == -HUB_E_UNKNOWN_COUNTER)
		return 0;
	if (rc)
		return rc;
	*have_counter = true;
	if (c->current_ticket == t->t.id)
		return ops_set_counter_current(tx, c->id, 0);
	return 0;
}

static int action_fn(struct hub_txn *tx, void *arg)
{
	struct action_op *op = arg;
	struct hub_ticket *t = op->out;
	struct counter_row c;
	bool have_counter = false;
	int rc = ops_load_ticket(tx, op->ticket, t);

	if (rc)
		return rc;
	int to = action_target(op->action, t->t.status);
	if (to < 0)
		return -HUB_E_INVALID_TRANSITION;
	t->t.status = (enum ticket_status)to;
	if (to == TICKET_SERVING) {
		t->started_at = hub_txn_now(tx);
	} else {
		if (to == TICKET_FINISHED)
			t->finished_at = hub_txn_now(tx);
		rc = leave_counter(tx, t, &c, &have_counter);
		if (rc)
			return rc;
		if (to == TICKET_WAITING || to == TICKET_PARKED)
			t->t.counter = 0;
	}
	if (to == TICKET_SERVING)
		have_counter = t->t.counter && ops_load_counter(tx, t->t.counter, &c) == 0;
	rc = ops_save_ticket(tx, t);
	if (rc == 0)
		rc = ops_emit_ticket(tx, "ticket_updated", t, have_counter ? &c : NULL);
	if (rc == 0)
		rc = ops_audit(tx, op->actor ? op->actor->name : NULL,
		               hub_ticket_action_name(op->action), t->label,
		               have_counter ? c.id : 0, NULL);
	return rc;
}

int hub_ticket_action(struct hub_writer *w, int64_t ticket, enum hub_ticket_action action,
                      const struct hub_actor *actor, struct hub_ticket *out)
{
	struct action_op op = { ticket, action, NULL, actor, out };
	return hub_writer_run(w, action_fn, &op);
}

static int transfer_fn(struct hub_txn *tx, void *arg)
{
	struct action_op *op = arg;
	struct hub_ticket *t = op->out;
	struct service_row s;
	struct counter_row c;
	bool have_counter;
	int rc = ops_load_ticket(tx, op->ticket, t);

	if (rc)
		return rc;
	if (!ticket_status_is_live(t->t.status))
		return -HUB_E_INVALID_TRANSITION;
	rc = ops_load_service(tx, op->service, &s);
	if (rc)
		return rc;
	if (!s.active)
		return -HUB_E_SERVICE_INACTIVE;
	rc = leave_counter(tx, t, &c, &have_counter);
	if (rc)
		return rc;
	char detail[96];
	snprintf(detail, sizeof(detail), "from %s to %s", t->t.service, s.id);
	snprintf(t->t.service, sizeof(t->t.service), "%s", s.id);
	t->t.status = TICKET_WAITING;
	t->t.counter = 0;
	t->t.calls = 0;
	t->t.overtaken = 0;
	rc = ops_save_ticket(tx, t);
	if (rc == 0)
		rc = ops_emit_ticket(tx, "ticket_updated", t, NULL);
	if (rc == 0)
		rc = ops_audit(tx, op->actor ? op->actor->name : NULL, "transfer", t->label,
		               have_counter ? c.id : 0, detail);
	return rc;
}

int hub_transfer(struct hub_writer *w, int64_t ticket, const char *service,
                 const struct hub_actor *actor, struct hub_ticket *out)
{
	struct action_op op = { ticket, HUB_ACTION_RESUME, service, actor, out };
	return hub_writer_run(w, transfer_fn, &op);
}

struct pause_op {
	int counter;
	bool paused;
	const struct hub_actor *actor;
};

static const char sql_pause[] = "UPDATE counters SET paused = ? WHERE id = ?";

static int pause_fn(struct hub_txn *tx, void *arg)
{
	struct pause_op *op = arg;
	struct counter_row c;
	int rc = ops_load_counter(tx, op->counter, &c);
	sqlite3_stmt *st;

	if (rc)
		return rc;
	st = hub_txn_stmt(tx, sql_pause);
	if (!st)
		return -EIO;
	sqlite3_bind_int(st, 1, op->paused);
	sqlite3_bind_int(st, 2, op->counter);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_errno(rc);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "counter", c.id);
	cJSON_AddStringToObject(o, "counter_label", c.label);
	cJSON_AddStringToObject(o, "state", op->paused ? "paused" : "open");
	rc = hub_txn_emit(tx, "counter_updated", o);
	if (rc == 0)
		rc = ops_audit(tx, op->actor ? op->actor->name : NULL,
		               op->paused ? "pause" : "resume_counter", NULL, c.id, NULL);
	return rc;
}

int hub_counter_set_paused(struct hub_writer *w, int counter, bool paused,
                           const struct hub_actor *actor)
{
	struct pause_op op = { counter, paused, actor };
	return hub_writer_run(w, pause_fn, &op);
}
