/* metrics.h — a small Prometheus registry: counters, gauges and latency histograms.
 *
 * A metric family has a name, a help text and up to two label names; a series is one
 * combination of label values within a family. Looking a series up creates it (and its
 * family) on first use, so callers can write
 *
 *	metric_inc(metrics_counter(metrics_default(), "civiq_tickets_issued_total",
 *				   "Tickets issued.", "service", "A", NULL, NULL));
 *
 * or keep the returned series pointer, which stays valid for the registry's lifetime. All
 * functions are thread-safe. Lookups return NULL on a bad name, on a family registered before
 * with another type or other label names, or when out of memory; the update functions
 * accept NULL and do nothing then, so instrumentation can never crash a caller.
 */
#ifndef CIVIQ_NET_METRICS_H
#define CIVIQ_NET_METRICS_H

#include <stddef.h>

enum metric_type {
	METRIC_COUNTER,
	METRIC_GAUGE,
	METRIC_HISTOGRAM,
};

/* Upper bounds (seconds) of the histogram buckets, +Inf implied. */
#define METRICS_LATENCY_BUCKETS                                                                \
	{                                                                                      \
		0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 \
	}
#define METRICS_N_BUCKETS 14

struct metrics;
struct metric_series;

int metrics_new(struct metrics **out);
void metrics_free(struct metrics *m);

/* The process-wide registry (created on first use, never freed). */
struct metrics *metrics_default(void);

/* Finds or creates a series. Label names and values come in pairs; pass NULL for unused
 * pairs (label2 without label1 is an error). Names match [a-zA-Z_:][a-zA-Z0-9_:]*. */
struct metric_series *metrics_counter(struct metrics *m, const char *name, const char *help,
                                      const char *label1, const char *value1, const char *label2,
                                      const char *value2);
struct metric_series *metrics_gauge(struct metrics *m, const char *name, const char *help,
                                    const char *label1, const char *value1, const char *label2,
                                    const char *value2);
struct metric_series *metrics_histogram(struct metrics *m, const char *name, const char *help,
                                        const char *label1, const char *value1, const char *label2,
                                        const char *value2);

void metric_inc(struct metric_series *s);               /* counter or gauge += 1 */
void metric_add(struct metric_series *s, double v);     /* counter (v >= 0) or gauge += v */
void metric_set(struct metric_series *s, double v);     /* gauge = v */
void metric_observe(struct metric_series *s, double v); /* histogram: one sample */

/* Renders every family in registration order in the Prometheus text exposition format
 * (version 0.0.4: "# HELP", "# TYPE", samples). *text is malloc'd and NUL-terminated. */
int metrics_render(struct metrics *m, char **text, size_t *len);

/* The Content-Type of what metrics_render produces. */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

#endif
