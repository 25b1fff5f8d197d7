/* kiosk_card.h — check-in by ID card: read the identity, turn it into the identity tag on the
 * kiosk, wipe it, and check in with the tag only (ARCHITECTURE.md 4 and 6).
 *
 * Order: today's key from the hub first (no card is read while the hub is unreachable), then
 * eid_read_identity() with the CAN, then the tag; the identity and the key are wiped with
 * OPENSSL_cleanse on every path before the check-in is sent. An identity that failed Passive
 * Authentication is refused (KE_CARD_NOT_VERIFIED: the citizen is asked for the booking code)
 * unless accept_unverified is set, which only the sim board does by default.
 */
#ifndef CIVIQ_KIOSK_CARD_H
#define CIVIQ_KIOSK_CARD_H

#include <stdbool.h>

#include "eid/eid_read.h"
#include "kiosk/kiosk_flow.h"
#include "kiosk/kiosk_hub.h"

struct nfc_reader;

struct kiosk_card_options {
	bool accept_unverified; /* accept identities that failed Passive Authentication */
	const char *const *terminal_chain; /* on-site reading terminal; NULL: ICAO application */
	const char *terminal_key;
	const char *csca_dir;
	int card_timeout_ms;
	/* progress in percent, for the reading screen */
	void (*progress)(void *arg, int percent);
	void *progress_arg;
};

/* The flow's error for an eid_read_identity() error. */
enum kiosk_error kiosk_card_error(int eid_rc);

/* Reads the card on `r` with `can` and checks in; ev gets KEV_DONE or KEV_FAILED. Returns 0 or
 * a negative errno. */
int kiosk_card_checkin(struct nfc_reader *r, const char *can, const struct kiosk_hub *hub,
                       const struct kiosk_card_options *opt, struct kiosk_event *ev);

/* Waits up to timeout_ms for a card on the reader; 0, -ETIMEDOUT, -ENODEV. */
int kiosk_card_wait(struct nfc_reader *r, int timeout_ms);

#endif
