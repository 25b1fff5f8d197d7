/* sse_parser.h — incremental parser of a text/event-stream (the client side of SSE).
 *
 * Follows the HTML living standard's event-stream interpretation: lines end in CRLF, LF or CR;
 * "field: value" (one leading space dropped); "data" lines join with "\n"; an empty line
 * dispatches the event if it has data; "id" persists as the last event id; comments (":")
 * and unknown fields are ignored. Fed any split of the stream, it gives the same events.
 */
#ifndef CIVIQ_NET_SSE_PARSER_H
#define CIVIQ_NET_SSE_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/event_bus.h"

#define SSE_LINE_MAX  (64u * 1024u)   /* longer lines: -EMSGSIZE */
#define SSE_EVENT_MAX (1024u * 1024u) /* more data in one event: -EMSGSIZE */

/* Called for each dispatched event: ev->id is the last id seen (0 if none or not a number),
 * ev->type "message" unless an "event" field said otherwise, ev->at 0. ev is only valid during
 * the call. A nonzero return stops the parser and is returned by sse_parser_feed. */
typedef int (*sse_event_fn)(void *ctx, const struct event *ev);

struct sse_parser {
	sse_event_fn on_event;
	void *ctx;
	char *line; /* the incomplete line */
	size_t line_len, line_cap;
	char *data; /* the event's data so far */
	size_t data_len, data_cap;
	bool has_data;
	char type[EVENT_TYPE_MAX];
	uint64_t last_id;
	long retry_ms; /* last "retry" field, -1 if none */
	bool after_cr; /* the previous chunk ended in CR: skip a leading LF */
	bool started;  /* past a possible byte-order mark */
};

void sse_parser_init(struct sse_parser *p, sse_event_fn on_event, void *ctx);
/* Parses `len` more bytes. 0, the callback's nonzero value, or -EMSGSIZE / -ENOMEM (after
 * which the parser must not be fed again). */
int sse_parser_feed(struct sse_parser *p, const char *buf, size_t len);
void sse_parser_free(struct sse_parser *p);

#endif
