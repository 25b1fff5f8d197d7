/* escpos_png.c — writes rendered tickets as PNG (libpng), and the one-call render to PNG. */
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "escpos_render.h"

int escpos_image_write_png(const struct escpos_image *img, const char *path)
{
	if (!img || !img->pix || img->width <= 0 || img->height <= 0)
		return -EINVAL;
	FILE *f = fopen(path, "wb");
	if (!f)
		return -errno;
	size_t rowbytes = ((size_t)img->width + 7) / 8;
	png_bytep row = malloc(rowbytes);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!row || !png || !info) {
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(f);
		return -ENOMEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(f);
		return -EIO;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, 1,
	             PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	/* 203 dpi, the thermal head's resolution: 7992 dots per metre */
	png_set_pHYs(png, info, 7992, 7992, PNG_RESOLUTION_METER);
	png_write_info(png, info);
	for (int y = 0; y < img->height; y++) {
		const uint8_t *src = img->pix + (size_t)y * (size_t)img->width;
		memset(row, 0xff, rowbytes); /* 1 = white in a greyscale PNG */
		for (int x = 0; x < img->width; x++) {
			if (src[x])
				row[x / 8] &= (png_byte) ~(0x80 >> (x % 8));
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return fclose(f) == 0 ? 0 : -EIO;
}

int escpos_render_png(const uint8_t *stream, size_t len, const char *png_path, int width_dots)
{
	struct escpos_image img;
	struct escpos_render_report rep;
	int rc = escpos_render(stream, len, width_dots, &img, &rep);
	if (rc < 0) {
		log_err("escpos: cannot render: %s", rep.error);
		return rc;
	}
	for (int i = 0; i < rep.unknown && i < ESCPOS_REPORT_MAX; i++)
		log_warning("escpos: skipped %s at offset %zu", rep.skipped[i].what,
		            rep.skipped[i].offset);
	if (rep.unknown > ESCPOS_REPORT_MAX)
		log_warning("escpos: %d more commands skipped", rep.unknown - ESCPOS_REPORT_MAX);
	if (rep.unterminated)
		log_warning("escpos: stream ends inside a line (a printer would not print it yet)");
	rc = escpos_image_write_png(&img, png_path);
	escpos_image_free(&img);
	if (rc < 0)
		log_err("escpos: cannot write %s: %s", png_path, strerror(-rc));
	return rc;
}
