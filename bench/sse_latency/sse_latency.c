/* sse_latency — publish N events on a hub-like server with K SSE subscribers over loopback and
 * print the publish-to-receipt latency (p50, p99, max) over all deliveries.
 *
 * usage: sse_latency [-n events] [-k subscribers] [-i interval_us]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "net/event_bus.h"
#include "net/http_client.h"
#include "net/http_server.h"

struct bench {
	struct event_bus *bus;
	int port;
	uint64_t n;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int connected;
};

struct subscriber {
	struct bench *b;
	double *latency_us; /* per event id - 1 */
	uint64_t received;
	int rc;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void h_events(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct bench *b = ctx;
	http_response_sse(resp, b->bus, http_sse_last_event_id(req), NULL, NULL);
	pthread_mutex_lock(&b->lock);
	b->connected++;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

static int on_event(void *ctx, const struct event *ev)
{
	struct subscriber *s = ctx;
	uint64_t t = now_ns();
	const char *p = strstr(ev->data, "\"t\":");
	if (p && ev->id >= 1 && ev->id <= s->b->n) {
		uint64_t sent = strtoull(p + 4, NULL, 10);
		s->latency_us[ev->id - 1] = (double)(t - sent) / 1000.0;
		s->received++;
	}
	return ev->id >= s->b->n;
}

static void *subscribe(void *arg)
{
	struct subscriber *s = arg;
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/events", s->b->port);
	s->rc = http_client_sse(url, NULL, 0, on_event, s, 120000);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	uint64_t n = 2000;
	int k = 8, interval_us = 1000, opt;
	while ((opt = getopt(argc, argv, "n:k:i:h")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoull(optarg, NULL, 10);
			break;
		case 'k':
			k = atoi(optarg);
			break;
		case 'i':
			interval_us = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-n events] [-k subscribers] [-i interval_us]\n",
			        argv[0]);
			return 2;
		}
	}
	if (n == 0 || k <= 0 || interval_us < 0)
		return 2;
	log_set_level(LOG_LEVEL_WARNING);
	struct bench b = { .n = n };
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.cond, NULL);
	/* a ring as large as the run: nothing falls out, even in bursts */
	if (event_bus_new((size_t)n, NULL, NULL, &b.bus) < 0)
		return 1;
	const struct http_route routes[] = { { "GET", "/api/v1/events", h_events, 0 } };
	struct http_server_config cfg = {
		.listen = "127.0.0.1:0", .routes = routes, .n_routes = 1, .ctx = &b
	};
	struct http_server *server;
	if (http_server_start(&cfg, &server) < 0) {
		fprintf(stderr, "cannot start the server\n");
		return 1;
	}
	b.port = http_server_port(server);

	struct subscriber *subs = calloc((size_t)k, sizeof(*subs));
	pthread_t *threads = calloc((size_t)k, sizeof(*threads));
	for (int i = 0; i < k; i++) {
		subs[i].b = &b;
		subs[i].latency_us = calloc(n, sizeof(double));
		pthread_create(&threads[i], NULL, subscribe, &subs[i]);
	}
	pthread_mutex_lock(&b.lock);
	while (b.connected < k)
		pthread_cond_wait(&b.cond, &b.lock);
	pthread_mutex_unlock(&b.lock);
	usleep(100 * 1000); /* let the streams reach their first wait */

	uint64_t t0 = now_ns();
	for (uint64_t id = 1; id <= n; id++) {
		char data[160];
		snprintf(data, sizeof(data), "{\"number\":\"A %llu\",\"counter\":\"3\",\"t\":%llu}",
		         (unsigned long long)id, (unsigned long long)now_ns());
		event_bus_publish(b.bus, id, "called", data, 0);
		if (interval_us)
			usleep((useconds_t)interval_us);
	}
	double publish_s = (double)(now_ns() - t0) / 1e9;
	for (int i = 0; i < k; i++)
		pthread_join(threads[i], NULL);

	size_t total = 0;
	double *all = calloc(n * (size_t)k, sizeof(double));
	for (int i = 0; i < k; i++) {
		for (uint64_t j = 0; j < n; j++)
			if (subs[i].latency_us[j] > 0)
				all[total++] = subs[i].latency_us[j];
		free(subs[i].latency_us);
	}
	qsort(all, total, sizeof(double), cmp_double);
	printf("sse_latency: %llu events x %d subscribers, publish interval %d us, %.2f s\n",
	       (unsigned long long)n, k, interval_us, publish_s);
	if (total) {
		printf("deliveries %zu/%llu  p50 %.0f us  p99 %.0f us  max %.0f us\n", total,
		       (unsigned long long)n * (unsigned long long)k, all[total / 2],
		       all[(size_t)((double)(total - 1) * 0.99)], all[total - 1]);
	}
	free(all);
	free(subs);
	free(threads);
	http_server_stop(server);
	event_bus_free(b.bus);
	return total == n * (size_t)k ? 0 : 1;
}
