/* password.c — scrypt through OpenSSL 3's EVP_KDF, and the stored form around it. */
#include "hub/password.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#define SALT_LEN 16
#define KEY_LEN  32

static bool params_ok(int log2n, int r, int p)
{
	return log2n >= 10 && log2n <= 20 && r >= 1 && r <= 32 && p >= 1 && p <= 4;
}

static int derive(const char *password, const unsigned char *salt, size_t salt_len, int log2n,
                  int r, int p, unsigned char *out)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	EVP_KDF_CTX *ctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	uint64_t n = (uint64_t)1 << log2n;
	uint32_t rr = (uint32_t)r, pp = (uint32_t)p;
	int rc = -EIO;

	if (ctx) {
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)password,
			                                  strlen(password)),
			OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt,
			                                  salt_len),
			OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
			OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr),
			OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pp),
			OSSL_PARAM_construct_end(),
		};
		if (EVP_KDF_derive(ctx, out, KEY_LEN, params) == 1)
			rc = 0;
	}
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);
	return rc;
}

int password_hash(const char *password, int log2n, int r, int p, char *out, size_t outlen)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char salt64[32], key64[64];
	int rc;

	if (!password || !params_ok(log2n, r, p))
		return -EINVAL;
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -EIO;
	rc = derive(password, salt, sizeof(salt), log2n, r, p, key);
	if (rc == 0) {
		EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
		EVP_EncodeBlock((unsigned char *)key64, key, sizeof(key));
		int n = snprintf(out, outlen, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", log2n, r, p, salt64,
		                 key64);
		if (n < 0 || (size_t)n >= outlen)
			rc = -ENOSPC;
	}
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

struct parsed {
	int log2n, r, p;
	unsigned char salt[SALT_LEN + 4];
	unsigned char key[KEY_LEN + 4];
};

/* Decodes standard base64 of exactly `want` bytes. */
static int decode64(const char *s, size_t len, unsigned char *out, size_t want)
{
	unsigned char buf[64];
	int n;

	if (len == 0 || len > 44 || len % 4)
		return -EINVAL;
	n = EVP_DecodeBlock(buf, (const unsigned char *)s, (int)len);
	if (n < 0)
		return -EINVAL;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	for (size_t i = len; i > 0 && s[i - 1] == '='; i--)
		n--;
	if ((size_t)n != want)
		return -EINVAL;
	memcpy(out, buf, want);
	return 0;
}

static int parse(const char *stored, struct parsed *out)
{
	int used = 0;

	if (!stored ||
	    sscanf(stored, "$scrypt$ln=%d,r=%d,p=%d$%n", &out->log2n, &out->r, &out->p, &used) !=
	        3 ||
	    !used || !params_ok(out->log2n, out->r, out->p))
		return -EINVAL;
	const char *salt = stored + used;
	const char *dollar = strchr(salt, '$');
	if (!dollar)
		return -EINVAL;
	if (decode64(salt, (size_t)(dollar - salt), out->salt, SALT_LEN) ||
	    decode64(dollar + 1, strlen(dollar + 1), out->key, KEY_LEN))
		return -EINVAL;
	return 0;
}

int password_verify(const char *password, const char *stored)
{
	struct parsed p;
	unsigned char key[KEY_LEN];
	int rc;

	if (!password || parse(stored, &p))
		return -EINVAL;
	rc = derive(password, p.salt, SALT_LEN, p.log2n, p.r, p.p, key);
	if (rc == 0 && CRYPTO_memcmp(key, p.key, KEY_LEN) != 0)
		rc = -EACCES;
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(&p, sizeof(p));
	return rc;
}

bool password_needs_rehash(const char *stored, int log2n, int r, int p)
{
	struct parsed ps;

	if (parse(stored, &ps))
		return true;
	return ps.log2n != log2n || ps.r != r || ps.p != p;
}

void password_dummy_verify(int log2n, int r, int p)
{
	static const unsigned char salt[SALT_LEN] = { 0 };
	unsigned char key[KEY_LEN];

	if (params_ok(log2n, r, p))
		derive("civiq-no-such-login", salt, sizeof(salt), log2n, r, p, key);
}
