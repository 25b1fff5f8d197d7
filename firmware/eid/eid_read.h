/* eid_read.h — the one call the kiosk makes: read name and date of birth from an ID card or
 * passport on a reader, with the smallest access rights, and say whether the data is authentic.
 *
 * Order: with a terminal certificate configured, on-site reading of the eID application (PACE
 * with the CAN and a CHAT for DG4/DG5/DG8, TA, CA, Passive Authentication of EF.CardSecurity);
 * else the ICAO application's DG1 after PACE-CAN (or BAC when the card has no PACE and MRZ data
 * is given), with Passive Authentication of EF.SOD. Identity data lives only in struct
 * eid_identity, never in logs or files; wipe it with eid_identity_wipe() after use. */
#ifndef CIVIQ_EID_EID_READ_H
#define CIVIQ_EID_EID_READ_H

#include <stddef.h>

#include "eid/chan.h"
#include "eid/datagroups.h"
#include "eid/ta.h"

struct nfc_reader;

enum eid_step {
	EID_STEP_WAIT_CARD,
	EID_STEP_PACE,
	EID_STEP_TA,
	EID_STEP_CA,
	EID_STEP_READ,
	EID_STEP_PA,
	EID_STEP_DONE,
};

struct eid_read_options {
	const char *can; /* 6 digits */
	/* on-site reading: terminal chain (DV then terminal certificate, NULL-terminated) and key;
	 * NULL terminal_chain: read the ICAO application instead */
	const char *const *terminal_chain;
	const char *terminal_key;
	const char *csca_dir; /* CSCA certificates for Passive Authentication; NULL: unverified */
	const char *bac_mrz_info; /* for BAC-only passports: mrz_bac_info() string, or NULL */
	int card_timeout_ms;      /* waiting for the card; 0: 10 s */
	int apdu_timeout_ms;      /* per APDU; 0: 2 s */
	void (*progress)(void *arg, enum eid_step step);
	void *progress_arg;
	struct chan_stats *stats; /* filled when not NULL */
};

enum eid_source { EID_SOURCE_EID, EID_SOURCE_EPASS };

struct eid_identity {
	char family_name[128];
	char given_names[128];
	struct eid_date birth;
	char birth_date[11]; /* YYYY-MM-DD, YYYY-MM or YYYY */
	int birth_date_partial;
	char document_type[3]; /* "ID", "P", ... */
	enum eid_source source;
	int verified;
	char unverified_reason[128];
};

/* 0 with *out filled, or a negative errno; eid_strerror() gives the message for the user:
 * -EACCES wrong CAN, -EPERM the card needs an authorized terminal, -ENOMEDIUM card removed,
 * -ETIMEDOUT no card / no answer, -EBADMSG the card's answers failed their checks. */
int eid_read_identity(struct nfc_reader *r, const struct eid_read_options *opt,
                      struct eid_identity *out);
void eid_identity_wipe(struct eid_identity *id);
const char *eid_strerror(int err);
/* The terminal certificate's description for the consent screen. */
int eid_terminal_describe(const char *const *terminal_chain, const char *desc_path,
                          struct ta_description *out);
const char *eid_source_name(enum eid_source s);

#endif
