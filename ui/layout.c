/* layout.c — the display's two designs, scaled. */
#include "layout.h"

#include <errno.h>
#include <string.h>

int layout_orientation_parse(const char *s, enum layout_orientation *out)
{
	if (!strcmp(s, "auto"))
		*out = LAYOUT_AUTO;
	else if (!strcmp(s, "landscape"))
		*out = LAYOUT_LANDSCAPE;
	else if (!strcmp(s, "portrait"))
		*out = LAYOUT_PORTRAIT;
	else
		return -EINVAL;
	return 0;
}

struct scaler {
	double sx, sy;
};

static struct ui_rect scale(const struct scaler *s, int x, int y, int w, int h)
{
	struct ui_rect r;
	int x1 = (int)(x * s->sx + 0.5), y1 = (int)(y * s->sy + 0.5);
	int x2 = (int)((x + w) * s->sx + 0.5), y2 = (int)((y + h) * s->sy + 0.5);

	r.x = x1;
	r.y = y1;
	r.w = x2 - x1;
	r.h = y2 - y1;
	return r;
}

void display_layout_compute(struct display_layout *l, int w, int h, enum layout_orientation o,
                            size_t history_rows)
{
	struct scaler s;
	double f;

	memset(l, 0, sizeof(*l));
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (history_rows < 1)
		history_rows = 1;
	if (o == LAYOUT_AUTO)
		o = w >= h ? LAYOUT_LANDSCAPE : LAYOUT_PORTRAIT;
	l->orientation = o;
	l->w = w;
	l->h = h;
	l->history_rows = history_rows;
	if (o == LAYOUT_LANDSCAPE) {
		s.sx = w / 1920.0;
		s.sy = h / 1080.0;
		l->header = scale(&s, 0, 0, 1920, 110);
		l->current = scale(&s, 0, 110, 1280, 400);
		l->history = scale(&s, 0, 530, 1280, 450);
		l->side = scale(&s, 1300, 122, 596, 858);
		l->ticker = scale(&s, 0, 1000, 1920, 80);
		l->status = scale(&s, 1380, 1008, 520, 64);
	} else {
		s.sx = w / 1080.0;
		s.sy = h / 1920.0;
		l->header = scale(&s, 0, 0, 1080, 130);
		l->current = scale(&s, 0, 130, 1080, 500);
		l->history = scale(&s, 0, 650, 1080, 820);
		l->side = scale(&s, 20, 1490, 1040, 320);
		l->ticker = scale(&s, 0, 1830, 1080, 90);
		l->status = scale(&s, 540, 1840, 520, 70);
	}
	f = s.sx < s.sy ? s.sx : s.sy;
	l->margin = (int)(24 * f + 0.5);
	l->row_h = l->history.h / (int)(history_rows + 1); /* + 1: the column titles */
	l->font_huge = (int)(200 * f + 0.5);
	l->font_large = (int)(64 * f + 0.5);
	l->font_medium = (int)(44 * f + 0.5);
	l->font_small = (int)(32 * f + 0.5);
	/* Rows of a long history must still fit their text. */
	if (l->font_large > l->row_h * 3 / 4)
		l->font_large = l->row_h * 3 / 4;
	if (l->font_large < 4)
		l->font_large = 4;
	if (l->font_small < 8)
		l->font_small = 8;
	if (l->font_medium < 8)
		l->font_medium = 8;
	if (l->font_huge < 16)
		l->font_huge = 16;
}
