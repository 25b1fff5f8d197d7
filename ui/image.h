/* image.h — RGBA images in memory, PNG files (libpng) and tolerant comparison, for
 * screenshots and golden-image tests.
 */
#ifndef CIVIQ_UI_IMAGE_H
#define CIVIQ_UI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct ui_image {
	int w, h;
	uint8_t *rgba; /* w*h*4 bytes, rows top to bottom */
};

/* Writes/reads an 8-bit RGBA PNG. 0 or a negative errno (-ENOENT, -EINVAL for a bad file). */
int ui_image_write_png(const struct ui_image *img, const char *path);
int ui_image_read_png(struct ui_image *img, const char *path);
void ui_image_free(struct ui_image *img);

struct ui_image_diff {
	size_t differing; /* pixels whose largest channel difference exceeds the tolerance */
	int max_delta;    /* largest channel difference seen */
};

/* Compares two images of the same size; -EINVAL when the sizes differ. */
int ui_image_compare(const struct ui_image *a, const struct ui_image *b, int channel_tolerance,
                     struct ui_image_diff *out);

#endif
