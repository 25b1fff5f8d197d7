#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "announce/announcer.h"
#include "announce/gong.h"
#include "announce/phrase.h"

static void phrase_speaks_the_number_without_leading_zeros(void **state)
{
	(void)state;
	char out[128];

	assert_int_equal(announce_phrase("de", "A 042", "Platz 3", out, sizeof(out)), 0);
	assert_string_equal(out, "Nummer A 42, bitte zu Platz 3");
	assert_int_equal(announce_phrase("en", "B 100", "Raum 1.12", out, sizeof(out)), 0);
	assert_string_equal(out, "Number B 100, please go to Raum 1.12");
	assert_int_equal(announce_phrase("xx", "A 1", "Platz 1", out, sizeof(out)), -ENOTSUP);
	assert_int_equal(announce_phrase("de", "A 042", "Platz 3", out, 10), -ENOSPC);
}

static double rms(const int16_t *p, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += (double)p[i] * p[i];
	return n ? sqrt(s / (double)n) : 0;
}

static void gong_rings_and_fades(void **state)
{
	(void)state;
	int16_t *pcm;
	size_t n;

	assert_int_equal(gong_synth(22050, &pcm, &n), 0);
	assert_true(n > 22050 && n < 3 * 22050);
	double first = rms(pcm, 22050 / 10), tail = rms(pcm + n - 22050 / 10, 22050 / 10);
	assert_true(first > 2000);
	assert_true(tail < first / 10);
	/* The second tone starts at 0.6 s: louder than just before it. */
	assert_true(rms(pcm + 22050 * 62 / 100, 2205) > rms(pcm + 22050 * 55 / 100, 2205));
	free(pcm);
}

struct wav {
	int rate;
	int16_t *pcm;
	size_t n;
};

static void read_wav(const char *path, struct wav *w)
{
	FILE *f = fopen(path, "rb");
	uint8_t h[44];
	assert_non_null(f);
	assert_int_equal(fread(h, 1, 44, f), 44);
	assert_memory_equal(h, "RIFF", 4);
	w->rate = h[24] | h[25] << 8 | h[26] << 16;
	size_t bytes = (size_t)(h[40] | h[41] << 8 | h[42] << 16 | (uint32_t)h[43] << 24);
	w->pcm = malloc(bytes + 2);
	w->n = fread(w->pcm, 2, bytes / 2, f);
	assert_int_equal(w->n, bytes / 2);
	fclose(f);
}

static void two_calls_are_announced_in_full_one_after_another(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-announce-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char uri[64];
	snprintf(uri, sizeof(uri), "null:%s", path);
	struct announcer_config c = { .audio_uri = uri, .language = "de", .volume = 100 };
	struct announcer *a;
	struct wav one, two;

	assert_int_equal(announcer_start(&c, &a), 0);
	assert_int_equal(announcer_enqueue(a, "A 042", "Platz 3"), 0);
	assert_int_equal(announcer_wait_idle(a, 30000), 0);
	assert_int_equal(announcer_done(a), 1);
	read_wav(path, &one);
	/* Gong (2.2 s) + "Nummer A 42, bitte zu Platz 3" (about 2 s) + pauses. */
	double secs = (double)one.n / one.rate;
	assert_true(one.rate >= 16000);
	assert_true(secs > 3.5 && secs < 8.0);
	/* The speech after the gong is sound, not silence. */
	size_t gong_end = (size_t)(2.4 * one.rate);
	assert_true(rms(one.pcm + gong_end, (size_t)one.rate) > 500);

	/* Two calls at once: both are played whole, in order. */
	assert_int_equal(announcer_enqueue(a, "B 017", "Platz 1"), 0);
	assert_int_equal(announcer_enqueue(a, "C 005", "Raum 1.12"), 0);
	announcer_stop(a);
	read_wav(path, &two);
	assert_true(two.n > one.n + 2 * (size_t)(3.0 * one.rate));
	free(one.pcm);
	free(two.pcm);
	unlink(path);
}

static void second_language_lengthens_the_announcement(void **state)
{
	(void)state;
	char path[] = "/tmp/civiq-announce-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char uri[64];
	snprintf(uri, sizeof(uri), "null:%s", path);
	struct announcer_config c = {
		.audio_uri = uri, .language = "de", .second_language = "en", .volume = 50
	};
	struct announcer *a;
	struct wav w;

	assert_int_equal(announcer_start(&c, &a), 0);
	announcer_enqueue(a, "A 042", "Platz 3");
	announcer_stop(a);
	read_wav(path, &w);
	assert_true((double)w.n / w.rate > 5.0);
	free(w.pcm);
	unlink(path);
	c.second_language = "xx";
	assert_int_equal(announcer_start(&c, &a), -ENOTSUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phrase_speaks_the_number_without_leading_zeros),
		cmocka_unit_test(gong_rings_and_fades),
		cmocka_unit_test(two_calls_are_announced_in_full_one_after_another),
		cmocka_unit_test(second_language_lengthens_the_announcement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
