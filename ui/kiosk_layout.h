/* kiosk_layout.h — what each kiosk screen shows and where, for any screen size: a list of
 * widgets (texts, buttons, keys, the number) that the SDL view draws and touch input is
 * hit-tested against. Pure C, no SDL, so screens are checked in unit tests.
 *
 * Drawn for 1920×1080 landscape and scaled per axis; fonts scale by the smaller factor (×1.25
 * in large-text mode). Buttons are at least 110 design pixels high (≥ 18 mm on a 21.5" screen
 * at 1920×1080). For right-to-left languages the whole screen is mirrored, except the
 * keypads, which keep the order printed on booking codes and ID cards.
 */
#ifndef CIVIQ_UI_KIOSK_LAYOUT_H
#define CIVIQ_UI_KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk/kiosk_flow.h"
#include "ui/layout.h"

enum kiosk_widget_kind {
	KW_TITLE,    /* large heading */
	KW_TEXT,     /* body text */
	KW_BUTTON,   /* a touch target */
	KW_KEY,      /* a keypad key (not mirrored) */
	KW_FIELD,    /* the entry box of a keypad */
	KW_NUMBER,   /* the ticket number, huge */
	KW_PROGRESS, /* progress bar, arg = percent */
	KW_CARD,     /* ID card picture; arg 1: the CAN field highlighted */
	KW_PANEL,    /* a framed box (the inactivity warning) */
};

enum kiosk_widget_style {
	KWS_NORMAL,
	KWS_PRIMARY, /* the main action */
	KWS_ALERT,   /* errors, warnings */
	KWS_QUIET,   /* back, home */
};

#define KIOSK_WIDGET_TEXT 200
#define KIOSK_WIDGETS_MAX 72

struct kiosk_widget {
	enum kiosk_widget_kind kind;
	enum kiosk_widget_style style;
	struct ui_rect r;
	char text[KIOSK_WIDGET_TEXT];
	enum kiosk_button button; /* KB_NONE: not a touch target */
	int arg;
	int font_px;
	enum ui_align align;
};

/* Translates a msgid into the flow's language. */
typedef const char *(*kiosk_tr_fn)(void *ctx, const char *msgid);

struct kiosk_layout_info {
	const char *office;  /* office name in the header */
	const char *consent; /* the terminal certificate's description, or NULL */
	bool offline;        /* the hub is unreachable: shown in the header */
	kiosk_tr_fn tr;
	void *tr_ctx;
};

struct kiosk_layout {
	int w, h;
	bool rtl;
	size_t n;
	struct kiosk_widget w_[KIOSK_WIDGETS_MAX];
};

/* Lays out the flow's current screen for a w×h screen. */
void kiosk_layout_compute(struct kiosk_layout *l, const struct kiosk_flow *f, int w, int h,
                          const struct kiosk_layout_info *info);

/* The touch target at (x, y), or NULL. */
const struct kiosk_widget *kiosk_layout_hit(const struct kiosk_layout *l, int x, int y);

/* The first widget with this button (and arg, when arg >= 0), or NULL: for tests and scripts. */
const struct kiosk_widget *kiosk_layout_find(const struct kiosk_layout *l, enum kiosk_button b,
                                             int arg);

/* The title and detail msgids of an error screen. */
const char *kiosk_error_title(enum kiosk_error e);
const char *kiosk_error_detail(enum kiosk_error e);

#endif
