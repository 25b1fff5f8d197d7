/* display_view.h — draws a display_state onto an SDL renderer: the waiting-room screen.
 *
 * High contrast, numbers only. Draws a whole frame per call (the caller presents it); all text
 * comes from the texture cache, so an unchanged screen costs only texture copies.
 */
#ifndef CIVIQ_UI_DISPLAY_VIEW_H
#define CIVIQ_UI_DISPLAY_VIEW_H

#include <SDL.h>
#include <stdint.h>

#include "ui/display_state.h"
#include "ui/image.h"
#include "ui/layout.h"

struct display_view_options {
	const char *font_dir;                /* NULL: UI_FONT_DIR_DEFAULT */
	enum layout_orientation orientation; /* LAYOUT_AUTO by default */
	const char *language;                /* "de" (default) or "en" */
};

struct display_view;

int display_view_new(SDL_Renderer *r, const struct display_view_options *o,
                     struct display_view **out);
void display_view_free(struct display_view *v);

/* Draws the frame for `s` at time `now` (the blink phase), with `clock` ("14:05") in the
 * header. Returns 0 or a negative errno. */
int display_view_draw(struct display_view *v, const struct display_state *s, int64_t now,
                      const char *clock);

/* The layout used by the last draw. */
const struct display_layout *display_view_layout(const struct display_view *v);

/* Reads the renderer's current picture into an RGBA image (free with ui_image_free). */
int display_view_capture(SDL_Renderer *r, struct ui_image *out);

#endif
