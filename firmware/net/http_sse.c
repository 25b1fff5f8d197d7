/* http_sse.c — an SSE stream as an MHD callback response.
 *
 * MHD calls the reader from the connection's own thread whenever it can send more; the
 * reader blocks on the event bus until there is something to send (an event, a keepalive) or
 * the stream must end. Publishers never wait for it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/http_internal.h"

#define SSE_BATCH      32
#define SSE_BLOCK_SIZE 4096

void http_sse_format(struct buf *out, const struct event *ev)
{
	buf_printf(out, "id: %llu\nevent: %s\n", (unsigned long long)ev->id, ev->type);
	const char *line = ev->data ? ev->data : "null";
	for (;;) {
		size_t n = strcspn(line, "\r\n");
		buf_puts(out, "data: ");
		buf_append(out, line, n);
		buf_puts(out, "\n");
		if (!line[n])
			break;
		line += n + (line[n] == '\r' && line[n + 1] == '\n' ? 2 : 1);
	}
	buf_puts(out, "\n");
}

static void schedule_keepalive(struct sse_stream *st)
{
	clock_gettime(CLOCK_MONOTONIC, &st->next_keepalive);
	st->next_keepalive.tv_sec += st->keepalive_ms / 1000;
	st->next_keepalive.tv_nsec += (long)(st->keepalive_ms % 1000) * 1000000L;
	if (st->next_keepalive.tv_nsec >= 1000000000L) {
		st->next_keepalive.tv_sec++;
		st->next_keepalive.tv_nsec -= 1000000000L;
	}
}

static int ms_until_keepalive(const struct sse_stream *st)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(st->next_keepalive.tv_sec - now.tv_sec) * 1000 +
	               (st->next_keepalive.tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

/* Formats the events after st->last into st->out. Returns how many were read, or < 0. */
static int fetch(struct sse_stream *st)
{
	struct event evs[SSE_BATCH];
	int n = event_bus_read(st->bus, st->last, evs, SSE_BATCH);
	for (int i = 0; i < n; i++) {
		if (!st->filter || st->filter(st->filter_ctx, &evs[i]))
			http_sse_format(&st->out, &evs[i]);
		st->last = evs[i].id;
		event_clear(&evs[i]);
	}
	return n;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_stream *st = cls;
	(void)pos;
	for (;;) {
		if (st->out.failed)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (st->out.len > 0) {
			size_t n = st->out.len < max ? st->out.len : max;
			memcpy(buf, st->out.data, n);
			buf_consume(&st->out, n);
			return (ssize_t)n;
		}
		if (atomic_load(st->stopping))
			return MHD_CONTENT_READER_END_OF_STREAM;
		int n = fetch(st);
		if (n < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (n > 0) {
			if (st->out.len > 0)
				schedule_keepalive(st);
			continue;
		}
		int wait_ms = ms_until_keepalive(st);
		if (wait_ms == 0) {
			buf_puts(&st->out, ": keepalive\n\n");
			schedule_keepalive(st);
			continue;
		}
		int rc = event_bus_wait_cancellable(st->bus, st->last, wait_ms, st->stopping);
		if (rc == -ESHUTDOWN || rc == -ECANCELED)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
}

static void sse_free(void *cls)
{
	struct sse_stream *st = cls;
	http_server_remove_stream(st->server, st);
	buf_free(&st->out);
	free(st);
}

struct MHD_Response *http_sse_response(struct http_server *s, const struct http_response *resp,
                                       int keepalive_ms)
{
	struct sse_stream *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->server = s;
	st->bus = resp->sse.bus;
	st->last = resp->sse.after;
	st->filter = resp->sse.filter;
	st->filter_ctx = resp->sse.ctx;
	st->keepalive_ms = keepalive_ms;
	st->stopping = http_server_stopping_flag(s);
	schedule_keepalive(st);
	buf_puts(&st->out, "retry: 2000\n\n");
	if (st->out.failed) {
		free(st);
		return NULL;
	}
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK_SIZE,
	                                                           sse_read, st, sse_free);
	if (!r) {
		buf_free(&st->out);
		free(st);
		return NULL;
	}
	http_server_add_stream(s, st);
	return r;
}
