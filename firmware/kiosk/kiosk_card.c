/* kiosk_card.c — ID card → identity tag → check-in; the identity never leaves this file. */
#include "kiosk_card.h"

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/identity_tag.h"
#include "common/log.h"
#include "hal/nfc.h"

enum kiosk_error kiosk_card_error(int eid_rc)
{
	switch (eid_rc) {
	case -EACCES:
		return KE_WRONG_CAN;
	case -EPERM:
		return KE_CARD_NOT_AUTHORISED;
	case -ENOMEDIUM:
		return KE_CARD_REMOVED;
	default:
		return KE_CARD_UNREADABLE;
	}
}

struct progress {
	const struct kiosk_card_options *opt;
	int last;
};

/* The steps' order depends on the card (TA and CA only for on-site reading): the bar only
 * moves forward. */
static void on_step(void *arg, enum eid_step step)
{
	struct progress *p = arg;
	static const int percent[] = { 5, 20, 40, 55, 70, 85, 95 };

	if ((unsigned)step >= sizeof(percent) / sizeof(percent[0]) || percent[step] <= p->last)
		return;
	p->last = percent[step];
	if (p->opt->progress)
		p->opt->progress(p->opt->progress_arg, p->last);
}

static void failed(struct kiosk_event *ev, enum kiosk_error e)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = KEV_FAILED;
	ev->error = e;
}

int kiosk_card_wait(struct nfc_reader *r, int timeout_ms)
{
	struct nfc_card_info info;

	return nfc_wait_card(r, timeout_ms, &info);
}

int kiosk_card_checkin(struct nfc_reader *r, const char *can, const struct kiosk_hub *hub,
                       const struct kiosk_card_options *opt, struct kiosk_event *ev)
{
	uint8_t key[32];
	struct eid_identity id;
	char tag[IDENTITY_TAG_HEX_LEN + 1];
	int rc;

	rc = kiosk_hub_day_key(hub, key);
	if (rc) {
		OPENSSL_cleanse(key, sizeof(key));
		failed(ev, rc == -EACCES ? KE_TERMINAL_NOT_AUTHORISED : KE_HUB_UNREACHABLE);
		return rc;
	}
	struct progress pr = { opt, 0 };
	struct eid_read_options ro = {
		.can = can,
		.terminal_chain = opt->terminal_chain,
		.terminal_key = opt->terminal_key,
		.csca_dir = opt->csca_dir,
		.card_timeout_ms = opt->card_timeout_ms,
		.progress = on_step,
		.progress_arg = &pr,
	};
	rc = eid_read_identity(r, &ro, &id);
	if (rc) {
		OPENSSL_cleanse(key, sizeof(key));
		eid_identity_wipe(&id);
		failed(ev, kiosk_card_error(rc));
		return rc;
	}
	if (!id.verified && !opt->accept_unverified) {
		log_warning("kiosk: card identity failed Passive Authentication; refused");
		OPENSSL_cleanse(key, sizeof(key));
		eid_identity_wipe(&id);
		failed(ev, KE_CARD_NOT_VERIFIED);
		return -EBADMSG;
	}
	rc = identity_tag_compute(key, sizeof(key), id.family_name, id.given_names, id.birth_date,
	                          tag);
	OPENSSL_cleanse(key, sizeof(key));
	eid_identity_wipe(&id);
	if (rc) {
		OPENSSL_cleanse(tag, sizeof(tag));
		/* names the tag cannot be made of (e.g. not in Latin letters): no match possible */
		failed(ev, KE_NO_BOOKING);
		return rc;
	}
	if (opt->progress)
		opt->progress(opt->progress_arg, 100);
	rc = kiosk_hub_checkin_tag(hub, tag, ev);
	OPENSSL_cleanse(tag, sizeof(tag));
	return rc;
}
