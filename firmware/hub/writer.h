/* writer.h — the one thread that writes the hub database, committing in groups.
 *
 * Every state change runs as an operation inside a write transaction of this thread. Operations
 * that arrive while a commit is under way are collected and committed together: one fsync
 * acknowledges a whole group, so throughput grows with the number of clients instead of being
 * capped at the disk's fsync rate. Each operation runs inside its own savepoint, so a failing
 * operation is undone alone and the rest of its group still commits. A caller is answered only
 * after the commit that contains its operation reached the disk; the events an operation emitted
 * are published, in commit order, before its caller is answered.
 */
#ifndef CIVIQ_HUB_WRITER_H
#define CIVIQ_HUB_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

struct hub_txn;

/* An operation: reads and writes through tx, returns 0 or a negative errno (then everything it
 * wrote is rolled back). */
typedef int (*hub_op_fn)(struct hub_txn *tx, void *arg);

/* Receives each committed event, in id order. */
typedef void (*hub_publish_fn)(void *ctx, uint64_t id, const char *type, const char *data,
                               int64_t at_ms);

/* The clock of operations: Unix ms, and the service day of a Unix time in the hub's zone. */
struct hub_clock {
	int64_t (*now_ms)(void *ctx);
	int (*day_of)(void *ctx, int64_t unix_s);
	void *ctx;
};

struct hub_writer;

int hub_writer_start(sqlite3 *db, const struct hub_clock *clock, hub_publish_fn publish,
                     void *publish_ctx, struct hub_writer **out);
/* Runs fn(tx, arg) in the next group commit and waits until it is durable. Returns fn's result,
 * or -EIO when the commit itself failed (nothing of the group was kept). */
int hub_writer_run(struct hub_writer *w, hub_op_fn fn, void *arg);
/* Finishes the queued operations, then stops the thread. The db is the caller's to close. */
void hub_writer_stop(struct hub_writer *w);

struct hub_writer_stats {
	uint64_t commits;
	uint64_t ops;
	uint64_t failed_commits;
};
void hub_writer_get_stats(struct hub_writer *w, struct hub_writer_stats *out);
/* Counts successful commits; it moves on before the callers of a commit are answered, so a
 * reader that starts after an answer and sees generation g sees every commit up to g. */
uint64_t hub_writer_generation(struct hub_writer *w);

/* Inside an operation. */
sqlite3 *hub_txn_db(struct hub_txn *tx);
int64_t hub_txn_now(struct hub_txn *tx);    /* Unix seconds, the same for the whole group */
int64_t hub_txn_now_ms(struct hub_txn *tx); /* Unix milliseconds */
int hub_txn_day(struct hub_txn *tx);        /* today's service day */
int hub_txn_day_of(struct hub_txn *tx, int64_t unix_s);
/* A prepared statement for this SQL text, cached for the writer's life (sql must be a string
 * literal: the cache is keyed by its address), reset and with bindings cleared. */
sqlite3_stmt *hub_txn_stmt(struct hub_txn *tx, const char *sql);
/* Stores an event in the same transaction and publishes it after the commit. Takes ownership
 * of data. */
int hub_txn_emit(struct hub_txn *tx, const char *type, cJSON *data);

#endif
