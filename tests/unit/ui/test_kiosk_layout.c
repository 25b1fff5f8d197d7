/* The kiosk's screens as laid out for touch: every screen in every language and size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/kiosk_layout.h"

/* 18 mm on a 21.5" 1920×1080 panel (0.248 mm per pixel) are 73 px; on a 10.1" 1280×800
 * panel (0.17 mm per pixel) 106 px would be needed — tablets of that size are not used as
 * kiosks, so the same 72 px floor is checked there. */
#define MIN_TARGET_PX 72

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
	{ "kfz", "C", { "Kfz-Zulassung", "", "", "", "", "" }, false },
};

/* A flow showing `screen` with plausible content. */
static void flow_on(struct kiosk_flow *f, enum kiosk_screen screen, enum kiosk_lang lang,
                    enum kiosk_error e)
{
	struct kiosk_flow_options o = { .card_enabled = true, .priority_enabled = true };
	kiosk_flow_init(f, &o);
	f->priority_request = true;
	f->screen = screen;
	f->lang = lang;
	memcpy(f->services, services, sizeof(services));
	f->n_services = 3;
	snprintf(f->code, sizeof(f->code), "ABC-12");
	snprintf(f->can, sizeof(f->can), "123");
	f->progress = 40;
	snprintf(f->ticket.number, sizeof(f->ticket.number), "A 042");
	snprintf(f->ticket.service, sizeof(f->ticket.service), "meldewesen");
	f->ticket.people_ahead = 4;
	f->ticket.wait_min = 17;
	f->error = e;
	snprintf(f->window_opens, sizeof(f->window_opens), "09:30");
}

static const struct kiosk_layout_info info = { .office = "Bürgerbüro Musterstadt" };

static bool overlaps(const struct ui_rect *a, const struct ui_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static void check_layout(const struct kiosk_layout *l)
{
	size_t targets = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct kiosk_widget *w = &l->w_[i];
		assert_true(w->r.x >= 0 && w->r.y >= 0);
		assert_true(w->r.x + w->r.w <= l->w && w->r.y + w->r.h <= l->h);
		if (w->button == KB_NONE || w->kind == KW_PANEL)
			continue;
		targets++;
		assert_true(w->r.w >= MIN_TARGET_PX);
		assert_true(w->r.h >= MIN_TARGET_PX);
		/* every target is reached by a tap at its centre */
		if (kiosk_layout_hit(l, w->r.x + w->r.w / 2, w->r.y + w->r.h / 2) != w)
			fprintf(stderr, "covered: '%s' (%d,%d %dx%d)\n", w->text, w->r.x, w->r.y,
			        w->r.w, w->r.h);
		assert_ptr_equal(kiosk_layout_hit(l, w->r.x + w->r.w / 2, w->r.y + w->r.h / 2), w);
		for (size_t j = i + 1; j < l->n; j++) {
			const struct kiosk_widget *o = &l->w_[j];
			if (o->button != KB_NONE && o->kind != KW_PANEL)
				assert_false(overlaps(&w->r, &o->r));
		}
	}
	assert_true(targets > 0);
}

static void every_screen_has_large_separate_touch_targets(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 1920, 1080 }, { 1280, 800 }, { 1366, 768 } };
	struct kiosk_flow f;
	struct kiosk_layout l;

	for (int s = 0; s < KS_COUNT; s++)
		for (int lang = 0; lang < KIOSK_LANG_COUNT; lang++)
			for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
				for (int large = 0; large < 2; large++) {
					flow_on(&f, (enum kiosk_screen)s, (enum kiosk_lang)lang,
					        KE_NO_BOOKING);
					f.large_text = large;
					kiosk_layout_compute(&l, &f, sizes[z][0], sizes[z][1],
					                     &info);
					check_layout(&l);
				}
}

static void every_error_screen_offers_a_way_on(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	for (int e = KE_NO_BOOKING; e < KE_INTERNAL; e++) {
		flow_on(&f, KS_ERROR, KIOSK_LANG_DE, (enum kiosk_error)e);
		kiosk_layout_compute(&l, &f, 1920, 1080, &info);
		check_layout(&l);
		assert_non_null(kiosk_layout_find(&l, KB_HOME, -1));
		assert_string_not_equal(kiosk_error_title((enum kiosk_error)e),
		                        "Something went wrong");
	}
	flow_on(&f, KS_ERROR, KIOSK_LANG_EN, KE_TOO_EARLY);
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	bool window = false;
	for (size_t i = 0; i < l.n; i++)
		window |= strstr(l.w_[i].text, "09:30") != NULL;
	assert_true(window);
	flow_on(&f, KS_ERROR, KIOSK_LANG_EN, KE_WRONG_CAN);
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_non_null(kiosk_layout_find(&l, KB_RETRY, -1));
	assert_non_null(kiosk_layout_find(&l, KB_USE_CODE, -1));
}

static void arabic_mirrors_the_screen_but_not_the_keypad(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout ltr, rtl;

	flow_on(&f, KS_CODE, KIOSK_LANG_DE, KE_NONE);
	kiosk_layout_compute(&ltr, &f, 1920, 1080, &info);
	flow_on(&f, KS_CODE, KIOSK_LANG_AR, KE_NONE);
	kiosk_layout_compute(&rtl, &f, 1920, 1080, &info);
	assert_true(rtl.rtl);
	const struct kiosk_widget *b1 = kiosk_layout_find(&ltr, KB_BACK, -1);
	const struct kiosk_widget *b2 = kiosk_layout_find(&rtl, KB_BACK, -1);
	assert_true(b1->r.x < 960);
	assert_true(b2->r.x > 960);
	assert_int_equal(b2->r.x, 1920 - b1->r.x - b1->r.w);
	const struct kiosk_widget *q1 = kiosk_layout_find(&ltr, KB_KEY, 'Q');
	const struct kiosk_widget *q2 = kiosk_layout_find(&rtl, KB_KEY, 'Q');
	assert_memory_equal(&q1->r, &q2->r, sizeof(q1->r));
	/* titles align to the right */
	for (size_t i = 0; i < rtl.n; i++)
		if (rtl.w_[i].kind == KW_TITLE)
			assert_int_equal(rtl.w_[i].align, UI_ALIGN_RIGHT);
}

static void services_show_in_the_chosen_language(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	flow_on(&f, KS_SERVICES, KIOSK_LANG_TR, KE_NONE);
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_string_equal(kiosk_layout_find(&l, KB_SERVICE, 0)->text, "Nüfus kaydı");
	/* no Turkish name: German */
	assert_string_equal(kiosk_layout_find(&l, KB_SERVICE, 1)->text, "Pass- und Ausweiswesen");
	/* the inactive service is shown but cannot be tapped */
	assert_null(kiosk_layout_find(&l, KB_SERVICE, 2));
	f.busy = true;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_null(kiosk_layout_find(&l, KB_SERVICE, 0));
}

static bool has_text(const struct kiosk_layout *l, const char *part)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->w_[i].text, part))
			return true;
	return false;
}

static void priority_toggle_only_when_offered(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	const struct kiosk_widget *w;

	flow_on(&f, KS_SERVICES, KIOSK_LANG_EN, KE_NONE);
	f.priority_request = false;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	w = kiosk_layout_find(&l, KB_PRIORITY, -1);
	assert_non_null(w);
	assert_string_equal(w->text, "I need priority (e.g. disability, pregnancy)");
	assert_int_equal(w->style, KWS_NORMAL);
	/* on: marked and highlighted */
	f.priority_request = true;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	w = kiosk_layout_find(&l, KB_PRIORITY, -1);
	assert_string_equal(w->text, "\xe2\x9c\x93 I need priority (e.g. disability, pregnancy)");
	assert_int_equal(w->style, KWS_PRIMARY);
	/* the result says it went to the staff; offline, to ask at the counter */
	f.screen = KS_RESULT;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_true(has_text(&l, "passed on to the staff"));
	f.ticket.offline = true;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_false(has_text(&l, "passed on to the staff"));
	assert_true(has_text(&l, "ask for priority at the counter"));
	/* not offered: no toggle */
	f.opt.priority_enabled = false;
	f.priority_request = false;
	f.screen = KS_SERVICES;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	assert_null(kiosk_layout_find(&l, KB_PRIORITY, -1));
}

static void result_shows_number_wait_and_offline(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	bool number = false, wait = false, unknown = false;

	flow_on(&f, KS_RESULT, KIOSK_LANG_EN, KE_NONE);
	kiosk_layout_compute(&l, &f, 1280, 800, &info);
	for (size_t i = 0; i < l.n; i++) {
		number |= l.w_[i].kind == KW_NUMBER && !strcmp(l.w_[i].text, "A 042");
		wait |= strstr(l.w_[i].text, "4") && strstr(l.w_[i].text, "17 min");
	}
	assert_true(number && wait);
	f.ticket.offline = true;
	f.paper_out = true;
	kiosk_layout_compute(&l, &f, 1280, 800, &info);
	number = false;
	for (size_t i = 0; i < l.n; i++) {
		unknown |= strstr(l.w_[i].text, "unavailable") != NULL;
		number |= strstr(l.w_[i].text, "note your number") != NULL;
	}
	assert_true(unknown && number);
	/* while printing there is no "done" to tap */
	f.printing = true;
	kiosk_layout_compute(&l, &f, 1280, 800, &info);
	assert_null(kiosk_layout_find(&l, KB_OK, -1));
}

static void warning_panel_lies_on_top(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	flow_on(&f, KS_CHOICE, KIOSK_LANG_DE, KE_NONE);
	f.warning = true;
	kiosk_layout_compute(&l, &f, 1920, 1080, &info);
	const struct kiosk_widget *more = kiosk_layout_find(&l, KB_MORE_TIME, 0);
	assert_non_null(more);
	/* a tap in the panel's middle asks for more time, not for an appointment below it */
	const struct kiosk_widget *hit = kiosk_layout_hit(&l, 960, 420);
	assert_non_null(hit);
	assert_int_equal(hit->button, KB_MORE_TIME);
}

static const char *shout(void *ctx, const char *msgid)
{
	(void)ctx;
	return !strcmp(msgid, "Back") ? "ZURÜCK" : msgid;
}

static void texts_go_through_the_translation(void **state)
{
	(void)state;
	struct kiosk_flow f;
	struct kiosk_layout l;
	struct kiosk_layout_info i = { .office = "X", .tr = shout };
	flow_on(&f, KS_CHOICE, KIOSK_LANG_DE, KE_NONE);
	kiosk_layout_compute(&l, &f, 1920, 1080, &i);
	assert_string_equal(kiosk_layout_find(&l, KB_BACK, -1)->text, "ZURÜCK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_screen_has_large_separate_touch_targets),
		cmocka_unit_test(every_error_screen_offers_a_way_on),
		cmocka_unit_test(arabic_mirrors_the_screen_but_not_the_keypad),
		cmocka_unit_test(services_show_in_the_chosen_language),
		cmocka_unit_test(priority_toggle_only_when_offered),
		cmocka_unit_test(result_shows_number_wait_and_offline),
		cmocka_unit_test(warning_panel_lies_on_top),
		cmocka_unit_test(texts_go_through_the_translation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
