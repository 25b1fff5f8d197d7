#include "eid/bac.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "eid/chan.h"
#include "eid/sm.h"

static void parity(uint8_t *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b = k[i] & 0xFE;
		int ones = __builtin_popcount(b);
		k[i] = (uint8_t)(b | ((ones & 1) ? 0 : 1));
	}
}

int bac_kdf(const uint8_t seed[16], uint32_t counter, uint8_t out[16])
{
	uint8_t in[20], h[EVP_MAX_MD_SIZE];
	unsigned hl;

	memcpy(in, seed, 16);
	in[16] = (uint8_t)(counter >> 24);
	in[17] = (uint8_t)(counter >> 16);
	in[18] = (uint8_t)(counter >> 8);
	in[19] = (uint8_t)counter;
	if (!EVP_Digest(in, sizeof(in), h, &hl, EVP_sha1(), NULL))
		return -EIO;
	memcpy(out, h, 16);
	parity(out, 16);
	OPENSSL_cleanse(h, sizeof(h));
	OPENSSL_cleanse(in, sizeof(in));
	return 0;
}

int bac_seed(const char *mrz_info, uint8_t seed[16])
{
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl;

	if (!EVP_Digest(mrz_info, strlen(mrz_info), h, &hl, EVP_sha1(), NULL))
		return -EIO;
	memcpy(seed, h, 16);
	OPENSSL_cleanse(h, sizeof(h));
	return 0;
}

int bac_authenticate(struct chan *c, const uint8_t kenc[16], const uint8_t kmac[16],
                     const uint8_t rnd_ifd[8], const uint8_t k_ifd[16], struct bac_session *out)
{
	uint8_t rnd_ic[8], s[32], cmd[40], resp[64], pad[40], mac[8], dec[32], seed[16];
	size_t n;
	uint16_t sw;
	int rc;

	struct apdu challenge = { .cla = 0, .ins = 0x84, .le = 8 };
	if ((rc = chan_command(c, &challenge, rnd_ic, sizeof(rnd_ic), &n, &sw)) < 0)
		return rc;
	if (n != 8)
		return -EPROTO;
	memcpy(s, rnd_ifd, 8);
	memcpy(s + 8, rnd_ic, 8);
	memcpy(s + 16, k_ifd, 16);
	if ((rc = sm_des3_cbc(kenc, 1, s, 32, cmd)) < 0)
		goto out;
	memcpy(pad, cmd, 32);
	memcpy(pad + 32, "\x80\0\0\0\0\0\0\0", 8);
	if ((rc = sm_retail_mac(kmac, pad, 40, cmd + 32)) < 0)
		goto out;
	struct apdu ext = { .cla = 0, .ins = 0x82, .data = cmd, .lc = 40, .le = 40 };
	rc = chan_transmit(c, &ext, resp, sizeof(resp), &n, &sw);
	if (rc < 0)
		goto out;
	if (sw != SW_OK) {
		rc = sw == SW_SECURITY_NOT_SAT || (sw & 0xFF00) == 0x6300 ? -EACCES : -EPROTO;
		goto out;
	}
	rc = -EBADMSG;
	if (n != 40)
		goto out;
	memcpy(pad, resp, 32);
	if (sm_retail_mac(kmac, pad, 40, mac) < 0 || CRYPTO_memcmp(mac, resp + 32, 8) != 0)
		goto out;
	if (sm_des3_cbc(kenc, 0, resp, 32, dec) < 0)
		goto out;
	if (memcmp(dec, rnd_ic, 8) != 0 || memcmp(dec + 8, rnd_ifd, 8) != 0)
		goto out;
	for (int i = 0; i < 16; i++)
		seed[i] = k_ifd[i] ^ dec[16 + i];
	if (bac_kdf(seed, 1, out->ks_enc) < 0 || bac_kdf(seed, 2, out->ks_mac) < 0) {
		rc = -EIO;
		goto out;
	}
	memcpy(out->ssc, rnd_ic + 4, 4);
	memcpy(out->ssc + 4, rnd_ifd + 4, 4);
	rc = 0;
out:
	OPENSSL_cleanse(s, sizeof(s));
	OPENSSL_cleanse(dec, sizeof(dec));
	OPENSSL_cleanse(seed, sizeof(seed));
	return rc;
}

int bac_establish(struct chan *c, const char *mrz_info)
{
	uint8_t seed[16], kenc[16], kmac[16], rnd_ifd[8], k_ifd[16];
	struct bac_session s;
	int rc;

	if ((rc = bac_seed(mrz_info, seed)) < 0 || (rc = bac_kdf(seed, 1, kenc)) < 0 ||
	    (rc = bac_kdf(seed, 2, kmac)) < 0)
		goto out;
	if (RAND_bytes(rnd_ifd, 8) != 1 || RAND_bytes(k_ifd, 16) != 1) {
		rc = -EIO;
		goto out;
	}
	if ((rc = bac_authenticate(c, kenc, kmac, rnd_ifd, k_ifd, &s)) < 0)
		goto out;
	sm_init_bac(&c->sm, s.ks_enc, s.ks_mac, s.ssc);
out:
	OPENSSL_cleanse(seed, sizeof(seed));
	OPENSSL_cleanse(kenc, sizeof(kenc));
	OPENSSL_cleanse(kmac, sizeof(kmac));
	OPENSSL_cleanse(k_ifd, sizeof(k_ifd));
	OPENSSL_cleanse(&s, sizeof(s));
	return rc;
}
