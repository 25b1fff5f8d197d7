/* display_view.c — the waiting-room screen. */
#include "display_view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/display_texts.h"
#include "ui/text.h"

static const SDL_Color c_bg = { 0x0b, 0x1f, 0x33, 0xff };
static const SDL_Color c_panel = { 0x15, 0x33, 0x52, 0xff };
static const SDL_Color c_row = { 0x10, 0x29, 0x44, 0xff };
static const SDL_Color c_text = { 0xff, 0xff, 0xff, 0xff };
static const SDL_Color c_dim = { 0xa9, 0xbc, 0xd0, 0xff };
static const SDL_Color c_accent = { 0xff, 0xd2, 0x00, 0xff };
static const SDL_Color c_alert = { 0xd3, 0x2f, 0x2f, 0xff };

struct display_view {
	SDL_Renderer *r;
	struct ui_text *text;
	struct display_view_options opt;
	const struct display_texts *tx;
	struct display_layout layout;
};

int display_view_new(SDL_Renderer *r, const struct display_view_options *o,
                     struct display_view **out)
{
	struct display_view *v = calloc(1, sizeof(*v));
	char regular[512], bold[512];
	const char *dir = o && o->font_dir ? o->font_dir : UI_FONT_DIR_DEFAULT;
	int rc;

	*out = NULL;
	if (!v)
		return -ENOMEM;
	v->r = r;
	if (o)
		v->opt = *o;
	v->tx = display_texts_get(o ? o->language : NULL, NULL);
	snprintf(regular, sizeof(regular), "%s/DejaVuSans.ttf", dir);
	snprintf(bold, sizeof(bold), "%s/DejaVuSans-Bold.ttf", dir);
	rc = ui_text_new(r, regular, bold, &v->text);
	if (rc) {
		free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void display_view_free(struct display_view *v)
{
	if (!v)
		return;
	ui_text_free(v->text);
	free(v);
}

const struct display_layout *display_view_layout(const struct display_view *v)
{
	return &v->layout;
}

static void fill(SDL_Renderer *r, SDL_Color c, const struct ui_rect *rc)
{
	SDL_Rect s = { rc->x, rc->y, rc->w, rc->h };

	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r, &s);
}

static void text(struct display_view *v, enum ui_font f, int px, SDL_Color c, const char *s,
                 struct ui_rect rc, enum ui_align a)
{
	ui_text_draw(v->text, f, px, c, s, rc.x, rc.y, rc.w, rc.h, a);
}

static struct ui_rect inset(struct ui_rect r, int dx, int dy)
{
	return (struct ui_rect){ r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy };
}

static void draw_header(struct display_view *v, const struct display_state *s, const char *clock)
{
	const struct display_layout *l = &v->layout;
	struct ui_rect h = inset(l->header, l->margin, 0);

	fill(v->r, c_panel, &l->header);
	text(v, UI_FONT_BOLD, l->font_medium, c_text, s->office, h, UI_ALIGN_LEFT);
	text(v, UI_FONT_BOLD, l->font_medium * 3 / 2, c_text, clock, h, UI_ALIGN_RIGHT);
}

static void draw_current(struct display_view *v, const struct display_state *s, int64_t now)
{
	const struct display_layout *l = &v->layout;
	struct ui_rect box = inset(l->current, l->margin, l->margin / 2);
	int title_h = l->font_small * 3 / 2;

	if (!s->has_current) {
		text(v, UI_FONT_REGULAR, l->font_medium, c_dim, v->tx->wait_for_call, box,
		     UI_ALIGN_CENTER);
		return;
	}
	bool on = display_state_blink_on(s, now);
	SDL_Color fg = on ? c_bg : c_accent;
	if (on)
		fill(v->r, c_accent, &box);
	else {
		SDL_Rect o = { box.x, box.y, box.w, box.h };
		SDL_SetRenderDrawColor(v->r, c_accent.r, c_accent.g, c_accent.b, 0xff);
		for (int i = 0; i < 4; i++) {
			SDL_RenderDrawRect(v->r, &o);
			o.x++, o.y++, o.w -= 2, o.h -= 2;
		}
	}
	struct ui_rect title = { box.x + l->margin, box.y, box.w - 2 * l->margin, title_h };
	text(v, UI_FONT_BOLD, l->font_small, fg, v->tx->call, title, UI_ALIGN_LEFT);
	struct ui_rect body = { box.x + l->margin, box.y + title_h, box.w - 2 * l->margin,
		                box.h - title_h };
	if (l->orientation == LAYOUT_LANDSCAPE) {
		struct ui_rect num = body, arrow = body, counter = body;
		num.w = body.w * 52 / 100;
		arrow.x = body.x + num.w;
		arrow.w = body.w * 10 / 100;
		counter.x = arrow.x + arrow.w;
		counter.w = body.w - num.w - arrow.w;
		text(v, UI_FONT_BOLD, l->font_huge, fg, s->current.number, num, UI_ALIGN_LEFT);
		text(v, UI_FONT_BOLD, l->font_huge / 2, fg, "→", arrow, UI_ALIGN_CENTER);
		text(v, UI_FONT_BOLD, l->font_huge * 6 / 10, fg, s->current.counter_label, counter,
		     UI_ALIGN_LEFT);
	} else {
		struct ui_rect num = body, counter = body;
		num.h = body.h * 60 / 100;
		counter.y = body.y + num.h;
		counter.h = body.h - num.h;
		char line[80];
		snprintf(line, sizeof(line), "→ %s", s->current.counter_label);
		text(v, UI_FONT_BOLD, l->font_huge, fg, s->current.number, num, UI_ALIGN_CENTER);
		text(v, UI_FONT_BOLD, l->font_huge * 55 / 100, fg, line, counter, UI_ALIGN_CENTER);
	}
}

static void draw_history(struct display_view *v, const struct display_state *s)
{
	const struct display_layout *l = &v->layout;
	struct ui_rect row = { l->history.x + l->margin, l->history.y, l->history.w - 2 * l->margin,
		               l->row_h };
	struct ui_rect left = row, right = row;

	left.x += l->margin;
	left.w = row.w / 2 - l->margin;
	right.x = row.x + row.w / 2;
	right.w = row.w / 2 - l->margin;
	text(v, UI_FONT_REGULAR, l->font_small, c_dim, v->tx->number, left, UI_ALIGN_LEFT);
	text(v, UI_FONT_REGULAR, l->font_small, c_dim, v->tx->counter, right, UI_ALIGN_LEFT);
	for (size_t i = 0; i < s->n_history && i < l->history_rows; i++) {
		row.y = left.y = right.y = l->history.y + (int)(i + 1) * l->row_h;
		struct ui_rect bg = inset(row, 0, l->row_h / 20);
		fill(v->r, c_row, &bg);
		text(v, UI_FONT_BOLD, l->font_large, c_text, s->history[i].number, left,
		     UI_ALIGN_LEFT);
		text(v, UI_FONT_BOLD, l->font_large, c_text, s->history[i].counter_label, right,
		     UI_ALIGN_LEFT);
	}
}

/* Per service: its name and the number of people waiting, under it the walk-in wait. */
static void draw_side(struct display_view *v, const struct display_state *s)
{
	const struct display_layout *l = &v->layout;
	struct ui_rect in = inset(l->side, l->margin, l->margin / 2);
	int title_h = l->font_medium * 2;
	struct ui_rect line = { in.x, in.y, in.w, title_h };

	fill(v->r, c_panel, &l->side);
	text(v, UI_FONT_BOLD, l->font_medium, c_text, v->tx->waiting, line, UI_ALIGN_LEFT);
	int name_h = l->font_medium * 5 / 4, wait_h = l->font_small,
	    row_h = name_h + wait_h * 3 / 2;
	size_t cols = l->orientation == LAYOUT_PORTRAIT ? 2 : 1;
	int col_w = in.w / (int)cols, gap = l->margin / 2;
	for (size_t i = 0; i < s->n_waiting; i++) {
		const struct display_waiting *w = &s->waiting[i];
		struct ui_rect name = { in.x + (int)(i % cols) * col_w,
			                in.y + title_h + (int)(i / cols) * row_h,
			                col_w * 78 / 100 - gap, name_h };
		struct ui_rect count = { name.x + col_w * 78 / 100, name.y, col_w * 20 / 100,
			                 name_h };
		struct ui_rect wait = { name.x, name.y + name_h, col_w - gap, wait_h };
		if (name.y + row_h > in.y + in.h)
			break;
		char n[16], est[64], line2[128];
		snprintf(n, sizeof(n), "%d", w->count);
		text(v, UI_FONT_REGULAR, l->font_small, c_text, w->label[0] ? w->label : w->service,
		     name, UI_ALIGN_LEFT);
		text(v, UI_FONT_BOLD, l->font_medium, c_accent, n, count, UI_ALIGN_RIGHT);
		display_format_wait(v->tx, w->wait_s, est, sizeof(est));
		if (est[0]) {
			snprintf(line2, sizeof(line2), "%s %s", v->tx->wait, est);
			text(v, UI_FONT_REGULAR, l->font_small * 4 / 5, c_dim, line2, wait,
			     UI_ALIGN_LEFT);
		}
	}
}

static void draw_footer(struct display_view *v, const struct display_state *s)
{
	const struct display_layout *l = &v->layout;
	struct ui_rect t = inset(l->ticker, l->margin, 0);

	fill(v->r, c_panel, &l->ticker);
	if (!s->connected)
		t.w = l->status.x - t.x - l->margin;
	text(v, UI_FONT_REGULAR, l->font_small, c_text, s->ticker, t, UI_ALIGN_LEFT);
	if (!s->connected) {
		fill(v->r, c_alert, &l->status);
		text(v, UI_FONT_BOLD, l->font_small, c_text, v->tx->lost, inset(l->status, 8, 0),
		     UI_ALIGN_CENTER);
	}
}

int display_view_draw(struct display_view *v, const struct display_state *s, int64_t now,
                      const char *clock)
{
	int w, h;

	if (SDL_GetRendererOutputSize(v->r, &w, &h))
		return -EIO;
	if (w != v->layout.w || h != v->layout.h || v->layout.history_rows != s->history_max) {
		display_layout_compute(&v->layout, w, h, v->opt.orientation, s->history_max);
		/* The texts of a frame take about half a screen of pixels: room for them and the
		 * next state's, scaling with the screen. */
		ui_text_set_cache_budget(v->text, (size_t)w * (size_t)h * 3);
	}
	SDL_SetRenderDrawColor(v->r, c_bg.r, c_bg.g, c_bg.b, c_bg.a);
	SDL_RenderClear(v->r);
	draw_header(v, s, clock ? clock : "");
	if (s->message[0]) {
		struct ui_rect body = { 0, v->layout.header.h, w,
			                h - v->layout.header.h - v->layout.ticker.h };
		text(v, UI_FONT_BOLD, v->layout.font_large, c_text, s->message,
		     inset(body, v->layout.margin, 0), UI_ALIGN_CENTER);
	} else {
		draw_current(v, s, now);
		draw_history(v, s);
		draw_side(v, s);
	}
	draw_footer(v, s);
	return 0;
}

int display_view_capture(SDL_Renderer *r, struct ui_image *out)
{
	int w, h;

	memset(out, 0, sizeof(*out));
	if (SDL_GetRendererOutputSize(r, &w, &h))
		return -EIO;
	out->rgba = malloc((size_t)w * (size_t)h * 4);
	if (!out->rgba)
		return -ENOMEM;
	if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGBA32, out->rgba, w * 4)) {
		ui_image_free(out);
		return -EIO;
	}
	out->w = w;
	out->h = h;
	return 0;
}
