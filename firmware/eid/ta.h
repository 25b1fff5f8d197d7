/* ta.h — Terminal Authentication version 2 (TR-03110 part 3, B.11.1), terminal side: the
 * certificate chain (optional CVCA link certificates, DV, terminal) is presented with MSE:Set DST
 * + PSO:Verify Certificate, then MSE:Set AT, GET CHALLENGE and EXTERNAL AUTHENTICATE with the
 * terminal's signature. The private key is used in one place only, ta_sign(), so that a
 * PKCS#11 token can replace the key file later. */
#ifndef CIVIQ_EID_TA_H
#define CIVIQ_EID_TA_H

#include <openssl/buffer.h>
#include <stddef.h>
#include <stdint.h>

struct chan;
struct eac_ctx;

#define TA_CHAIN_MAX 4

struct ta_terminal {
	uint8_t *cert[TA_CHAIN_MAX]; /* CV certificates in order: [link...], DV, terminal */
	size_t cert_len[TA_CHAIN_MAX];
	int n_certs;
	uint8_t *key; /* terminal private key (DER, as cvc-create writes it) */
	size_t key_len;
	uint8_t *desc; /* certificate description (optional) */
	size_t desc_len;
};

/* Loads the chain from files (chain: NULL-terminated list of paths, DV before terminal), the
 * key and the optional description. */
int ta_terminal_load(struct ta_terminal *t, const char *const *chain, const char *key_path,
                     const char *desc_path);
void ta_terminal_free(struct ta_terminal *t);

/* What the consent screen shows (§18a PAuswG): who reads, why, which data, how long valid. */
struct ta_description {
	char holder[32];     /* certificate holder reference */
	char issuer[32];     /* certification authority reference */
	char provider[128];  /* from the certificate description, else the holder */
	char purpose[512];   /* terms of usage, as plain text, if the description has them */
	char rights[160];    /* "read DG4 (given names), ..." from the certificate's CHAT */
	char valid_from[11]; /* YYYY-MM-DD */
	char valid_until[11];
};
int ta_describe(const struct ta_terminal *t, struct ta_description *out);
/* Names the rights in a 5-byte authentication terminal CHAT. */
void ta_rights_text(const uint8_t rel[5], char *out, size_t cap);

/* The one place the terminal's private key signs: TA's signature over the card's challenge,
 * ID_PICC and the compressed ephemeral key. */
BUF_MEM *ta_sign(struct eac_ctx *ctx, const BUF_MEM *comp_eph_key, const BUF_MEM *id_picc);

/* Runs TA on a channel protected by PACE. picc_eph_pub: the card's PACE ephemeral key.
 * -EPERM: the card refused the chain or the signature. */
int ta_authenticate(struct chan *c, struct eac_ctx *ctx, const struct ta_terminal *t,
                    const BUF_MEM *picc_eph_pub);

#endif
