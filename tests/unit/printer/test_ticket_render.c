/* A real ticket end to end: laid out, written through the file: printer, rendered to PNG,
 * and the PNG read back and checked (size, the number printed large, the QR code). The PNG
 * is kept in the build tree (test-output/printer/) to look at. */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "escpos_render.h"
#include "hal/printer.h"
#include "ticket_layout.h"

struct gray {
	int w, h;
	uint8_t *ink; /* 1 = black */
};

static struct gray read_back; /* freed by teardown, even when a check fails */

static int teardown(void **state)
{
	(void)state;
	free(read_back.ink);
	read_back.ink = NULL;
	return 0;
}

static void read_png(const char *path, struct gray *g)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_file(&img, path));
	img.format = PNG_FORMAT_GRAY;
	uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
	assert_true(png_image_finish_read(&img, NULL, px, 0, NULL));
	g->w = (int)img.width;
	g->h = (int)img.height;
	g->ink = malloc((size_t)g->w * (size_t)g->h);
	for (size_t i = 0; i < (size_t)g->w * (size_t)g->h; i++)
		g->ink[i] = px[i] < 128;
	free(px);
	free(read_back.ink);
	read_back = *g;
}

static int row_ink(const struct gray *g, int y, int *x0, int *x1)
{
	int n = 0;
	*x0 = g->w;
	*x1 = -1;
	for (int x = 0; x < g->w; x++) {
		if (g->ink[y * g->w + x]) {
			n++;
			*x0 = x < *x0 ? x : *x0;
			*x1 = x;
		}
	}
	return n;
}

/* Horizontal bands of consecutive inked rows. */
struct band {
	int y0, y1, x0, x1;
};

static int bands(const struct gray *g, struct band *out, int max)
{
	int n = 0;
	for (int y = 0; y < g->h; y++) {
		int a, b;
		if (!row_ink(g, y, &a, &b))
			continue;
		if (n > 0 && out[n - 1].y1 == y - 1) {
			out[n - 1].y1 = y;
			out[n - 1].x0 = a < out[n - 1].x0 ? a : out[n - 1].x0;
			out[n - 1].x1 = b > out[n - 1].x1 ? b : out[n - 1].x1;
		} else if (n < max) {
			out[n++] = (struct band){ y, y, a, b };
		}
	}
	return n;
}

static const char *output_path(const char *name, char *buf, size_t size)
{
	const char *dir = getenv("CIVIQ_BUILD_DIR");
	char d[400];
	snprintf(d, sizeof(d), "%s/test-output", dir ? dir : "/tmp");
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/test-output/printer", dir ? dir : "/tmp");
	mkdir(d, 0755);
	snprintf(buf, size, "%s/%s", d, name);
	return buf;
}

static uint8_t *print_ticket(const struct ticket_print *t, const char *bin, size_t *len)
{
	struct escpos_buf b;
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, t), 0);
	unlink(bin);
	char uri[600];
	snprintf(uri, sizeof(uri), "file:%s", bin);
	struct printer *p;
	assert_int_equal(printer_open(uri, &p), 0);
	enum printer_status st;
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(printer_status_can_print(st));
	assert_int_equal(printer_write(p, b.data, b.len, 1000), 0);
	printer_close(p);
	escpos_buf_free(&b);

	FILE *f = fopen(bin, "rb");
	assert_non_null(f);
	uint8_t *data = malloc(65536);
	*len = fread(data, 1, 65536, f);
	fclose(f);
	return data;
}

static const struct ticket_print sample = {
	.office = "Bürgerbüro Mitte",
	.label = "A 042",
	.service = "Meldewesen",
	.when = "12.03.2027 09:41",
	.people_ahead = 3,
	.qr_url = "https://termine.example.de/t/Xk3f9Q",
	.footer = "Bitte achten Sie auf den Aufruf.",
};

static void printed_ticket_renders_with_large_number_and_qr(void **state)
{
	(void)state;
	char bin[512], png[512];
	output_path("ticket.bin", bin, sizeof(bin));
	output_path("ticket.png", png, sizeof(png));
	size_t len;
	uint8_t *data = print_ticket(&sample, bin, &len);
	assert_int_equal(escpos_render_png(data, len, png, 576), 0);
	free(data);

	struct gray g;
	read_png(png, &g);
	assert_int_equal(g.w, 576);
	assert_true(g.h > 500 && g.h < 1200);

	struct band b[32];
	int n = bands(&g, b, 32);
	/* office, heading, number, service, date, people ahead, QR, footer, cut mark */
	assert_int_equal(n, 9);
	/* the number: 4x font A digits (15-17 dots at 1x) stand 60-68 dots tall, centred, the
	 * tallest text on the ticket and in the upper third */
	const struct band *num = &b[2];
	int num_h = num->y1 - num->y0 + 1;
	assert_true(num_h >= 60 && num_h <= 72);
	assert_true(num->y1 < g.h / 3);
	int mid = (num->x0 + num->x1) / 2;
	assert_true(mid > 288 - 12 && mid < 288 + 12);
	assert_true(num->x1 - num->x0 > 200); /* five cells of 48 dots */
	for (int i = 0; i < n; i++) {
		if (i != 2 && i != 6)
			assert_true(b[i].y1 - b[i].y0 + 1 <= num_h * 2 / 3);
	}
	/* the QR code: a square of 6-dot modules, centred, with finder patterns */
	const struct band *qr = &b[6];
	int side = qr->y1 - qr->y0 + 1;
	assert_int_equal(side, qr->x1 - qr->x0 + 1);
	assert_int_equal(side % 6, 0);
	int modules = side / 6;
	assert_true(modules >= 21 && (modules - 21) % 4 == 0);
	assert_true(abs((qr->x0 + qr->x1) / 2 - 288) <= 1);
	for (int k = 0; k < 42; k++) {
		/* top edge of the top-left and top-right finder patterns: 7 modules of ink */
		assert_true(g.ink[qr->y0 * g.w + qr->x0 + k]);
		assert_true(g.ink[qr->y0 * g.w + qr->x1 - k]);
		/* left edge of the bottom-left finder */
		assert_true(g.ink[(qr->y1 - k) * g.w + qr->x0]);
	}
	/* the cut mark last, a dashed line across the paper */
	int x0, x1;
	assert_true(row_ink(&g, b[8].y0, &x0, &x1) > 200);
	assert_int_equal(x0, 0);
}

static void offline_ticket_on_58mm_paper_still_fits(void **state)
{
	(void)state;
	struct ticket_print t = sample;
	t.people_ahead = -1;
	t.width_dots = 384;
	t.raster_qr = true;
	char bin[512], png[512];
	output_path("ticket-58mm-offline.bin", bin, sizeof(bin));
	output_path("ticket-58mm-offline.png", png, sizeof(png));
	size_t len;
	uint8_t *data = print_ticket(&t, bin, &len);
	struct escpos_image img;
	struct escpos_render_report rep;
	assert_int_equal(escpos_render(data, len, 384, &img, &rep), 0);
	assert_int_equal(rep.unknown, 0);
	assert_int_equal(rep.cuts, 1);
	assert_int_equal(rep.qr_count, 0); /* sent as a raster image */
	assert_int_equal(escpos_image_write_png(&img, png), 0);
	escpos_image_free(&img);
	free(data);

	struct gray g;
	read_png(png, &g);
	assert_int_equal(g.w, 384);
	struct band b[32];
	int n = bands(&g, b, 32);
	/* 32 characters a line: "Wartezeit zurzeit nicht verfügbar" breaks after "nicht" */
	assert_int_equal(n, 10);
	assert_true(b[6].x1 - b[6].x0 + 1 > 8 * 12 &&
	            b[6].x1 - b[6].x0 + 1 < 9 * 12); /* "verfügbar" */
	/* the number still fits the narrow paper, nothing touches the edges but the cut mark */
	assert_true(b[2].x0 > 0 && b[2].x1 < 383);
	for (int i = 0; i < n - 1; i++)
		assert_true(b[i].x0 > 0 && b[i].x1 < 383);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(printed_ticket_renders_with_large_number_and_qr,
		                          teardown),
		cmocka_unit_test_teardown(offline_ticket_on_58mm_paper_still_fits, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
