#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ui/layout.h"

static int inside(struct ui_rect r, int w, int h)
{
	return r.x >= 0 && r.y >= 0 && r.w > 0 && r.h > 0 && r.x + r.w <= w && r.y + r.h <= h;
}

static int overlap(struct ui_rect a, struct ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void check_sane(const struct display_layout *l)
{
	const struct ui_rect parts[] = { l->header, l->current, l->history, l->side, l->ticker };
	for (size_t i = 0; i < 5; i++) {
		assert_true(inside(parts[i], l->w, l->h));
		for (size_t j = i + 1; j < 5; j++)
			assert_false(overlap(parts[i], parts[j]));
	}
	assert_true(inside(l->status, l->w, l->h));
	assert_true(l->row_h * (int)(l->history_rows + 1) <= l->history.h);
	assert_true(l->font_large <= l->row_h);
}

static void landscape_full_hd_uses_the_design_sizes(void **state)
{
	(void)state;
	struct display_layout l;

	display_layout_compute(&l, 1920, 1080, LAYOUT_AUTO, 8);
	assert_int_equal(l.orientation, LAYOUT_LANDSCAPE);
	assert_int_equal(l.header.h, 110);
	assert_int_equal(l.font_huge, 200);
	assert_true(l.side.x > l.current.x + l.current.w - 1);
	check_sane(&l);
}

static void portrait_stacks_the_parts(void **state)
{
	(void)state;
	struct display_layout l;

	display_layout_compute(&l, 1080, 1920, LAYOUT_AUTO, 8);
	assert_int_equal(l.orientation, LAYOUT_PORTRAIT);
	assert_true(l.current.y < l.history.y);
	assert_true(l.history.y < l.side.y);
	assert_int_equal(l.current.w, 1080);
	check_sane(&l);
}

static void layouts_scale_to_other_sizes(void **state)
{
	(void)state;
	struct display_layout l;
	static const int sizes[][2] = { { 1280, 720 }, { 3840, 2160 }, { 1024, 768 },
		                        { 800, 1280 }, { 800, 480 },   { 2160, 3840 } };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (size_t rows = 1; rows <= 16; rows += 5) {
			display_layout_compute(&l, sizes[i][0], sizes[i][1], LAYOUT_AUTO, rows);
			check_sane(&l);
		}
	}
	display_layout_compute(&l, 3840, 2160, LAYOUT_LANDSCAPE, 8);
	assert_int_equal(l.font_huge, 400);
	assert_int_equal(l.header.h, 220);
}

static void orientation_can_be_forced(void **state)
{
	(void)state;
	struct display_layout l;
	enum layout_orientation o;

	display_layout_compute(&l, 1920, 1080, LAYOUT_PORTRAIT, 8);
	assert_int_equal(l.orientation, LAYOUT_PORTRAIT);
	assert_int_equal(layout_orientation_parse("portrait", &o), 0);
	assert_int_equal(o, LAYOUT_PORTRAIT);
	assert_true(layout_orientation_parse("sideways", &o) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(landscape_full_hd_uses_the_design_sizes),
		cmocka_unit_test(portrait_stacks_the_parts),
		cmocka_unit_test(layouts_scale_to_other_sizes),
		cmocka_unit_test(orientation_can_be_forced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
