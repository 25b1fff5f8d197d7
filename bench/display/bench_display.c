/* civiq-bench-display — frame render time of the calling display at 1080p with 10 calls on
 * screen (SDL's software renderer into memory: the worst case, a board without a GPU), and the
 * process's memory. Prints its figures; `latency.py` next to it measures event -> frame.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/display_view.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static void run(int w, int h, int frames)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	struct display_view *v;
	struct display_state s;
	struct display_call calls[10];
	double *t = malloc(sizeof(double) * (size_t)frames);

	if (!r || !t || display_view_new(r, NULL, &v)) {
		fprintf(stderr, "bench: no renderer or fonts\n");
		exit(1);
	}
	display_state_init(&s);
	s.history_max = 9;
	display_state_set_office(&s, "Bürgerbüro Musterstadt");
	display_state_set_connected(&s, true);
	display_state_set_waiting(&s, "meldewesen", "Meldewesen", 7);
	display_state_set_waiting(&s, "ausweise", "Pass- und Ausweiswesen", 12);
	display_state_set_waiting(&s, "kfz", "Kfz-Zulassung", 3);
	display_state_set_wait(&s, "meldewesen", 1330);
	display_state_set_wait(&s, "ausweise", 2700);
	for (int i = 0; i < 10; i++) {
		memset(&calls[i], 0, sizeof(calls[i]));
		snprintf(calls[i].number, sizeof(calls[i].number), "%c %03d", 'A' + i % 3, 40 - i);
		calls[i].counter = i % 4 + 1;
		snprintf(calls[i].counter_label, sizeof(calls[i].counter_label), "Platz %d",
		         i % 4 + 1);
	}
	display_state_reload(&s, calls + 1, 9, 1);
	display_state_call(&s, &calls[0], 0);

	double t0 = now_ms();
	display_view_draw(v, &s, 0, "09:41");
	double cold = now_ms() - t0;
	for (int i = 0; i < frames; i++) {
		/* Alternate the blink phases, as the display does while a call blinks. */
		int64_t at = (i % 2) ? 700 : 100;
		t0 = now_ms();
		display_view_draw(v, &s, at, "09:41");
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)frames, sizeof(double), cmp);
	printf("%dx%d, 10 calls: first frame %.2f ms; frame median %.3f ms, p99 %.3f ms (%d "
	       "frames)\n",
	       w, h, cold, t[frames / 2], t[frames * 99 / 100], frames);
	display_view_free(v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
	free(t);
}

int main(int argc, char **argv)
{
	int frames = argc > 1 ? atoi(argv[1]) : 300;

	if (frames < 10)
		frames = 10;
	run(1920, 1080, frames);
	run(1080, 1920, frames);
	printf("RSS %ld kB (peak %ld kB)\n", status_kb("VmRSS:"), status_kb("VmHWM:"));
	return 0;
}
