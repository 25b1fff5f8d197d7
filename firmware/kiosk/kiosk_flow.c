/* kiosk_flow.c — the kiosk's screens and transitions; see kiosk_flow.h. */
#include "kiosk_flow.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const lang_codes[KIOSK_LANG_COUNT] = { "de", "en", "tr", "ar", "uk", "ru" };
static const char *const lang_names[KIOSK_LANG_COUNT] = {
	"Deutsch", "English", "Türkçe", "العربية", "Українська", "Русский",
};

const char *kiosk_lang_code(enum kiosk_lang l)
{
	return (unsigned)l < KIOSK_LANG_COUNT ? lang_codes[l] : "de";
}

int kiosk_lang_parse(const char *code, enum kiosk_lang *out)
{
	for (int i = 0; i < KIOSK_LANG_COUNT; i++)
		if (code && !strcmp(code, lang_codes[i])) {
			*out = (enum kiosk_lang)i;
			return 0;
		}
	return -EINVAL;
}

bool kiosk_lang_rtl(enum kiosk_lang l)
{
	return l == KIOSK_LANG_AR;
}

const char *kiosk_lang_native_name(enum kiosk_lang l)
{
	return (unsigned)l < KIOSK_LANG_COUNT ? lang_names[l] : "";
}

const char *kiosk_error_name(enum kiosk_error e)
{
	static const char *const names[KE_COUNT] = {
		"none",
		"no_booking",
		"too_early",
		"too_late",
		"already_checked_in",
		"ambiguous",
		"cancelled",
		"wrong_can",
		"card_removed",
		"card_not_authorised",
		"card_unreadable",
		"card_not_verified",
		"terminal_not_authorised",
		"hub_unreachable",
		"service_unavailable",
		"internal",
	};
	return (unsigned)e < KE_COUNT ? names[e] : "?";
}

const char *kiosk_screen_name(enum kiosk_screen s)
{
	static const char *const names[KS_COUNT] = {
		"idle",       "language", "choice",  "method",   "code",    "scan",   "consent",
		"place_card", "can",      "reading", "services", "working", "result", "error",
	};
	return (unsigned)s < KS_COUNT ? names[s] : "?";
}

bool kiosk_code_valid(const char *code, char *out, size_t outlen)
{
	char buf[KIOSK_CODE_MAX];
	size_t n = 0;

	for (const char *p = code; p && *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '-')
			continue;
		if (!isascii(c) || !isalnum(c) || n + 1 >= sizeof(buf))
			return false;
		buf[n++] = (char)toupper(c);
	}
	buf[n] = 0;
	if (n < 4 || n > 16)
		return false;
	if (out) {
		if (n + 1 > outlen)
			return false;
		memcpy(out, buf, n + 1);
	}
	return true;
}

int kiosk_code_from_scan(const char *line, char *out, size_t outlen)
{
	char buf[256];
	size_t n;
	const char *q;

	if (!line)
		return -EINVAL;
	/* Trim what a scanner adds: whitespace and line ends. */
	while (*line == ' ' || *line == '\t')
		line++;
	n = strcspn(line, "\r\n");
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, line, n);
	buf[n] = 0;
	if (strstr(buf, "://")) {
		if ((q = strstr(buf, "code=")) && (q == buf || q[-1] == '?' || q[-1] == '&')) {
			q += 5;
			buf[(size_t)(q - buf) + strcspn(q, "&#")] = 0;
		} else {
			buf[strcspn(buf, "?#")] = 0;
			size_t len = strlen(buf);
			while (len && buf[len - 1] == '/')
				buf[--len] = 0;
			q = strrchr(buf, '/');
			q = q ? q + 1 : buf;
		}
	} else {
		q = buf;
	}
	return kiosk_code_valid(q, out, outlen) ? 0 : -EINVAL;
}

const char *kiosk_service_name(const struct kiosk_service *s, enum kiosk_lang lang)
{
	if ((unsigned)lang < KIOSK_LANG_COUNT && s->names[lang][0])
		return s->names[lang];
	if (s->names[KIOSK_LANG_DE][0])
		return s->names[KIOSK_LANG_DE];
	if (s->names[KIOSK_LANG_EN][0])
		return s->names[KIOSK_LANG_EN];
	return s->id;
}

const struct kiosk_service *kiosk_flow_ticket_service(const struct kiosk_flow *f)
{
	for (size_t i = 0; i < f->n_services; i++)
		if (!strcmp(f->services[i].id, f->ticket.service))
			return &f->services[i];
	return NULL;
}

/* Overwrites memory the compiler may not elide (the flow is pure C: no OpenSSL here). */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

static void wipe_entries(struct kiosk_flow *f)
{
	wipe(f->code, sizeof(f->code));
	wipe(f->can, sizeof(f->can));
	wipe(f->scan, sizeof(f->scan));
	wipe(&f->request, sizeof(f->request));
	wipe(&f->ticket, sizeof(f->ticket));
	f->code_invalid = false;
	f->priority_request = false;
	f->progress = 0;
	f->printing = f->printed = f->paper_out = false;
	f->error = KE_NONE;
	f->window_opens[0] = f->window_closes[0] = 0;
}

void kiosk_flow_init(struct kiosk_flow *f, const struct kiosk_flow_options *opt)
{
	memset(f, 0, sizeof(*f));
	if (opt)
		f->opt = *opt;
	if (f->opt.timeout_ms <= 0)
		f->opt.timeout_ms = 60000;
	if (f->opt.warn_ms <= 0)
		f->opt.warn_ms = 20000;
	if (f->opt.result_ms <= 0)
		f->opt.result_ms = 30000;
	if ((unsigned)f->opt.default_lang >= KIOSK_LANG_COUNT)
		f->opt.default_lang = KIOSK_LANG_DE;
	f->lang = f->opt.default_lang;
	f->screen = KS_IDLE;
}

static void go(struct kiosk_flow *f, enum kiosk_screen s)
{
	f->screen = s;
	f->screen_since_ms = f->now_ms;
	f->warning = false;
	f->code_invalid = false;
}

void kiosk_flow_reset(struct kiosk_flow *f)
{
	wipe_entries(f);
	f->busy = false;
	f->waiting = KREQ_NONE;
	f->large_text = false;
	f->lang = f->opt.default_lang;
	go(f, KS_IDLE);
}

static void request(struct kiosk_flow *f, enum kiosk_request_type t)
{
	wipe(&f->request, sizeof(f->request));
	f->request.type = t;
	f->request.lang = f->lang;
	f->waiting = t;
	/* Waiting for a card is not "busy": the citizen may go back meanwhile. */
	f->busy = t != KREQ_CARD_WAIT && t != KREQ_PRINT;
}

bool kiosk_flow_take_request(struct kiosk_flow *f, struct kiosk_request *out)
{
	*out = f->request;
	if (f->request.type == KREQ_NONE)
		return false;
	wipe(&f->request, sizeof(f->request));
	return true;
}

static void fail(struct kiosk_flow *f, enum kiosk_error e, enum kiosk_screen back)
{
	f->error = e;
	f->error_back = back;
	go(f, KS_ERROR);
}

static void check_in_code(struct kiosk_flow *f, const char *code)
{
	request(f, KREQ_CHECKIN_CODE);
	snprintf(f->request.code, sizeof(f->request.code), "%s", code);
	go(f, KS_WORKING);
}

static void wait_card(struct kiosk_flow *f)
{
	wipe(f->can, sizeof(f->can));
	f->progress = 0;
	go(f, KS_PLACE_CARD);
	request(f, KREQ_CARD_WAIT);
}

/* A scanned line, accepted wherever the citizen has not started typing something else. */
static bool scanned(struct kiosk_flow *f, const char *line)
{
	char code[KIOSK_CODE_MAX];

	if (kiosk_code_from_scan(line, code, sizeof(code)) == 0) {
		snprintf(f->code, sizeof(f->code), "%s", code);
		check_in_code(f, code);
		wipe(code, sizeof(code));
		return true;
	}
	if (f->screen == KS_SCAN || f->screen == KS_CODE) {
		f->code_invalid = true;
		return true;
	}
	return false;
}

static bool scan_accepted(enum kiosk_screen s)
{
	return s == KS_IDLE || s == KS_LANGUAGE || s == KS_CHOICE || s == KS_METHOD || s == KS_SCAN;
}

static bool key_code(struct kiosk_flow *f, char c)
{
	size_t n = strlen(f->code);

	if (c == '\b') {
		if (n)
			f->code[n - 1] = 0;
		f->code_invalid = false;
		return true;
	}
	if (c == '\n') {
		char norm[KIOSK_CODE_MAX];
		if (!kiosk_code_valid(f->code, norm, sizeof(norm))) {
			f->code_invalid = true;
			return true;
		}
		check_in_code(f, norm);
		return true;
	}
	if (!isascii((unsigned char)c) || !(isalnum((unsigned char)c) || c == '-' || c == ' '))
		return false;
	if (n + 1 >= sizeof(f->code) || n >= 19)
		return false;
	f->code[n] = (char)toupper((unsigned char)c);
	f->code[n + 1] = 0;
	f->code_invalid = false;
	return true;
}

static bool key_can(struct kiosk_flow *f, char c)
{
	size_t n = strlen(f->can);

	if (c == '\b') {
		if (n)
			f->can[n - 1] = 0;
		return true;
	}
	if (c == '\n') {
		if (n != KIOSK_CAN_LEN) {
			f->code_invalid = true;
			return true;
		}
		request(f, KREQ_CARD_CHECKIN);
		memcpy(f->request.can, f->can, sizeof(f->request.can));
		wipe(f->can, sizeof(f->can));
		f->progress = 0;
		go(f, KS_READING);
		return true;
	}
	if (c < '0' || c > '9' || n >= KIOSK_CAN_LEN)
		return false;
	f->can[n] = c;
	f->can[n + 1] = 0;
	f->code_invalid = false;
	return true;
}

/* A key typed on the physical keyboard or the on-screen keypad. */
static bool key(struct kiosk_flow *f, char c)
{
	if (f->screen == KS_CODE)
		return key_code(f, c);
	if (f->screen == KS_CAN)
		return key_can(f, c);
	if (!scan_accepted(f->screen))
		return false;
	/* The scanner types like a keyboard: collect the line until Enter. */
	size_t n = strlen(f->scan);
	if (c == '\n') {
		char line[sizeof(f->scan)];
		memcpy(line, f->scan, sizeof(line));
		wipe(f->scan, sizeof(f->scan));
		bool changed = scanned(f, line);
		wipe(line, sizeof(line));
		return changed;
	}
	if (c == '\b') {
		if (n)
			f->scan[n - 1] = 0;
		return false;
	}
	if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f && n + 1 < sizeof(f->scan)) {
		f->scan[n] = c;
		f->scan[n + 1] = 0;
	}
	return false;
}

static bool button(struct kiosk_flow *f, enum kiosk_button b, int arg)
{
	if (b == KB_LARGE_TEXT) {
		f->large_text = !f->large_text;
		return true;
	}
	if (b == KB_MORE_TIME)
		return true; /* the input itself extended the time */
	if (b == KB_HOME) {
		if (f->screen == KS_IDLE)
			return false;
		kiosk_flow_reset(f);
		return true;
	}
	switch (f->screen) {
	case KS_IDLE:
		wipe_entries(f);
		go(f, KS_LANGUAGE);
		return true;
	case KS_LANGUAGE:
		if (b == KB_LANG && arg >= 0 && arg < KIOSK_LANG_COUNT) {
			f->lang = (enum kiosk_lang)arg;
			go(f, KS_CHOICE);
			return true;
		}
		if (b == KB_BACK) {
			kiosk_flow_reset(f);
			return true;
		}
		return false;
	case KS_CHOICE:
		if (b == KB_APPOINTMENT) {
			go(f, KS_METHOD);
			return true;
		}
		if (b == KB_NO_APPOINTMENT) {
			f->services_failed = false;
			go(f, KS_SERVICES);
			request(f, KREQ_SERVICES);
			return true;
		}
		if (b == KB_BACK) {
			go(f, KS_LANGUAGE);
			return true;
		}
		return false;
	case KS_METHOD:
		if (b == KB_METHOD_CODE) {
			wipe(f->code, sizeof(f->code));
			go(f, KS_CODE);
		} else if (b == KB_METHOD_SCAN) {
			go(f, KS_SCAN);
		} else if (b == KB_METHOD_CARD && f->opt.card_enabled) {
			go(f, KS_CONSENT);
		} else if (b == KB_BACK) {
			go(f, KS_CHOICE);
		} else {
			return false;
		}
		return true;
	case KS_CODE:
		if (b == KB_KEY)
			return key_code(f, (char)arg);
		if (b == KB_BACKSPACE)
			return key_code(f, '\b');
		if (b == KB_OK)
			return key_code(f, '\n');
		if (b == KB_BACK) {
			wipe(f->code, sizeof(f->code));
			go(f, KS_METHOD);
			return true;
		}
		return false;
	case KS_SCAN:
		if (b == KB_METHOD_CODE) {
			go(f, KS_CODE);
			return true;
		}
		if (b == KB_BACK) {
			go(f, KS_METHOD);
			return true;
		}
		return false;
	case KS_CONSENT:
		if (b == KB_CONSENT_YES) {
			wait_card(f);
			return true;
		}
		if (b == KB_CONSENT_NO || b == KB_BACK) {
			go(f, KS_METHOD);
			return true;
		}
		return false;
	case KS_PLACE_CARD:
		if (b == KB_BACK) {
			f->waiting = KREQ_NONE; /* a late answer of the reader is ignored */
			go(f, KS_CONSENT);
			return true;
		}
		return false;
	case KS_CAN:
		if (b == KB_KEY)
			return key_can(f, (char)arg);
		if (b == KB_BACKSPACE)
			return key_can(f, '\b');
		if (b == KB_OK)
			return key_can(f, '\n');
		if (b == KB_BACK) {
			wipe(f->can, sizeof(f->can));
			go(f, KS_CONSENT);
			return true;
		}
		return false;
	case KS_SERVICES:
		if (b == KB_PRIORITY && f->opt.priority_enabled) {
			f->priority_request = !f->priority_request;
			return true;
		}
		if (b == KB_SERVICE && arg >= 0 && (size_t)arg < f->n_services &&
		    f->services[arg].active) {
			request(f, KREQ_WALKIN);
			snprintf(f->request.service, sizeof(f->request.service), "%s",
			         f->services[arg].id);
			/* normal priority until staff confirm the request */
			f->request.priority = 0;
			f->request.priority_request =
			    f->opt.priority_enabled && f->priority_request;
			go(f, KS_WORKING);
			return true;
		}
		if (b == KB_BACK) {
			go(f, KS_CHOICE);
			return true;
		}
		return false;
	case KS_RESULT:
		if (b == KB_OK || b == KB_BACK) {
			if (f->printing)
				return false; /* the ticket is still printing */
			kiosk_flow_reset(f);
			return true;
		}
		return false;
	case KS_ERROR:
		if (b == KB_USE_CODE) {
			wipe(f->code, sizeof(f->code));
			f->error = KE_NONE;
			go(f, KS_CODE);
			return true;
		}
		if (b == KB_RETRY || b == KB_BACK || b == KB_OK) {
			f->error = KE_NONE;
			if (f->error_back == KS_PLACE_CARD)
				wait_card(f);
			else if (f->error_back == KS_SERVICES) {
				go(f, KS_SERVICES);
				request(f, KREQ_SERVICES);
			} else
				go(f, f->error_back);
			return true;
		}
		return false;
	default:
		return false;
	}
}

static bool tick(struct kiosk_flow *f, int64_t now)
{
	f->now_ms = now;
	if (f->screen == KS_IDLE || f->busy || f->printing)
		return false;
	if (f->screen == KS_RESULT || f->screen == KS_ERROR) {
		if (now - f->screen_since_ms >= f->opt.result_ms &&
		    now - f->last_input_ms >= f->opt.result_ms) {
			kiosk_flow_reset(f);
			return true;
		}
		return false;
	}
	int64_t idle = now - f->last_input_ms;
	if (idle >= f->opt.timeout_ms + f->opt.warn_ms) {
		kiosk_flow_reset(f);
		return true;
	}
	if (idle >= f->opt.timeout_ms && !f->warning) {
		f->warning = true;
		return true;
	}
	return false;
}

static void copy_window(struct kiosk_flow *f, const struct kiosk_event *ev)
{
	snprintf(f->window_opens, sizeof(f->window_opens), "%s", ev->window_opens);
	snprintf(f->window_closes, sizeof(f->window_closes), "%s", ev->window_closes);
}

static enum kiosk_screen back_for(enum kiosk_request_type t, enum kiosk_error e)
{
	switch (t) {
	case KREQ_CARD_WAIT:
	case KREQ_CARD_CHECKIN:
		/* booking problems found by card: entering the code does not help either */
		return (e == KE_WRONG_CAN || e == KE_CARD_REMOVED || e == KE_CARD_UNREADABLE)
		           ? KS_PLACE_CARD
		           : KS_METHOD;
	case KREQ_CHECKIN_CODE:
		return KS_CODE;
	case KREQ_WALKIN:
	case KREQ_SERVICES:
		return KS_SERVICES;
	default:
		return KS_CHOICE;
	}
}

/* The answer to the outstanding request. */
static bool answer(struct kiosk_flow *f, const struct kiosk_event *ev)
{
	enum kiosk_request_type t = f->waiting;

	if (t == KREQ_NONE)
		return false;
	if (ev->type == KEV_PROGRESS) {
		if (f->screen != KS_READING)
			return false;
		f->progress = ev->progress < 0 ? 0 : ev->progress > 100 ? 100 : ev->progress;
		return true;
	}
	if (ev->type == KEV_CARD_PRESENT) {
		if (t != KREQ_CARD_WAIT || f->screen != KS_PLACE_CARD)
			return false;
		f->waiting = KREQ_NONE;
		wipe(f->can, sizeof(f->can));
		go(f, KS_CAN);
		return true;
	}
	if (ev->type == KEV_PRINTED) {
		if (t != KREQ_PRINT)
			return false;
		f->waiting = KREQ_NONE;
		f->printing = false;
		f->printed = ev->ok;
		f->paper_out = !ev->ok;
		f->screen_since_ms = f->now_ms;
		return true;
	}
	if (ev->type == KEV_SERVICES) {
		if (t != KREQ_SERVICES)
			return false;
		f->waiting = KREQ_NONE;
		f->busy = false;
		if (!ev->ok || ev->n_services == 0) {
			f->services_failed = true;
			fail(f, KE_HUB_UNREACHABLE, KS_CHOICE);
			return true;
		}
		f->n_services =
		    ev->n_services < KIOSK_SERVICES_MAX ? ev->n_services : KIOSK_SERVICES_MAX;
		memcpy(f->services, ev->services, f->n_services * sizeof(f->services[0]));
		return true;
	}
	if (t == KREQ_CARD_WAIT && f->screen != KS_PLACE_CARD)
		return false; /* the citizen went back meanwhile */
	f->waiting = KREQ_NONE;
	f->busy = false;
	if (ev->type == KEV_DONE && t != KREQ_CARD_WAIT) {
		f->ticket = ev->ticket;
		go(f, KS_RESULT);
		request(f, KREQ_PRINT);
		f->request.ticket = f->ticket;
		f->printing = true;
		return true;
	}
	enum kiosk_error e =
	    ev->type == KEV_FAILED && ev->error != KE_NONE ? ev->error : KE_INTERNAL;
	copy_window(f, ev);
	fail(f, e, back_for(t, e));
	return true;
}

bool kiosk_flow_event(struct kiosk_flow *f, const struct kiosk_event *ev)
{
	bool warned;

	switch (ev->type) {
	case KEV_TICK:
		return tick(f, ev->now_ms);
	case KEV_BUTTON:
	case KEV_KEY:
	case KEV_SCAN:
		warned = f->warning;
		f->last_input_ms = f->now_ms;
		f->warning = false;
		if (f->busy)
			return warned;
		if (ev->type == KEV_BUTTON)
			return button(f, ev->button, ev->arg) || warned;
		if (ev->type == KEV_KEY) {
			/* A key on the attract screen wakes it, unless it is the scanner typing. */
			return key(f, ev->ch) || warned;
		}
		if (!scan_accepted(f->screen) && f->screen != KS_CODE)
			return warned;
		return scanned(f, ev->text) || warned;
	default:
		return answer(f, ev);
	}
}
