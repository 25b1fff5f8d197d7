/* kiosk_flow.h — what the check-in kiosk shows and what it asks for, as a pure state machine.
 *
 * The flow knows screens, the citizen's entries and outcomes; it does no I/O and keeps no clock.
 * The program feeds it events (taps, keys, a scanned line, ticks, answers of the hub, the card
 * reader and the printer) and carries out the one request the flow leaves pending (load the
 * services, check in by code or by card, issue a walk-in ticket, print). Every request is
 * answered with KEV_DONE (a ticket) or KEV_FAILED (an error), whatever happened.
 *
 *   idle → language → appointment? ─ yes → method ─ code keypad ──────────────┐
 *                                   │            ├ scan (QR keyboard wedge) ───┤→ working → result
 *                                   │            └ consent → place card → CAN → reading ┘    │
 *                                   └ no ──→ service menu → working → result            error
 *
 * Priority request (when the office offers it): a toggle on the service menu. The ticket is
 * issued at normal priority and the request goes to the staff as an alert to confirm.
 *
 * Inactivity: after `timeout_ms` without input the flow warns (the citizen may ask for more
 * time), after `timeout_ms + warn_ms` it returns to idle and wipes everything entered.
 */
#ifndef CIVIQ_KIOSK_FLOW_H
#define CIVIQ_KIOSK_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kiosk_lang {
	KIOSK_LANG_DE,
	KIOSK_LANG_EN,
	KIOSK_LANG_TR,
	KIOSK_LANG_AR,
	KIOSK_LANG_UK,
	KIOSK_LANG_RU,
	KIOSK_LANG_COUNT,
};

/* "de", "en", ...; kiosk_lang_parse: -EINVAL for an unknown code. */
const char *kiosk_lang_code(enum kiosk_lang l);
int kiosk_lang_parse(const char *code, enum kiosk_lang *out);
/* Arabic is written right to left: the screen is mirrored. */
bool kiosk_lang_rtl(enum kiosk_lang l);
/* The language's name in itself ("Deutsch", "Türkçe", "العربية", ...). */
const char *kiosk_lang_native_name(enum kiosk_lang l);

enum kiosk_screen {
	KS_IDLE,       /* attract screen: touch to start */
	KS_LANGUAGE,   /* six language buttons */
	KS_CHOICE,     /* "I have an appointment" / "I have no appointment" */
	KS_METHOD,     /* booking code / scan the confirmation / ID card */
	KS_CODE,       /* on-screen keyboard for the booking code */
	KS_SCAN,       /* hold the QR code under the scanner */
	KS_CONSENT,    /* who reads which data and why (§18a PAuswG) */
	KS_PLACE_CARD, /* place the ID card on the reader */
	KS_CAN,        /* the 6-digit CAN on a keypad, with a picture of where it is printed */
	KS_READING,    /* progress while the card is read */
	KS_SERVICES,   /* service menu (no appointment) */
	KS_WORKING,    /* waiting for the hub */
	KS_RESULT,     /* the number, large */
	KS_ERROR,      /* one screen per kiosk_error */
	KS_COUNT,
};

enum kiosk_error {
	KE_NONE,
	KE_NO_BOOKING,              /* no booking of today matches */
	KE_TOO_EARLY,               /* window opens later (window_opens) */
	KE_TOO_LATE,                /* window closed (window_closes) */
	KE_ALREADY_CHECKED_IN,      /* the booking has a ticket already */
	KE_AMBIGUOUS,               /* several bookings match the card: use the booking code */
	KE_CANCELLED,               /* the booking was cancelled */
	KE_WRONG_CAN,               /* PACE failed: the CAN does not match the card */
	KE_CARD_REMOVED,            /* the card left the reader during the read */
	KE_CARD_NOT_AUTHORISED,     /* the card needs an authorised terminal */
	KE_CARD_UNREADABLE,         /* no card, no answer, or answers that fail their checks */
	KE_CARD_NOT_VERIFIED,       /* Passive Authentication failed: use the booking code */
	KE_TERMINAL_NOT_AUTHORISED, /* the hub refused this kiosk (token) */
	KE_HUB_UNREACHABLE,         /* a check-in needs the hub, which is not reachable */
	KE_SERVICE_UNAVAILABLE,     /* no numbers left or the service takes no tickets */
	KE_INTERNAL,                /* anything else */
	KE_COUNT,
};

/* Symbolic name ("no_booking") for logs and tests. */
const char *kiosk_error_name(enum kiosk_error e);
const char *kiosk_screen_name(enum kiosk_screen s);

enum kiosk_button {
	KB_NONE,
	KB_START,          /* idle: anywhere */
	KB_LANG,           /* arg: enum kiosk_lang */
	KB_APPOINTMENT,    /* choice */
	KB_NO_APPOINTMENT, /* choice */
	KB_METHOD_CODE,    /* method */
	KB_METHOD_SCAN,
	KB_METHOD_CARD,
	KB_CONSENT_YES,
	KB_CONSENT_NO,
	KB_SERVICE,    /* arg: index into the service list */
	KB_KEY,        /* arg: the character of an on-screen key ('A'..'Z', '0'..'9', '-') */
	KB_BACKSPACE,  /* keypads */
	KB_OK,         /* keypads: submit */
	KB_BACK,       /* one screen back */
	KB_HOME,       /* cancel: back to idle, everything wiped */
	KB_MORE_TIME,  /* the inactivity warning: "I need more time" */
	KB_USE_CODE,   /* card errors: enter the booking code instead */
	KB_RETRY,      /* card errors: try the card again */
	KB_LARGE_TEXT, /* toggles large text */
	KB_PRIORITY,   /* service menu: toggles the priority request (when offered) */
	KB_COUNT,
};

enum kiosk_event_type {
	KEV_BUTTON,   /* button, arg */
	KEV_KEY,      /* a physical key: ch (printable ASCII), or '\b' backspace, '\n' enter */
	KEV_SCAN,     /* a whole line from the QR/barcode scanner: text */
	KEV_TICK,     /* now_ms */
	KEV_SERVICES, /* services loaded: services/n_services (copied), or ok=false */
	KEV_CARD_PRESENT,
	KEV_PROGRESS, /* reading: progress (0..100) */
	KEV_DONE,     /* the pending request succeeded: ticket */
	KEV_FAILED,   /* the pending request failed: error (+ window for too early/late) */
	KEV_PRINTED,  /* the print request ended: ok, paper_out */
};

#define KIOSK_SERVICES_MAX 16
#define KIOSK_CODE_MAX     24 /* booking code as typed, NUL included */
#define KIOSK_CAN_LEN      6

struct kiosk_service {
	char id[32];
	char prefix[4];
	char names[KIOSK_LANG_COUNT][96]; /* "" where the hub has no name in that language */
	bool active;
};

struct kiosk_ticket {
	char number[16];  /* "A 042" */
	char service[32]; /* service id */
	bool appointment; /* a check-in, not a walk-in */
	int people_ahead; /* -1: unknown */
	int wait_min;     /* estimated wait in minutes; -1: unknown */
	bool offline;     /* issued from the kiosk's leased block while the hub is unreachable */
	int64_t id;       /* hub ticket id (0 while offline) */
	char public_id[40];
};

struct kiosk_event {
	enum kiosk_event_type type;
	enum kiosk_button button;
	int arg;
	char ch;
	const char *text;
	int64_t now_ms;
	const struct kiosk_service *services;
	size_t n_services;
	bool ok, paper_out;
	int progress;
	struct kiosk_ticket ticket;
	enum kiosk_error error;
	char window_opens[8], window_closes[8]; /* "09:15" local time, for too early / too late */
};

enum kiosk_request_type {
	KREQ_NONE,
	KREQ_SERVICES,     /* load the service list */
	KREQ_WALKIN,       /* walk-in ticket for service (id), priority; priority_request: the
	                    * citizen asked for priority (staff confirm it) */
	KREQ_CHECKIN_CODE, /* check in with code (normalised: upper case, no separators) */
	KREQ_CARD_WAIT,    /* wait for a card on the reader */
	KREQ_CARD_CHECKIN, /* read the card with can, compute the tag, wipe, check in */
	KREQ_PRINT,        /* print ticket */
};

struct kiosk_request {
	enum kiosk_request_type type;
	char service[32];
	int priority;
	bool priority_request;
	char code[KIOSK_CODE_MAX];
	char can[KIOSK_CAN_LEN + 1];
	struct kiosk_ticket ticket;
	enum kiosk_lang lang;
};

struct kiosk_flow_options {
	int64_t timeout_ms;    /* inactivity before the warning; 0: 60 s */
	int64_t warn_ms;       /* the warning's length; 0: 20 s */
	int64_t result_ms;     /* result and error screens return to idle after; 0: 30 s */
	bool card_enabled;     /* offer the ID card (a reader is configured) */
	bool priority_enabled; /* the service menu offers the priority request */
	enum kiosk_lang default_lang;
};

struct kiosk_flow {
	struct kiosk_flow_options opt;
	enum kiosk_screen screen;
	enum kiosk_lang lang;
	bool large_text;
	bool warning;   /* inactivity warning shown */
	int64_t now_ms; /* last tick */
	int64_t last_input_ms;
	int64_t screen_since_ms;
	/* entries */
	char code[KIOSK_CODE_MAX];
	bool code_invalid;     /* OK pressed on a code of the wrong format */
	bool priority_request; /* the priority toggle of the service menu is on */
	char can[KIOSK_CAN_LEN + 1];
	char
	    scan[128]; /* characters of a scanner line so far (the scanner types like a keyboard) */
	int progress;
	/* services from the hub */
	struct kiosk_service services[KIOSK_SERVICES_MAX];
	size_t n_services;
	bool services_failed;
	/* outcome */
	struct kiosk_ticket ticket;
	bool printing, printed, paper_out;
	enum kiosk_error error;
	char window_opens[8], window_closes[8];
	enum kiosk_screen error_back; /* where "try again" leads */
	/* the request the program should carry out next */
	struct kiosk_request request;
	enum kiosk_request_type waiting; /* the request whose answer is expected */
	bool busy; /* a request is being carried out: input is ignored until its answer */
};

void kiosk_flow_init(struct kiosk_flow *f, const struct kiosk_flow_options *opt);
/* Feeds one event; returns true when what the screen shows changed. */
bool kiosk_flow_event(struct kiosk_flow *f, const struct kiosk_event *ev);
/* Takes the pending request (type KREQ_NONE when there is none); the flow then waits for its
 * answer. The request may carry a CAN: the caller wipes its copy after use. */
bool kiosk_flow_take_request(struct kiosk_flow *f, struct kiosk_request *out);
/* Wipes everything the citizen entered or was given and returns to idle. */
void kiosk_flow_reset(struct kiosk_flow *f);

/* Booking code format: 4 to 16 letters and digits once spaces and hyphens are removed (they
 * may separate groups). Writes the normalised code (upper case) into out when valid. */
bool kiosk_code_valid(const char *code, char *out, size_t outlen);
/* A scanned line: the booking code itself, or a URL whose last path segment or `code=` query
 * parameter holds it. 0 and the normalised code, or -EINVAL. */
int kiosk_code_from_scan(const char *line, char *out, size_t outlen);

/* The service's name in `lang`, falling back to German, then English, then the id. */
const char *kiosk_service_name(const struct kiosk_service *s, enum kiosk_lang lang);
/* The service of the result ticket, or NULL. */
const struct kiosk_service *kiosk_flow_ticket_service(const struct kiosk_flow *f);

#endif
