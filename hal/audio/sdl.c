/* sdl.c — audio through SDL2's queue (ALSA, PulseAudio, PipeWire: whatever SDL finds).
 *
 * SDL2 is loaded at run time, not linked: civiq-tool carries this backend for the self-test's
 * beep, and a headless hub board, which installs civiq-tool too, must not need SDL2 and the
 * graphics stack it pulls in. Programs that link SDL2 anyway (kiosk, display) get the copy
 * already loaded. SDL's headers give the types; the entry points are SDL2's stable ABI. */
#include <SDL.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "common/log.h"
#include "hal/audio.h"

#define QUEUE_MAX_MS 2000 /* play() waits while more than this is queued */

static struct {
	int (*init_subsystem)(Uint32 flags);
	void (*quit_subsystem)(Uint32 flags);
	SDL_AudioDeviceID (*open_device)(const char *device, int iscapture,
	                                 const SDL_AudioSpec *desired, SDL_AudioSpec *obtained,
	                                 int allowed_changes);
	void (*close_device)(SDL_AudioDeviceID dev);
	void (*pause_device)(SDL_AudioDeviceID dev, int pause_on);
	int (*queue)(SDL_AudioDeviceID dev, const void *data, Uint32 len);
	Uint32 (*queued_size)(SDL_AudioDeviceID dev);
	const char *(*get_error)(void);
} sdl;
static bool sdl_present;
static pthread_once_t sdl_once = PTHREAD_ONCE_INIT;

static void sdl_load(void)
{
	/* Kept loaded for the process's life: SDL's audio drivers leave threads behind. */
	void *h = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return;
	*(void **)&sdl.init_subsystem = dlsym(h, "SDL_InitSubSystem");
	*(void **)&sdl.quit_subsystem = dlsym(h, "SDL_QuitSubSystem");
	*(void **)&sdl.open_device = dlsym(h, "SDL_OpenAudioDevice");
	*(void **)&sdl.close_device = dlsym(h, "SDL_CloseAudioDevice");
	*(void **)&sdl.pause_device = dlsym(h, "SDL_PauseAudioDevice");
	*(void **)&sdl.queue = dlsym(h, "SDL_QueueAudio");
	*(void **)&sdl.queued_size = dlsym(h, "SDL_GetQueuedAudioSize");
	*(void **)&sdl.get_error = dlsym(h, "SDL_GetError");
	sdl_present = sdl.init_subsystem && sdl.quit_subsystem && sdl.open_device &&
	              sdl.close_device && sdl.pause_device && sdl.queue && sdl.queued_size &&
	              sdl.get_error;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct sdl_audio {
	SDL_AudioDeviceID dev;
};

static int sdl_open(struct audio *a, const char *arg, const struct audio_format *fmt)
{
	SDL_AudioSpec want = { 0 }, have;
	struct sdl_audio *s;

	pthread_once(&sdl_once, sdl_load);
	if (!sdl_present) {
		log_err("audio: sdl: SDL2 (libSDL2-2.0.so.0) is not installed");
		return -ENOTSUP;
	}
	if (sdl.init_subsystem(SDL_INIT_AUDIO)) {
		log_err("audio: sdl: %s", sdl.get_error());
		return -ENODEV;
	}
	want.freq = fmt->rate;
	want.format = AUDIO_S16SYS;
	want.channels = (Uint8)fmt->channels;
	want.samples = 1024;
	SDL_AudioDeviceID dev = sdl.open_device(arg[0] ? arg : NULL, 0, &want, &have, 0);
	if (!dev) {
		log_err("audio: sdl: %s", sdl.get_error());
		sdl.quit_subsystem(SDL_INIT_AUDIO);
		return -ENODEV;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		sdl.close_device(dev);
		sdl.quit_subsystem(SDL_INIT_AUDIO);
		return -ENOMEM;
	}
	s->dev = dev;
	a->priv = s;
	sdl.pause_device(dev, 0);
	return 0;
}

static Uint32 queued_ms(struct audio *a)
{
	struct sdl_audio *s = a->priv;
	Uint32 bytes = sdl.queued_size(s->dev);
	return (Uint32)((uint64_t)bytes * 1000 / ((uint64_t)a->fmt.rate * a->fmt.channels * 2));
}

static int sdl_play(struct audio *a, const int16_t *pcm, size_t frames)
{
	struct sdl_audio *s = a->priv;
	size_t bytes = frames * (size_t)a->fmt.channels * 2;

	while (queued_ms(a) > QUEUE_MAX_MS)
		sleep_ms(20);
	if (bytes > UINT32_MAX || sdl.queue(s->dev, pcm, (Uint32)bytes))
		return -EIO;
	return 0;
}

static int sdl_drain(struct audio *a, int timeout_ms)
{
	struct sdl_audio *s = a->priv;
	long start = now_ms();

	while (sdl.queued_size(s->dev) > 0) {
		if (timeout_ms >= 0 && now_ms() - start > timeout_ms)
			return -ETIMEDOUT;
		sleep_ms(10);
	}
	/* The device still holds its last buffer. */
	sleep_ms(1024L * 1000 / a->fmt.rate + 10);
	return 0;
}

static void sdl_close(struct audio *a)
{
	struct sdl_audio *s = a->priv;

	if (!s)
		return;
	sdl.close_device(s->dev);
	sdl.quit_subsystem(SDL_INIT_AUDIO);
	free(s);
}

const struct audio_ops audio_sdl_ops = {
	.scheme = "sdl",
	.open = sdl_open,
	.play = sdl_play,
	.drain = sdl_drain,
	.close = sdl_close,
};
