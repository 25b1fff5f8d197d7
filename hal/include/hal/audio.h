/* hal/audio.h — a sound output: signed 16-bit PCM in, sound (or a file) out.
 *
 * Backends, chosen by URI: "sdl:" (SDL2's default device) or "sdl:<device name>", "null:"
 * (discards, as fast as it is fed) and "null:/path/out.wav" (writes a WAV file, for tests).
 */
#ifndef CIVIQ_HAL_AUDIO_H
#define CIVIQ_HAL_AUDIO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

struct audio;

struct audio_format {
	int rate;     /* frames per second */
	int channels; /* interleaved; 1 or 2 */
};

struct audio_ops {
	const char *scheme; /* "sdl", "null" */
	/* `arg` is the URI after "scheme:". */
	int (*open)(struct audio *a, const char *arg, const struct audio_format *fmt);
	/* Queues `frames` frames; may block while the device's queue is full. */
	int (*play)(struct audio *a, const int16_t *pcm, size_t frames);
	/* Waits until everything queued was heard (or written); -ETIMEDOUT after timeout_ms. */
	int (*drain)(struct audio *a, int timeout_ms);
	void (*close)(struct audio *a);
};

struct audio {
	const struct audio_ops *ops;
	struct audio_format fmt;
	void *priv; /* backend state, owned by the backend */
};

/* Opens the backend the URI names. -ENOTSUP for an unknown or not-built scheme, -ENODEV when
 * there is no such device, or the backend's error. */
int audio_open(struct audio *a, const char *uri, const struct audio_format *fmt);

/* The built-in backends, NULL-terminated (for --help texts). */
extern const struct audio_ops *const audio_backends[];

static inline int audio_play(struct audio *a, const int16_t *pcm, size_t frames)
{
	return a->ops && a->ops->play ? a->ops->play(a, pcm, frames) : -ENOTSUP;
}

static inline int audio_drain(struct audio *a, int timeout_ms)
{
	return a->ops && a->ops->drain ? a->ops->drain(a, timeout_ms) : -ENOTSUP;
}

static inline void audio_close(struct audio *a)
{
	if (a->ops && a->ops->close)
		a->ops->close(a);
	a->ops = NULL;
	a->priv = NULL;
}

#endif
