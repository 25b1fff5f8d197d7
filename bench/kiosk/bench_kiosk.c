/* civiq-bench-kiosk: frame time of every kiosk screen (software renderer, as on a board
 * without GPU), tap-to-screen latency (touch event → flow → layout → drawn frame) and RSS.
 *   civiq-bench-kiosk [WxH] [frames]   (default 1920x1080, 60 frames per screen) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/kiosk_view.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static long status_kb(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static const struct kiosk_service services[] = {
	{ "meldewesen",
	  "A",
	  { "Meldewesen", "Registration", "Nüfus kaydı", "تسجيل السكن", "Реєстрація",
	    "Регистрация" },
	  true },
	{ "ausweise",
	  "B",
	  { "Pass- und Ausweiswesen", "Passports and ID cards", "", "", "", "" },
	  true },
};

int main(int argc, char **argv)
{
	int w = 1920, h = 1080, frames = argc > 2 ? atoi(argv[2]) : 60;
	if (argc > 1 && sscanf(argv[1], "%dx%d", &w, &h) != 2)
		return 2;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	struct kiosk_view *v;
	struct kiosk_view_options o = { .office = "Bürgerbüro Musterstadt",
		                        .locale_dir = CIVIQ_LOCALE_DIR };
	if (!r || kiosk_view_new(r, &o, &v)) {
		fprintf(stderr, "no renderer or fonts\n");
		return 1;
	}
	double *t = calloc((size_t)frames, sizeof(double));
	printf("civiq-kiosk screens at %dx%d, software renderer, %d frames each\n", w, h, frames);
	printf("%-12s %10s %10s %10s\n", "screen", "first ms", "median ms", "p95 ms");
	for (int lang = 0; lang < KIOSK_LANG_COUNT; lang += 3) {
		for (int s = 0; s < KS_COUNT; s++) {
			struct kiosk_flow f;
			struct kiosk_flow_options fo = { .card_enabled = true };
			kiosk_flow_init(&f, &fo);
			f.screen = (enum kiosk_screen)s;
			f.lang = (enum kiosk_lang)lang;
			memcpy(f.services, services, sizeof(services));
			f.n_services = 2;
			snprintf(f.ticket.number, sizeof(f.ticket.number), "A 042");
			f.ticket.people_ahead = 3;
			f.error = KE_NO_BOOKING;
			double first = 0;
			for (int i = 0; i < frames; i++) {
				double t0 = now_ms();
				kiosk_view_draw(v, &f, false);
				SDL_RenderPresent(r);
				t[i] = now_ms() - t0;
				if (i == 0)
					first = t[i];
			}
			qsort(t, (size_t)frames, sizeof(double), cmp);
			char name[32];
			snprintf(name, sizeof(name), "%s/%s",
			         kiosk_lang_code((enum kiosk_lang)lang),
			         kiosk_screen_name((enum kiosk_screen)s));
			printf("%-16s %6.2f %10.3f %10.3f\n", name, first, t[frames / 2],
			       t[frames * 95 / 100]);
		}
	}
	/* tap → screen: a tap on "no appointment" until the service menu is drawn */
	int n = frames;
	for (int i = 0; i < n; i++) {
		struct kiosk_flow f;
		kiosk_flow_init(&f, NULL);
		f.screen = KS_CHOICE;
		kiosk_view_draw(v, &f, false);
		const struct kiosk_widget *b =
		    kiosk_layout_hit(kiosk_view_layout(v), w / 2, h * 600 / 1080);
		double t0 = now_ms();
		struct kiosk_event ev = { .type = KEV_BUTTON, .button = b ? b->button : KB_NONE };
		kiosk_flow_event(&f, &ev);
		kiosk_view_draw(v, &f, false);
		SDL_RenderPresent(r);
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof(double), cmp);
	printf("tap -> next screen drawn: median %.3f ms, p95 %.3f ms\n", t[n / 2],
	       t[n * 95 / 100]);
	printf("RSS %ld kB (peak %ld kB)\n", status_kb("VmRSS:"), status_kb("VmHWM:"));
	free(t);
	kiosk_view_free(v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
	return 0;
}
