/* escpos_render.h — turns an ESC/POS stream into a monochrome image, as a TM-T20-class
 * printer would print it, so tests and the demo can look at and check tickets.
 *
 * The subset: text in font A (12x24) and B (9x17) through code pages PC437, WPC1252 and
 * PC858 (ESC t), ESC ! / GS ! sizes, emphasis (ESC E, ESC G), underline (ESC -), reverse
 * (GS B), alignment (ESC a), line spacing (ESC 2, ESC 3), right spacing (ESC SP), tabs (HT,
 * ESC D), positions (ESC $, ESC \), left margin and area width (GS L, GS W), feeds (LF, ESC d,
 * ESC J), native QR codes (GS ( k, cn 49, drawn with libqrencode), raster images (GS v 0),
 * cuts (GS V, ESC i, ESC m) drawn as a dashed line. Commands outside it are skipped by their
 * length and counted in the report; a stream that ends inside a command is an error.
 */
#ifndef CIVIQ_HAL_PRINTER_ESCPOS_RENDER_H
#define CIVIQ_HAL_PRINTER_ESCPOS_RENDER_H

#include <stddef.h>
#include <stdint.h>

struct escpos_image {
	int width, height;
	uint8_t *pix; /* width * height, 1 = ink, row-major */
};

#define ESCPOS_REPORT_MAX 8

struct escpos_render_report {
	int unknown; /* commands skipped: unknown or outside the subset */
	struct {
		size_t offset;
		char what[32];        /* "ESC 0x07", "GS k (barcode)" */
	} skipped[ESCPOS_REPORT_MAX]; /* the first ones */
	int cuts;
	int cut_y[ESCPOS_REPORT_MAX]; /* rows of the cut marks */
	int qr_count;
	struct {
		int x, y, size, modules; /* dots; modules per side */
	} qr[ESCPOS_REPORT_MAX];
	int unterminated; /* text left in the line buffer at the end (printed anyway) */
	char error[128];  /* why escpos_render() failed */
};

/* Renders into img (freed with escpos_image_free); width_dots 8..4096 (576 = 80 mm, 384 =
 * 58 mm paper). 0, or -EBADMSG for a malformed or truncated stream, -EFBIG for an image
 * taller than 20000 dots (2.5 m), -EINVAL, -ENOMEM; rep->error says why. rep may be NULL. */
int escpos_render(const uint8_t *stream, size_t len, int width_dots, struct escpos_image *img,
                  struct escpos_render_report *rep);
void escpos_image_free(struct escpos_image *img);
/* 1-bit greyscale PNG, ink black; 0 or negative errno. */
int escpos_image_write_png(const struct escpos_image *img, const char *path);
/* Both in one, with skipped commands and errors logged (common/log.h). */
int escpos_render_png(const uint8_t *stream, size_t len, const char *png_path, int width_dots);

#endif
