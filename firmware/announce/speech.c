/* speech.c — espeak-ng in synchronous mode, collecting its samples. */
#include "speech.h"

#include <errno.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct collect {
	int16_t *pcm;
	size_t n, cap;
	int err;
};

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
	struct collect *c = events ? events->user_data : NULL;

	if (!c || !wav || n <= 0)
		return 0;
	if (c->n + (size_t)n > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 32768) + (size_t)n;
		int16_t *p = realloc(c->pcm, cap * sizeof(*p));
		if (!p) {
			c->err = -ENOMEM;
			return 1; /* abort synthesis */
		}
		c->pcm = p;
		c->cap = cap;
	}
	memcpy(c->pcm + c->n, wav, (size_t)n * sizeof(*wav));
	c->n += (size_t)n;
	return 0;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int rate;
static pthread_mutex_t synth_lock = PTHREAD_MUTEX_INITIALIZER;

/* espeak-ng 1.51 cannot be initialised again after espeak_Terminate (it waits forever for its
 * own thread), so it is initialised once per process and left to the process's exit. */
static void init_once(void)
{
	rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0) {
		rate = -ENOENT;
		return;
	}
	espeak_SetSynthCallback(on_samples);
	espeak_SetParameter(espeakRATE, 150, 0);
}

int speech_init(void)
{
	pthread_once(&once, init_once);
	return rate;
}

int speech_synth(const char *voice, const char *text, int16_t **out, size_t *frames)
{
	struct collect c = { 0 };

	espeak_ERROR rc;

	*out = NULL;
	*frames = 0;
	pthread_mutex_lock(&synth_lock);
	rc = espeak_SetVoiceByName(voice);
	if (rc == EE_OK)
		rc = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
		                  NULL, &c);
	else
		c.err = -ENOENT;
	pthread_mutex_unlock(&synth_lock);
	if (rc != EE_OK) {
		free(c.pcm);
		return c.err ? c.err : -EIO;
	}
	if (c.err) {
		free(c.pcm);
		return c.err;
	}
	*out = c.pcm;
	*frames = c.n;
	return 0;
}
