/* sync_thread.c — the sync's own thread: pacing, backoff, Retry-After; and the hub's hook. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "common/log.h"
#include "hub/hub.h"
#include "store/store.h"
#include "sync/sync_backoff.h"
#include "sync/sync_internal.h"

#define FIRST_RETRY_MS 1000
#define OUTBOX_POLL_MS 500

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t retry_delay(struct portal_sync *s, int failures, const struct portal_reply *r)
{
	uint32_t rnd = 0;

	if (r->retry_after_s >= 0 && (r->status == 429 || r->status == 503))
		return (int64_t)r->retry_after_s * 1000;
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		rnd = (uint32_t)mono_ms();
	return sync_backoff_ms(failures, FIRST_RETRY_MS, (int64_t)s->p.cfg->backoff_max_s * 1000,
	                       rnd);
}

static void *run(void *arg)
{
	struct portal_sync *s = arg;
	int64_t next_pull = 0, next_push = 0;
	int pull_failures = 0, push_failures = 0;
	struct portal_reply reply;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		int64_t now = mono_ms();
		bool kicked = s->kicked;
		s->kicked = false;
		pthread_mutex_unlock(&s->lock);
		if (kicked || now >= next_pull) {
			int rc = portal_sync_pull(s, &reply);
			if (rc == 0) {
				pull_failures = 0;
				next_pull = now + (int64_t)s->p.cfg->interval_s * 1000;
			} else {
				next_pull = now + retry_delay(s, ++pull_failures, &reply);
				log_info("portal: pull failed (%s), next try in %lld ms",
				         strerror(-rc), (long long)(next_pull - now));
			}
		}
		if (now >= next_push) {
			int rc = portal_sync_deliver(s, &reply);
			if (rc >= 0) {
				push_failures = 0;
				next_push = rc == SYNC_BATCH ? now : now + OUTBOX_POLL_MS;
			} else {
				next_push = now + retry_delay(s, ++push_failures, &reply);
			}
		}
		pthread_mutex_lock(&s->lock);
		int64_t until = next_pull < next_push ? next_pull : next_push;
		if (until > mono_ms() && !s->stop && !s->kicked) {
			struct timespec ts;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			int64_t wait = until - mono_ms();
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&s->cond, &s->lock, &ts);
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int portal_sync_start_thread(struct portal_sync *s)
{
	pthread_condattr_t ca;
	int rc;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&s->cond);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	rc = pthread_create(&s->thread, NULL, run, s);
	if (rc)
		return -rc;
	s->running = true;
	return 0;
}

void portal_sync_kick(struct portal_sync *s)
{
	pthread_mutex_lock(&s->lock);
	s->kicked = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void portal_sync_free(struct portal_sync *s)
{
	if (!s)
		return;
	if (s->running) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_signal(&s->cond);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
	}
	portal_page_clear(&s->page);
	portal_adapter_free(&s->p.adapter);
	if (s->ro)
		store_close(s->ro);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int hub_portal_start(struct hub *h, void **state, char *err, size_t errlen)
{
	struct portal_sync_params p = {
		.cfg = &h->cfg.portal,
		.hub = &h->cfg,
		.writer = h->writer,
		.database = h->cfg.database,
		.metrics = h->metrics,
		.state = &h->portal_state,
	};
	struct portal_sync *s;
	int rc = portal_sync_new(&p, &s);

	if (rc == 0 && (rc = portal_sync_start_thread(s)))
		portal_sync_free(s);
	if (rc) {
		snprintf(err, errlen, "cannot start the portal sync: %s", strerror(-rc));
		return rc;
	}
	log_notice("portal: syncing office %s every %d s", h->cfg.portal.office,
	           h->cfg.portal.interval_s);
	*state = s;
	return 0;
}

static void hub_portal_stop(void *state)
{
	portal_sync_free(state);
}

static const struct hub_portal_ops hub_portal = { hub_portal_start, hub_portal_stop };

void portal_sync_use_in_hub(void)
{
	hub_set_portal_ops(&hub_portal);
}
