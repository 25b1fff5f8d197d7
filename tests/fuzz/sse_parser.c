/* sse_parser.c — fuzzes the SSE client's stream parser: whatever the bytes, no crash, and the
 * stream parsed whole gives the same events as the stream parsed in pieces. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "net/sse_parser.h"

struct digest {
	size_t events;
	uint64_t hash; /* FNV-1a over ids, types and data */
};

static void mix(struct digest *d, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		d->hash = (d->hash ^ b[i]) * 1099511628211ull;
}

static int on_event(void *ctx, const struct event *ev)
{
	struct digest *d = ctx;
	d->events++;
	mix(d, &ev->id, sizeof(ev->id));
	mix(d, ev->type, strlen(ev->type) + 1);
	mix(d, ev->data, strlen(ev->data) + 1);
	return 0;
}

static int parse(const uint8_t *data, size_t size, size_t step, struct digest *d)
{
	struct sse_parser p;
	memset(d, 0, sizeof(*d));
	d->hash = 14695981039346656037ull;
	sse_parser_init(&p, on_event, d);
	int rc = 0;
	for (size_t i = 0; i < size && rc == 0; i += step) {
		size_t n = size - i < step ? size - i : step;
		rc = sse_parser_feed(&p, (const char *)data + i, n);
	}
	sse_parser_free(&p);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct digest whole, pieces;
	int rc_whole = parse(data, size, size ? size : 1, &whole);
	/* The byte-order mark is only skipped whole in the first chunk: split after it. */
	size_t step = size ? 3 + data[0] % 13 : 1;
	int rc_pieces = parse(data, size, step, &pieces);
	if (rc_whole == 0 && rc_pieces == 0 &&
	    (whole.events != pieces.events || whole.hash != pieces.hash))
		abort();
	return 0;
}
