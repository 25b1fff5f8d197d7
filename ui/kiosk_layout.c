/* kiosk_layout.c — the kiosk's screens as widget lists; see kiosk_layout.h. */
#include "kiosk_layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ui/catalog.h"

#define DW 1920
#define DH 1080

struct ctx {
	struct kiosk_layout *l;
	const struct kiosk_flow *f;
	const struct kiosk_layout_info *info;
	double sx, sy, sf;
};

static const char *tr(const struct ctx *c, const char *msgid)
{
	return c->info->tr ? c->info->tr(c->info->tr_ctx, msgid) : msgid;
}

static struct kiosk_widget *add(struct ctx *c, enum kiosk_widget_kind kind, int x, int y, int w,
                                int h, int px, const char *text)
{
	struct kiosk_layout *l = c->l;
	if (l->n == KIOSK_WIDGETS_MAX)
		return &l->w_[KIOSK_WIDGETS_MAX - 1]; /* never reached by the screens below */
	struct kiosk_widget *wd = &l->w_[l->n++];
	memset(wd, 0, sizeof(*wd));
	wd->kind = kind;
	wd->r.x = (int)(x * c->sx + 0.5);
	wd->r.y = (int)(y * c->sy + 0.5);
	wd->r.w = (int)(w * c->sx + 0.5);
	wd->r.h = (int)(h * c->sy + 0.5);
	wd->font_px = (int)(px * c->sf + 0.5);
	wd->align = kind == KW_TEXT || kind == KW_TITLE ? UI_ALIGN_LEFT : UI_ALIGN_CENTER;
	if (text)
		snprintf(wd->text, sizeof(wd->text), "%s", text);
	return wd;
}

static struct kiosk_widget *text(struct ctx *c, int x, int y, int w, int h, int px,
                                 const char *msgid)
{
	return add(c, KW_TEXT, x, y, w, h, px, tr(c, msgid));
}

static struct kiosk_widget *textf(struct ctx *c, int x, int y, int w, int h, int px,
                                  const char *msgid, ...)
{
	struct kiosk_widget *wd = add(c, KW_TEXT, x, y, w, h, px, NULL);
	va_list ap;
	va_start(ap, msgid);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(wd->text, sizeof(wd->text), tr(c, msgid), ap);
#pragma GCC diagnostic pop
	va_end(ap);
	return wd;
}

static void title(struct ctx *c, const char *msgid)
{
	add(c, KW_TITLE, 80, 150, 1760, 130, 64, tr(c, msgid));
}

static struct kiosk_widget *button(struct ctx *c, int x, int y, int w, int h, const char *msgid,
                                   enum kiosk_button b, int arg, enum kiosk_widget_style st)
{
	struct kiosk_widget *wd = add(c, KW_BUTTON, x, y, w, h, 50, tr(c, msgid));
	wd->button = b;
	wd->arg = arg;
	wd->style = st;
	return wd;
}

static void back(struct ctx *c)
{
	button(c, 60, 940, 420, 110, N_("Back"), KB_BACK, 0, KWS_QUIET);
}

static void header(struct ctx *c)
{
	const struct kiosk_flow *f = c->f;
	add(c, KW_TEXT, 60, 20, 1100, 100, 40, c->info->office ? c->info->office : "");
	if (c->info->offline)
		text(c, 1000, 20, 440, 100, 32, N_("Offline"))->style = KWS_ALERT;
	if (f->screen != KS_IDLE) {
		button(c, 1460, 15, 180, 110, "A+", KB_LARGE_TEXT, 0,
		       f->large_text ? KWS_PRIMARY : KWS_QUIET);
		button(c, 1660, 15, 220, 110, N_("Start over"), KB_HOME, 0, KWS_QUIET);
	}
}

static void screen_idle(struct ctx *c)
{
	/* The attract screen greets in every language; a tap anywhere starts. */
	struct kiosk_widget *all = button(c, 0, 130, DW, DH - 130, "", KB_START, 0, KWS_NORMAL);
	all->kind = KW_PANEL;
	static const char *const hello[] = { "Willkommen", "Welcome",         "Hoş geldiniz",
		                             "أهلاً وسهلاً", "Ласкаво просимо", "Добро пожаловать" };
	for (int i = 0; i < 6; i++)
		add(c, KW_TITLE, 160 + (i % 2) * 820, 220 + (i / 2) * 150, 780, 130, 64, hello[i])
		    ->align = UI_ALIGN_CENTER;
	button(c, 560, 720, 800, 160, N_("Touch here to start"), KB_START, 0, KWS_PRIMARY);
	add(c, KW_TEXT, 160, 920, 1600, 90, 40, "Bitte berühren · Please touch · Lütfen dokunun")
	    ->align = UI_ALIGN_CENTER;
}

static void screen_language(struct ctx *c)
{
	/* asked in all six languages: nobody has chosen one yet */
	add(c, KW_TITLE, 80, 150, 1760, 130, 60, "Sprache · Language · Dil · اللغة · Мова · Язык")
	    ->align = UI_ALIGN_CENTER;
	for (int i = 0; i < KIOSK_LANG_COUNT; i++) {
		/* each language's name in itself, never translated */
		struct kiosk_widget *b =
		    add(c, KW_BUTTON, 160 + (i % 2) * 820, 320 + (i / 2) * 190, 780, 160, 50,
		        kiosk_lang_native_name((enum kiosk_lang)i));
		b->button = KB_LANG;
		b->arg = i;
		b->style = KWS_PRIMARY;
	}
	back(c);
}

static void screen_choice(struct ctx *c)
{
	title(c, N_("Do you have an appointment?"));
	button(c, 160, 340, 1600, 220, N_("Yes, I have an appointment"), KB_APPOINTMENT, 0,
	       KWS_PRIMARY);
	button(c, 160, 620, 1600, 220, N_("No, I have no appointment"), KB_NO_APPOINTMENT, 0,
	       KWS_PRIMARY);
	back(c);
}

static void screen_method(struct ctx *c)
{
	int y = 320;
	title(c, N_("How would you like to check in?"));
	button(c, 160, y, 1600, 170, N_("Enter the booking code"), KB_METHOD_CODE, 0, KWS_PRIMARY);
	y += 200;
	button(c, 160, y, 1600, 170, N_("Scan the QR code of your confirmation"), KB_METHOD_SCAN, 0,
	       KWS_PRIMARY);
	y += 200;
	if (c->f->opt.card_enabled)
		button(c, 160, y, 1600, 170, N_("Use your ID card"), KB_METHOD_CARD, 0,
		       KWS_PRIMARY);
	back(c);
}

/* A keypad of `rows` (characters per row), keys kw×kh design pixels, centred at y. */
static void keypad(struct ctx *c, const char *const *rows, int nrows, int kw, int kh, int y)
{
	int widest = 0;
	for (int r = 0; r < nrows; r++)
		if ((int)strlen(rows[r]) > widest)
			widest = (int)strlen(rows[r]);
	for (int r = 0; r < nrows; r++) {
		int n = (int)strlen(rows[r]);
		int x = (DW - widest * (kw + 12)) / 2; /* rows start under each other */
		for (int i = 0; i < n; i++) {
			char s[2] = { rows[r][i], 0 };
			struct kiosk_widget *k =
			    add(c, KW_KEY, x + i * (kw + 12), y + r * (kh + 12), kw, kh, 52, s);
			k->button = KB_KEY;
			k->arg = (unsigned char)rows[r][i];
		}
	}
}

static void screen_code(struct ctx *c)
{
	static const char *const rows[] = { "1234567890", "QWERTZUIOP", "ASDFGHJKL-", "YXCVBNM" };
	const struct kiosk_flow *f = c->f;
	title(c, N_("Enter your booking code"));
	struct kiosk_widget *fld = add(c, KW_FIELD, 460, 280, 1000, 110, 64, f->code);
	if (!f->code[0]) {
		snprintf(fld->text, sizeof(fld->text), "%s", "ABC-123");
		fld->style = KWS_QUIET;
	}
	if (f->code_invalid)
		text(c, 160, 395, 1600, 60, 34,
		     N_("Please check the code: 4 to 16 letters and digits."))
		    ->style = KWS_ALERT;
	else
		text(c, 160, 395, 1600, 60, 34,
		     N_("The code is printed on your booking confirmation."));
	keypad(c, rows, 4, 150, 104, 470);
	/* backspace and OK next to the last row, kept in keypad order */
	struct kiosk_widget *bs = add(c, KW_KEY, 1306, 818, 240, 104, 44, "⌫");
	bs->button = KB_BACKSPACE;
	struct kiosk_widget *ok = add(c, KW_KEY, 1558, 818, 232, 104, 44, tr(c, N_("OK")));
	ok->button = KB_OK;
	ok->style = KWS_PRIMARY;
	back(c);
}

static void screen_scan(struct ctx *c)
{
	const struct kiosk_flow *f = c->f;
	title(c, N_("Hold the QR code of your confirmation under the scanner"));
	text(c, 160, 320, 1600, 80, 40, N_("The scanner is below the screen."));
	if (f->code_invalid)
		text(c, 160, 440, 1600, 80, 40,
		     N_("The code could not be read. Please try again or enter the booking code."))
		    ->style = KWS_ALERT;
	button(c, 560, 600, 800, 150, N_("Enter the booking code"), KB_METHOD_CODE, 0, KWS_NORMAL);
	back(c);
}

static void screen_consent(struct ctx *c)
{
	title(c, N_("Check in with your ID card"));
	textf(c, 160, 300, 1600, 70, 38, N_("Who reads: %s"),
	      c->info->consent && *c->info->consent ? c->info->consent
	                                            : (c->info->office ? c->info->office : ""));
	text(c, 160, 380, 1600, 70, 38,
	     N_("What is read: family name, given names and date of birth."));
	text(c, 160, 460, 1600, 70, 38, N_("Why: to find your appointment of today."));
	text(c, 160, 540, 1600, 70, 38,
	     N_("The data stays on this kiosk and is deleted right after the check-in."));
	text(c, 160, 620, 1600, 70, 34, N_("On-site reading under section 18a PAuswG."));
	button(c, 1040, 760, 720, 150, N_("I agree"), KB_CONSENT_YES, 0, KWS_PRIMARY);
	button(c, 160, 760, 720, 150, N_("No, go back"), KB_CONSENT_NO, 0, KWS_NORMAL);
}

static void screen_place_card(struct ctx *c)
{
	title(c, N_("Please place your ID card on the reader"));
	text(c, 160, 300, 1600, 70, 38, N_("The reader is to the right of the screen."));
	add(c, KW_CARD, 660, 420, 600, 380, 0, NULL)->arg = 0;
	back(c);
}

static void screen_can(struct ctx *c)
{
	static const char *const rows[] = { "123", "456", "789" };
	const struct kiosk_flow *f = c->f;
	char shown[2 * KIOSK_CAN_LEN + 1] = "";
	title(c, N_("Enter the 6-digit access number (CAN)"));
	text(c, 100, 290, 780, 120, 34,
	     N_("It is printed on the front of your ID card, bottom right."));
	add(c, KW_CARD, 140, 440, 600, 380, 0, NULL)->arg = 1;
	for (size_t i = 0; i < KIOSK_CAN_LEN; i++) {
		size_t n = strlen(shown);
		snprintf(shown + n, sizeof(shown) - n, "%c", i < strlen(f->can) ? f->can[i] : '_');
	}
	add(c, KW_FIELD, 1000, 280, 760, 110, 64, shown);
	if (f->code_invalid)
		text(c, 1000, 395, 760, 50, 30, N_("Please enter all six digits."))->style =
		    KWS_ALERT;
	/* the keypad in the right half */
	for (int r = 0; r < 3; r++)
		for (int i = 0; i < 3; i++) {
			char s[2] = { rows[r][i], 0 };
			struct kiosk_widget *k =
			    add(c, KW_KEY, 1040 + i * 236, 450 + r * 118, 224, 106, 56, s);
			k->button = KB_KEY;
			k->arg = rows[r][i];
		}
	struct kiosk_widget *k = add(c, KW_KEY, 1040, 804, 224, 106, 44, "⌫");
	k->button = KB_BACKSPACE;
	k = add(c, KW_KEY, 1276, 804, 224, 106, 56, "0");
	k->button = KB_KEY;
	k->arg = '0';
	k = add(c, KW_KEY, 1512, 804, 224, 106, 44, tr(c, N_("OK")));
	k->button = KB_OK;
	k->style = KWS_PRIMARY;
	back(c);
}

static void screen_reading(struct ctx *c)
{
	title(c, N_("Reading your ID card..."));
	text(c, 160, 320, 1600, 80, 44, N_("Please do not remove the card."));
	add(c, KW_PROGRESS, 260, 520, 1400, 80, 0, NULL)->arg = c->f->progress;
}

static void screen_services(struct ctx *c)
{
	const struct kiosk_flow *f = c->f;
	title(c, N_("What is your concern?"));
	if (f->busy || f->n_services == 0) {
		text(c, 160, 400, 1600, 100, 48, N_("Please wait..."))->align = UI_ALIGN_CENTER;
	} else {
		size_t n = f->n_services > 8 ? 8 : f->n_services;
		for (size_t i = 0; i < n; i++) {
			const struct kiosk_service *s = &f->services[i];
			char label[KIOSK_WIDGET_TEXT];
			snprintf(label, sizeof(label), "%s", kiosk_service_name(s, f->lang));
			struct kiosk_widget *b = add(c, KW_BUTTON, 160 + (int)(i % 2) * 820,
			                             300 + (int)(i / 2) * 155, 780, 135, 44, label);
			b->button = s->active ? KB_SERVICE : KB_NONE;
			b->arg = (int)i;
			b->style = s->active ? KWS_PRIMARY : KWS_QUIET;
		}
	}
	if (f->opt.priority_enabled) {
		/* a toggle: the ticket is issued at normal priority, staff confirm the request */
		char label[KIOSK_WIDGET_TEXT];
		const char *msg = tr(c, N_("I need priority (e.g. disability, pregnancy)"));
		snprintf(label, sizeof(label), "%s%s", f->priority_request ? "\xe2\x9c\x93 " : "",
		         msg);
		struct kiosk_widget *p = add(c, KW_BUTTON, 540, 940, 1320, 110, 50, label);
		p->button = KB_PRIORITY;
		p->style = f->priority_request ? KWS_PRIMARY : KWS_NORMAL;
	}
	back(c);
}

static void screen_working(struct ctx *c)
{
	title(c, N_("Please wait..."));
	add(c, KW_PROGRESS, 260, 520, 1400, 80, 0, NULL)->arg = -1;
}

static void screen_result(struct ctx *c)
{
	const struct kiosk_flow *f = c->f;
	const struct kiosk_ticket *t = &f->ticket;
	const struct kiosk_service *s = kiosk_flow_ticket_service(f);
	/* a priority request adds a line: the number's box gives up the room for it */
	bool prio = f->priority_request && !t->appointment;
	int y = prio ? 590 : 620;
	title(c, t->appointment ? N_("You are checked in. Your number:") : N_("Your number:"));
	struct kiosk_widget *num = add(c, KW_NUMBER, 160, 280, 1600, y - 290, 300, t->number);
	num->style = KWS_PRIMARY;
	add(c, KW_TEXT, 160, y, 1600, 70, 48, s ? kiosk_service_name(s, f->lang) : t->service)
	    ->align = UI_ALIGN_CENTER;
	y += prio ? 65 : 80;
	if (t->offline || t->people_ahead < 0) {
		text(c, 160, y, 1600, 60, 38, N_("Waiting times are currently unavailable."))
		    ->align = UI_ALIGN_CENTER;
	} else {
		struct kiosk_widget *a;
		if (t->wait_min >= 0)
			a = textf(c, 160, y, 1600, 60, 38,
			          N_("People ahead of you: %d, estimated wait: about %d min"),
			          t->people_ahead, t->wait_min);
		else
			a = textf(c, 160, y, 1600, 60, 38, N_("People ahead of you: %d"),
			          t->people_ahead);
		a->align = UI_ALIGN_CENTER;
	}
	y += prio ? 62 : 70;
	struct kiosk_widget *p;
	if (f->paper_out) {
		p = text(c, 160, y, 1600, 70, 40,
		         N_("The printer is out of paper. Please note your number."));
		p->style = KWS_ALERT;
	} else if (f->printing) {
		p = text(c, 160, y, 1600, 70, 40, N_("Your ticket is being printed."));
	} else {
		p = text(c, 160, y, 1600, 70, 40,
		         N_("Please take your ticket and wait until your number is called."));
	}
	p->align = UI_ALIGN_CENTER;
	if (prio)
		text(c, 160, y + 70, 1600, 60, 38,
		     t->offline ? N_("Please ask for priority at the counter.")
		                : N_("Your priority request was passed on to the staff, who will "
		                     "confirm it."))
		    ->align = UI_ALIGN_CENTER;
	if (!f->printing)
		button(c, 660, 880, 600, 140, N_("Done"), KB_OK, 0, KWS_PRIMARY);
}

const char *kiosk_error_title(enum kiosk_error e)
{
	switch (e) {
	case KE_NO_BOOKING:
		return N_("No appointment found for today");
	case KE_TOO_EARLY:
		return N_("You are too early");
	case KE_TOO_LATE:
		return N_("Your check-in time has passed");
	case KE_ALREADY_CHECKED_IN:
		return N_("You are already checked in");
	case KE_AMBIGUOUS:
		return N_("Please use your booking code");
	case KE_CANCELLED:
		return N_("This appointment was cancelled");
	case KE_WRONG_CAN:
		return N_("The access number does not match the card");
	case KE_CARD_REMOVED:
		return N_("The card was removed too early");
	case KE_CARD_NOT_AUTHORISED:
		return N_("This card cannot be read here");
	case KE_CARD_UNREADABLE:
		return N_("The card could not be read");
	case KE_CARD_NOT_VERIFIED:
		return N_("The card could not be verified");
	case KE_TERMINAL_NOT_AUTHORISED:
		return N_("This kiosk is not authorised");
	case KE_HUB_UNREACHABLE:
		return N_("Check-in is not possible at the moment");
	case KE_SERVICE_UNAVAILABLE:
		return N_("No numbers available for this concern");
	default:
		return N_("Something went wrong");
	}
}

const char *kiosk_error_detail(enum kiosk_error e)
{
	switch (e) {
	case KE_NO_BOOKING:
		return N_("Please check the code or ask at the information desk.");
	case KE_TOO_EARLY:
		return N_("Check-in opens at %s. Please come back then.");
	case KE_TOO_LATE:
		return N_("Check-in closed at %s. Please ask at the information desk.");
	case KE_ALREADY_CHECKED_IN:
		return N_("Please wait until your number is called.");
	case KE_AMBIGUOUS:
		return N_("More than one appointment matches your card.");
	case KE_CANCELLED:
		return N_("Please ask at the information desk.");
	case KE_WRONG_CAN:
		return N_("Please check the six digits on the front of the card.");
	case KE_CARD_REMOVED:
		return N_("Please leave the card on the reader until the check-in is complete.");
	case KE_CARD_NOT_AUTHORISED:
		return N_("Please enter your booking code instead.");
	case KE_CARD_UNREADABLE:
		return N_("Please place the card flat on the reader and try again.");
	case KE_CARD_NOT_VERIFIED:
		return N_("Please enter your booking code instead.");
	case KE_TERMINAL_NOT_AUTHORISED:
		return N_("Please ask at the information desk.");
	case KE_HUB_UNREACHABLE:
		return N_(
		    "Please take a number without appointment or ask at the information desk.");
	case KE_SERVICE_UNAVAILABLE:
		return N_("Please ask at the information desk.");
	default:
		return N_("Please ask at the information desk.");
	}
}

static void screen_error(struct ctx *c)
{
	const struct kiosk_flow *f = c->f;
	enum kiosk_error e = f->error;
	struct kiosk_widget *t =
	    add(c, KW_TITLE, 80, 200, 1760, 140, 64, tr(c, kiosk_error_title(e)));
	t->style = KWS_ALERT;
	if (e == KE_TOO_EARLY || e == KE_TOO_LATE)
		textf(c, 160, 400, 1600, 100, 44, kiosk_error_detail(e),
		      e == KE_TOO_EARLY ? f->window_opens : f->window_closes);
	else
		text(c, 160, 400, 1600, 100, 44, kiosk_error_detail(e));
	bool card = e == KE_WRONG_CAN || e == KE_CARD_REMOVED || e == KE_CARD_UNREADABLE;
	if (card)
		button(c, 1040, 640, 720, 150, N_("Try again"), KB_RETRY, 0, KWS_PRIMARY);
	if (card || e == KE_CARD_NOT_VERIFIED || e == KE_CARD_NOT_AUTHORISED || e == KE_AMBIGUOUS)
		button(c, 160, 640, 720, 150, N_("Enter the booking code"), KB_USE_CODE, 0,
		       card ? KWS_NORMAL : KWS_PRIMARY);
	else if (e == KE_NO_BOOKING)
		button(c, 160, 640, 720, 150, N_("Correct the code"), KB_RETRY, 0, KWS_PRIMARY);
	else if (e == KE_HUB_UNREACHABLE || e == KE_SERVICE_UNAVAILABLE)
		button(c, 160, 640, 720, 150, N_("Try again"), KB_RETRY, 0, KWS_NORMAL);
	button(c, 1040, 860, 720, 150, N_("Start over"), KB_HOME, 0, KWS_NORMAL);
}

static void warning(struct ctx *c)
{
	struct kiosk_widget *p = add(c, KW_PANEL, 360, 300, 1200, 480, 0, NULL);
	p->style = KWS_ALERT;
	p->button = KB_MORE_TIME; /* the panel catches taps meant for what lies beneath */
	add(c, KW_TITLE, 400, 340, 1120, 130, 56, tr(c, N_("Do you need more time?")))->align =
	    UI_ALIGN_CENTER;
	text(c, 400, 470, 1120, 80, 38, N_("Otherwise the kiosk starts over shortly."))->align =
	    UI_ALIGN_CENTER;
	button(c, 560, 590, 800, 150, N_("Yes, more time"), KB_MORE_TIME, 0, KWS_PRIMARY);
}

void kiosk_layout_compute(struct kiosk_layout *l, const struct kiosk_flow *f, int w, int h,
                          const struct kiosk_layout_info *info)
{
	struct ctx c = { l, f, info, (double)w / DW, (double)h / DH, 0 };
	c.sf = c.sx < c.sy ? c.sx : c.sy;
	if (f->large_text)
		c.sf *= 1.25;
	l->w = w;
	l->h = h;
	l->n = 0;
	l->rtl = kiosk_lang_rtl(f->lang) && f->screen != KS_IDLE;
	header(&c);
	switch (f->screen) {
	case KS_IDLE:
		screen_idle(&c);
		break;
	case KS_LANGUAGE:
		screen_language(&c);
		break;
	case KS_CHOICE:
		screen_choice(&c);
		break;
	case KS_METHOD:
		screen_method(&c);
		break;
	case KS_CODE:
		screen_code(&c);
		break;
	case KS_SCAN:
		screen_scan(&c);
		break;
	case KS_CONSENT:
		screen_consent(&c);
		break;
	case KS_PLACE_CARD:
		screen_place_card(&c);
		break;
	case KS_CAN:
		screen_can(&c);
		break;
	case KS_READING:
		screen_reading(&c);
		break;
	case KS_SERVICES:
		screen_services(&c);
		break;
	case KS_WORKING:
		screen_working(&c);
		break;
	case KS_RESULT:
		screen_result(&c);
		break;
	case KS_ERROR:
	default:
		screen_error(&c);
		break;
	}
	if (f->warning)
		warning(&c);
	if (!l->rtl)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct kiosk_widget *wd = &l->w_[i];
		if (wd->kind == KW_KEY)
			continue;
		wd->r.x = w - wd->r.x - wd->r.w;
		if (wd->align == UI_ALIGN_LEFT)
			wd->align = UI_ALIGN_RIGHT;
		else if (wd->align == UI_ALIGN_RIGHT)
			wd->align = UI_ALIGN_LEFT;
	}
}

const struct kiosk_widget *kiosk_layout_hit(const struct kiosk_layout *l, int x, int y)
{
	/* Later widgets lie on top (the warning panel): search backwards. */
	for (size_t i = l->n; i-- > 0;) {
		const struct kiosk_widget *wd = &l->w_[i];
		if (wd->button != KB_NONE && x >= wd->r.x && x < wd->r.x + wd->r.w &&
		    y >= wd->r.y && y < wd->r.y + wd->r.h)
			return wd;
	}
	return NULL;
}

const struct kiosk_widget *kiosk_layout_find(const struct kiosk_layout *l, enum kiosk_button b,
                                             int arg)
{
	for (size_t i = l->n; i-- > 0;)
		if (l->w_[i].button == b && (arg < 0 || l->w_[i].arg == arg))
			return &l->w_[i];
	return NULL;
}
