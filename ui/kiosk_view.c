/* kiosk_view.c — SDL drawing of the kiosk's widgets. */
#include "kiosk_view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "ui/catalog.h"
#include "ui/text.h"

#ifndef CIVIQ_LOCALE_DIR
#define CIVIQ_LOCALE_DIR "/usr/share/locale"
#endif

static const SDL_Color BG = { 0x0B, 0x1E, 0x3C, 0xFF };
static const SDL_Color WHITE = { 0xFF, 0xFF, 0xFF, 0xFF };
static const SDL_Color BLACK = { 0x00, 0x00, 0x00, 0xFF };
static const SDL_Color YELLOW = { 0xFF, 0xD4, 0x00, 0xFF };
static const SDL_Color ALERT = { 0xFF, 0xB8, 0xB8, 0xFF };
static const SDL_Color QUIET = { 0x26, 0x3D, 0x63, 0xFF };
static const SDL_Color GREY = { 0x70, 0x70, 0x70, 0xFF };

struct kiosk_view {
	SDL_Renderer *r;
	struct ui_text *text;
	struct ui_catalog *cat[KIOSK_LANG_COUNT];
	char office[128], consent[256];
	struct kiosk_layout layout;
	enum kiosk_lang lang;
	unsigned long frame;
};

int kiosk_view_new(SDL_Renderer *r, const struct kiosk_view_options *o, struct kiosk_view **out)
{
	const char *dir = o && o->font_dir ? o->font_dir : UI_FONT_DIR_DEFAULT;
	const char *loc = o && o->locale_dir ? o->locale_dir : CIVIQ_LOCALE_DIR;
	char regular[512], bold[512], path[600];
	struct kiosk_view *v;
	int rc;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->r = r;
	snprintf(regular, sizeof(regular), "%s/DejaVuSans.ttf", dir);
	snprintf(bold, sizeof(bold), "%s/DejaVuSans-Bold.ttf", dir);
	rc = ui_text_new(r, regular, bold, &v->text);
	if (rc) {
		free(v);
		return rc;
	}
	for (int l = 0; l < KIOSK_LANG_COUNT; l++) {
		snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/civiq-kiosk.mo", loc,
		         kiosk_lang_code((enum kiosk_lang)l));
		if (ui_catalog_load(path, &v->cat[l]) != 0 && l != KIOSK_LANG_EN)
			log_warning("kiosk: no catalog %s: showing English", path);
	}
	snprintf(v->office, sizeof(v->office), "%s", o && o->office ? o->office : "");
	snprintf(v->consent, sizeof(v->consent), "%s", o && o->consent ? o->consent : "");
	*out = v;
	return 0;
}

void kiosk_view_free(struct kiosk_view *v)
{
	if (!v)
		return;
	for (int l = 0; l < KIOSK_LANG_COUNT; l++)
		ui_catalog_free(v->cat[l]);
	ui_text_free(v->text);
	free(v);
}

const char *kiosk_view_tr(const struct kiosk_view *v, enum kiosk_lang lang, const char *msgid)
{
	return (unsigned)lang < KIOSK_LANG_COUNT ? ui_catalog_get(v->cat[lang], msgid) : msgid;
}

int kiosk_view_catalogs(const struct kiosk_view *v)
{
	int n = 0;
	for (int l = 0; l < KIOSK_LANG_COUNT; l++)
		n += v->cat[l] != NULL;
	return n;
}

static const char *tr_cb(void *ctx, const char *msgid)
{
	struct kiosk_view *v = ctx;
	return kiosk_view_tr(v, v->lang, msgid);
}

const struct kiosk_layout *kiosk_view_layout(const struct kiosk_view *v)
{
	return &v->layout;
}

static void fill(SDL_Renderer *r, const struct ui_rect *rc, SDL_Color c)
{
	SDL_Rect s = { rc->x, rc->y, rc->w, rc->h };
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r, &s);
}

static void frame(SDL_Renderer *r, const struct ui_rect *rc, SDL_Color c, int t)
{
	struct ui_rect e[4] = { { rc->x, rc->y, rc->w, t },
		                { rc->x, rc->y + rc->h - t, rc->w, t },
		                { rc->x, rc->y, t, rc->h },
		                { rc->x + rc->w - t, rc->y, t, rc->h } };
	for (int i = 0; i < 4; i++)
		fill(r, &e[i], c);
}

/* Text in a box: one line, or two when it is too wide and the box is tall enough. */
static void draw_text(struct kiosk_view *v, enum ui_font font, int px, SDL_Color c, const char *s,
                      const struct ui_rect *b, enum ui_align a)
{
	if (!*s)
		return;
	if (ui_text_width(v->text, font, px, s) > b->w && b->h >= px * 2) {
		size_t n = strlen(s), best = 0;
		for (size_t i = 1; i < n; i++)
			if (s[i] == ' ' && (best == 0 || labs((long)i - (long)n / 2) <
			                                     labs((long)best - (long)n / 2)))
				best = i;
		if (best > 0 && best < 255) {
			char first[256];
			memcpy(first, s, best);
			first[best] = 0;
			ui_text_draw(v->text, font, px, c, first, b->x, b->y, b->w, b->h / 2, a);
			ui_text_draw(v->text, font, px, c, s + best + 1, b->x, b->y + b->h / 2,
			             b->w, b->h / 2, a);
			return;
		}
	}
	ui_text_draw(v->text, font, px, c, s, b->x, b->y, b->w, b->h, a);
}

static void draw_card(struct kiosk_view *v, const struct kiosk_widget *w)
{
	const struct ui_rect *b = &w->r;
	struct ui_rect card = { b->x, b->y, b->w, b->h * 3 / 4 };
	SDL_Color body = { 0xC9, 0xD6, 0xE3, 0xFF };
	fill(v->r, &card, body);
	frame(v->r, &card, WHITE, 4);
	struct ui_rect photo = { card.x + card.w / 16, card.y + card.h / 6, card.w / 4,
		                 card.h * 2 / 3 };
	fill(v->r, &photo, GREY);
	for (int i = 0; i < 4; i++) {
		struct ui_rect line = { card.x + card.w * 3 / 8,
			                card.y + card.h / 6 + i * card.h / 8, card.w / 2,
			                card.h / 20 };
		fill(v->r, &line, GREY);
	}
	if (w->arg == 1) {
		/* the CAN: six digits at the bottom right of the card's front */
		struct ui_rect can = { card.x + card.w * 5 / 8, card.y + card.h * 3 / 4,
			               card.w * 5 / 16, card.h / 5 };
		fill(v->r, &can, YELLOW);
		frame(v->r, &can, BLACK, 3);
		ui_text_draw(v->text, UI_FONT_BOLD, can.h * 2 / 3, BLACK, "123456", can.x, can.y,
		             can.w, can.h, UI_ALIGN_CENTER);
	} else {
		/* the reader below the card, with the field as arcs */
		struct ui_rect reader = { b->x + b->w / 8, b->y + b->h * 3 / 4 + b->h / 20,
			                  b->w * 3 / 4, b->h / 5 };
		fill(v->r, &reader, QUIET);
		frame(v->r, &reader, YELLOW, 4);
	}
}

static void draw_widget(struct kiosk_view *v, const struct kiosk_widget *w, bool rtl)
{
	SDL_Color fg = WHITE, bg = BG;
	switch (w->kind) {
	case KW_TITLE:
		draw_text(v, UI_FONT_BOLD, w->font_px, w->style == KWS_ALERT ? ALERT : WHITE,
		          w->text, &w->r, w->align);
		break;
	case KW_TEXT:
		draw_text(v, UI_FONT_REGULAR, w->font_px, w->style == KWS_ALERT ? ALERT : WHITE,
		          w->text, &w->r, w->align);
		break;
	case KW_BUTTON:
	case KW_KEY:
		if (w->style == KWS_PRIMARY) {
			bg = YELLOW;
			fg = BLACK;
		} else if (w->style == KWS_QUIET) {
			bg = QUIET;
			fg = WHITE;
		} else {
			bg = WHITE;
			fg = BLACK;
		}
		if (w->button == KB_NONE)
			fg = GREY;
		fill(v->r, &w->r, bg);
		frame(v->r, &w->r, WHITE, 3);
		{
			int pad = w->r.w / 20 < 24 ? w->r.w / 20 : 24;
			struct ui_rect in = { w->r.x + pad, w->r.y, w->r.w - 2 * pad, w->r.h };
			draw_text(v, UI_FONT_BOLD, w->font_px, fg, w->text, &in, UI_ALIGN_CENTER);
		}
		break;
	case KW_FIELD:
		fill(v->r, &w->r, WHITE);
		frame(v->r, &w->r, YELLOW, 6);
		ui_text_draw(v->text, UI_FONT_BOLD, w->font_px,
		             w->style == KWS_QUIET ? GREY : BLACK, w->text, w->r.x, w->r.y, w->r.w,
		             w->r.h, UI_ALIGN_CENTER);
		break;
	case KW_NUMBER:
		frame(v->r, &w->r, YELLOW, 10);
		ui_text_draw(v->text, UI_FONT_BOLD, w->font_px, WHITE, w->text, w->r.x, w->r.y,
		             w->r.w, w->r.h, UI_ALIGN_CENTER);
		break;
	case KW_PROGRESS: {
		struct ui_rect bar = w->r;
		frame(v->r, &w->r, WHITE, 4);
		if (w->arg >= 0) {
			bar.w = w->r.w * w->arg / 100;
			if (rtl)
				bar.x = w->r.x + w->r.w - bar.w;
		} else {
			/* busy: a block sweeping across, one step per frame */
			bar.w = w->r.w / 4;
			bar.x = w->r.x + (int)((v->frame * 12) % (unsigned long)(w->r.w - bar.w));
		}
		fill(v->r, &bar, YELLOW);
		break;
	}
	case KW_CARD:
		draw_card(v, w);
		break;
	case KW_PANEL:
		if (w->style == KWS_ALERT) {
			SDL_Color p = { 0x14, 0x14, 0x14, 0xFF };
			fill(v->r, &w->r, p);
			frame(v->r, &w->r, YELLOW, 8);
		}
		break;
	}
}

int kiosk_view_draw(struct kiosk_view *v, const struct kiosk_flow *f, bool offline)
{
	int w, h;
	if (SDL_GetRendererOutputSize(v->r, &w, &h))
		return -EIO;
	v->lang = f->lang;
	struct kiosk_layout_info info = {
		.office = v->office,
		.consent = v->consent[0] ? v->consent : NULL,
		.offline = offline,
		.tr = tr_cb,
		.tr_ctx = v,
	};
	kiosk_layout_compute(&v->layout, f, w, h, &info);
	ui_text_set_rtl(v->text, v->layout.rtl);
	SDL_SetRenderDrawColor(v->r, BG.r, BG.g, BG.b, BG.a);
	SDL_RenderClear(v->r);
	/* header rule */
	struct ui_rect rule = { 0, h * 128 / 1080, w, 3 };
	fill(v->r, &rule, YELLOW);
	for (size_t i = 0; i < v->layout.n; i++)
		draw_widget(v, &v->layout.w_[i], v->layout.rtl);
	v->frame++;
	return 0;
}
