/* hub_link.h — keeps a display_state in step with the hub: a full load from GET /api/v1/display,
 * then the event stream (SSE), resumed with Last-Event-ID after every reconnect.
 *
 * One thread follows the stream, reconnecting with a growing back-off (0.5 s .. 10 s) and
 * marking the state disconnected meanwhile (the last picture stays). A second one refreshes
 * the waiting counts shortly after tickets change. If the hub's history went backwards (a new
 * database), the display reloads everything instead of resuming.
 */
#ifndef CIVIQ_APPS_DISPLAY_HUB_LINK_H
#define CIVIQ_APPS_DISPLAY_HUB_LINK_H

#include <pthread.h>

#include "ui/display_state.h"

struct hub_link_config {
	const char *hub_url; /* "http://127.0.0.1:8080" */
	const char *token;
	const char *ca_file;        /* may be NULL */
	const char *language;       /* for service names */
	const char *default_ticker; /* shown while the hub sets no ticker text; may be NULL */
};

struct hub_link_hooks {
	void (*changed)(void *ctx);                                /* wake the renderer */
	void (*announce)(void *ctx, const struct display_call *c); /* a call to announce */
	void *ctx;
};

struct hub_link;

/* Starts following the hub; `st` is read and written only under `lock`. */
int hub_link_start(const struct hub_link_config *c, struct display_state *st, pthread_mutex_t *lock,
                   const struct hub_link_hooks *hooks, struct hub_link **out);
/* Stops the threads (within about a second) and frees the link. NULL is a no-op. */
void hub_link_stop(struct hub_link *l);

#endif
