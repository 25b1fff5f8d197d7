/* escpos_font.c — glyph lookup in the built-in bitmap fonts. */
#include "escpos_font.h"

#include <stddef.h>

const uint16_t *escpos_font_glyph(const struct escpos_font *f, uint32_t cp)
{
	int lo = 0, hi = f->count - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (f->codepoints[mid] == cp)
			return f->rows + (size_t)mid * (size_t)f->height;
		if (f->codepoints[mid] < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
