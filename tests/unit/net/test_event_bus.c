#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/event_bus.h"

static void publish_n(struct event_bus *b, uint64_t from, uint64_t to)
{
	for (uint64_t id = from; id <= to; id++) {
		char data[32];
		snprintf(data, sizeof(data), "{\"n\":%llu}", (unsigned long long)id);
		assert_int_equal(event_bus_publish(b, id, "called", data, (int64_t)id * 10), 0);
	}
}

static void read_returns_events_after_id_in_order(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(8, NULL, NULL, &b), 0);
	assert_int_equal(event_bus_last_id(b), 0);
	publish_n(b, 1, 5);
	assert_int_equal(event_bus_last_id(b), 5);
	struct event ev[8];
	int n = event_bus_read(b, 2, ev, 8);
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		assert_int_equal(ev[i].id, 3 + i);
		assert_string_equal(ev[i].type, "called");
		assert_int_equal(ev[i].at, (3 + i) * 10);
		char want[32];
		snprintf(want, sizeof(want), "{\"n\":%d}", 3 + i);
		assert_string_equal(ev[i].data, want);
		event_clear(&ev[i]);
	}
	assert_int_equal(event_bus_read(b, 5, ev, 8), 0);
	/* max limits the count */
	assert_int_equal(event_bus_read(b, 0, ev, 2), 2);
	assert_int_equal(ev[1].id, 2);
	event_clear(&ev[0]);
	event_clear(&ev[1]);
	event_bus_free(b);
}

static void publish_rejects_non_increasing_ids_and_long_types(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(4, NULL, NULL, &b), 0);
	assert_int_equal(event_bus_publish(b, 10, "a", "1", 0), 0);
	assert_int_equal(event_bus_publish(b, 10, "a", "1", 0), -EINVAL);
	assert_int_equal(event_bus_publish(b, 9, "a", "1", 0), -EINVAL);
	char longtype[EVENT_TYPE_MAX + 1];
	memset(longtype, 'x', EVENT_TYPE_MAX);
	longtype[EVENT_TYPE_MAX] = '\0';
	assert_int_equal(event_bus_publish(b, 11, longtype, "1", 0), -EINVAL);
	/* ids may have gaps; NULL data is published as null */
	assert_int_equal(event_bus_publish(b, 20, "a", NULL, 0), 0);
	struct event ev[4];
	assert_int_equal(event_bus_read(b, 10, ev, 4), 1);
	assert_int_equal(ev[0].id, 20);
	assert_string_equal(ev[0].data, "null");
	event_clear(&ev[0]);
	event_bus_free(b);
}

static void ring_keeps_only_the_newest_without_backfill(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(3, NULL, NULL, &b), 0);
	publish_n(b, 1, 10);
	struct event ev[10];
	int n = event_bus_read(b, 0, ev, 10);
	assert_int_equal(n, 3);
	assert_int_equal(ev[0].id, 8);
	assert_int_equal(ev[2].id, 10);
	for (int i = 0; i < n; i++)
		event_clear(&ev[i]);
	event_bus_free(b);
}

/* Durable storage: events 1..last with data {"n":id}. */
struct store {
	uint64_t last;
	int calls;
};

static int store_backfill(void *ctx, uint64_t after, struct event *out, size_t max)
{
	struct store *st = ctx;
	st->calls++;
	size_t n = 0;
	for (uint64_t id = after + 1; id <= st->last && n < max; id++, n++) {
		out[n].id = id;
		strcpy(out[n].type, "called");
		char data[32];
		snprintf(data, sizeof(data), "{\"n\":%llu}", (unsigned long long)id);
		out[n].data = strdup(data);
	}
	return (int)n;
}

static void reads_older_than_the_ring_go_to_backfill(void **state)
{
	(void)state;
	struct store st = { .last = 10 };
	struct event_bus *b;
	assert_int_equal(event_bus_new(3, store_backfill, &st, &b), 0);
	publish_n(b, 1, 10);
	/* 1..7 fell out of the ring: a reader after 2 needs the backfill ... */
	struct event ev[4];
	uint64_t after = 2;
	uint64_t want = 3;
	int n;
	while ((n = event_bus_read(b, after, ev, 4)) > 0) {
		for (int i = 0; i < n; i++) {
			assert_int_equal(ev[i].id, want++);
			after = ev[i].id;
			event_clear(&ev[i]);
		}
	}
	assert_int_equal(n, 0);
	assert_int_equal(want, 11);
	assert_true(st.calls >= 1);
	/* ... a reader inside the ring does not. */
	int calls = st.calls;
	assert_int_equal(event_bus_read(b, 7, ev, 4), 3);
	for (int i = 0; i < 3; i++)
		event_clear(&ev[i]);
	assert_int_equal(st.calls, calls);
	event_bus_free(b);
}

static int empty_backfill(void *ctx, uint64_t after, struct event *out, size_t max)
{
	(void)ctx;
	(void)after;
	(void)max;
	/* a stale row, then nothing: the store lost the events */
	out[0].id = 1;
	strcpy(out[0].type, "old");
	out[0].data = strdup("{}");
	return 1;
}

static void empty_or_stale_backfill_falls_back_to_the_ring(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(2, empty_backfill, NULL, &b), 0);
	publish_n(b, 1, 6);
	struct event ev[4];
	int n = event_bus_read(b, 2, ev, 4);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].id, 5);
	assert_int_equal(ev[1].id, 6);
	event_clear(&ev[0]);
	event_clear(&ev[1]);
	event_bus_free(b);
}

struct waiter {
	struct event_bus *bus;
	uint64_t after;
	int timeout_ms;
	int rc;
	const atomic_bool *cancel;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;
	w->rc = event_bus_wait_cancellable(w->bus, w->after, w->timeout_ms, w->cancel);
	return NULL;
}

static void wait_wakes_on_publish(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(4, NULL, NULL, &b), 0);
	struct waiter w = { .bus = b, .after = 0, .timeout_ms = 10000, .rc = -99 };
	pthread_t t;
	pthread_create(&t, NULL, wait_thread, &w);
	usleep(50 * 1000);
	assert_int_equal(event_bus_publish(b, 1, "x", "1", 0), 0);
	pthread_join(t, NULL);
	assert_int_equal(w.rc, 1);
	/* an event already there: no wait */
	assert_int_equal(event_bus_wait(b, 0, 0), 1);
	event_bus_free(b);
}

static void wait_times_out_without_events(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(4, NULL, NULL, &b), 0);
	assert_int_equal(event_bus_publish(b, 1, "x", "1", 0), 0);
	assert_int_equal(event_bus_wait(b, 1, 30), 0);
	event_bus_free(b);
}

static void close_ends_waits_and_publishing(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(4, NULL, NULL, &b), 0);
	struct waiter w = { .bus = b, .timeout_ms = -1, .rc = -99 };
	pthread_t t;
	pthread_create(&t, NULL, wait_thread, &w);
	usleep(50 * 1000);
	event_bus_close(b);
	pthread_join(t, NULL);
	assert_int_equal(w.rc, -ESHUTDOWN);
	assert_int_equal(event_bus_publish(b, 1, "x", "1", 0), -ESHUTDOWN);
	event_bus_free(b);
}

static void wake_ends_a_cancelled_wait(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(4, NULL, NULL, &b), 0);
	atomic_bool cancel = false;
	struct waiter w = { .bus = b, .timeout_ms = -1, .rc = -99, .cancel = &cancel };
	pthread_t t;
	pthread_create(&t, NULL, wait_thread, &w);
	usleep(50 * 1000);
	event_bus_wake(b); /* not cancelled: keeps waiting */
	usleep(50 * 1000);
	assert_int_equal(w.rc, -99);
	atomic_store(&cancel, true);
	event_bus_wake(b);
	pthread_join(t, NULL);
	assert_int_equal(w.rc, -ECANCELED);
	event_bus_free(b);
}

static void *slow_reader(void *arg)
{
	struct event_bus *b = arg;
	/* reads one event at a time, slowly: must not hold publishers up */
	uint64_t after = 0;
	for (int i = 0; i < 20; i++) {
		struct event ev;
		if (event_bus_read(b, after, &ev, 1) == 1) {
			after = ev.id;
			event_clear(&ev);
		}
		usleep(5 * 1000);
	}
	return NULL;
}

static void many_publishers_and_readers_agree(void **state)
{
	(void)state;
	struct event_bus *b;
	assert_int_equal(event_bus_new(16, NULL, NULL, &b), 0);
	pthread_t readers[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&readers[i], NULL, slow_reader, b);
	publish_n(b, 1, 5000);
	for (int i = 0; i < 4; i++)
		pthread_join(readers[i], NULL);
	assert_int_equal(event_bus_last_id(b), 5000);
	event_bus_free(b);
}

/* A store written by the publisher thread while a reader backfills from it. */
struct live_store {
	_Atomic uint64_t last;
};

static int live_backfill(void *ctx, uint64_t after, struct event *out, size_t max)
{
	struct live_store *st = ctx;
	uint64_t last = atomic_load(&st->last);
	size_t n = 0;
	for (uint64_t id = after + 1; id <= last && n < max; id++, n++) {
		out[n].id = id;
		strcpy(out[n].type, "called");
		out[n].data = strdup("{}");
	}
	return (int)n;
}

struct gap_reader {
	struct event_bus *bus;
	uint64_t until;
	uint64_t gaps;
};

static void *gap_reader(void *arg)
{
	struct gap_reader *r = arg;
	uint64_t after = 0;
	while (after < r->until) {
		struct event ev[2];
		int n = event_bus_read(r->bus, after, ev, 2);
		for (int i = 0; i < n; i++) {
			if (ev[i].id != after + 1)
				r->gaps++;
			after = ev[i].id;
			event_clear(&ev[i]);
		}
	}
	return NULL;
}

/* A reader racing the publisher across the ring's edge sees every id exactly once. */
static void a_reader_at_the_ring_edge_misses_nothing(void **state)
{
	(void)state;
	struct live_store st = { 0 };
	struct event_bus *b;
	assert_int_equal(event_bus_new(2, live_backfill, &st, &b), 0);
	struct gap_reader r = { .bus = b, .until = 100000 };
	pthread_t t;
	pthread_create(&t, NULL, gap_reader, &r);
	for (uint64_t id = 1; id <= r.until; id++) {
		atomic_store(&st.last, id); /* stored before it is published, as the hub does */
		assert_int_equal(event_bus_publish(b, id, "called", "{}", 0), 0);
	}
	pthread_join(t, NULL);
	assert_int_equal(r.gaps, 0);
	event_bus_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_returns_events_after_id_in_order),
		cmocka_unit_test(publish_rejects_non_increasing_ids_and_long_types),
		cmocka_unit_test(ring_keeps_only_the_newest_without_backfill),
		cmocka_unit_test(reads_older_than_the_ring_go_to_backfill),
		cmocka_unit_test(empty_or_stale_backfill_falls_back_to_the_ring),
		cmocka_unit_test(wait_wakes_on_publish),
		cmocka_unit_test(wait_times_out_without_events),
		cmocka_unit_test(close_ends_waits_and_publishing),
		cmocka_unit_test(wake_ends_a_cancelled_wait),
		cmocka_unit_test(many_publishers_and_readers_agree),
		cmocka_unit_test(a_reader_at_the_ring_edge_misses_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
