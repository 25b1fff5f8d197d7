#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "hal/audio.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void null_backend_writes_a_valid_wav(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-audio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char uri[64];
	snprintf(uri, sizeof(uri), "null:%s", path);
	struct audio a;
	struct audio_format fmt = { .rate = 22050, .channels = 1 };
	int16_t pcm[1000];
	for (int i = 0; i < 1000; i++)
		pcm[i] = (int16_t)(i * 30);

	assert_int_equal(audio_open(&a, uri, &fmt), 0);
	assert_int_equal(audio_play(&a, pcm, 1000), 0);
	assert_int_equal(audio_drain(&a, 1000), 0);
	assert_int_equal(audio_play(&a, pcm, 500), 0);
	audio_close(&a);

	uint8_t buf[44 + 3000];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	unlink(path);
	assert_int_equal(n, 44 + 3000);
	assert_memory_equal(buf, "RIFF", 4);
	assert_memory_equal(buf + 8, "WAVEfmt ", 8);
	assert_int_equal(le32(buf + 24), 22050);
	assert_int_equal(le32(buf + 40), 3000);
	assert_int_equal(le32(buf + 4), 36 + 3000);
	assert_int_equal(buf[44 + 2], (uint8_t)30);
}

static void unknown_scheme_and_bad_format_are_refused(void **state)
{
	(void)state;
	struct audio a;
	struct audio_format fmt = { .rate = 22050, .channels = 1 },
	                    bad = { .rate = 0, .channels = 1 };

	assert_int_equal(audio_open(&a, "alsa:hw:0", &fmt), -ENOTSUP);
	assert_int_equal(audio_open(&a, "null:", &bad), -EINVAL);
	assert_true(audio_open(&a, "null:/nonexistent/dir/x.wav", &fmt) < 0);
	assert_int_equal(audio_play(&a, NULL, 0), -ENOTSUP);
	assert_int_equal(audio_open(&a, "null:", &fmt), 0);
	int16_t s = 1;
	assert_int_equal(audio_play(&a, &s, 1), 0);
	audio_close(&a);
}

#ifdef CIVIQ_AUDIO_SDL
/* The SDL2 backend, loaded at run time, through SDL's "disk" driver: what is played lands in a
 * file, sample for sample. */
static void sdl_backend_plays_through_the_loaded_sdl2(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-sdlaudio-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", path, 1);
	setenv("SDL_DISKAUDIODELAY", "0", 1);
	struct audio a;
	struct audio_format fmt = { .rate = 22050, .channels = 1 };
	enum { FRAMES = 22050 / 4 };
	static int16_t pcm[FRAMES];
	for (int i = 0; i < FRAMES; i++)
		pcm[i] = (int16_t)((i % 50) * 400 - 10000); /* a sawtooth, never silent */

	assert_int_equal(audio_open(&a, "sdl:", &fmt), 0);
	assert_int_equal(audio_play(&a, pcm, FRAMES), 0);
	assert_int_equal(audio_drain(&a, 10000), 0);
	audio_close(&a);

	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static int16_t got[FRAMES * 2];
	size_t n = fread(got, sizeof(got[0]), FRAMES * 2, f);
	fclose(f);
	unlink(path);
	/* SDL pads the last device buffer with silence; the played samples come first. */
	assert_true(n >= FRAMES);
	assert_memory_equal(got, pcm, sizeof(pcm));
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_backend_writes_a_valid_wav),
		cmocka_unit_test(unknown_scheme_and_bad_format_are_refused),
#ifdef CIVIQ_AUDIO_SDL
		cmocka_unit_test(sdl_backend_plays_through_the_loaded_sdl2),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
