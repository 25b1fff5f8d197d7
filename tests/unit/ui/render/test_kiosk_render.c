/* Headless renders of the kiosk's screens compared with committed golden images: every
 * screen in German at 1920×1080, every screen in Arabic (right to left) at 1280×800 and the
 * result screen in every language. Every screen in every language is also written to
 * $CIVIQ_OUT_DIR/kiosk as an artifact. CIVIQ_UPDATE_GOLDEN=1 rewrites the goldens. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "golden.h"

#include "ui/display_view.h"
#include "ui/kiosk_view.h"

static const struct kiosk_service services[] = {
	{ "meldewesen",
	  "A",
	  { "Meldewesen", "Registration", "Nüfus kaydı", "تسجيل السكن",
	    "Реєстрація місця проживання", "Регистрация по месту жительства" },
	  true },
	{ "ausweise",
	  "B",
	  { "Pass- und Ausweiswesen", "Passports and ID cards", "Pasaport ve kimlik kartları",
	    "جوازات السفر وبطاقات الهوية", "Паспорти та посвідчення", "Паспорта и удостоверения" },
	  true },
	{ "kfz",
	  "C",
	  { "Kfz-Zulassung", "Vehicle registration", "Araç tescili", "تسجيل المركبات",
	    "Реєстрація транспорту", "Регистрация транспорта" },
	  true },
};

static void flow_on(struct kiosk_flow *f, enum kiosk_screen s, enum kiosk_lang lang,
                    enum kiosk_error e)
{
	struct kiosk_flow_options o = { .card_enabled = true };
	kiosk_flow_init(f, &o);
	f->screen = s;
	f->lang = lang;
	memcpy(f->services, services, sizeof(services));
	f->n_services = 3;
	snprintf(f->code, sizeof(f->code), "ERIKA-1");
	snprintf(f->can, sizeof(f->can), "1234");
	f->progress = 55;
	snprintf(f->ticket.number, sizeof(f->ticket.number), "A 042");
	snprintf(f->ticket.service, sizeof(f->ticket.service), "meldewesen");
	f->ticket.people_ahead = 4;
	f->ticket.wait_min = 17;
	f->error = e;
	snprintf(f->window_opens, sizeof(f->window_opens), "09:30");
	snprintf(f->window_closes, sizeof(f->window_closes), "10:10");
}

static void render(const struct kiosk_flow *f, int w, int h, struct ui_image *out)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	assert_non_null(surf);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(r);
	struct kiosk_view *v;
	struct kiosk_view_options o = { .office = "Bürgerbüro Musterstadt",
		                        .locale_dir = getenv("CIVIQ_LOCALE_DIR") };
	assert_int_equal(kiosk_view_new(r, &o, &v), 0);
	assert_int_equal(kiosk_view_catalogs(v), KIOSK_LANG_COUNT);
	assert_int_equal(kiosk_view_draw(v, f, false), 0);
	assert_int_equal(display_view_capture(r, out), 0);
	kiosk_view_free(v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

static void check(const struct kiosk_flow *f, int w, int h, const char *name)
{
	struct ui_image img;
	char golden[128];
	snprintf(golden, sizeof(golden), "kiosk_%s", name);
	render(f, w, h, &img);
	assert_int_equal(golden_compare(&img, golden, true), 0);
	ui_image_free(&img);
}

static void every_german_screen_matches_golden(void **state)
{
	(void)state;
	struct kiosk_flow f;
	char name[64];
	for (int s = 0; s < KS_COUNT; s++) {
		flow_on(&f, (enum kiosk_screen)s, KIOSK_LANG_DE, KE_NO_BOOKING);
		snprintf(name, sizeof(name), "de_%s", kiosk_screen_name((enum kiosk_screen)s));
		check(&f, 1920, 1080, name);
	}
	/* the states within screens that look different */
	flow_on(&f, KS_ERROR, KIOSK_LANG_DE, KE_TOO_EARLY);
	check(&f, 1920, 1080, "de_error_too_early");
	flow_on(&f, KS_ERROR, KIOSK_LANG_DE, KE_WRONG_CAN);
	check(&f, 1920, 1080, "de_error_wrong_can");
	flow_on(&f, KS_RESULT, KIOSK_LANG_DE, KE_NONE);
	f.ticket.offline = true;
	f.paper_out = true;
	check(&f, 1920, 1080, "de_result_offline_paper_out");
	flow_on(&f, KS_CODE, KIOSK_LANG_DE, KE_NONE);
	f.warning = true;
	f.large_text = true;
	check(&f, 1920, 1080, "de_code_warning_large");
}

static void every_arabic_screen_matches_golden(void **state)
{
	(void)state;
	struct kiosk_flow f;
	char name[64];
	for (int s = 0; s < KS_COUNT; s++) {
		flow_on(&f, (enum kiosk_screen)s, KIOSK_LANG_AR, KE_TOO_EARLY);
		snprintf(name, sizeof(name), "ar_%s", kiosk_screen_name((enum kiosk_screen)s));
		check(&f, 1280, 800, name);
	}
}

static void result_in_every_language_matches_golden(void **state)
{
	(void)state;
	struct kiosk_flow f;
	char name[64];
	for (int l = 0; l < KIOSK_LANG_COUNT; l++) {
		flow_on(&f, KS_RESULT, (enum kiosk_lang)l, KE_NONE);
		snprintf(name, sizeof(name), "%s_result_1280", kiosk_lang_code((enum kiosk_lang)l));
		check(&f, 1280, 800, name);
	}
}

static void altered_render_fails_the_comparison(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct ui_image img;
	if (getenv("CIVIQ_UPDATE_GOLDEN"))
		skip();
	/* one digit of the number differs */
	flow_on(&f, KS_RESULT, KIOSK_LANG_DE, KE_NONE);
	snprintf(f.ticket.number, sizeof(f.ticket.number), "A 043");
	render(&f, 1920, 1080, &img);
	assert_true(golden_compare(&img, "kiosk_de_result", false) > 0);
	ui_image_free(&img);
	/* Arabic drawn left to right would not match the mirrored golden */
	flow_on(&f, KS_CHOICE, KIOSK_LANG_DE, KE_NONE);
	render(&f, 1280, 800, &img);
	assert_true(golden_compare(&img, "kiosk_ar_choice", false) > 0);
	ui_image_free(&img);
}

static void every_screen_in_every_language_is_saved(void **state)
{
	(void)state;
	const char *odir = getenv("CIVIQ_OUT_DIR");
	struct kiosk_flow f;
	struct ui_image img;
	char path[600];
	if (!odir)
		skip();
	mkdir(odir, 0755);
	snprintf(path, sizeof(path), "%s/kiosk", odir);
	mkdir(path, 0755);
	for (int l = 0; l < KIOSK_LANG_COUNT; l++)
		for (int s = 0; s < KS_COUNT; s++) {
			flow_on(&f, (enum kiosk_screen)s, (enum kiosk_lang)l, KE_NO_BOOKING);
			render(&f, 1280, 800, &img);
			snprintf(path, sizeof(path), "%s/kiosk/%s_%s.png", odir,
			         kiosk_lang_code((enum kiosk_lang)l),
			         kiosk_screen_name((enum kiosk_screen)s));
			assert_int_equal(ui_image_write_png(&img, path), 0);
			ui_image_free(&img);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_german_screen_matches_golden),
		cmocka_unit_test(every_arabic_screen_matches_golden),
		cmocka_unit_test(result_in_every_language_matches_golden),
		cmocka_unit_test(altered_render_fails_the_comparison),
		cmocka_unit_test(every_screen_in_every_language_is_saved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
