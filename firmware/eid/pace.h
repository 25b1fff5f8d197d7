/* pace.h — the terminal side of PACE (BSI TR-03110 part 2 / ICAO 9303 part 11): MSE:Set AT
 * with the password reference and an optional CHAT, then the four chained GENERAL AUTHENTICATE
 * steps (nonce, mapping, key agreement, tokens). The cryptography is OpenPACE's; on success the
 * channel runs secure messaging with the PACE session keys. */
#ifndef CIVIQ_EID_PACE_H
#define CIVIQ_EID_PACE_H

#include <openssl/buffer.h>
#include <stddef.h>
#include <stdint.h>

struct chan;
struct eac_ctx;

enum pace_password { PACE_PW_MRZ = 1, PACE_PW_CAN = 2, PACE_PW_PIN = 3, PACE_PW_PUK = 4 };

/* CHAT for the authentication terminal asking only for what check-in needs: read DG4 (given
 * names), DG5 (family names), DG8 (date of birth), CAN allowed. out receives the 7F4C object. */
#define PACE_CHAT_MAX 24
int pace_checkin_chat(uint8_t *out, size_t cap, size_t *len);
/* Relative authorization bits of the authentication terminal CHAT (TR-03110 part 4, C.4.2). */
#define CHAT_AT_READ_DG(n)  ((uint64_t)1 << (7 + (n)))
#define CHAT_AT_CAN_ALLOWED ((uint64_t)1 << 4)

struct pace_result {
	BUF_MEM *picc_eph_pub; /* the card's ephemeral PACE key, for TA's ID_PICC */
	char car[2][20];       /* certification authority references the card trusts */
	uint16_t sw_set_at;    /* 63Cx: PIN retries left */
};

/* Runs PACE on an EAC_CTX initialised from EF.CardAccess. chat may be NULL. Returns 0 (the
 * channel now protected), -EACCES wrong password, -EPERM password suspended/blocked, or the
 * transport's errno. res is cleared with pace_result_free(). */
int pace_establish(struct chan *c, struct eac_ctx *ctx, enum pace_password type, const char *secret,
                   const uint8_t *chat, size_t chat_len, struct pace_result *res);
void pace_result_free(struct pace_result *res);

#endif
