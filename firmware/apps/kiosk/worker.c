/* worker.c — the kiosk's I/O thread: hub, card reader, printer, offline journal. */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "common/log.h"
#include "common/wall_clock.h"
#include "hal/nfc.h"
#include "hal/printer.h"
#include "kiosk/kiosk_card.h"
#include "kiosk/kiosk_hub.h"
#include "kiosk/kiosk_offline.h"
#include "kiosk/kiosk_print.h"

#define QUEUE_MAX  8
#define SYNC_EVERY 5000 /* ms between hand-in/lease rounds while idle */

struct worker {
	const struct kiosk_config *cfg;
	struct kiosk_hub hub;
	struct kiosk_card_options card;
	struct kiosk_print_options print;
	struct kiosk_offline *offline;
	struct nfc_reader *reader;
	struct printer *printer;
	void (*wake)(void *ctx);
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct kiosk_request jobs[QUEUE_MAX];
	size_t n_jobs;
	struct kiosk_event answers[QUEUE_MAX * 4];
	size_t n_answers;
	bool stop;
	atomic_bool cancel_card, offline_now;
	struct kiosk_service services[KIOSK_SERVICES_MAX]; /* written under lock */
	size_t n_services;
	struct kiosk_service polled[KIOSK_SERVICES_MAX]; /* the main thread's copy */
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void answer(struct worker *w, const struct kiosk_event *ev)
{
	pthread_mutex_lock(&w->lock);
	if (w->n_answers < sizeof(w->answers) / sizeof(w->answers[0]))
		w->answers[w->n_answers++] = *ev;
	pthread_mutex_unlock(&w->lock);
	if (w->wake)
		w->wake(w->ctx);
}

static void on_progress(void *arg, int percent)
{
	struct kiosk_event ev = { .type = KEV_PROGRESS, .progress = percent };
	answer(arg, &ev);
}

static void note_hub(struct worker *w, int rc)
{
	atomic_store(&w->offline_now, kiosk_hub_unreachable(rc));
}

static void load_services(struct worker *w)
{
	struct kiosk_service s[KIOSK_SERVICES_MAX];
	size_t n = 0;
	int rc = kiosk_hub_services(&w->hub, s, KIOSK_SERVICES_MAX, &n);
	note_hub(w, rc);
	if (rc == 0) {
		if (w->offline)
			kiosk_offline_save_services(w->offline, s, n);
	} else if (w->n_services == 0 && w->offline) {
		kiosk_offline_load_services(w->offline, s, KIOSK_SERVICES_MAX, &n);
	} else {
		return;
	}
	pthread_mutex_lock(&w->lock);
	memcpy(w->services, s, n * sizeof(s[0]));
	w->n_services = n;
	pthread_mutex_unlock(&w->lock);
}

/* The citizen asked for priority: the ticket has normal priority, the staff get an alert to
 * confirm the request (and raise the ticket's priority at the counter). */
static void priority_alert(struct worker *w, const struct kiosk_request *r,
                           const struct kiosk_ticket *t)
{
	char body[200];
	snprintf(body, sizeof(body),
	         "{\"type\":\"priority_request\",\"detail\":\"walk-in for %s asks for "
	         "priority\",\"number\":\"%s\"}",
	         r->service, t->number);
	int rc = kiosk_hub_alert(&w->hub, body);
	if (rc)
		log_err("kiosk: priority request for %s not passed on: %s", t->number,
		        strerror(-rc));
}

static void walk_in(struct worker *w, const struct kiosk_request *r, struct kiosk_event *ev)
{
	int rc = kiosk_hub_walkin(&w->hub, r->service, r->priority, ev);
	note_hub(w, rc);
	if (rc == 0 && r->priority_request)
		priority_alert(w, r, &ev->ticket);
	if (!kiosk_hub_unreachable(rc) || !w->offline)
		return;
	/* the hub is unreachable: a number from this kiosk's block */
	char day[11];
	int64_t now = wall_clock_s();
	kiosk_offline_today(now, day);
	memset(ev, 0, sizeof(*ev));
	rc = kiosk_offline_issue(w->offline, r->service, day, r->priority, now, &ev->ticket);
	if (rc == 0) {
		ev->type = KEV_DONE;
		if (r->priority_request)
			log_warning(
			    "kiosk: offline ticket %s: the priority request cannot reach the "
			    "staff (the citizen is told to ask at the counter)",
			    ev->ticket.number);
	} else {
		log_err("kiosk: hub unreachable and no leased number left for %s", r->service);
		ev->type = KEV_FAILED;
		ev->error = KE_HUB_UNREACHABLE;
	}
}

static void print(struct worker *w, const struct kiosk_request *r)
{
	struct kiosk_event ev = { .type = KEV_PRINTED };
	struct kiosk_service svc, *s = NULL;
	int rc = -ENODEV;

	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < w->n_services && !s; i++)
		if (!strcmp(w->services[i].id, r->ticket.service)) {
			svc = w->services[i];
			s = &svc;
		}
	pthread_mutex_unlock(&w->lock);
	if (!w->printer && w->cfg->printer[0])
		printer_open(w->cfg->printer, &w->printer);
	if (w->printer)
		rc = kiosk_print_ticket(w->printer, &w->print, &r->ticket, s, r->lang,
		                        (time_t)wall_clock_s());
	if (rc == -ENODEV && w->printer) {
		printer_close(w->printer); /* reopened at the next ticket */
		w->printer = NULL;
	}
	ev.ok = rc == 0;
	ev.paper_out = rc == -ENOSPC;
	if (rc) {
		/* staff are told; the screen tells the citizen to note the number */
		char body[160];
		snprintf(body, sizeof(body),
		         "{\"type\":\"%s\",\"detail\":\"%s\",\"number\":\"%s\"}",
		         rc == -ENOSPC ? "paper_out" : "printer_fault", printer_strerror(rc),
		         r->ticket.number);
		kiosk_hub_alert(&w->hub, body);
	}
	answer(w, &ev);
}

static void card_wait(struct worker *w)
{
	int64_t until = now_ms() + 120000;
	while (!atomic_load(&w->cancel_card) && now_ms() < until) {
		if (kiosk_card_wait(w->reader, 300) == 0) {
			struct kiosk_event ev = { .type = KEV_CARD_PRESENT };
			answer(w, &ev);
			return;
		}
	}
	/* cancelled or no card for two minutes: the flow's inactivity timeout has reset it */
}

static void run_job(struct worker *w, struct kiosk_request *r)
{
	struct kiosk_event ev = { 0 };
	int rc;

	switch (r->type) {
	case KREQ_SERVICES:
		load_services(w);
		ev.type = KEV_SERVICES; /* worker_poll attaches the list */
		answer(w, &ev);
		return;
	case KREQ_WALKIN:
		walk_in(w, r, &ev);
		break;
	case KREQ_CHECKIN_CODE:
		rc = kiosk_hub_checkin_code(&w->hub, r->code, &ev);
		note_hub(w, rc);
		break;
	case KREQ_CARD_WAIT:
		if (w->reader)
			card_wait(w);
		return;
	case KREQ_CARD_CHECKIN:
		w->card.progress = on_progress;
		w->card.progress_arg = w;
		if (w->reader) {
			rc = kiosk_card_checkin(w->reader, r->can, &w->hub, &w->card, &ev);
			note_hub(w, rc);
		} else {
			ev.type = KEV_FAILED;
			ev.error = KE_CARD_UNREADABLE;
		}
		break;
	case KREQ_PRINT:
		print(w, r);
		return;
	default:
		return;
	}
	answer(w, &ev);
}

static void *thread_main(void *arg)
{
	struct worker *w = arg;
	int64_t next_sync = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		if (w->n_jobs == 0) {
			if (w->offline && now_ms() >= next_sync) {
				/* idle: hand in offline tickets, keep the blocks leased */
				pthread_mutex_unlock(&w->lock);
				struct kiosk_service s[KIOSK_SERVICES_MAX];
				size_t n;
				load_services(w);
				pthread_mutex_lock(&w->lock);
				n = w->n_services;
				memcpy(s, w->services, n * sizeof(s[0]));
				pthread_mutex_unlock(&w->lock);
				int rc = kiosk_offline_sync(w->offline, &w->hub, s, n,
				                            w->cfg->lease_size);
				note_hub(w, rc);
				next_sync = now_ms() + SYNC_EVERY;
				pthread_mutex_lock(&w->lock);
				continue;
			}
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 200000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&w->cond, &w->lock, &ts);
			continue;
		}
		struct kiosk_request r = w->jobs[0];
		memmove(w->jobs, w->jobs + 1, (w->n_jobs - 1) * sizeof(w->jobs[0]));
		OPENSSL_cleanse(&w->jobs[--w->n_jobs], sizeof(w->jobs[0]));
		atomic_store(&w->cancel_card, false);
		pthread_mutex_unlock(&w->lock);
		run_job(w, &r);
		OPENSSL_cleanse(&r, sizeof(r));
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(const struct kiosk_config *cfg, struct kiosk_offline *offline,
                 void (*wake)(void *ctx), void *ctx, struct worker **out)
{
	struct worker *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->cfg = cfg;
	w->offline = offline;
	w->wake = wake;
	w->ctx = ctx;
	snprintf(w->hub.base, sizeof(w->hub.base), "%s", cfg->hub_url);
	snprintf(w->hub.token, sizeof(w->hub.token), "%s", cfg->token);
	snprintf(w->hub.kiosk, sizeof(w->hub.kiosk), "%s", cfg->name);
	if (strlen(cfg->ca_file) < sizeof(w->hub.ca_file))
		memcpy(w->hub.ca_file, cfg->ca_file, strlen(cfg->ca_file) + 1);
	w->hub.timeout_ms = 4000;
	w->card.accept_unverified = kiosk_config_accept_unverified(cfg);
	w->card.card_timeout_ms = 3000;
	w->print.office = cfg->office;
	w->print.qr_base = cfg->qr_base;
	w->print.width_dots = cfg->printer_width;
	w->print.raster_qr = cfg->raster_qr;
	if (cfg->reader[0] && (rc = nfc_reader_open(cfg->reader, &w->reader)))
		log_err("kiosk: card reader %s: %s", cfg->reader, strerror(-rc));
	if (cfg->printer[0] && (rc = printer_open(cfg->printer, &w->printer)))
		log_err("kiosk: printer %s: %s", cfg->printer, printer_strerror(rc));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if ((rc = pthread_create(&w->thread, NULL, thread_main, w))) {
		nfc_reader_close(w->reader);
		printer_close(w->printer);
		free(w);
		return -rc;
	}
	*out = w;
	return 0;
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	atomic_store(&w->cancel_card, true);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	nfc_reader_close(w->reader);
	printer_close(w->printer);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	OPENSSL_cleanse(w, sizeof(*w));
	free(w);
}

void worker_submit(struct worker *w, const struct kiosk_request *r)
{
	pthread_mutex_lock(&w->lock);
	if (w->n_jobs < QUEUE_MAX)
		w->jobs[w->n_jobs++] = *r;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

bool worker_poll(struct worker *w, struct kiosk_event *ev)
{
	bool got = false;
	pthread_mutex_lock(&w->lock);
	if (w->n_answers) {
		*ev = w->answers[0];
		if (ev->type == KEV_SERVICES) {
			memcpy(w->polled, w->services, w->n_services * sizeof(w->services[0]));
			ev->services = w->polled;
			ev->n_services = w->n_services;
			ev->ok = w->n_services > 0;
		}
		memmove(w->answers, w->answers + 1, (w->n_answers - 1) * sizeof(w->answers[0]));
		w->n_answers--;
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

void worker_cancel_card_wait(struct worker *w)
{
	atomic_store(&w->cancel_card, true);
}

bool worker_has_reader(const struct worker *w)
{
	return w->reader != NULL;
}

bool worker_offline(const struct worker *w)
{
	return atomic_load(&((struct worker *)w)->offline_now);
}
