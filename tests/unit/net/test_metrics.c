#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/metrics.h"

static char *render(struct metrics *m)
{
	char *text;
	size_t len;
	assert_int_equal(metrics_render(m, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static void counters_and_gauges_render_with_help_type_and_labels(void **state)
{
	(void)state;
	struct metrics *m;
	assert_int_equal(metrics_new(&m), 0);
	struct metric_series *a = metrics_counter(m, "civiq_tickets_total", "Tickets issued.",
	                                          "service", "A", NULL, NULL);
	metric_inc(a);
	metric_inc(a);
	metric_add(metrics_counter(m, "civiq_tickets_total", "Tickets issued.", "service", "B",
	                           NULL, NULL),
	           5);
	metric_set(
	    metrics_gauge(m, "civiq_queue_length", "Waiting tickets.", NULL, NULL, NULL, NULL),
	    3.5);
	char *text = render(m);
	const char *want = "# HELP civiq_tickets_total Tickets issued.\n"
	                   "# TYPE civiq_tickets_total counter\n"
	                   "civiq_tickets_total{service=\"A\"} 2\n"
	                   "civiq_tickets_total{service=\"B\"} 5\n"
	                   "# HELP civiq_queue_length Waiting tickets.\n"
	                   "# TYPE civiq_queue_length gauge\n"
	                   "civiq_queue_length 3.5\n";
	assert_string_equal(text, want);
	free(text);
	metrics_free(m);
}

static void histogram_buckets_are_cumulative(void **state)
{
	(void)state;
	struct metrics *m;
	assert_int_equal(metrics_new(&m), 0);
	struct metric_series *h =
	    metrics_histogram(m, "lat_seconds", "Latency.", "method", "GET", "route", "/x");
	metric_observe(h, 0.0004);
	metric_observe(h, 0.003);
	metric_observe(h, 0.003);
	metric_observe(h, 20);
	char *text = render(m);
	assert_non_null(strstr(text, "# TYPE lat_seconds histogram\n"));
	assert_non_null(
	    strstr(text, "lat_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.0005\"} 1\n"));
	assert_non_null(
	    strstr(text, "lat_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.0025\"} 1\n"));
	assert_non_null(
	    strstr(text, "lat_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.005\"} 3\n"));
	assert_non_null(
	    strstr(text, "lat_seconds_bucket{method=\"GET\",route=\"/x\",le=\"10\"} 3\n"));
	assert_non_null(
	    strstr(text, "lat_seconds_bucket{method=\"GET\",route=\"/x\",le=\"+Inf\"} 4\n"));
	assert_non_null(strstr(text, "lat_seconds_sum{method=\"GET\",route=\"/x\"} 20.0064\n"));
	assert_non_null(strstr(text, "lat_seconds_count{method=\"GET\",route=\"/x\"} 4\n"));
	free(text);
	metrics_free(m);
}

static void label_values_and_help_are_escaped(void **state)
{
	(void)state;
	struct metrics *m;
	assert_int_equal(metrics_new(&m), 0);
	metric_inc(
	    metrics_counter(m, "x_total", "back\\slash\nnewline", "v", "a\"b\\c\nd", NULL, NULL));
	char *text = render(m);
	assert_non_null(strstr(text, "# HELP x_total back\\\\slash\\nnewline\n"));
	assert_non_null(strstr(text, "x_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
	free(text);
	metrics_free(m);
}

static void mismatched_or_bad_registrations_are_refused(void **state)
{
	(void)state;
	struct metrics *m;
	assert_int_equal(metrics_new(&m), 0);
	assert_non_null(metrics_counter(m, "a_total", "", "x", "1", NULL, NULL));
	assert_null(metrics_gauge(m, "a_total", "", "x", "1", NULL, NULL));   /* other type */
	assert_null(metrics_counter(m, "a_total", "", "y", "1", NULL, NULL)); /* other label */
	assert_null(metrics_counter(m, "1bad", "", NULL, NULL, NULL, NULL));
	assert_null(metrics_counter(m, "b", "", NULL, NULL, "x", "1")); /* label2 alone */
	assert_null(metrics_histogram(m, "h", "", "le", "1", NULL, NULL));
	/* updates of NULL series and of the wrong kind are ignored */
	metric_inc(NULL);
	metric_observe(NULL, 1);
	struct metric_series *c = metrics_counter(m, "c_total", "", NULL, NULL, NULL, NULL);
	metric_add(c, -1);
	metric_set(c, 7);
	char *text = render(m);
	assert_non_null(strstr(text, "c_total 0\n"));
	free(text);
	metrics_free(m);
}

static void *hammer(void *arg)
{
	struct metrics *m = arg;
	for (int i = 0; i < 10000; i++) {
		metric_inc(
		    metrics_counter(m, "hits_total", "", "t", i % 2 ? "odd" : "even", NULL, NULL));
		metric_observe(metrics_histogram(m, "h_seconds", "", NULL, NULL, NULL, NULL),
		               0.001);
	}
	return NULL;
}

static void concurrent_updates_are_not_lost(void **state)
{
	(void)state;
	struct metrics *m;
	assert_int_equal(metrics_new(&m), 0);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, hammer, m);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	char *text = render(m);
	assert_non_null(strstr(text, "hits_total{t=\"even\"} 20000\n"));
	assert_non_null(strstr(text, "hits_total{t=\"odd\"} 20000\n"));
	assert_non_null(strstr(text, "h_seconds_count 40000\n"));
	free(text);
	metrics_free(m);
}

static void default_registry_is_shared(void **state)
{
	(void)state;
	assert_non_null(metrics_default());
	assert_ptr_equal(metrics_default(), metrics_default());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counters_and_gauges_render_with_help_type_and_labels),
		cmocka_unit_test(histogram_buckets_are_cumulative),
		cmocka_unit_test(label_values_and_help_are_escaped),
		cmocka_unit_test(mismatched_or_bad_registrations_are_refused),
		cmocka_unit_test(concurrent_updates_are_not_lost),
		cmocka_unit_test(default_registry_is_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
