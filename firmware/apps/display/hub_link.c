/* hub_link.c — the display's connection to the hub. */
#include "hub_link.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/rfc3339.h"
#include "core/opening_hours.h"
#include "net/http_client.h"

#define SSE_IDLE_TIMEOUT_MS 40000  /* the hub sends a keepalive every 15 s */
#define STALE_CALL_MS       120000 /* replayed calls older than this are not announced */
#define SERVICES_MAX        32

struct service_name {
	char id[32];
	char name[64];
};

struct hub_link {
	struct hub_link_config cfg;
	char url[256], token[128], ca_file[512], lang[8], default_ticker[256];
	struct display_state *st;
	pthread_mutex_t *lock;
	struct hub_link_hooks hooks;
	pthread_t stream_thread, refresh_thread;
	atomic_bool stop, waiting_dirty;
	pthread_mutex_t nap_lock;
	pthread_cond_t nap_cond; /* on CLOCK_MONOTONIC; signalled on stop and waiting_dirty */
	struct service_name services[SERVICES_MAX];
	size_t n_services;
	bool have_services;
};

static struct http_client_options options(struct hub_link *l)
{
	return (struct http_client_options){
		.bearer = l->token,
		.ca_file = l->ca_file[0] ? l->ca_file : NULL,
		.timeout_ms = 5000,
		.cancel = &l->stop,
	};
}

static void changed(struct hub_link *l)
{
	if (l->hooks.changed)
		l->hooks.changed(l->hooks.ctx);
}

static void set_connected(struct hub_link *l, bool on)
{
	pthread_mutex_lock(l->lock);
	display_state_set_connected(l->st, on);
	pthread_mutex_unlock(l->lock);
	changed(l);
}

/* Sleeps `ms`, waking early when the link stops or, with `until_dirty`, when the waiting counts
 * are to be refreshed. */
static void nap_until(struct hub_link *l, int ms, bool until_dirty)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&l->nap_lock);
	while (!atomic_load(&l->stop) && !(until_dirty && atomic_load(&l->waiting_dirty)) &&
	       pthread_cond_timedwait(&l->nap_cond, &l->nap_lock, &t) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&l->nap_lock);
}

static void nap(struct hub_link *l, int ms)
{
	nap_until(l, ms, false);
}

static void poke(struct hub_link *l)
{
	pthread_mutex_lock(&l->nap_lock);
	pthread_cond_broadcast(&l->nap_cond);
	pthread_mutex_unlock(&l->nap_lock);
}

static cJSON *get_json(struct hub_link *l, const char *path, int *err)
{
	char url[320];
	struct http_client_response r;
	struct http_client_options o = options(l);

	snprintf(url, sizeof(url), "%s%s", l->url, path);
	*err = http_client_request("GET", url, NULL, &o, &r);
	if (*err)
		return NULL;
	cJSON *j = r.status == 200 ? cJSON_Parse(r.body) : NULL;
	if (r.status != 200)
		*err = r.status == 401 || r.status == 403 ? -EACCES : -EPROTO;
	else if (!j)
		*err = -EPROTO;
	http_client_response_free(&r);
	return j;
}

static void load_services(struct hub_link *l)
{
	int err;
	cJSON *arr = get_json(l, "/api/v1/services", &err), *s;

	struct service_name list[SERVICES_MAX];
	size_t n = 0;

	if (!arr)
		return;
	cJSON_ArrayForEach(s, arr)
	{
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(s, "id"));
		cJSON *names = cJSON_GetObjectItem(s, "names");
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(names, l->lang));
		if (!name)
			name = cJSON_GetStringValue(cJSON_GetObjectItem(names, "de"));
		if (!id || n == SERVICES_MAX)
			continue;
		snprintf(list[n].id, sizeof(list[n].id), "%s", id);
		snprintf(list[n].name, sizeof(list[n].name), "%s", name ? name : id);
		n++;
	}
	/* The waiting counts are labelled under the same lock. */
	pthread_mutex_lock(l->lock);
	memcpy(l->services, list, n * sizeof(list[0]));
	l->n_services = n;
	pthread_mutex_unlock(l->lock);
	l->have_services = true;
	cJSON_Delete(arr);
}

static const char *service_label(struct hub_link *l, const char *id)
{
	for (size_t i = 0; i < l->n_services; i++)
		if (!strcmp(l->services[i].id, id))
			return l->services[i].name;
	return NULL;
}

static void call_from_json(const cJSON *o, struct display_call *c)
{
	const char *s;
	cJSON *n;

	memset(c, 0, sizeof(*c));
	if ((s = cJSON_GetStringValue(cJSON_GetObjectItem(o, "number"))))
		snprintf(c->number, sizeof(c->number), "%s", s);
	if ((s = cJSON_GetStringValue(cJSON_GetObjectItem(o, "counter_label"))))
		snprintf(c->counter_label, sizeof(c->counter_label), "%s", s);
	if ((s = cJSON_GetStringValue(cJSON_GetObjectItem(o, "service"))))
		snprintf(c->service, sizeof(c->service), "%s", s);
	if (cJSON_IsNumber(n = cJSON_GetObjectItem(o, "counter")))
		c->counter = n->valueint;
}

/* The hub's ticker text, or this display's own when the hub has none. */
static void apply_ticker(struct hub_link *l, const char *text)
{
	display_state_set_ticker(l->st, text && text[0] ? text : l->default_ticker);
}

/* "services":[{"id","waiting","estimated_wait_s"}] (hubs since schema v3). */
static void apply_services(struct hub_link *l, const cJSON *services)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, services)
	{
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"));
		const cJSON *n = cJSON_GetObjectItem(o, "waiting");
		const cJSON *w = cJSON_GetObjectItem(o, "estimated_wait_s");
		if (!id || !cJSON_IsNumber(n))
			continue;
		display_state_set_waiting(l->st, id, service_label(l, id), n->valueint);
		display_state_set_wait(l->st, id, cJSON_IsNumber(w) ? w->valueint : -1);
	}
}

static void apply_waiting(struct hub_link *l, const cJSON *waiting)
{
	const cJSON *w;

	/* Services no longer listed have nobody waiting. */
	for (size_t i = 0; i < l->st->n_waiting; i++)
		if (!cJSON_GetObjectItem(waiting, l->st->waiting[i].service))
			display_state_set_waiting(l->st, l->st->waiting[i].service, NULL, 0);
	for (size_t i = 0; i < l->n_services; i++)
		if (!cJSON_GetObjectItem(waiting, l->services[i].id))
			display_state_set_waiting(l->st, l->services[i].id, l->services[i].name, 0);
	cJSON_ArrayForEach(w, waiting)
	{
		if (cJSON_IsNumber(w))
			display_state_set_waiting(l->st, w->string, service_label(l, w->string),
			                          w->valueint);
	}
}

/* GET /api/v1/display. With `full`, the history too (replaced when the hub's history went
 * backwards or nothing was loaded yet). */
static int load_display(struct hub_link *l, bool full)
{
	int err;
	cJSON *d = get_json(l, "/api/v1/display?calls=16", &err);

	if (!d)
		return err;
	uint64_t last = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(d, "last_event_id"));
	const char *office = cJSON_GetStringValue(cJSON_GetObjectItem(d, "office"));
	pthread_mutex_lock(l->lock);
	if (office)
		display_state_set_office(l->st, office);
	cJSON *services = cJSON_GetObjectItem(d, "services");
	if (cJSON_IsArray(services))
		apply_services(l, services);
	else
		apply_waiting(l, cJSON_GetObjectItem(d, "waiting"));
	apply_ticker(l, cJSON_GetStringValue(cJSON_GetObjectItem(d, "ticker")));
	const char *hours = cJSON_GetStringValue(cJSON_GetObjectItem(d, "opening_hours"));
	if (hours && opening_hours_open(hours, 0) >= 0)
		display_state_set_opening_hours(l->st, hours);
	if (full && (l->st->last_event_id == 0 || last < l->st->last_event_id)) {
		struct display_call calls[DISPLAY_HISTORY_MAX];
		size_t n = 0;
		cJSON *c;
		cJSON_ArrayForEach(c, cJSON_GetObjectItem(d, "calls"))
		{
			if (n < DISPLAY_HISTORY_MAX)
				call_from_json(c, &calls[n++]);
		}
		if (l->st->last_event_id)
			log_notice("display: the hub's history restarted, reloading");
		display_state_reload(l->st, calls, n, last);
	}
	pthread_mutex_unlock(l->lock);
	cJSON_Delete(d);
	changed(l);
	return 0;
}

static int64_t now_ms(clockid_t clk)
{
	struct timespec t;
	clock_gettime(clk, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int on_event(void *ctx, const struct event *ev)
{
	struct hub_link *l = ctx;
	bool announce = false;
	struct display_call c;

	if (atomic_load(&l->stop))
		return 1;
	if (!strcmp(ev->type, "ticker")) {
		cJSON *o = cJSON_Parse(ev->data ? ev->data : "");
		pthread_mutex_lock(l->lock);
		apply_ticker(l, cJSON_GetStringValue(cJSON_GetObjectItem(o, "text")));
		pthread_mutex_unlock(l->lock);
		cJSON_Delete(o);
	} else {
		atomic_store(&l->waiting_dirty, true);
		poke(l);
	}
	if (!strcmp(ev->type, "called")) {
		cJSON *o = cJSON_Parse(ev->data ? ev->data : "");
		const char *at = cJSON_GetStringValue(cJSON_GetObjectItem(o, "at"));
		int64_t at_s = 0;
		call_from_json(o, &c);
		bool stale = at && rfc3339_parse(at, &at_s) == 0 &&
		             now_ms(CLOCK_REALTIME) - at_s * 1000 > STALE_CALL_MS;
		cJSON_Delete(o);
		if (c.number[0]) {
			pthread_mutex_lock(l->lock);
			if (stale)
				display_state_remember(l->st, &c);
			else
				announce = display_state_call(l->st, &c, now_ms(CLOCK_MONOTONIC));
			pthread_mutex_unlock(l->lock);
			log_info("display: %s -> %s%s", c.number, c.counter_label,
			         stale      ? " (old, not announced)"
			         : announce ? ""
			                    : " (not shown here)");
		}
	}
	pthread_mutex_lock(l->lock);
	if (ev->id > l->st->last_event_id)
		l->st->last_event_id = ev->id;
	pthread_mutex_unlock(l->lock);
	if (announce && l->hooks.announce)
		l->hooks.announce(l->hooks.ctx, &c);
	changed(l);
	return 0;
}

static void *stream_main(void *arg)
{
	struct hub_link *l = arg;
	int backoff = 500, rc;
	char url[320];

	while (!atomic_load(&l->stop)) {
		if (!l->have_services)
			load_services(l);
		rc = load_display(l, true);
		if (rc == 0) {
			uint64_t after;
			set_connected(l, true);
			backoff = 500;
			pthread_mutex_lock(l->lock);
			after = l->st->last_event_id;
			pthread_mutex_unlock(l->lock);
			snprintf(url, sizeof(url), "%s/api/v1/events?last_event_id=%llu", l->url,
			         (unsigned long long)after);
			struct http_client_options o = options(l);
			o.timeout_ms = 0;
			rc = http_client_sse(url, &o, after, on_event, l, SSE_IDLE_TIMEOUT_MS);
			if (rc == -ECANCELED || atomic_load(&l->stop))
				break;
			/* A quiet stream that timed out is simply renewed. */
			if (rc == -ETIMEDOUT)
				continue;
		}
		set_connected(l, false);
		log_warning("display: hub %s unreachable (%s), retrying in %d ms", l->url,
		            strerror(-rc), backoff);
		nap(l, backoff);
		backoff = backoff * 2 > 10000 ? 10000 : backoff * 2;
	}
	return NULL;
}

static void *refresh_main(void *arg)
{
	struct hub_link *l = arg;

	while (!atomic_load(&l->stop)) {
		/* After ticket changes, and once a minute in any case (the estimates age). */
		nap_until(l, 60000, true);
		if (atomic_load(&l->stop))
			break;
		/* A burst of ticket events is answered with one reload. */
		if (atomic_load(&l->waiting_dirty))
			nap(l, 250);
		atomic_store(&l->waiting_dirty, false);
		load_display(l, false);
	}
	return NULL;
}

static void link_free(struct hub_link *l)
{
	pthread_cond_destroy(&l->nap_cond);
	pthread_mutex_destroy(&l->nap_lock);
	free(l);
}

int hub_link_start(const struct hub_link_config *c, struct display_state *st, pthread_mutex_t *lock,
                   const struct hub_link_hooks *hooks, struct hub_link **out)
{
	struct hub_link *l = calloc(1, sizeof(*l));
	int rc;

	*out = NULL;
	if (!l)
		return -ENOMEM;
	snprintf(l->url, sizeof(l->url), "%s", c->hub_url);
	size_t n = strlen(l->url);
	while (n && l->url[n - 1] == '/')
		l->url[--n] = '\0';
	snprintf(l->token, sizeof(l->token), "%s", c->token ? c->token : "");
	snprintf(l->ca_file, sizeof(l->ca_file), "%s", c->ca_file ? c->ca_file : "");
	snprintf(l->lang, sizeof(l->lang), "%s", c->language ? c->language : "de");
	snprintf(l->default_ticker, sizeof(l->default_ticker), "%s",
	         c->default_ticker ? c->default_ticker : "");
	l->st = st;
	l->lock = lock;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->nap_cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&l->nap_lock, NULL);
	if (hooks)
		l->hooks = *hooks;
	rc = -pthread_create(&l->stream_thread, NULL, stream_main, l);
	if (rc) {
		link_free(l);
		return rc;
	}
	rc = -pthread_create(&l->refresh_thread, NULL, refresh_main, l);
	if (rc) {
		atomic_store(&l->stop, true);
		poke(l);
		pthread_join(l->stream_thread, NULL);
		link_free(l);
		return rc;
	}
	*out = l;
	return 0;
}

void hub_link_stop(struct hub_link *l)
{
	if (!l)
		return;
	atomic_store(&l->stop, true);
	poke(l);
	pthread_join(l->stream_thread, NULL);
	pthread_join(l->refresh_thread, NULL);
	link_free(l);
}
