/* gong.c — "ding-dong": two struck tones, each a sum of inharmonic partials that decay. */
#include "gong.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define GONG_SECONDS 2.2

struct partial {
	double ratio, amp, decay; /* frequency ratio to the fundamental, amplitude, 1/s */
};

static const struct partial bell[] = {
	{ 1.0, 1.0, 2.2 },   { 2.0, 0.5, 3.0 },  { 2.76, 0.3, 4.5 },
	{ 4.07, 0.15, 6.0 }, { 5.4, 0.08, 8.0 },
};

static double strike(double f0, double t)
{
	double v = 0;

	if (t < 0)
		return 0;
	for (size_t i = 0; i < sizeof(bell) / sizeof(bell[0]); i++)
		v += bell[i].amp * exp(-bell[i].decay * t) * sin(2 * M_PI * f0 * bell[i].ratio * t);
	/* A 5 ms attack avoids a click. */
	return t < 0.005 ? v * t / 0.005 : v;
}

int gong_synth(int rate, int16_t **out, size_t *frames)
{
	size_t n = (size_t)(GONG_SECONDS * rate);
	int16_t *pcm = malloc(n * sizeof(*pcm));

	if (!pcm)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate;
		double v = 0.5 * strike(659.25, t) + 0.5 * strike(523.25, t - 0.6); /* E5, C5 */
		/* Fade the tail out over the last 0.2 s. */
		double left = GONG_SECONDS - t;
		if (left < 0.2)
			v *= left / 0.2;
		pcm[i] = (int16_t)lrint(v * 0.55 * 32767);
	}
	*out = pcm;
	*frames = n;
	return 0;
}
