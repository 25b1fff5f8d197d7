/* sm.h — ISO 7816-4 secure messaging as used by eMRTDs and the German ID card: commands carry
 * DO87 (padding indicator 01 + encrypted data), DO97 (Le) and DO8E (MAC); responses DO87, DO99
 * (status word) and DO8E. The send sequence counter (SSC) is incremented before protecting each
 * command and again before checking each response (and the same on the card's side).
 *
 * Two ciphers: AES-CBC/CMAC from the keys of PACE or Chip Authentication, through OpenPACE's
 * EAC_encrypt/EAC_decrypt/EAC_authenticate on an EAC_CTX; and 3DES-CBC/retail MAC for BAC. */
#ifndef CIVIQ_EID_SM_H
#define CIVIQ_EID_SM_H

#include <stddef.h>
#include <stdint.h>

#include "eid/apdu.h"

struct eac_ctx;

enum sm_kind {
	SM_NONE = 0,
	SM_EAC, /* keys and SSC live in the EAC_CTX (after EAC_CTX_set_encryption_ctx) */
	SM_BAC, /* 3DES keys and 8-byte SSC below */
};

struct sm_ctx {
	enum sm_kind kind;
	struct eac_ctx *eac; /* not owned */
	uint8_t kenc[16], kmac[16], ssc[8];
};

void sm_init_eac(struct sm_ctx *sm, struct eac_ctx *eac);
void sm_init_bac(struct sm_ctx *sm, const uint8_t kenc[16], const uint8_t kmac[16],
                 const uint8_t ssc[8]);
/* Forgets the keys (OPENSSL_cleanse); the EAC_CTX stays with its owner. */
void sm_clear(struct sm_ctx *sm);

/* Terminal side: protects a command into out (an encoded APDU). */
int sm_wrap_command(struct sm_ctx *sm, const struct apdu *cmd, uint8_t *out, size_t cap,
                    size_t *out_len);
/* Terminal side: checks and decrypts a response (data without SW in resp, SW in sw_outer as
 * received). Writes the plain data and the protected SW. -EBADMSG on a bad MAC or format. */
int sm_unwrap_response(struct sm_ctx *sm, const uint8_t *resp, size_t len, uint16_t sw_outer,
                       uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw);

/* Card side: checks and decrypts a protected command; plain data goes to buf and cmd->data
 * points into it. -EBADMSG on a bad MAC or missing objects. */
int sm_unwrap_command(struct sm_ctx *sm, const struct apdu *in, uint8_t *buf, size_t cap,
                      struct apdu *cmd);
/* Card side: protects response data and SW into out (including the trailing 9000). */
int sm_wrap_response(struct sm_ctx *sm, const uint8_t *data, size_t len, uint16_t sw, uint8_t *out,
                     size_t cap, size_t *out_len);

/* Building blocks, exposed for the test vectors: ISO/IEC 9797-1 method 2 padding to the cipher
 * block, encryption and MAC with the current SSC (the SSC is not incremented by these). */
size_t sm_block_size(const struct sm_ctx *sm);
int sm_encrypt(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
int sm_decrypt(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
int sm_mac(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t mac[8]);
void sm_increment_ssc(struct sm_ctx *sm);

/* 3DES helpers shared with BAC: 2-key 3DES-CBC with zero IV, and the ISO 9797-1 MAC
 * algorithm 3 (retail MAC) over data already padded to 8 bytes. */
int sm_des3_cbc(const uint8_t key[16], int encrypt, const uint8_t *in, size_t len, uint8_t *out);
int sm_retail_mac(const uint8_t key[16], const uint8_t *in, size_t len, uint8_t mac[8]);

#endif
