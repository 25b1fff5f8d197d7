/* text.h — text drawn with SDL2_ttf, each (font, size, colour, string) rendered to a texture
 * once and reused from a cache, so a steady screen costs no glyph rendering per frame.
 */
#ifndef CIVIQ_UI_TEXT_H
#define CIVIQ_UI_TEXT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "ui/layout.h" /* enum ui_align */

enum ui_font {
	UI_FONT_REGULAR,
	UI_FONT_BOLD,
	UI_FONT_COUNT,
};

struct ui_text;

/* Opens the two font files (e.g. DejaVuSans.ttf and DejaVuSans-Bold.ttf) for renderer `r`.
 * Returns 0 or a negative errno (-ENOENT: a font file is missing). */
int ui_text_new(SDL_Renderer *r, const char *regular_ttf, const char *bold_ttf,
                struct ui_text **out);
void ui_text_free(struct ui_text *t);

/* Draws `s` (UTF-8) vertically centred in the box (x, y, w, h) with the given alignment. Text
 * wider than the box is drawn smaller to fit. Returns 0 or a negative errno. */
int ui_text_draw(struct ui_text *t, enum ui_font font, int px, SDL_Color color, const char *s,
                 int x, int y, int w, int h, enum ui_align align);

/* Base direction of the paragraphs drawn from now on (right to left for Arabic). Text with
 * right-to-left letters is reordered with FriBidi and shaped run by run; other text is drawn
 * as it is. */
void ui_text_set_rtl(struct ui_text *t, bool rtl);

/* Width in pixels `s` takes at this size (0 on error). */
int ui_text_width(struct ui_text *t, enum ui_font font, int px, const char *s);

/* Cache statistics: textures rendered since creation, and cache hits. */
void ui_text_stats(const struct ui_text *t, unsigned long *rendered, unsigned long *hits);

/* The cache keeps at most this many bytes of text pixels (least recently used go first; the
 * texts of a 1080p frame take about 4 MB), so a long day of different numbers cannot grow it.
 * The calling display sets 3 bytes per screen pixel. */
#define UI_TEXT_CACHE_BYTES (8u << 20)
size_t ui_text_cache_bytes(const struct ui_text *t);
void ui_text_set_cache_budget(struct ui_text *t, size_t bytes);

/* The default DejaVu font paths of Debian's fonts-dejavu-core. */
#define UI_FONT_DIR_DEFAULT "/usr/share/fonts/truetype/dejavu"

#endif
