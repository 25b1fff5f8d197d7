/* Headless renders of the calling display compared with committed golden images.
 *
 * The software renderer draws onto a memory surface (no window, no GPU), so the pictures are
 * the same on every machine with the same fonts. On a mismatch the actual picture is written
 * to $CIVIQ_OUT_DIR; CIVIQ_UPDATE_GOLDEN=1 rewrites the goldens instead.
 */
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
#include "ui/text.h"

static const struct display_call calls[] = {
	{ "A 042", 3, "Platz 3", "meldewesen" }, { "B 017", 1, "Platz 1", "ausweise" },
	{ "C 005", 4, "Raum 1.12", "kfz" },      { "A 041", 2, "Platz 2", "meldewesen" },
	{ "B 016", 3, "Platz 3", "ausweise" },   { "A 040", 1, "Platz 1", "meldewesen" },
	{ "C 004", 4, "Raum 1.12", "kfz" },      { "A 039", 2, "Platz 2", "meldewesen" },
	{ "B 015", 1, "Platz 1", "ausweise" },
};

static void base_state(struct display_state *s)
{
	display_state_init(s);
	display_state_set_office(s, "Bürgerbüro Musterstadt");
	display_state_set_connected(s, true);
	display_state_set_ticker(s, "Bitte halten Sie Ihren Ausweis bereit.");
	display_state_set_waiting(s, "meldewesen", "Meldewesen", 7);
	display_state_set_waiting(s, "ausweise", "Pass- und Ausweiswesen", 12);
	display_state_set_waiting(s, "kfz", "Kfz-Zulassung", 3);
	display_state_set_wait(s, "meldewesen", 1330); /* "ca. 20 Min." */
	display_state_set_wait(s, "ausweise", 2700);
	/* kfz: no estimate (no open counter) */
}

static const char *render_language = "de";

static void with_history(struct display_state *s, size_t n)
{
	struct display_call list[16];
	for (size_t i = 0; i < n; i++)
		list[i] = calls[(i + 1) % (sizeof(calls) / sizeof(calls[0]))];
	display_state_reload(s, list, n, 1);
}

/* Renders `s` at w×h and returns the picture. */
static void render(const struct display_state *s, int w, int h, enum layout_orientation o,
                   int64_t now, struct ui_image *out)
{
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
	assert_non_null(surf);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(r);
	struct display_view *v;
	struct display_view_options opt = { .orientation = o, .language = render_language };
	assert_int_equal(display_view_new(r, &opt, &v), 0);
	assert_int_equal(display_view_draw(v, s, now, "09:41"), 0);
	assert_int_equal(display_view_capture(r, out), 0);
	assert_int_equal(out->w, w);
	display_view_free(v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

static void check(const struct display_state *s, int w, int h, enum layout_orientation o,
                  int64_t now, const char *name)
{
	struct ui_image img;
	render(s, w, h, o, now, &img);
	assert_int_equal(golden_compare(&img, name, true), 0);
	ui_image_free(&img);
}

static void empty_screen_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	check(&s, 1920, 1080, LAYOUT_AUTO, 0, "empty");
}

static void one_call_blinking_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	display_state_call(&s, &calls[0], 0);
	check(&s, 1920, 1080, LAYOUT_AUTO, 100, "one_call_on");
	check(&s, 1920, 1080, LAYOUT_AUTO, 700, "one_call_off");
}

static void full_history_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	with_history(&s, 8);
	display_state_call(&s, &calls[0], 0);
	check(&s, 1920, 1080, LAYOUT_AUTO, 100, "full_history");
}

static void disconnected_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	with_history(&s, 5);
	display_state_set_connected(&s, false);
	check(&s, 1920, 1080, LAYOUT_AUTO, 0, "disconnected");
}

static void portrait_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	with_history(&s, 8);
	display_state_call(&s, &calls[0], 0);
	check(&s, 1080, 1920, LAYOUT_AUTO, 100, "portrait");
}

static void closed_message_matches_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	display_state_set_message(&s,
	                          "Das Bürgerbüro ist geschlossen. Öffnungszeiten: 08:00-18:00");
	check(&s, 1920, 1080, LAYOUT_AUTO, 0, "closed");
}

static void turkish_labels_match_golden(void **state)
{
	(void)state;
	struct display_state s;
	base_state(&s);
	with_history(&s, 3);
	display_state_call(&s, &calls[0], 0);
	render_language = "tr";
	check(&s, 1920, 1080, LAYOUT_AUTO, 100, "turkish");
	render_language = "de";
}

static void altered_render_fails_the_comparison(void **state)
{
	(void)state;
	struct display_state s;
	struct display_call wrong = calls[0];
	struct ui_image img;

	if (getenv("CIVIQ_UPDATE_GOLDEN"))
		skip();
	/* One digit and the counter differ from the golden: the comparison must notice. */
	base_state(&s);
	snprintf(wrong.number, sizeof(wrong.number), "A 043");
	display_state_call(&s, &wrong, 0);
	render(&s, 1920, 1080, LAYOUT_AUTO, 100, &img);
	assert_true(golden_compare(&img, "one_call_on", false) > 0);
	ui_image_free(&img);
	/* So must a missing connection mark. */
	base_state(&s);
	with_history(&s, 5);
	render(&s, 1920, 1080, LAYOUT_AUTO, 0, &img);
	assert_true(golden_compare(&img, "disconnected", false) > 0);
	ui_image_free(&img);
	/* And missing wait estimates. */
	base_state(&s);
	display_state_set_wait(&s, "meldewesen", -1);
	display_state_set_wait(&s, "ausweise", -1);
	render(&s, 1920, 1080, LAYOUT_AUTO, 0, &img);
	assert_true(golden_compare(&img, "empty", false) > 0);
	ui_image_free(&img);
}

static void scaled_render_keeps_every_part_on_screen(void **state)
{
	(void)state;
	struct display_state s;
	struct ui_image img;
	base_state(&s);
	with_history(&s, 8);
	display_state_call(&s, &calls[0], 0);
	/* 1280×720 and 800×1280: nothing to compare with, but the call's colour must show. */
	static const int sizes[][2] = { { 1280, 720 }, { 800, 1280 } };
	for (size_t k = 0; k < 2; k++) {
		render(&s, sizes[k][0], sizes[k][1], LAYOUT_AUTO, 100, &img);
		size_t accent = 0;
		for (size_t i = 0; i < (size_t)img.w * (size_t)img.h; i++)
			accent += img.rgba[i * 4] == 0xff && img.rgba[i * 4 + 1] == 0xd2 &&
			          img.rgba[i * 4 + 2] == 0;
		assert_true(accent > (size_t)img.w * (size_t)img.h / 20);
		ui_image_free(&img);
	}
}

static void text_cache_keeps_to_its_budget(void **state)
{
	(void)state;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 640, 480, 32, SDL_PIXELFORMAT_RGBA32);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	struct ui_text *t;
	unsigned long rendered, hits;
	static const SDL_Color yellow = { 0xff, 0xd2, 0x00, 0xff },
	                       blue = { 0x0b, 0x1f, 0x33, 0xff };

	assert_int_equal(ui_text_new(r, UI_FONT_DIR_DEFAULT "/DejaVuSans.ttf",
	                             UI_FONT_DIR_DEFAULT "/DejaVuSans-Bold.ttf", &t),
	                 0);
	/* A steady screen renders each text once; another colour is another texture. */
	ui_text_draw(t, UI_FONT_BOLD, 120, yellow, "A 042", 0, 0, 640, 200, UI_ALIGN_LEFT);
	ui_text_draw(t, UI_FONT_BOLD, 120, yellow, "A 042", 0, 0, 640, 200, UI_ALIGN_LEFT);
	ui_text_draw(t, UI_FONT_BOLD, 120, blue, "A 042", 0, 0, 640, 200, UI_ALIGN_LEFT);
	ui_text_stats(t, &rendered, &hits);
	assert_int_equal(rendered, 2);
	assert_int_equal(hits, 1);
	/* A day of different numbers stays within the budget. */
	ui_text_set_cache_budget(t, 1u << 20);
	for (int i = 0; i < 300; i++) {
		char n[16];
		snprintf(n, sizeof(n), "A %03d", i);
		assert_int_equal(
		    ui_text_draw(t, UI_FONT_BOLD, 120, yellow, n, 0, 0, 640, 200, UI_ALIGN_LEFT),
		    0);
		assert_true(ui_text_cache_bytes(t) <= 1u << 20);
	}
	ui_text_stats(t, &rendered, &hits);
	assert_int_equal(rendered, 302);
	assert_true(ui_text_cache_bytes(t) > 0);
	ui_text_free(t);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_screen_matches_golden),
		cmocka_unit_test(one_call_blinking_matches_golden),
		cmocka_unit_test(full_history_matches_golden),
		cmocka_unit_test(disconnected_matches_golden),
		cmocka_unit_test(portrait_matches_golden),
		cmocka_unit_test(closed_message_matches_golden),
		cmocka_unit_test(turkish_labels_match_golden),
		cmocka_unit_test(altered_render_fails_the_comparison),
		cmocka_unit_test(scaled_render_keeps_every_part_on_screen),
		cmocka_unit_test(text_cache_keeps_to_its_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
