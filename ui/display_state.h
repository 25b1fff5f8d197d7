/* display_state.h — what a calling display shows, as a pure state machine (no SDL, no I/O).
 *
 * The newest call is "current": it blinks `blinks` times, then moves to the top of the history
 * of the last `history_max` calls. A recall of a number already on screen brings it back as
 * current instead of listing it twice. Calls from counters or services the display does not
 * serve are ignored. Times are milliseconds on any monotonic clock the caller chooses.
 */
#ifndef CIVIQ_UI_DISPLAY_STATE_H
#define CIVIQ_UI_DISPLAY_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISPLAY_HISTORY_MAX 16
#define DISPLAY_WAITING_MAX 16
#define DISPLAY_FILTER_MAX  32

struct display_call {
	char number[16];        /* "A 042" */
	int counter;            /* counter id */
	char counter_label[48]; /* "Platz 3" */
	char service[32];       /* service id; "" when unknown (full reloads) */
};

struct display_waiting {
	char service[32];
	char label[64]; /* service name in the display's language; "" → service id */
	int count;
	int wait_s; /* a walk-in's expected wait; -1: unknown */
};

struct display_filter {
	int counters[DISPLAY_FILTER_MAX]; /* none listed: every counter */
	size_t n_counters;
	char services[DISPLAY_FILTER_MAX][32]; /* none listed: every service */
	size_t n_services;
};

struct display_state {
	/* settings */
	size_t history_max; /* 1..DISPLAY_HISTORY_MAX */
	int blinks;         /* >= 0; 0: no blinking, straight to the history */
	int blink_ms;       /* one on/off cycle */
	struct display_filter filter;

	/* what is shown */
	bool has_current;
	struct display_call current;
	int64_t current_since; /* when the current call started blinking */
	struct display_call history[DISPLAY_HISTORY_MAX]; /* newest first */
	size_t n_history;
	struct display_waiting waiting[DISPLAY_WAITING_MAX];
	size_t n_waiting;
	bool connected;
	char office[96];
	char
	    message[160]; /* non-empty: a message screen (outside opening hours) instead of calls */
	char ticker[256];
	char opening_hours[128]; /* the hub's, "HH:MM-HH:MM, ..."; not drawn */

	uint64_t last_event_id;
	unsigned version; /* bumped on every visible change */
};

/* Defaults: history 8, 3 blinks of 1000 ms, no filter, disconnected. */
void display_state_init(struct display_state *s);

/* Whether a call for this counter / service passes the filter ("" service: unknown → passes). */
bool display_filter_accepts(const struct display_filter *f, int counter, const char *service);

/* A call (or recall) arrived at `now`. Returns true when it is shown (and so is to be
 * announced), false when the filter drops it. */
bool display_state_call(struct display_state *s, const struct display_call *c, int64_t now);

/* A call that is old news (replayed after a long disconnection): straight into the history,
 * without blinking. Returns true when the filter let it in. */
bool display_state_remember(struct display_state *s, const struct display_call *c);

/* Advances time: a current call whose blinking is over moves to the history. Returns true when
 * that changed what is shown. */
bool display_state_tick(struct display_state *s, int64_t now);

/* Whether the current call is drawn at `now` (the "on" half of a blink cycle). */
bool display_state_blink_on(const struct display_state *s, int64_t now);

/* Milliseconds until the picture next changes by itself (blink phase or end of blinking);
 * -1 when nothing animates. */
int64_t display_state_next_change(const struct display_state *s, int64_t now);

/* Replaces the history with a full reload (newest first), e.g. after a gap in the event
 * stream. A current call stays current; calls that fail the filter are skipped. */
void display_state_reload(struct display_state *s, const struct display_call *calls, size_t n,
                          uint64_t last_event_id);

/* Sets the waiting count of a service (kept in the order first seen); the filter applies. */
void display_state_set_waiting(struct display_state *s, const char *service, const char *label,
                               int count);
void display_state_clear_waiting(struct display_state *s);
/* Sets the walk-in wait estimate of a service listed by display_state_set_waiting (-1:
 * unknown); other services are ignored. */
void display_state_set_wait(struct display_state *s, const char *service, int wait_s);

void display_state_set_connected(struct display_state *s, bool connected);
void display_state_set_message(struct display_state *s, const char *message);
void display_state_set_office(struct display_state *s, const char *office);
void display_state_set_ticker(struct display_state *s, const char *ticker);
void display_state_set_opening_hours(struct display_state *s, const char *hours);

/* "A 042" → "A 42": the number as it is spoken (leading zeros dropped). */
void display_spoken_number(const char *number, char *out, size_t outlen);

#endif
