#include "eid/pa.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eid/tlv.h"

int pa_load_csca_dir(const char *dir, X509_STORE **out)
{
	DIR *d = opendir(dir);
	X509_STORE *store;
	struct dirent *e;
	int n = 0;

	*out = NULL;
	if (!d)
		return -errno;
	store = X509_STORE_new();
	if (!store) {
		closedir(d);
		return -ENOMEM;
	}
	while ((e = readdir(d))) {
		char path[4096];
		X509 *x = NULL;
		FILE *f;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		x = PEM_read_X509(f, NULL, NULL, NULL);
		if (!x) {
			rewind(f);
			x = d2i_X509_fp(f, NULL);
		}
		fclose(f);
		ERR_clear_error();
		if (x) {
			if (X509_STORE_add_cert(store, x))
				n++;
			X509_free(x);
		}
	}
	closedir(d);
	if (n == 0) {
		X509_STORE_free(store);
		return -ENOENT;
	}
	*out = store;
	return 0;
}

int pa_sod_unwrap(const uint8_t *sod, size_t len, const uint8_t **cms, size_t *cms_len)
{
	struct tlv t;
	int rc = tlv_parse_one(sod, len, &t);

	if (rc < 0)
		return rc;
	if (t.tag != 0x77)
		return -EBADMSG;
	*cms = t.val;
	*cms_len = t.len;
	return 0;
}

static void set_reason(char *reason, size_t rlen, const char *what)
{
	unsigned long e = ERR_peek_last_error();

	if (e)
		snprintf(reason, rlen, "%s (%s)", what, ERR_reason_error_string(e));
	else
		snprintf(reason, rlen, "%s", what);
	ERR_clear_error();
}

int pa_verify_signed_data(X509_STORE *csca, const uint8_t *cms_der, size_t len, uint8_t **content,
                          size_t *content_len, char *reason, size_t rlen)
{
	const unsigned char *p = cms_der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	ASN1_OCTET_STRING **pos;
	int ok = 0;

	*content = NULL;
	*content_len = 0;
	reason[0] = 0;
	if (!cms || p != cms_der + len) {
		CMS_ContentInfo_free(cms);
		ERR_clear_error();
		snprintf(reason, rlen, "security object is not a CMS structure");
		return -EBADMSG;
	}
	pos = CMS_get0_content(cms);
	if (!pos || !*pos) {
		CMS_ContentInfo_free(cms);
		snprintf(reason, rlen, "security object has no content");
		return -EBADMSG;
	}
	*content_len = (size_t)ASN1_STRING_length(*pos);
	*content = malloc(*content_len ? *content_len : 1);
	if (!*content) {
		CMS_ContentInfo_free(cms);
		return -ENOMEM;
	}
	memcpy(*content, ASN1_STRING_get0_data(*pos), *content_len);

	if (!csca) {
		snprintf(reason, rlen, "no CSCA certificates configured");
	} else {
		X509_STORE_set_purpose(csca, X509_PURPOSE_ANY);
		if (CMS_verify(cms, NULL, csca, NULL, NULL, CMS_BINARY) == 1)
			ok = 1;
		else
			set_reason(reason, rlen,
			           "signature or document signer chain does not verify");
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return ok;
}

/* AlgorithmIdentifier → digest */
static const EVP_MD *digest_of(const struct tlv *alg)
{
	struct tlv oid;
	const unsigned char *p;
	ASN1_OBJECT *obj;
	const EVP_MD *md = NULL;

	if (alg->tag != 0x30 || tlv_find(alg->val, alg->len, 0x06, &oid) < 0)
		return NULL;
	p = oid.raw;
	obj = d2i_ASN1_OBJECT(NULL, &p, (long)oid.raw_len);
	if (obj)
		md = EVP_get_digestbyobj(obj);
	ASN1_OBJECT_free(obj);
	return md;
}

int pa_check_dg(const uint8_t *lds_so, size_t len, int dg, const uint8_t *data, size_t dlen,
                char *reason, size_t rlen)
{
	const uint8_t *q, *end;
	struct tlv seq, ver, alg, hashes, item;
	const EVP_MD *md;
	uint8_t h[EVP_MAX_MD_SIZE];
	unsigned hl = 0;

	if (tlv_parse_one(lds_so, len, &seq) < 0 || seq.tag != 0x30)
		return -EBADMSG;
	q = seq.val;
	end = seq.val + seq.len;
	if (tlv_next(&q, end, &ver) < 0 || ver.tag != 0x02 || tlv_next(&q, end, &alg) < 0 ||
	    tlv_next(&q, end, &hashes) < 0 || hashes.tag != 0x30)
		return -EBADMSG;
	if (!(md = digest_of(&alg))) {
		snprintf(reason, rlen, "unknown hash algorithm in the security object");
		return 0;
	}
	if (!EVP_Digest(data, dlen, h, &hl, md, NULL))
		return -EIO;
	q = hashes.val;
	end = hashes.val + hashes.len;
	while (tlv_next(&q, end, &item) == 0) {
		const uint8_t *r = item.val;
		struct tlv num, val;
		if (item.tag != 0x30 || tlv_next(&r, item.val + item.len, &num) < 0 ||
		    tlv_next(&r, item.val + item.len, &val) < 0 || num.tag != 0x02 ||
		    num.len != 1 || val.tag != 0x04)
			return -EBADMSG;
		if (num.val[0] != dg)
			continue;
		if (val.len == hl && CRYPTO_memcmp(val.val, h, hl) == 0)
			return 1;
		snprintf(reason, rlen, "hash of DG%d does not match the security object", dg);
		return 0;
	}
	snprintf(reason, rlen, "DG%d is not in the security object", dg);
	return 0;
}
