/* metrics.c — the registry: a list of families, each a list of series, under one mutex. */
#include "net/metrics.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/buf.h"

static const double bucket_bounds[METRICS_N_BUCKETS] = METRICS_LATENCY_BUCKETS;

struct metric_family {
	struct metrics *registry;
	enum metric_type type;
	char *name;
	char *help;
	char *labels[2];
	int n_labels;
	struct metric_series **series;
	size_t n_series;
	struct metric_family *next;
};

struct metric_series {
	struct metric_family *family;
	char *values[2];
	double value;                        /* counter, gauge */
	uint64_t buckets[METRICS_N_BUCKETS]; /* histogram: per bucket, not cumulative */
	uint64_t count;
	double sum;
};

struct metrics {
	pthread_mutex_t lock;
	struct metric_family *first, *last;
};

int metrics_new(struct metrics **out)
{
	struct metrics *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	pthread_mutex_init(&m->lock, NULL);
	*out = m;
	return 0;
}

static void family_free(struct metric_family *f)
{
	for (size_t i = 0; i < f->n_series; i++) {
		free(f->series[i]->values[0]);
		free(f->series[i]->values[1]);
		free(f->series[i]);
	}
	free(f->series);
	free(f->name);
	free(f->help);
	free(f->labels[0]);
	free(f->labels[1]);
	free(f);
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	for (struct metric_family *f = m->first, *next; f; f = next) {
		next = f->next;
		family_free(f);
	}
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static struct metrics *default_registry;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void default_init(void)
{
	if (metrics_new(&default_registry) < 0)
		default_registry = NULL;
}

struct metrics *metrics_default(void)
{
	pthread_once(&default_once, default_init);
	return default_registry;
}

static bool valid_name(const char *s, bool colon)
{
	if (!s || !*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || (colon && c == ':')))
			return false;
	}
	return true;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Finds or creates the family; the caller holds the lock. */
static struct metric_family *family_get(struct metrics *m, enum metric_type type, const char *name,
                                        const char *help, const char *l1, const char *l2)
{
	for (struct metric_family *f = m->first; f; f = f->next) {
		if (strcmp(f->name, name) != 0)
			continue;
		if (f->type != type || !same(f->labels[0], l1) || !same(f->labels[1], l2))
			return NULL;
		return f;
	}
	struct metric_family *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->registry = m;
	f->type = type;
	f->name = strdup(name);
	f->help = strdup(help ? help : "");
	f->labels[0] = l1 ? strdup(l1) : NULL;
	f->labels[1] = l2 ? strdup(l2) : NULL;
	f->n_labels = l2 ? 2 : l1 ? 1 : 0;
	if (!f->name || !f->help || (l1 && !f->labels[0]) || (l2 && !f->labels[1])) {
		family_free(f);
		return NULL;
	}
	if (m->last)
		m->last->next = f;
	else
		m->first = f;
	m->last = f;
	return f;
}

static struct metric_series *series_get(struct metric_family *f, const char *v1, const char *v2)
{
	for (size_t i = 0; i < f->n_series; i++) {
		struct metric_series *s = f->series[i];
		if (same(s->values[0], v1) && same(s->values[1], v2))
			return s;
	}
	struct metric_series **grown = realloc(f->series, (f->n_series + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	f->series = grown;
	struct metric_series *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->family = f;
	s->values[0] = v1 ? strdup(v1) : NULL;
	s->values[1] = v2 ? strdup(v2) : NULL;
	if ((v1 && !s->values[0]) || (v2 && !s->values[1])) {
		free(s->values[0]);
		free(s->values[1]);
		free(s);
		return NULL;
	}
	f->series[f->n_series++] = s;
	return s;
}

static struct metric_series *lookup(struct metrics *m, enum metric_type type, const char *name,
                                    const char *help, const char *l1, const char *v1,
                                    const char *l2, const char *v2)
{
	if (!m || !valid_name(name, true))
		return NULL;
	if ((l1 && (!valid_name(l1, false) || !v1)) ||
	    (l2 && (!l1 || !valid_name(l2, false) || !v2)))
		return NULL;
	if ((l1 && strcmp(l1, "le") == 0) || (l2 && strcmp(l2, "le") == 0) ||
	    (l1 && l2 && strcmp(l1, l2) == 0))
		return NULL;
	pthread_mutex_lock(&m->lock);
	struct metric_series *s = NULL;
	struct metric_family *f = family_get(m, type, name, help, l1, l2);
	if (f)
		s = series_get(f, l1 ? v1 : NULL, l2 ? v2 : NULL);
	pthread_mutex_unlock(&m->lock);
	return s;
}

struct metric_series *metrics_counter(struct metrics *m, const char *name, const char *help,
                                      const char *label1, const char *value1, const char *label2,
                                      const char *value2)
{
	return lookup(m, METRIC_COUNTER, name, help, label1, value1, label2, value2);
}

struct metric_series *metrics_gauge(struct metrics *m, const char *name, const char *help,
                                    const char *label1, const char *value1, const char *label2,
                                    const char *value2)
{
	return lookup(m, METRIC_GAUGE, name, help, label1, value1, label2, value2);
}

struct metric_series *metrics_histogram(struct metrics *m, const char *name, const char *help,
                                        const char *label1, const char *value1, const char *label2,
                                        const char *value2)
{
	return lookup(m, METRIC_HISTOGRAM, name, help, label1, value1, label2, value2);
}

void metric_add(struct metric_series *s, double v)
{
	if (!s || s->family->type == METRIC_HISTOGRAM || isnan(v))
		return;
	if (s->family->type == METRIC_COUNTER && v < 0)
		return;
	pthread_mutex_t *lock = &s->family->registry->lock;
	pthread_mutex_lock(lock);
	s->value += v;
	pthread_mutex_unlock(lock);
}

void metric_inc(struct metric_series *s)
{
	metric_add(s, 1);
}

void metric_set(struct metric_series *s, double v)
{
	if (!s || s->family->type != METRIC_GAUGE)
		return;
	pthread_mutex_t *lock = &s->family->registry->lock;
	pthread_mutex_lock(lock);
	s->value = v;
	pthread_mutex_unlock(lock);
}

void metric_observe(struct metric_series *s, double v)
{
	if (!s || s->family->type != METRIC_HISTOGRAM || isnan(v))
		return;
	size_t i = 0;
	while (i < METRICS_N_BUCKETS && v > bucket_bounds[i])
		i++;
	pthread_mutex_t *lock = &s->family->registry->lock;
	pthread_mutex_lock(lock);
	if (i < METRICS_N_BUCKETS)
		s->buckets[i]++;
	s->count++;
	s->sum += v;
	pthread_mutex_unlock(lock);
}

/* ---- the text exposition format ---- */

static void put_number(struct buf *b, double v)
{
	if (isnan(v)) {
		buf_puts(b, "NaN");
	} else if (isinf(v)) {
		buf_puts(b, v > 0 ? "+Inf" : "-Inf");
	} else {
		char text[40];
		snprintf(text, sizeof(text), "%.15g", v);
		if (strtod(text, NULL) != v)
			snprintf(text, sizeof(text), "%.17g", v);
		buf_puts(b, text);
	}
}

static void put_escaped(struct buf *b, const char *s, bool quotes)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_puts(b, "\\\\");
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (quotes && *s == '"')
			buf_puts(b, "\\\"");
		else
			buf_append(b, s, 1);
	}
}

/* name{l1="v1",l2="v2",le="x"} */
static void put_sample_name(struct buf *b, const struct metric_series *s, const char *suffix,
                            const char *le)
{
	const struct metric_family *f = s->family;
	buf_puts(b, f->name);
	buf_puts(b, suffix);
	if (f->n_labels == 0 && !le)
		return;
	buf_puts(b, "{");
	for (int i = 0; i < f->n_labels; i++) {
		buf_printf(b, "%s%s=\"", i ? "," : "", f->labels[i]);
		put_escaped(b, s->values[i], true);
		buf_puts(b, "\"");
	}
	if (le)
		buf_printf(b, "%sle=\"%s\"", f->n_labels ? "," : "", le);
	buf_puts(b, "}");
}

static void render_series(struct buf *b, const struct metric_series *s)
{
	if (s->family->type != METRIC_HISTOGRAM) {
		put_sample_name(b, s, "", NULL);
		buf_puts(b, " ");
		put_number(b, s->value);
		buf_puts(b, "\n");
		return;
	}
	uint64_t cumulative = 0;
	for (size_t i = 0; i < METRICS_N_BUCKETS; i++) {
		char le[32];
		snprintf(le, sizeof(le), "%g", bucket_bounds[i]);
		cumulative += s->buckets[i];
		put_sample_name(b, s, "_bucket", le);
		buf_printf(b, " %llu\n", (unsigned long long)cumulative);
	}
	put_sample_name(b, s, "_bucket", "+Inf");
	buf_printf(b, " %llu\n", (unsigned long long)s->count);
	put_sample_name(b, s, "_sum", NULL);
	buf_puts(b, " ");
	put_number(b, s->sum);
	buf_puts(b, "\n");
	put_sample_name(b, s, "_count", NULL);
	buf_printf(b, " %llu\n", (unsigned long long)s->count);
}

int metrics_render(struct metrics *m, char **text, size_t *len)
{
	static const char *const type_names[] = { "counter", "gauge", "histogram" };
	if (!m || !text)
		return -EINVAL;
	struct buf b = { 0 };
	pthread_mutex_lock(&m->lock);
	for (const struct metric_family *f = m->first; f; f = f->next) {
		buf_printf(&b, "# HELP %s ", f->name);
		put_escaped(&b, f->help, false);
		buf_printf(&b, "\n# TYPE %s %s\n", f->name, type_names[f->type]);
		for (size_t i = 0; i < f->n_series; i++)
			render_series(&b, f->series[i]);
	}
	pthread_mutex_unlock(&m->lock);
	size_t n;
	*text = buf_steal(&b, &n);
	if (!*text)
		return -ENOMEM;
	if (len)
		*len = n;
	return 0;
}
