/* Fuzz target: the ESC/POS renderer's parser, on 576- and 384-dot paper. */
#include <stddef.h>
#include <stdint.h>

#include "escpos_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct escpos_image img;
	struct escpos_render_report rep;
	int width = size > 0 && (data[0] & 1) ? 384 : 576;
	if (escpos_render(data, size, width, &img, &rep) == 0)
		escpos_image_free(&img);
	return 0;
}
