#include "golden.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cmocka.h>

size_t golden_compare(const struct ui_image *img, const char *name, bool write_actual)
{
	const char *gdir = getenv("CIVIQ_GOLDEN_DIR"), *odir = getenv("CIVIQ_OUT_DIR");
	char path[512];
	struct ui_image golden;
	struct ui_image_diff d;

	assert_non_null(gdir);
	snprintf(path, sizeof(path), "%s/%s.png", gdir, name);
	if (getenv("CIVIQ_UPDATE_GOLDEN") && write_actual) {
		assert_int_equal(ui_image_write_png(img, path), 0);
		return 0;
	}
	assert_int_equal(ui_image_read_png(&golden, path), 0);
	int rc = ui_image_compare(img, &golden, CHANNEL_TOLERANCE, &d);
	ui_image_free(&golden);
	size_t limit = (size_t)img->w * (size_t)img->h / 1000000 * MAX_DIFF_PPM;
	if (rc == 0 && d.differing <= limit)
		return 0;
	if (write_actual && odir) {
		mkdir(odir, 0755);
		snprintf(path, sizeof(path), "%s/%s.actual.png", odir, name);
		ui_image_write_png(img, path);
		fprintf(stderr, "%s: %zu pixels differ (max delta %d); actual picture in %s\n",
		        name, d.differing, d.max_delta, path);
	}
	return rc ? (size_t)-1 : d.differing;
}
