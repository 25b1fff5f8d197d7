/* kiosk_view.h — draws the kiosk's current screen (kiosk_layout) with SDL2 and SDL2_ttf, in
 * the citizen's language from the gettext catalogs, right to left for Arabic.
 *
 * High-contrast theme: white text on a dark blue ground (contrast > 12:1), main actions
 * black on yellow, other buttons black on white.
 */
#ifndef CIVIQ_UI_KIOSK_VIEW_H
#define CIVIQ_UI_KIOSK_VIEW_H

#include <SDL.h>
#include <stdbool.h>

#include "kiosk/kiosk_flow.h"
#include "ui/kiosk_layout.h"

struct kiosk_view_options {
	const char
	    *font_dir; /* NULL: UI_FONT_DIR_DEFAULT (DejaVu covers Latin, Cyrillic, Arabic) */
	const char
	    *locale_dir; /* <dir>/<lang>/LC_MESSAGES/civiq-kiosk.mo; NULL: CIVIQ_LOCALE_DIR */
	const char *office;
	const char *consent; /* terminal certificate description for the consent screen */
};

struct kiosk_view;

/* 0 or a negative errno (-ENOENT: fonts missing). Missing catalogs are logged; their
 * language then shows the English source text. */
int kiosk_view_new(SDL_Renderer *r, const struct kiosk_view_options *o, struct kiosk_view **out);
void kiosk_view_free(struct kiosk_view *v);

/* Lays out and draws the flow's screen for the renderer's output size. */
int kiosk_view_draw(struct kiosk_view *v, const struct kiosk_flow *f, bool offline);
/* The layout of the last draw (for hit-testing taps). */
const struct kiosk_layout *kiosk_view_layout(const struct kiosk_view *v);
/* A msgid in a language (the catalogs the view loaded). */
const char *kiosk_view_tr(const struct kiosk_view *v, enum kiosk_lang lang, const char *msgid);
/* Number of catalogs loaded (6 when every language has its catalog). */
int kiosk_view_catalogs(const struct kiosk_view *v);

#endif
