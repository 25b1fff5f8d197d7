/* sim_card.h — virtual cards for tests, the demo and the reader emulators: a German ID card
 * (nPA: PACE with CAN/PIN/MRZ, Terminal Authentication enforcing the CHAT, Chip Authentication,
 * secure messaging, eID and ePass applications) and an ePassport with BAC, both personalised
 * with the specimen holder ERIKA MUSTERMANN. The card logic is transport-free: feed it APDUs
 * with sim_card_process_apdu() from any reader emulation (sim backend, PN532, vpcd). */
#ifndef CIVIQ_HAL_NFC_SIM_CARD_H
#define CIVIQ_HAL_NFC_SIM_CARD_H

#include <stddef.h>
#include <stdint.h>

enum sim_card_kind { SIM_CARD_NPA, SIM_CARD_EPASS };

struct sim_card_config {
	enum sim_card_kind kind;
	/* Test PKI (tests/eid/make-test-pki): cvca.cvcert as TA trust anchor, ds.crt/ds.key as
	 * document signer. NULL: a document signer is made in memory (reads are unverified) and
	 * TA is refused for want of a trust anchor. */
	const char *pki_dir;
	const char *can;   /* default "123456" */
	const char *pin;   /* default "123456" */
	int bad_signature; /* security objects signed by a signer outside the CSCA set */
	int bad_dg_hash;   /* EF.SOD's hash of DG1 is wrong */
};

struct sim_card;

/* NULL on failure (errno set). */
struct sim_card *sim_card_new(const struct sim_card_config *cfg);
void sim_card_free(struct sim_card *card);
/* Power cycle: drops the session (secure messaging, authentications), keeps the PIN counter. */
void sim_card_reset(struct sim_card *card);
/* Processes one command APDU; resp (capacity *resp_len on entry, at least 258 + SM overhead)
 * receives response data + SW. Returns 0, or -EINVAL for unusable arguments. Protocol errors
 * are status words, as on a real card. */
int sim_card_process_apdu(struct sim_card *card, const uint8_t *apdu, size_t len, uint8_t *resp,
                          size_t *resp_len);
/* PIN retry counter (3: fresh, 1: suspended, 0: blocked). */
int sim_card_pin_retries(const struct sim_card *card);
/* The ATR/ATS historical bytes a reader reports. */
const uint8_t *sim_card_atr(const struct sim_card *card, size_t *len);

#endif
