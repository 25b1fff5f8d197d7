/* announcer.c — the announcement queue and its worker thread. */
#include "announcer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "announce/gong.h"
#include "announce/phrase.h"
#include "announce/speech.h"
#include "common/log.h"
#include "hal/audio.h"

struct item {
	struct item *next;
	char number[16];
	char counter[48];
};

struct announcer {
	struct audio audio;
	int rate;
	int volume;
	char lang[2][8];
	char voice[2][64];
	int16_t *gong;
	size_t gong_frames;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct item *head, *tail;
	bool busy, stopping;
	unsigned done;
};

static void scale(int16_t *pcm, size_t n, int volume)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)((int32_t)pcm[i] * volume / 100);
}

static void silence(struct announcer *a, int ms)
{
	static const int16_t zero[2048];
	size_t left = (size_t)a->rate * (size_t)ms / 1000;

	while (left) {
		size_t n = left < 2048 ? left : 2048;
		audio_play(&a->audio, zero, n);
		left -= n;
	}
}

static void say(struct announcer *a, int which, const struct item *it)
{
	char text[160];
	int16_t *pcm;
	size_t n;

	if (announce_phrase(a->lang[which], it->number, it->counter, text, sizeof(text)))
		return;
	int rc = speech_synth(a->voice[which], text, &pcm, &n);
	if (rc) {
		log_warning("announce: no speech for voice %s (%d)", a->voice[which], rc);
		return;
	}
	scale(pcm, n, a->volume);
	audio_play(&a->audio, pcm, n);
	free(pcm);
}

static void play(struct announcer *a, const struct item *it)
{
	log_info("announce: %s -> %s", it->number, it->counter);
	audio_play(&a->audio, a->gong, a->gong_frames);
	silence(a, 150);
	say(a, 0, it);
	if (a->lang[1][0]) {
		silence(a, 400);
		say(a, 1, it);
	}
	silence(a, 600);
	audio_drain(&a->audio, 30000);
}

static void *worker(void *arg)
{
	struct announcer *a = arg;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		while (!a->head && !a->stopping)
			pthread_cond_wait(&a->cond, &a->lock);
		if (!a->head)
			break;
		struct item *it = a->head;
		a->head = it->next;
		if (!a->head)
			a->tail = NULL;
		a->busy = true;
		pthread_mutex_unlock(&a->lock);
		play(a, it);
		free(it);
		pthread_mutex_lock(&a->lock);
		a->busy = false;
		a->done++;
		pthread_cond_broadcast(&a->cond);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

static void set_voice(struct announcer *a, int which, const char *lang, const char *voice)
{
	snprintf(a->lang[which], sizeof(a->lang[which]), "%s", lang ? lang : "");
	snprintf(a->voice[which], sizeof(a->voice[which]), "%s",
	         voice && voice[0] ? voice : a->lang[which]);
}

int announcer_start(const struct announcer_config *c, struct announcer **out)
{
	struct announcer *a = calloc(1, sizeof(*a));
	char probe[8];
	int rc;

	*out = NULL;
	if (!a)
		return -ENOMEM;
	set_voice(a, 0, c->language && c->language[0] ? c->language : "de", c->voice);
	set_voice(a, 1, c->second_language, NULL);
	for (int i = 0; i < 2; i++)
		if (a->lang[i][0] &&
		    announce_phrase(a->lang[i], "1", "1", probe, sizeof(probe)) == -ENOTSUP) {
			free(a);
			return -ENOTSUP;
		}
	a->volume = c->volume < 0 ? 0 : c->volume > 100 ? 100 : c->volume;
	a->rate = speech_init();
	if (a->rate < 0) {
		rc = a->rate;
		free(a);
		return rc;
	}
	rc = gong_synth(a->rate, &a->gong, &a->gong_frames);
	if (!rc) {
		scale(a->gong, a->gong_frames, a->volume);
		struct audio_format fmt = { .rate = a->rate, .channels = 1 };
		rc = audio_open(&a->audio, c->audio_uri, &fmt);
	}
	if (rc) {
		free(a->gong);
		free(a);
		return rc;
	}
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	rc = -pthread_create(&a->thread, NULL, worker, a);
	if (rc) {
		audio_close(&a->audio);
		free(a->gong);
		free(a);
		return rc;
	}
	*out = a;
	return 0;
}

int announcer_enqueue(struct announcer *a, const char *number, const char *counter_label)
{
	struct item *it = calloc(1, sizeof(*it));

	if (!it)
		return -ENOMEM;
	snprintf(it->number, sizeof(it->number), "%s", number);
	snprintf(it->counter, sizeof(it->counter), "%s", counter_label);
	pthread_mutex_lock(&a->lock);
	if (a->tail)
		a->tail->next = it;
	else
		a->head = it;
	a->tail = it;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
	return 0;
}

unsigned announcer_done(struct announcer *a)
{
	pthread_mutex_lock(&a->lock);
	unsigned n = a->done;
	pthread_mutex_unlock(&a->lock);
	return n;
}

int announcer_wait_idle(struct announcer *a, int timeout_ms)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&a->lock);
	while ((a->head || a->busy) && rc == 0)
		rc = timeout_ms < 0 ? pthread_cond_wait(&a->cond, &a->lock)
		                    : pthread_cond_timedwait(&a->cond, &a->lock, &until);
	pthread_mutex_unlock(&a->lock);
	return rc ? -ETIMEDOUT : 0;
}

void announcer_stop(struct announcer *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stopping = true;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	audio_close(&a->audio);
	free(a->gong);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
