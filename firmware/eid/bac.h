/* bac.h — Basic Access Control (ICAO Doc 9303 part 11, section 4.3): document basic access
 * keys from the MRZ's document number, date of birth and date of expiry, the mutual
 * authentication with GET CHALLENGE / EXTERNAL AUTHENTICATE, and the session keys and SSC for
 * 3DES secure messaging. */
#ifndef CIVIQ_EID_BAC_H
#define CIVIQ_EID_BAC_H

#include <stdint.h>

struct chan;

/* K = SHA-1(seed || counter)[0..15] with DES parity adjusted (counter 1: Kenc, 2: Kmac). */
int bac_kdf(const uint8_t seed[16], uint32_t counter, uint8_t out[16]);
/* Kseed = SHA-1(mrz_info)[0..15]; mrz_info as mrz_bac_info() makes it. */
int bac_seed(const char *mrz_info, uint8_t seed[16]);

struct bac_session {
	uint8_t ks_enc[16], ks_mac[16], ssc[8];
};

/* Mutual authentication with the given terminal randoms (rnd_ifd 8 bytes, k_ifd 16 bytes); the
 * test vectors use this, bac_establish draws fresh ones. -EACCES: the card rejected our keys
 * (wrong MRZ data); -EBADMSG: the card's answer does not verify. */
int bac_authenticate(struct chan *c, const uint8_t kenc[16], const uint8_t kmac[16],
                     const uint8_t rnd_ifd[8], const uint8_t k_ifd[16], struct bac_session *out);
/* Derives the keys from mrz_info, authenticates and switches the channel to 3DES secure
 * messaging. */
int bac_establish(struct chan *c, const char *mrz_info);

#endif
