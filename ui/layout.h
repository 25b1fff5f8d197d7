/* layout.h — where each part of the calling display goes, for any screen size.
 *
 * Two designs, landscape (drawn for 1920×1080) and portrait (1080×1920), are scaled to the
 * actual size: rectangles per axis, font sizes by the smaller factor so text keeps its
 * proportions. Pure arithmetic, no SDL.
 */
#ifndef CIVIQ_UI_LAYOUT_H
#define CIVIQ_UI_LAYOUT_H

#include <stddef.h>

enum ui_align {
	UI_ALIGN_LEFT,
	UI_ALIGN_CENTER,
	UI_ALIGN_RIGHT,
};

struct ui_rect {
	int x, y, w, h;
};

enum layout_orientation {
	LAYOUT_AUTO, /* landscape when w >= h */
	LAYOUT_LANDSCAPE,
	LAYOUT_PORTRAIT,
};

struct display_layout {
	enum layout_orientation orientation; /* resolved: never LAYOUT_AUTO */
	int w, h;
	struct ui_rect header;  /* office name, clock */
	struct ui_rect current; /* the call being announced, large */
	struct ui_rect history; /* the last calls, one per row */
	struct ui_rect side;    /* people waiting per service */
	struct ui_rect ticker;  /* footer text */
	struct ui_rect status;  /* "connection lost" mark, inside the header */
	size_t history_rows;
	int row_h;
	int margin;
	/* font pixel sizes */
	int font_huge, font_large, font_medium, font_small;
};

/* Parses "landscape", "portrait", "auto"; -EINVAL otherwise. */
int layout_orientation_parse(const char *s, enum layout_orientation *out);

/* Fills `l` for a w×h screen showing `history_rows` rows of history (>= 1). */
void display_layout_compute(struct display_layout *l, int w, int h, enum layout_orientation o,
                            size_t history_rows);

#endif
