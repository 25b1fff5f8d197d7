/* The renderer against hand-written byte streams from the ESC/POS command reference, not our
 * encoder's output, so encoder and renderer cannot share a mistake. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escpos_render.h"

struct box {
	int x0, y0, x1, y1; /* inclusive; x0 > x1 when empty */
	long ink;
};

static struct box ink_box(const struct escpos_image *img, int ya, int yb)
{
	struct box b = { img->width, img->height, -1, -1, 0 };
	for (int y = ya; y < yb && y < img->height; y++) {
		for (int x = 0; x < img->width; x++) {
			if (!img->pix[y * img->width + x])
				continue;
			b.ink++;
			b.x0 = x < b.x0 ? x : b.x0;
			b.x1 = x > b.x1 ? x : b.x1;
			b.y0 = y < b.y0 ? y : b.y0;
			b.y1 = y > b.y1 ? y : b.y1;
		}
	}
	return b;
}

#define RENDER(img, rep, lit) \
	escpos_render((const uint8_t *)(lit), sizeof(lit) - 1, 576, (img), (rep))

static struct box render_box(const char *s, size_t n)
{
	struct escpos_image img;
	assert_int_equal(escpos_render((const uint8_t *)s, n, 576, &img, NULL), 0);
	struct box b = ink_box(&img, 0, img.height);
	escpos_image_free(&img);
	return b;
}

#define BOX(lit) render_box((lit), sizeof(lit) - 1)

static void double_size_text_is_twice_as_tall_and_wide(void **state)
{
	(void)state;
	struct box n = BOX("H\n");
	struct box d = BOX("\x1d\x21\x11H\n"); /* GS ! 0x11: width x2, height x2 */
	struct box q = BOX("\x1d\x21\x33H\n"); /* x4 */
	struct box e = BOX("\x1b\x21\x30H\n"); /* ESC ! double height + double width */
	int nh = n.y1 - n.y0 + 1, nw = n.x1 - n.x0 + 1;
	assert_true(nh > 10 && nh <= 24);
	assert_int_equal(d.y1 - d.y0 + 1, 2 * nh);
	assert_int_equal(d.x1 - d.x0 + 1, 2 * nw);
	assert_int_equal(q.y1 - q.y0 + 1, 4 * nh);
	assert_int_equal(q.x1 - q.x0 + 1, 4 * nw);
	assert_int_equal(e.y1 - e.y0 + 1, 2 * nh);
	assert_int_equal(e.ink, d.ink);
	/* Font B (ESC M 1) is smaller than font A. */
	struct box b = BOX("\x1bM\x01H\n");
	assert_true(b.y1 - b.y0 + 1 < nh);
}

static void mixed_sizes_share_a_baseline(void **state)
{
	(void)state;
	struct box b = BOX("H\x1d\x21\x11H\n");
	struct escpos_image img;
	assert_int_equal(RENDER(&img, NULL, "H\x1d\x21\x11H\n"), 0);
	struct box small = ink_box(&img, 0, img.height);
	/* The small H's bottom row is the big H's bottom row. */
	int small_bottom = -1;
	for (int y = 0; y < img.height; y++) {
		for (int x = 0; x < 12; x++) {
			if (img.pix[y * img.width + x])
				small_bottom = y;
		}
	}
	assert_int_equal(small_bottom, small.y1);
	assert_int_equal(b.y1, small.y1);
	escpos_image_free(&img);
}

static void alignment_places_text_left_centre_right(void **state)
{
	(void)state;
	struct box l = BOX("ABC\n");
	struct box c = BOX("\x1b\x61\x01"
	                   "ABC\n");
	struct box r = BOX("\x1b\x61\x32"
	                   "ABC\n"); /* '2' = right, as ASCII digit */
	/* three 12-dot cells: left starts at 0, centre at 270, right ends at 576 */
	assert_true(l.x0 >= 0 && l.x0 < 12);
	assert_true(c.x0 >= 270 && c.x0 < 282);
	assert_true(c.x1 > 294 && c.x1 < 306);
	int mid = (c.x0 + c.x1) / 2;
	assert_true(mid >= 284 && mid <= 292);
	assert_true(r.x1 >= 564 && r.x1 < 576);
	assert_int_equal(c.x1 - c.x0, l.x1 - l.x0);
	assert_int_equal(r.x1 - r.x0, l.x1 - l.x0);
	/* ESC a in the middle of a line waits for the next line. */
	struct box m = BOX("AB\x1b\x61\x01"
	                   "C\n");
	assert_true(m.x0 < 12);
}

static void emphasis_adds_ink_not_height(void **state)
{
	(void)state;
	struct box n = BOX("H\n");
	struct box e = BOX("\x1b\x45\x01H\n");
	assert_true(e.ink > n.ink);
	assert_int_equal(e.y1 - e.y0, n.y1 - n.y0);
	assert_int_equal(e.x1, n.x1 + 1);
	struct box u = BOX("\x1b\x2d\x01 \n"); /* underlined space: a 1-dot line, 12 wide */
	assert_int_equal(u.ink, 12);
}

static void raster_image_is_reproduced_exactly(void **state)
{
	(void)state;
	/* GS v 0 m=0, xL=2 xH=0 (16 dots), yL=3 yH=0 */
	static const char s[] = "\x1d\x76\x30\x00\x02\x00\x03\x00"
	                        "\x80\x01"
	                        "\xf0\x0f"
	                        "\xaa\x55";
	static const char *want[] = { "#..............#", "####........####", "#.#.#.#..#.#.#.#" };
	struct escpos_image img;
	assert_int_equal(RENDER(&img, NULL, s), 0);
	assert_int_equal(img.height, 3);
	for (int y = 0; y < 3; y++) {
		for (int x = 0; x < 576; x++) {
			int ink = x < 16 && want[y][x] == '#';
			assert_int_equal(img.pix[y * 576 + x], ink);
		}
	}
	escpos_image_free(&img);

	/* m=3: quadruple (double width and height); centred by ESC a 1 */
	static const char q[] = "\x1b\x61\x01\x1d\x76\x30\x03\x01\x00\x01\x00\x81";
	assert_int_equal(RENDER(&img, NULL, q), 0);
	assert_int_equal(img.height, 2);
	struct box b = ink_box(&img, 0, 2);
	assert_int_equal(b.ink, 8);  /* two dots, each 2x2 */
	assert_int_equal(b.x0, 280); /* (576 - 16) / 2 */
	assert_int_equal(b.x1, 295);
	escpos_image_free(&img);
}

static int module_dark(const struct escpos_image *img, int x0, int y0, int m, int mx, int my)
{
	int cx = x0 + mx * m + m / 2, cy = y0 + my * m + m / 2;
	return img->pix[cy * img->width + cx];
}

static void finder_at(const struct escpos_image *img, int x0, int y0, int m, int fx, int fy)
{
	for (int y = 0; y < 7; y++) {
		for (int x = 0; x < 7; x++) {
			int ring = x == 0 || x == 6 || y == 0 || y == 6;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			assert_int_equal(module_dark(img, x0, y0, m, fx + x, fy + y), ring || core);
		}
	}
}

static void native_qr_has_model2_modules_at_expected_place(void **state)
{
	(void)state;
	static const char s[] = "\x1b\x61\x01"                          /* centre */
	                        "\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"  /* model 2 */
	                        "\x1d\x28\x6b\x03\x00\x31\x43\x04"      /* module 4 dots */
	                        "\x1d\x28\x6b\x03\x00\x31\x45\x30"      /* level L */
	                        "\x1d\x28\x6b\x08\x00\x31\x50\x30HELLO" /* store 5 bytes */
	                        "\x1d\x28\x6b\x03\x00\x31\x51\x30";     /* print */
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(RENDER(&img, &rep, s), 0);
	assert_int_equal(rep.unknown, 0);
	assert_int_equal(rep.qr_count, 1);
	assert_int_equal(rep.qr[0].modules, 21); /* "HELLO" at level L is version 1 */
	assert_int_equal(rep.qr[0].size, 84);
	assert_int_equal(rep.qr[0].x, (576 - 84) / 2);
	assert_int_equal(rep.qr[0].y, 0);
	struct box b = ink_box(&img, 0, img.height);
	assert_int_equal(b.x0, 246);
	assert_int_equal(b.x1, 246 + 83);
	assert_int_equal(b.y1, 83);
	/* Finder patterns in three corners, separators white, timing pattern alternating. */
	finder_at(&img, 246, 0, 4, 0, 0);
	finder_at(&img, 246, 0, 4, 14, 0);
	finder_at(&img, 246, 0, 4, 0, 14);
	for (int i = 8; i <= 12; i++) {
		assert_int_equal(module_dark(&img, 246, 0, 4, i, 6), i % 2 == 0);
		assert_int_equal(module_dark(&img, 246, 0, 4, 6, i), i % 2 == 0);
	}
	assert_int_equal(module_dark(&img, 246, 0, 4, 7, 7), 0);
	escpos_image_free(&img);

	/* Print without stored data prints nothing. */
	assert_int_equal(RENDER(&img, &rep, "\x1d\x28\x6b\x03\x00\x31\x51\x30"), 0);
	assert_int_equal(rep.qr_count, 0);
	escpos_image_free(&img);
}

static void code_pages_select_the_right_glyphs(void **state)
{
	(void)state;
	struct escpos_image a, b, c;
	assert_int_equal(RENDER(&a, NULL, "\x1b\x74\x13\xd5\n"), 0); /* PC858: euro at D5 */
	assert_int_equal(RENDER(&b, NULL, "\x1b\x74\x10\x80\n"), 0); /* WPC1252: euro at 80 */
	assert_int_equal(RENDER(&c, NULL, "\xd5\n"), 0);             /* PC437 D5: box drawing */
	assert_int_equal(a.height, b.height);
	assert_memory_equal(a.pix, b.pix, (size_t)a.width * (size_t)a.height);
	assert_memory_not_equal(a.pix, c.pix, (size_t)a.width * (size_t)a.height);
	escpos_image_free(&a);
	escpos_image_free(&b);
	escpos_image_free(&c);
}

static void feeds_line_spacing_and_wrapping(void **state)
{
	(void)state;
	struct escpos_image img;
	assert_int_equal(RENDER(&img, NULL, "\n\n"), 0);
	assert_int_equal(img.height, 60); /* default spacing 30 dots */
	escpos_image_free(&img);
	assert_int_equal(RENDER(&img, NULL, "\x1b\x33\x40\n\x1bJ\x10\x1b\x64\x02"), 0);
	assert_int_equal(img.height, 64 + 16 + 128);
	escpos_image_free(&img);
	/* 49 characters of font A do not fit 48 cells: the 49th wraps to a second line */
	char line[51];
	memset(line, 'X', 49);
	line[49] = '\n';
	assert_int_equal(escpos_render((const uint8_t *)line, 50, 576, &img, NULL), 0);
	assert_int_equal(img.height, 60);
	struct box second = ink_box(&img, 30, 60);
	assert_true(second.x0 < 12 && second.x1 < 12);
	escpos_image_free(&img);
	/* narrow paper */
	assert_int_equal(escpos_render((const uint8_t *)line, 50, 384, &img, NULL), 0);
	assert_int_equal(img.width, 384);
	assert_int_equal(img.height, 60);
	escpos_image_free(&img);
}

static void cut_draws_a_mark_after_the_feed(void **state)
{
	(void)state;
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(RENDER(&img, &rep,
	                        "A\n\x1d\x56\x42\x30"
	                        "B\n\x1d\x56\x01"),
	                 0);
	assert_int_equal(rep.cuts, 2);
	assert_true(rep.cut_y[0] >= 30 + 48);
	struct box mark = ink_box(&img, rep.cut_y[0], rep.cut_y[0] + 1);
	assert_int_equal(mark.x0, 0);
	assert_true(mark.ink > 200 && mark.ink < 576);
	assert_true(rep.cut_y[1] > rep.cut_y[0] + 30);
	escpos_image_free(&img);
}

static void unknown_commands_are_reported_not_fatal(void **state)
{
	(void)state;
	struct escpos_image img;
	struct escpos_render_report rep;
	/* ESC 0x07 (not a command), a CODE39 barcode (GS k 4 ... NUL), DLE EOT 1, drawer kick */
	static const char s[] = "A\x1b\x07"
	                        "B\n\x1dk\x04"
	                        "123\x00\x10\x04\x01\x1bp\x00\x19\xfa"
	                        "C\n";
	assert_int_equal(RENDER(&img, &rep, s), 0);
	assert_int_equal(rep.unknown, 2);
	assert_int_equal(rep.skipped[0].offset, 1);
	assert_string_equal(rep.skipped[0].what, "ESC 0x07");
	assert_int_equal(rep.skipped[1].offset, 5);
	assert_string_equal(rep.skipped[1].what, "GS k (barcode)");
	struct box first = ink_box(&img, 0, 30);
	assert_true(first.x1 > 12 && first.x1 < 24); /* A and B printed side by side */
	assert_int_equal(img.height, 60);
	escpos_image_free(&img);
	/* text at the end without LF is printed, and flagged */
	assert_int_equal(RENDER(&img, &rep, "tail"), 0);
	assert_int_equal(rep.unterminated, 1);
	escpos_image_free(&img);
}

static void malformed_and_truncated_streams_fail_clearly(void **state)
{
	(void)state;
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(RENDER(&img, &rep, "ok\n\x1b"), -EBADMSG);
	assert_string_equal(rep.error,
	                    "truncated ESC: command at offset 3 needs 1 more bytes, 0 left");
	assert_null(img.pix);
	assert_int_equal(RENDER(&img, &rep, "\x1d\x28\x6b\x10\x00\x31\x50"), -EBADMSG);
	assert_string_equal(rep.error,
	                    "truncated GS ( data: command at offset 0 needs 16 more bytes, 2 left");
	assert_int_equal(RENDER(&img, &rep, "\x1d\x76\x30\x00\x02\x00\x02\x00\xff"), -EBADMSG);
	assert_string_equal(
	    rep.error, "truncated GS v 0 data: command at offset 0 needs 4 more bytes, 1 left");
	assert_int_equal(RENDER(&img, &rep, "\x1d\x56\x07"), -EBADMSG);
	assert_string_equal(rep.error, "GS V with bad mode 7 at offset 0");
	assert_int_equal(RENDER(&img, &rep, "\x1b\x44\x08\x10"), -EBADMSG);
	assert_int_equal(escpos_render(NULL, 1, 576, &img, &rep), -EINVAL);
	assert_int_equal(escpos_render((const uint8_t *)"", 0, 4, &img, &rep), -EINVAL);
}

static void endless_feeds_are_bounded(void **state)
{
	(void)state;
	size_t n = 300 * 3;
	uint8_t *s = malloc(n);
	for (size_t i = 0; i < n; i += 3) {
		s[i] = 0x1b;
		s[i + 1] = 'J';
		s[i + 2] = 255;
	}
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(escpos_render(s, n, 576, &img, &rep), -EFBIG);
	assert_non_null(strstr(rep.error, "taller than"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(double_size_text_is_twice_as_tall_and_wide),
		cmocka_unit_test(mixed_sizes_share_a_baseline),
		cmocka_unit_test(alignment_places_text_left_centre_right),
		cmocka_unit_test(emphasis_adds_ink_not_height),
		cmocka_unit_test(raster_image_is_reproduced_exactly),
		cmocka_unit_test(native_qr_has_model2_modules_at_expected_place),
		cmocka_unit_test(code_pages_select_the_right_glyphs),
		cmocka_unit_test(feeds_line_spacing_and_wrapping),
		cmocka_unit_test(cut_draws_a_mark_after_the_feed),
		cmocka_unit_test(unknown_commands_are_reported_not_fatal),
		cmocka_unit_test(malformed_and_truncated_streams_fail_clearly),
		cmocka_unit_test(endless_feeds_are_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
