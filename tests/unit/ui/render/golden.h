/* golden.h — compares a rendered picture with its committed golden image. */
#ifndef CIVIQ_TESTS_UI_GOLDEN_H
#define CIVIQ_TESTS_UI_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/image.h"

#define CHANNEL_TOLERANCE 32
#define MAX_DIFF_PPM      300 /* differing pixels per million */

/* 0 when `img` matches $CIVIQ_GOLDEN_DIR/<name>.png, else the number of differing pixels.
 * With write_actual, a mismatch is saved to $CIVIQ_OUT_DIR/<name>.actual.png, and
 * CIVIQ_UPDATE_GOLDEN=1 rewrites the golden instead. */
size_t golden_compare(const struct ui_image *img, const char *name, bool write_actual);

#endif
