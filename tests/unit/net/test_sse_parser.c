#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/sse_parser.h"

struct seen {
	int n;
	uint64_t ids[16];
	char types[16][EVENT_TYPE_MAX];
	char data[16][256];
	int stop_after; /* 0: never */
};

static int record(void *ctx, const struct event *ev)
{
	struct seen *s = ctx;
	assert_true(s->n < 16);
	s->ids[s->n] = ev->id;
	strcpy(s->types[s->n], ev->type);
	snprintf(s->data[s->n], sizeof(s->data[0]), "%s", ev->data);
	s->n++;
	return s->stop_after && s->n >= s->stop_after ? 7 : 0;
}

static void parse_all(const char *text, size_t chunk, struct seen *s)
{
	struct sse_parser p;
	sse_parser_init(&p, record, s);
	size_t len = strlen(text);
	for (size_t i = 0; i < len; i += chunk) {
		size_t n = len - i < chunk ? len - i : chunk;
		assert_int_equal(sse_parser_feed(&p, text + i, n), 0);
	}
	sse_parser_free(&p);
}

static const char stream[] = "retry: 2000\n\n"
                             ": keepalive\n\n"
                             "id: 7\nevent: called\ndata: {\"number\":\"A 1\"}\n\n"
                             "id: 8\r\nevent: ticket\r\ndata: line1\r\ndata: line2\r\n\r\n"
                             "data:no space\r\rid: x\nevent:\ndata\n\n";

static void events_are_parsed_in_order(void **state)
{
	(void)state;
	struct seen s = { 0 };
	parse_all(stream, sizeof(stream), &s);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.ids[0], 7);
	assert_string_equal(s.types[0], "called");
	assert_string_equal(s.data[0], "{\"number\":\"A 1\"}");
	assert_int_equal(s.ids[1], 8);
	assert_string_equal(s.types[1], "ticket");
	assert_string_equal(s.data[1], "line1\nline2");
	/* the id persists; the type resets to "message" */
	assert_int_equal(s.ids[2], 8);
	assert_string_equal(s.types[2], "message");
	assert_string_equal(s.data[2], "no space");
	/* a non-numeric id counts as none; "data" alone is an empty line of data */
	assert_int_equal(s.ids[3], 0);
	assert_string_equal(s.data[3], "");
}

static void any_split_of_the_stream_gives_the_same_events(void **state)
{
	(void)state;
	struct seen whole = { 0 };
	parse_all(stream, sizeof(stream), &whole);
	for (size_t chunk = 1; chunk < 20; chunk++) {
		struct seen s = { 0 };
		parse_all(stream, chunk, &s);
		assert_int_equal(s.n, whole.n);
		for (int i = 0; i < s.n; i++) {
			assert_int_equal(s.ids[i], whole.ids[i]);
			assert_string_equal(s.types[i], whole.types[i]);
			assert_string_equal(s.data[i], whole.data[i]);
		}
	}
}

static void comments_and_events_without_data_dispatch_nothing(void **state)
{
	(void)state;
	struct seen s = { 0 };
	parse_all(": hello\n\nid: 3\nevent: x\n\nfoo: bar\n\n", 64, &s);
	assert_int_equal(s.n, 0);
	/* an unterminated event is not dispatched */
	parse_all("data: half\n", 64, &s);
	assert_int_equal(s.n, 0);
}

static void callback_can_stop_the_parser(void **state)
{
	(void)state;
	struct seen s = { .stop_after = 1 };
	struct sse_parser p;
	sse_parser_init(&p, record, &s);
	const char *two = "data: a\n\ndata: b\n\n";
	assert_int_equal(sse_parser_feed(&p, two, strlen(two)), 7);
	assert_int_equal(s.n, 1);
	sse_parser_free(&p);
}

static void overlong_lines_are_refused(void **state)
{
	(void)state;
	struct sse_parser p;
	struct seen s = { 0 };
	sse_parser_init(&p, record, &s);
	size_t len = SSE_LINE_MAX + 10;
	char *big = malloc(len);
	memset(big, 'a', len);
	assert_int_equal(sse_parser_feed(&p, big, len), -EMSGSIZE);
	sse_parser_free(&p);
	free(big);
}

static void byte_order_mark_is_skipped(void **state)
{
	(void)state;
	struct seen s = { 0 };
	parse_all("\xEF\xBB\xBF"
	          "data: x\n\n",
	          64, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.data[0], "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_are_parsed_in_order),
		cmocka_unit_test(any_split_of_the_stream_gives_the_same_events),
		cmocka_unit_test(comments_and_events_without_data_dispatch_nothing),
		cmocka_unit_test(callback_can_stop_the_parser),
		cmocka_unit_test(overlong_lines_are_refused),
		cmocka_unit_test(byte_order_mark_is_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
