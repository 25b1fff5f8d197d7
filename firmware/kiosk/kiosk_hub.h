/* kiosk_hub.h — the kiosk's calls to the hub (docs/hub-api.md): services, walk-in tickets,
 * check-in by booking code or identity tag, today's identity key, number-block leases and the
 * hand-in of tickets issued offline.
 *
 * Answers that the citizen sees are written as a flow event (KEV_DONE with the ticket, or
 * KEV_FAILED with the kiosk_error and, for too early / too late, the window in local time), so
 * the program passes them on unchanged. Return values: 0, or a negative errno; -ECONNREFUSED,
 * -ETIMEDOUT, -EHOSTUNREACH, -EIO (and 5xx answers, -EAGAIN) mean "hub unreachable".
 */
#ifndef CIVIQ_KIOSK_HUB_H
#define CIVIQ_KIOSK_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/kiosk_flow.h"

struct kiosk_hub {
	char base[256];    /* "http://127.0.0.1:8080" */
	char token[128];   /* kiosk device token */
	char kiosk[64];    /* this kiosk's name for leases ("kiosk-1") */
	char ca_file[256]; /* "" for the system CAs */
	int timeout_ms;    /* per request; 0: 5 s */
};

/* True for a return value that means the hub could not be reached or could not answer. */
bool kiosk_hub_unreachable(int rc);

/* GET /api/v1/services: the active and inactive services, in the hub's order. */
int kiosk_hub_services(const struct kiosk_hub *h, struct kiosk_service *out, size_t max, size_t *n);

/* POST /api/v1/tickets. 0 with ev KEV_DONE; otherwise ev is KEV_FAILED. */
int kiosk_hub_walkin(const struct kiosk_hub *h, const char *service, int priority,
                     struct kiosk_event *ev);
/* POST /api/v1/checkins with {"booking_code"} or {"identity_tag"}. */
int kiosk_hub_checkin_code(const struct kiosk_hub *h, const char *code, struct kiosk_event *ev);
int kiosk_hub_checkin_tag(const struct kiosk_hub *h, const char *tag, struct kiosk_event *ev);

/* GET /api/v1/checkins/key: today's 32-byte key (the caller wipes it after use). */
int kiosk_hub_day_key(const struct kiosk_hub *h, uint8_t key[32]);

struct kiosk_lease {
	char service[32];
	char prefix[4];
	int first, last, next, digits;
	char day[11]; /* YYYY-MM-DD */
};

/* POST /api/v1/kiosks/{kiosk}/lease. */
int kiosk_hub_lease(const struct kiosk_hub *h, const char *service, int size,
                    struct kiosk_lease *out);

struct kiosk_handin_item {
	char service[32];
	int number;
	char issued_at[32]; /* RFC 3339 */
	int priority;
};

/* POST /api/v1/kiosks/{kiosk}/handin; 0 when the hub stored them all (idempotent). -EPROTO
 * when the hub refused them (e.g. number_not_leased): retrying will not help. */
int kiosk_hub_handin(const struct kiosk_hub *h, const struct kiosk_handin_item *items, size_t n);

/* POST /api/v1/alerts with a JSON body {"type","detail","number"} (staff are told). */
int kiosk_hub_alert(const struct kiosk_hub *h, const char *json_body);

/* Formats an RFC 3339 time as local "HH:MM" (for the check-in window). */
void kiosk_local_hhmm(const char *rfc3339, char *out, size_t outlen);

#endif
