/* announcer.h — plays calls one after another: gong, then the sentence in the display's
 * language and optionally a second one.
 *
 * Calls are queued without limit and played in order by one worker thread, each to its end:
 * calls that arrive together are never cut off or dropped.
 */
#ifndef CIVIQ_ANNOUNCE_ANNOUNCER_H
#define CIVIQ_ANNOUNCE_ANNOUNCER_H

#include <stdbool.h>

struct announcer_config {
	const char *audio_uri;       /* hal/audio URI: "sdl:", "null:/tmp/out.wav" */
	const char *language;        /* "de" */
	const char *second_language; /* NULL or "": none */
	const char *voice;           /* espeak voice for `language`; NULL or "": the language */
	int volume;                  /* 0..100 */
};

struct announcer;

/* Opens the audio output, synthesises the gong and starts the worker. Returns 0 or a negative
 * errno (the audio backend's, or -ENOTSUP for a language without a sentence). */
int announcer_start(const struct announcer_config *c, struct announcer **out);

/* Queues an announcement of `number` going to `counter_label`. 0 or -ENOMEM. */
int announcer_enqueue(struct announcer *a, const char *number, const char *counter_label);

/* Announcements played to their end so far. */
unsigned announcer_done(struct announcer *a);

/* Waits until the queue is empty and nothing plays; -ETIMEDOUT after timeout_ms (< 0: none). */
int announcer_wait_idle(struct announcer *a, int timeout_ms);

/* Plays what is still queued, then stops the worker and frees everything. NULL is a no-op. */
void announcer_stop(struct announcer *a);

#endif
