/* sdl.c — audio through SDL2's queue (ALSA, PulseAudio, PipeWire: whatever SDL finds). */
#include <SDL.h>
#include <errno.h>
#include <stdlib.h>

#include "hal/audio.h"

#define QUEUE_MAX_MS 2000 /* play() waits while more than this is queued */

struct sdl_audio {
	SDL_AudioDeviceID dev;
};

static int sdl_open(struct audio *a, const char *arg, const struct audio_format *fmt)
{
	SDL_AudioSpec want = { 0 }, have;
	struct sdl_audio *s;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO))
		return -ENODEV;
	want.freq = fmt->rate;
	want.format = AUDIO_S16SYS;
	want.channels = (Uint8)fmt->channels;
	want.samples = 1024;
	SDL_AudioDeviceID dev = SDL_OpenAudioDevice(arg[0] ? arg : NULL, 0, &want, &have, 0);
	if (!dev) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -ENODEV;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		SDL_CloseAudioDevice(dev);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -ENOMEM;
	}
	s->dev = dev;
	a->priv = s;
	SDL_PauseAudioDevice(dev, 0);
	return 0;
}

static Uint32 queued_ms(struct audio *a)
{
	struct sdl_audio *s = a->priv;
	Uint32 bytes = SDL_GetQueuedAudioSize(s->dev);
	return (Uint32)((uint64_t)bytes * 1000 / ((uint64_t)a->fmt.rate * a->fmt.channels * 2));
}

static int sdl_play(struct audio *a, const int16_t *pcm, size_t frames)
{
	struct sdl_audio *s = a->priv;
	size_t bytes = frames * (size_t)a->fmt.channels * 2;

	while (queued_ms(a) > QUEUE_MAX_MS)
		SDL_Delay(20);
	if (bytes > UINT32_MAX || SDL_QueueAudio(s->dev, pcm, (Uint32)bytes))
		return -EIO;
	return 0;
}

static int sdl_drain(struct audio *a, int timeout_ms)
{
	struct sdl_audio *s = a->priv;
	Uint32 start = SDL_GetTicks();

	while (SDL_GetQueuedAudioSize(s->dev) > 0) {
		if (timeout_ms >= 0 && SDL_GetTicks() - start > (Uint32)timeout_ms)
			return -ETIMEDOUT;
		SDL_Delay(10);
	}
	/* The device still holds its last buffer. */
	SDL_Delay(1024 * 1000 / (Uint32)a->fmt.rate + 10);
	return 0;
}

static void sdl_close(struct audio *a)
{
	struct sdl_audio *s = a->priv;

	if (!s)
		return;
	SDL_CloseAudioDevice(s->dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(s);
}

const struct audio_ops audio_sdl_ops = {
	.scheme = "sdl",
	.open = sdl_open,
	.play = sdl_play,
	.drain = sdl_drain,
	.close = sdl_close,
};
