/* Personalisation of the virtual cards with the specimen holder (ERIKA MUSTERMANN, born
 * 1964-08-12, document T22000129): files, MRZ with check digits, and the security objects
 * (EF.CardSecurity, EF.SOD) signed by the test document signer. */
#include <eac/objects.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eid/bac.h"
#include "eid/datagroups.h"
#include "eid/eac_util.h"
#include "eid/mrz.h"
#include "eid/tlv.h"
#include "sim_internal.h"

#define SPEC_FAMILY   "MUSTERMANN"
#define SPEC_GIVEN    "ERIKA"
#define SPEC_BIRTH    "19640812"
#define SPEC_DOCNO    "T22000129"
#define SPEC_BIRTH_YY "640812"
#define SPEC_EXPIRY   "310831"

/* SecurityInfos of the nPA's EF.CardAccess: TAInfo v2, CAInfo (ECDH, AES-128) v2 key 1,
 * PACEInfo (ECDH generic mapping, AES-128) v2 brainpoolP256r1, CADomainParameterInfo. */
static const uint8_t card_access_infos[] = {
	0x30, 0x0D, 0x06, 0x08, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x02, 0x02, 0x01, 0x02,
	0x30, 0x12, 0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x02, 0x02,
	0x01, 0x02, 0x02, 0x01, 0x01, 0x30, 0x12, 0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02,
	0x02, 0x04, 0x02, 0x02, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0D, 0x30, 0x1C, 0x06, 0x09, 0x04,
	0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x30, 0x0C, 0x06, 0x07, 0x04, 0x00, 0x7F,
	0x00, 0x07, 0x01, 0x02, 0x02, 0x01, 0x0D, 0x02, 0x01, 0x01,
};

static int add_file(struct sim_card *c, uint16_t fid, uint8_t sfi, enum sim_app app,
                    enum sim_access access, int dg, const uint8_t *data, size_t len)
{
	struct sim_file *f;

	if (c->n_files == SIM_FILES_MAX)
		return -ENOSPC;
	f = &c->files[c->n_files];
	f->data = malloc(len);
	if (!f->data)
		return -ENOMEM;
	memcpy(f->data, data, len);
	f->len = len;
	f->fid = fid;
	f->sfi = sfi;
	f->app = app;
	f->access = access;
	f->dg = dg;
	c->n_files++;
	return 0;
}

static void mrz_line_td1(char *out)
{
	char l1[31], l2[31], l3[31], comp[51];

	snprintf(l1, sizeof(l1), "IDD<<%s%d<<<<<<<<<<<<<<<", SPEC_DOCNO,
	         mrz_check_digit(SPEC_DOCNO, 9));
	snprintf(l2, sizeof(l2), "%s%dF%s%dD<<<<<<<<<<<<<<", SPEC_BIRTH_YY,
	         mrz_check_digit(SPEC_BIRTH_YY, 6), SPEC_EXPIRY, mrz_check_digit(SPEC_EXPIRY, 6));
	memcpy(comp, l1 + 5, 25);
	memcpy(comp + 25, l2, 7);
	memcpy(comp + 32, l2 + 8, 7);
	memcpy(comp + 39, l2 + 18, 11);
	l2[29] = (char)('0' + mrz_check_digit(comp, 50));
	l2[30] = 0;
	snprintf(l3, sizeof(l3), "%s<<%s<<<<<<<<<<<<<", SPEC_FAMILY, SPEC_GIVEN);
	snprintf(out, 91, "%s%s%s", l1, l2, l3);
}

static void mrz_line_td3(char *out)
{
	char l1[45], l2[45], comp[40];

	snprintf(l1, sizeof(l1), "P<D<<%s<<%s<<<<<<<<<<<<<<<<<<<<<<", SPEC_FAMILY, SPEC_GIVEN);
	snprintf(l2, sizeof(l2), "%s%dD<<%s%dF%s%d<<<<<<<<<<<<<<0", SPEC_DOCNO,
	         mrz_check_digit(SPEC_DOCNO, 9), SPEC_BIRTH_YY, mrz_check_digit(SPEC_BIRTH_YY, 6),
	         SPEC_EXPIRY, mrz_check_digit(SPEC_EXPIRY, 6));
	memcpy(comp, l2, 10);
	memcpy(comp + 10, l2 + 13, 7);
	memcpy(comp + 17, l2 + 21, 22);
	l2[43] = (char)('0' + mrz_check_digit(comp, 39));
	l2[44] = 0;
	snprintf(out, 89, "%s%s", l1, l2);
}

/* --- document signer: from the test PKI, or made in memory --- */

static X509 *self_signed(EVP_PKEY *key, const char *cn, EVP_PKEY *issuer_key, X509 *issuer)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (!x)
		return NULL;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int load_signer(const char *dir, int rogue, X509 **cert, EVP_PKEY **key)
{
	char path[4096];
	FILE *f;

	*cert = NULL;
	*key = NULL;
	if (dir && !rogue) {
		snprintf(path, sizeof(path), "%s/ds.crt", dir);
		if ((f = fopen(path, "r"))) {
			*cert = PEM_read_X509(f, NULL, NULL, NULL);
			fclose(f);
		}
		snprintf(path, sizeof(path), "%s/ds.key", dir);
		if ((f = fopen(path, "r"))) {
			*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
			fclose(f);
		}
		if (*cert && *key)
			return 0;
		X509_free(*cert);
		EVP_PKEY_free(*key);
		return -ENOENT;
	}
	*key = EVP_EC_gen("prime256v1");
	if (!*key)
		return -EIO;
	*cert = self_signed(*key, rogue ? "rogue document signer" : "civiq sim document signer",
	                    NULL, NULL);
	return *cert ? 0 : -EIO;
}

/* CMS SignedData over content with the given eContentType. */
static int sign_object(X509 *cert, EVP_PKEY *key, const char *oid, const uint8_t *content,
                       size_t len, uint8_t **out, size_t *out_len)
{
	BIO *in = BIO_new_mem_buf(content, (int)len);
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	CMS_ContentInfo *cms = NULL;
	unsigned char *der = NULL;
	int n, rc = -EIO;

	if (!in || !type)
		goto out;
	cms = CMS_sign(NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP);
	if (!cms || !CMS_add1_signer(cms, cert, key, EVP_sha256(), CMS_BINARY | CMS_NOSMIMECAP) ||
	    !CMS_set1_eContentType(cms, type) || !CMS_final(cms, in, NULL, CMS_BINARY))
		goto out;
	n = i2d_CMS_ContentInfo(cms, &der);
	if (n <= 0)
		goto out;
	*out = malloc((size_t)n);
	if (*out) {
		memcpy(*out, der, (size_t)n);
		*out_len = (size_t)n;
		rc = 0;
	} else {
		rc = -ENOMEM;
	}
out:
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	ASN1_OBJECT_free(type);
	BIO_free(in);
	ERR_clear_error();
	return rc;
}

/* --- the chip's static key for Chip Authentication --- */

static int make_ca_key(struct sim_card *c)
{
	EVP_PKEY *k = EVP_EC_gen("brainpoolP256r1");
	BIGNUM *priv = NULL;
	int rc = -EIO;

	if (!k)
		return -EIO;
	if (!EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &priv) ||
	    BN_bn2binpad(priv, c->ca_priv, 32) != 32)
		goto out;
	c->ca_priv_len = 32;
	if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, c->ca_pub,
	                                     sizeof(c->ca_pub), &c->ca_pub_len))
		goto out;
	rc = 0;
out:
	BN_clear_free(priv);
	EVP_PKEY_free(k);
	return rc;
}

static int card_security_content(struct sim_card *c, uint8_t *out, size_t cap, size_t *len)
{
	static const uint8_t id_pk_ecdh[] = {
		0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x01, 0x02
	};
	static const uint8_t std_dp[] = { 0x30, 0x0C, 0x06, 0x07, 0x04, 0x00, 0x7F,
		                          0x00, 0x07, 0x01, 0x02, 0x02, 0x01, 0x0D };
	uint8_t spki[160], pk[200], bits[81], key_id = 1;
	struct tlv_buf s, p, o;

	bits[0] = 0;
	memcpy(bits + 1, c->ca_pub, c->ca_pub_len);
	tlv_buf_init(&s, spki, sizeof(spki));
	tlv_put_raw(&s, std_dp, sizeof(std_dp));
	tlv_put(&s, 0x03, bits, c->ca_pub_len + 1);
	tlv_buf_init(&p, pk, sizeof(pk));
	tlv_put(&p, 0x06, id_pk_ecdh, sizeof(id_pk_ecdh));
	tlv_put(&p, 0x30, spki, s.len);
	tlv_put(&p, 0x02, &key_id, 1);
	tlv_buf_init(&o, out, cap);
	tlv_put_tag(&o, 0x31);
	tlv_put_len(&o, sizeof(card_access_infos) + 2 + p.len);
	tlv_put_raw(&o, card_access_infos, sizeof(card_access_infos));
	tlv_put(&o, 0x30, pk, p.len);
	if (s.err || p.err || o.err)
		return -ENOBUFS;
	*len = o.len;
	return 0;
}

static int lds_security_object(const uint8_t *dg1, size_t len, int bad_hash, uint8_t *out,
                               size_t cap, size_t *out_len)
{
	static const uint8_t sha256_alg[] = { 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
		                              0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00 };
	uint8_t h[32], item[64], list[80], body[160], zero = 0, one = 1;
	unsigned hl;
	struct tlv_buf i, l, b, o;

	if (!EVP_Digest(dg1, len, h, &hl, EVP_sha256(), NULL))
		return -EIO;
	if (bad_hash)
		h[0] ^= 0x01;
	tlv_buf_init(&i, item, sizeof(item));
	tlv_put(&i, 0x02, &one, 1);
	tlv_put(&i, 0x04, h, 32);
	tlv_buf_init(&l, list, sizeof(list));
	tlv_put(&l, 0x30, item, i.len);
	tlv_buf_init(&b, body, sizeof(body));
	tlv_put(&b, 0x02, &zero, 1);
	tlv_put_raw(&b, sha256_alg, sizeof(sha256_alg));
	tlv_put(&b, 0x30, list, l.len);
	tlv_buf_init(&o, out, cap);
	tlv_put(&o, 0x30, body, b.len);
	if (i.err || l.err || b.err || o.err)
		return -ENOBUFS;
	*out_len = o.len;
	return 0;
}

int sim_perso(struct sim_card *c, const struct sim_card_config *cfg)
{
	uint8_t buf[600], content[600], dg1[120], *cms = NULL;
	size_t clen, cms_len = 0, dg1_len;
	X509 *ds = NULL;
	EVP_PKEY *ds_key = NULL;
	char mrz[100], seed_in[25];
	struct tlv_buf b;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	int rc;

	if ((rc = load_signer(cfg->pki_dir, cfg->bad_signature, &ds, &ds_key)) < 0)
		return rc;

	/* DG1: the MRZ (TD1 on the ID card, TD3 on the passport) */
	if (c->kind == SIM_CARD_NPA)
		mrz_line_td1(mrz);
	else
		mrz_line_td3(mrz);
	snprintf(c->mrz, sizeof(c->mrz), "%s", mrz);
	{
		uint8_t inner[100];
		struct tlv_buf in;
		tlv_buf_init(&in, inner, sizeof(inner));
		tlv_put(&in, 0x5F1F, mrz, strlen(mrz));
		tlv_buf_init(&b, dg1, sizeof(dg1));
		tlv_put(&b, 0x61, inner, in.len);
		dg1_len = b.len;
	}
	if ((rc = dg1_decode_mrz(dg1, dg1_len, &m, err, sizeof(err))) < 0)
		goto out;
	mrz_bac_info(&m, seed_in);
	snprintf(c->mrz_info, sizeof(c->mrz_info), "%s", seed_in);
	mrz_wipe(&m);

	/* ePass application: EF.COM, DG1, EF.SOD */
	static const uint8_t com[] = { 0x60, 0x0E, 0x5F, 0x01, 0x04, '0', '1', '0', '7',
		                       0x5F, 0x36, 0x06, '0',  '4',  '0', '0', '0', '0' };
	if ((rc = add_file(c, 0x011E, 0x1E, APP_EPASS, ACC_EPASS, 0, com, sizeof(com))) < 0 ||
	    (rc = add_file(c, 0x0101, 0x01, APP_EPASS, ACC_EPASS, 0, dg1, dg1_len)) < 0)
		goto out;
	if ((rc = lds_security_object(dg1, dg1_len, cfg->bad_dg_hash, content, sizeof(content),
	                              &clen)) < 0 ||
	    (rc = sign_object(ds, ds_key, "2.23.136.1.1.1", content, clen, &cms, &cms_len)) < 0)
		goto out;
	{
		uint8_t *sod = malloc(cms_len + 8);
		if (!sod) {
			rc = -ENOMEM;
			goto out;
		}
		tlv_buf_init(&b, sod, cms_len + 8);
		tlv_put(&b, 0x77, cms, cms_len);
		rc = add_file(c, 0x011D, 0x1D, APP_EPASS, ACC_EPASS, 0, sod, b.len);
		free(sod);
		if (rc < 0)
			goto out;
	}

	if (c->kind == SIM_CARD_EPASS) {
		uint8_t seed[16];
		if ((rc = bac_seed(c->mrz_info, seed)) < 0 ||
		    (rc = bac_kdf(seed, 1, c->bac_kenc)) < 0 ||
		    (rc = bac_kdf(seed, 2, c->bac_kmac)) < 0)
			goto out;
		OPENSSL_cleanse(seed, sizeof(seed));
		rc = 0;
		goto out;
	}

	/* nPA: EF.CardAccess, EF.CardSecurity, eID DG4/DG5/DG8 */
	tlv_buf_init(&b, buf, sizeof(buf));
	tlv_put(&b, 0x31, card_access_infos, sizeof(card_access_infos));
	if ((rc = add_file(c, 0x011C, 0x1C, APP_MF, ACC_ALWAYS, 0, buf, b.len)) < 0)
		goto out;
	c->card_access = c->files[c->n_files - 1].data;
	c->card_access_len = b.len;
	if ((rc = make_ca_key(c)) < 0 ||
	    (rc = card_security_content(c, content, sizeof(content), &clen)) < 0)
		goto out;
	free(cms);
	cms = NULL;
	if ((rc = sign_object(ds, ds_key, "0.4.0.127.0.7.3.2.1", content, clen, &cms, &cms_len)) <
	        0 ||
	    (rc = add_file(c, 0x011D, 0x1D, APP_MF, ACC_PACE, 0, cms, cms_len)) < 0)
		goto out;
	{
		uint8_t s[64], d[80];
		struct tlv_buf in;
		static const struct {
			int dg;
			uint32_t str_tag;
			const char *value;
		} dgs[] = { { 4, 0x0C, SPEC_GIVEN },
			    { 5, 0x0C, SPEC_FAMILY },
			    { 8, 0x12, SPEC_BIRTH } };
		for (size_t i = 0; i < sizeof(dgs) / sizeof(dgs[0]); i++) {
			tlv_buf_init(&in, s, sizeof(s));
			tlv_put(&in, dgs[i].str_tag, dgs[i].value, strlen(dgs[i].value));
			tlv_buf_init(&b, d, sizeof(d));
			tlv_put(&b, 0x60u | (uint32_t)dgs[i].dg, s, in.len);
			if ((rc = add_file(c, (uint16_t)(0x0100 | dgs[i].dg), (uint8_t)dgs[i].dg,
			                   APP_EID, ACC_EID_DG, dgs[i].dg, d, b.len)) < 0)
				goto out;
		}
	}
	if (cfg->pki_dir) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/cvca.cvcert", cfg->pki_dir);
		if (eac_read_file(path, &c->cvca, &c->cvca_len) < 0) {
			c->cvca = NULL;
			c->cvca_len = 0;
		}
	}
	rc = 0;
out:
	OPENSSL_cleanse(mrz, sizeof(mrz));
	free(cms);
	X509_free(ds);
	EVP_PKEY_free(ds_key);
	return rc;
}
