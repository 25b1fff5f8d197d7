/* sync_internal.h — the sync's state, shared by portal_sync.c and sync_thread.c. */
#ifndef CIVIQ_SYNC_SYNC_INTERNAL_H
#define CIVIQ_SYNC_SYNC_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include <sqlite3.h>

#include "sync/portal_sync.h"
#include "sync/sync_store.h"

#define SYNC_BATCH 64

struct portal_sync {
	struct portal_sync_params p;
	sqlite3 *ro; /* the sync's own read-only connection */
	char cursor[PORTAL_CURSOR_MAX];
	char instance[SYNC_INSTANCE_LEN + 1];
	struct portal_page page;
	struct portal_sync_stats stats;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool running, stop, kicked;
};

/* Records a request's outcome: state "ok"/"offline", the request and error counters. */
void sync_note_result(struct portal_sync *s, const char *kind, int rc,
                      const struct portal_reply *reply);

#endif
