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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_backend_writes_a_valid_wav),
		cmocka_unit_test(unknown_scheme_and_bad_format_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
