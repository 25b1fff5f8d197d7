#include "common/identity_tag.h"

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/identity.h"

int hex_encode(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	static const char digits[] = "0123456789abcdef";

	if (outlen < 2 * len + 1)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(const char *in, uint8_t *out, size_t outlen, size_t *written)
{
	size_t len = strlen(in);

	if (len % 2 || len / 2 > outlen)
		return -EINVAL;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*written = len / 2;
	return 0;
}

int identity_tag_from_input(const uint8_t *key, size_t key_len, const char *input,
                            char out[IDENTITY_TAG_HEX_LEN + 1])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;

	if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)input, strlen(input), mac,
	          &mac_len) ||
	    mac_len != IDENTITY_TAG_HEX_LEN / 2)
		return -EIO;
	hex_encode(mac, mac_len, out, IDENTITY_TAG_HEX_LEN + 1);
	OPENSSL_cleanse(mac, sizeof(mac));
	return 0;
}

int identity_tag_compute(const uint8_t *key, size_t key_len, const char *family,
                         const char *given_names, const char *birth_date,
                         char out[IDENTITY_TAG_HEX_LEN + 1])
{
	char input[IDENTITY_TAG_MAX];
	int rc = identity_tag_input(family, given_names, birth_date, input, sizeof(input));

	if (rc >= 0)
		rc = identity_tag_from_input(key, key_len, input, out);
	OPENSSL_cleanse(input, sizeof(input));
	return rc;
}

int identity_tag_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
