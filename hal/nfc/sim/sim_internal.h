/* sim_internal.h — state shared by the virtual card's files (not a public interface). */
#ifndef CIVIQ_HAL_NFC_SIM_INTERNAL_H
#define CIVIQ_HAL_NFC_SIM_INTERNAL_H

#include <eac/eac.h>
#include <eac/pace.h>
#include <stddef.h>
#include <stdint.h>

#include "eid/sm.h"
#include "sim_card.h"

enum sim_app { APP_MF, APP_EID, APP_EPASS };
enum sim_access { ACC_ALWAYS, ACC_PACE, ACC_EID_DG, ACC_EPASS };

struct sim_file {
	uint16_t fid;
	uint8_t sfi;
	enum sim_app app;
	enum sim_access access;
	int dg; /* ACC_EID_DG: the data group whose CHAT bit is needed */
	uint8_t *data;
	size_t len;
};

#define SIM_FILES_MAX 12

struct sim_card {
	enum sim_card_kind kind;
	char can[16], pin[16], mrz[100], mrz_info[25];
	struct sim_file files[SIM_FILES_MAX];
	int n_files;
	uint8_t *card_access;
	size_t card_access_len;
	uint8_t *cvca;
	size_t cvca_len;
	uint8_t ca_priv[48], ca_pub[80];
	size_t ca_priv_len, ca_pub_len;
	uint8_t bac_kenc[16], bac_kmac[16];
	int pin_retries;

	/* session */
	enum sim_app app;
	struct sim_file *ef;
	EAC_CTX *ctx;
	PACE_SEC *sec;
	int pace_step, pace_pw, pace_done, can_done;
	uint8_t chat[5];
	int has_chat;
	BUF_MEM *pcd_eph;
	uint8_t auth[5];
	int ta_certs, ta_done, ca_done, ta_nonce_given, ca_switch_pending;
	BUF_MEM *ta_comp_eph;
	struct sm_ctx sm;
	uint8_t rnd_ic[8];
	int have_challenge;
	uint8_t chain[2048];
	size_t chain_len;
};

/* sim_perso.c: files, MRZ, security objects */
int sim_perso(struct sim_card *card, const struct sim_card_config *cfg);
/* sim_auth.c: PACE, TA, CA, BAC on the card's side; each returns the SW and response data */
uint16_t sim_mse(struct sim_card *c, uint8_t p1, uint8_t p2, const uint8_t *d, size_t n);
uint16_t sim_general_authenticate(struct sim_card *c, int chained, const uint8_t *d, size_t n,
                                  uint8_t *out, size_t *out_len);
uint16_t sim_verify_certificate(struct sim_card *c, const uint8_t *d, size_t n);
uint16_t sim_get_challenge(struct sim_card *c, uint8_t *out, size_t *out_len);
uint16_t sim_external_authenticate(struct sim_card *c, const uint8_t *d, size_t n, uint8_t *out,
                                   size_t *out_len);
void sim_session_clear(struct sim_card *c);

#endif
