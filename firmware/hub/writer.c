#include "hub/writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "hub/stmt_cache.h"
#include "store/store.h"

#define GROUP_MAX 128 /* operations in one commit at the most */

struct pending_event {
	uint64_t id;
	char *type;
	char *data;
	int64_t at_ms;
};

struct hub_txn {
	struct hub_writer *w;
	int64_t now_ms;
	int day;
	struct pending_event *events; /* emitted by the whole group so far */
	size_t n_events, cap_events;
};

struct queued_op {
	hub_op_fn fn;
	void *arg;
	int rc;
	bool done;
	pthread_cond_t finished; /* its own, so a group wakes its callers and no one else */
	struct queued_op *next;
};

struct hub_writer {
	sqlite3 *db;
	struct hub_clock clock;
	hub_publish_fn publish;
	void *publish_ctx;
	struct stmt_cache stmts;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work; /* an operation was queued, or stop */
	struct queued_op *head, *tail;
	bool stopping;
	struct hub_writer_stats stats;
	_Atomic uint64_t generation;
};

sqlite3 *hub_txn_db(struct hub_txn *tx)
{
	return tx->w->db;
}

int64_t hub_txn_now(struct hub_txn *tx)
{
	return tx->now_ms / 1000;
}

int64_t hub_txn_now_ms(struct hub_txn *tx)
{
	return tx->now_ms;
}

int hub_txn_day(struct hub_txn *tx)
{
	return tx->day;
}

int hub_txn_day_of(struct hub_txn *tx, int64_t unix_s)
{
	return tx->w->clock.day_of(tx->w->clock.ctx, unix_s);
}

sqlite3_stmt *hub_txn_stmt(struct hub_txn *tx, const char *sql)
{
	return stmt_cache_get(&tx->w->stmts, sql);
}

static const char sql_insert_event[] =
    "INSERT INTO events(day, type, data, at) VALUES (?, ?, ?, ?)";

int hub_txn_emit(struct hub_txn *tx, const char *type, cJSON *data)
{
	char *text = cJSON_PrintUnformatted(data);
	sqlite3_stmt *st = hub_txn_stmt(tx, sql_insert_event);
	int rc;

	cJSON_Delete(data);
	if (!text || !st) {
		free(text);
		return -ENOMEM;
	}
	sqlite3_bind_int(st, 1, tx->day);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, tx->now_ms);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(text);
		return store_errno(rc);
	}
	if (tx->n_events == tx->cap_events) {
		size_t cap = tx->cap_events ? tx->cap_events * 2 : 16;
		struct pending_event *ev = realloc(tx->events, cap * sizeof(*ev));
		if (!ev) {
			free(text);
			return -ENOMEM;
		}
		tx->events = ev;
		tx->cap_events = cap;
	}
	tx->events[tx->n_events++] = (struct pending_event){
		.id = (uint64_t)sqlite3_last_insert_rowid(tx->w->db),
		.type = strdup(type),
		.data = text,
		.at_ms = tx->now_ms,
	};
	return 0;
}

static void drop_events_from(struct hub_txn *tx, size_t from)
{
	for (size_t i = from; i < tx->n_events; i++) {
		free(tx->events[i].type);
		free(tx->events[i].data);
	}
	tx->n_events = from;
}

static int exec(sqlite3 *db, const char *sql)
{
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_errno(rc);
}

static const char sql_savepoint[] = "SAVEPOINT op", sql_rollback_to[] = "ROLLBACK TO op",
                  sql_release[] = "RELEASE op";

/* The per-operation savepoint statements run for every operation: prepared once, not parsed
 * each time as sqlite3_exec would. */
static int exec_cached(struct hub_writer *w, const char *sql)
{
	sqlite3_stmt *st = stmt_cache_get(&w->stmts, sql);
	int rc;

	if (!st)
		return -EIO;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_errno(rc);
}

/* Runs one group: all operations in one transaction, each in its own savepoint. */
static void run_group(struct hub_writer *w, struct queued_op *ops)
{
	struct hub_txn tx = { .w = w };
	int rc;

	tx.now_ms = w->clock.now_ms(w->clock.ctx);
	tx.day = w->clock.day_of(w->clock.ctx, tx.now_ms / 1000);
	rc = exec(w->db, "BEGIN IMMEDIATE");
	for (struct queued_op *op = ops; op; op = op->next) {
		if (rc) {
			op->rc = rc;
			continue;
		}
		size_t mark = tx.n_events;
		rc = exec_cached(w, sql_savepoint);
		if (rc) {
			op->rc = rc;
			continue;
		}
		op->rc = op->fn(&tx, op->arg);
		if (op->rc) {
			exec_cached(w, sql_rollback_to);
			drop_events_from(&tx, mark);
		}
		exec_cached(w, sql_release);
		w->stats.ops++;
	}
	stmt_cache_reset_all(&w->stmts);
	if (rc == 0)
		rc = exec(w->db, "COMMIT");
	if (rc) {
		log_err("store: commit failed (%s); %s", strerror(-rc),
		        "the group's operations are answered with an error");
		exec(w->db, "ROLLBACK");
		drop_events_from(&tx, 0);
		for (struct queued_op *op = ops; op; op = op->next)
			op->rc = -EIO;
		w->stats.failed_commits++;
	} else {
		w->stats.commits++;
		atomic_fetch_add(&w->generation, 1);
		for (size_t i = 0; i < tx.n_events; i++)
			w->publish(w->publish_ctx, tx.events[i].id, tx.events[i].type,
			           tx.events[i].data, tx.events[i].at_ms);
	}
	drop_events_from(&tx, 0);
	free(tx.events);
}

static void *writer_main(void *arg)
{
	struct hub_writer *w = arg;

	/* Named so that top -H and the hub bench can tell its CPU time from the HTTP threads'. */
	pthread_setname_np(pthread_self(), "civiq-writer");
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->work, &w->lock);
		if (!w->head && w->stopping)
			break;
		/* Take what is queued now (up to GROUP_MAX); later arrivals form the next group. */
		struct queued_op *group = w->head, *last = w->head;
		for (int n = 1; n < GROUP_MAX && last->next; n++)
			last = last->next;
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->lock);

		run_group(w, group);

		pthread_mutex_lock(&w->lock);
		for (struct queued_op *op = group, *next; op; op = next) {
			next = op->next; /* op lives on its caller's stack: gone once it wakes */
			op->done = true;
			pthread_cond_signal(&op->finished);
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int hub_writer_start(sqlite3 *db, const struct hub_clock *clock, hub_publish_fn publish,
                     void *publish_ctx, struct hub_writer **out)
{
	struct hub_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->db = db;
	w->clock = *clock;
	w->publish = publish;
	w->publish_ctx = publish_ctx;
	stmt_cache_init(&w->stmts, db);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	int rc = pthread_create(&w->thread, NULL, writer_main, w);
	if (rc) {
		free(w);
		return -rc;
	}
	*out = w;
	return 0;
}

int hub_writer_run(struct hub_writer *w, hub_op_fn fn, void *arg)
{
	struct queued_op op = { .fn = fn, .arg = arg };

	pthread_mutex_lock(&w->lock);
	if (w->stopping) {
		pthread_mutex_unlock(&w->lock);
		return -ESHUTDOWN;
	}
	pthread_cond_init(&op.finished, NULL);
	if (w->tail)
		w->tail->next = &op;
	else
		w->head = &op;
	w->tail = &op;
	pthread_cond_signal(&w->work);
	while (!op.done)
		pthread_cond_wait(&op.finished, &w->lock);
	pthread_mutex_unlock(&w->lock);
	pthread_cond_destroy(&op.finished);
	return op.rc;
}

void hub_writer_stop(struct hub_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	stmt_cache_clear(&w->stmts);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->work);
	free(w);
}

void hub_writer_get_stats(struct hub_writer *w, struct hub_writer_stats *out)
{
	pthread_mutex_lock(&w->lock);
	*out = w->stats;
	pthread_mutex_unlock(&w->lock);
}

uint64_t hub_writer_generation(struct hub_writer *w)
{
	return atomic_load(&w->generation);
}
