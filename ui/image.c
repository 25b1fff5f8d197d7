/* image.c — PNG in and out through libpng's simplified API. */
#include "image.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ui_image_write_png(const struct ui_image *img, const char *path)
{
	png_image p;

	memset(&p, 0, sizeof(p));
	p.version = PNG_IMAGE_VERSION;
	p.width = (png_uint_32)img->w;
	p.height = (png_uint_32)img->h;
	p.format = PNG_FORMAT_RGBA;
	if (!png_image_write_to_file(&p, path, 0, img->rgba, 0, NULL))
		return -EIO;
	return 0;
}

int ui_image_read_png(struct ui_image *img, const char *path)
{
	png_image p;
	FILE *f = fopen(path, "rb");

	memset(img, 0, sizeof(*img));
	if (!f)
		return -errno;
	fclose(f);
	memset(&p, 0, sizeof(p));
	p.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&p, path))
		return -EINVAL;
	p.format = PNG_FORMAT_RGBA;
	img->rgba = malloc(PNG_IMAGE_SIZE(p));
	if (!img->rgba) {
		png_image_free(&p);
		return -ENOMEM;
	}
	if (!png_image_finish_read(&p, NULL, img->rgba, 0, NULL)) {
		ui_image_free(img);
		return -EINVAL;
	}
	img->w = (int)p.width;
	img->h = (int)p.height;
	return 0;
}

void ui_image_free(struct ui_image *img)
{
	free(img->rgba);
	img->rgba = NULL;
	img->w = img->h = 0;
}

int ui_image_compare(const struct ui_image *a, const struct ui_image *b, int channel_tolerance,
                     struct ui_image_diff *out)
{
	memset(out, 0, sizeof(*out));
	if (a->w != b->w || a->h != b->h)
		return -EINVAL;
	size_t n = (size_t)a->w * (size_t)a->h;
	for (size_t i = 0; i < n; i++) {
		int worst = 0;
		for (int c = 0; c < 4; c++) {
			int d = abs((int)a->rgba[i * 4 + c] - (int)b->rgba[i * 4 + c]);
			if (d > worst)
				worst = d;
		}
		if (worst > out->max_delta)
			out->max_delta = worst;
		if (worst > channel_tolerance)
			out->differing++;
	}
	return 0;
}
