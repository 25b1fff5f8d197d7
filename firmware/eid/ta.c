#include "eid/ta.h"

#include <eac/cv_cert.h>
#include <eac/eac.h>
#include <eac/ta.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "eid/chan.h"
#include "eid/eac_util.h"
#include "eid/tlv.h"

int ta_terminal_load(struct ta_terminal *t, const char *const *chain, const char *key_path,
                     const char *desc_path)
{
	int rc;

	memset(t, 0, sizeof(*t));
	for (int i = 0; chain[i]; i++) {
		if (i == TA_CHAIN_MAX) {
			rc = -E2BIG;
			goto fail;
		}
		if ((rc = eac_read_file(chain[i], &t->cert[i], &t->cert_len[i])) < 0)
			goto fail;
		t->n_certs = i + 1;
	}
	if (t->n_certs == 0) {
		rc = -EINVAL;
		goto fail;
	}
	if ((rc = eac_read_file(key_path, &t->key, &t->key_len)) < 0)
		goto fail;
	if (desc_path && (rc = eac_read_file(desc_path, &t->desc, &t->desc_len)) < 0)
		goto fail;
	return 0;
fail:
	ta_terminal_free(t);
	return rc;
}

void ta_terminal_free(struct ta_terminal *t)
{
	for (int i = 0; i < TA_CHAIN_MAX; i++)
		free(t->cert[i]);
	if (t->key)
		OPENSSL_clear_free(t->key, t->key_len);
	free(t->desc);
	memset(t, 0, sizeof(*t));
}

static CVC_CERT *parse_cvc(const uint8_t *der, size_t len)
{
	const unsigned char *p = der;

	return CVC_d2i_CVC_CERT(NULL, &p, (long)len);
}

static void copy_asn1(char *out, size_t cap, const ASN1_STRING *s)
{
	size_t n = 0;

	if (s) {
		n = (size_t)ASN1_STRING_length(s);
		if (n >= cap)
			n = cap - 1;
		memcpy(out, ASN1_STRING_get0_data(s), n);
	}
	out[n] = 0;
}

static void bcd_date(char out[11], const ASN1_OCTET_STRING *d)
{
	const unsigned char *p = d ? ASN1_STRING_get0_data(d) : NULL;

	if (!p || ASN1_STRING_length(d) != 6) {
		snprintf(out, 11, "?");
		return;
	}
	char s[11] = "20YY-MM-DD";
	static const int pos[6] = { 2, 3, 5, 6, 8, 9 };

	for (int i = 0; i < 6; i++)
		s[pos[i]] = (char)('0' + (p[i] % 10));
	memcpy(out, s, 11);
}

void ta_rights_text(const uint8_t rel[5], char *out, size_t cap)
{
	static const struct {
		int bit;
		const char *name;
	} rights[] = {
		{ 8, "document type" },
		{ 9, "issuing state" },
		{ 10, "date of expiry" },
		{ 11, "given names" },
		{ 12, "family names" },
		{ 13, "religious/artistic name" },
		{ 14, "academic title" },
		{ 15, "date of birth" },
		{ 16, "place of birth" },
		{ 17, "nationality" },
		{ 20, "birth name" },
		{ 24, "address" },
		{ 26, "residence permit I" },
		{ 27, "residence permit II" },
		{ 4, "CAN allowed" },
		{ 2, "restricted identification" },
		{ 1, "community ID verification" },
		{ 0, "age verification" },
		{ 5, "PIN management" },
		{ 3, "privileged terminal" },
	};
	uint64_t v = 0;
	size_t n = 0;

	for (int i = 0; i < 5; i++)
		v = (v << 8) | rel[i];
	out[0] = 0;
	for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
		if (!(v & ((uint64_t)1 << rights[i].bit)))
			continue;
		int w = snprintf(out + n, cap - n, "%s%s", n ? ", " : "", rights[i].name);
		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
}

int ta_describe(const struct ta_terminal *t, struct ta_description *out)
{
	CVC_CERT *cert;
	const CVC_CHAT *chat;

	memset(out, 0, sizeof(*out));
	cert = parse_cvc(t->cert[t->n_certs - 1], t->cert_len[t->n_certs - 1]);
	if (!cert)
		return -EBADMSG;
	copy_asn1(out->holder, sizeof(out->holder), cert->body->certificate_holder_reference);
	copy_asn1(out->issuer, sizeof(out->issuer), cert->body->certificate_authority_reference);
	bcd_date(out->valid_from, cert->body->certificate_effective_date);
	bcd_date(out->valid_until, cert->body->certificate_expiration_date);
	chat = cvc_get_chat(cert);
	if (chat && chat->relative_authorization &&
	    ASN1_STRING_length(chat->relative_authorization) == 5)
		ta_rights_text(ASN1_STRING_get0_data(chat->relative_authorization), out->rights,
		               sizeof(out->rights));
	snprintf(out->provider, sizeof(out->provider), "%s", out->holder);
	if (t->desc) {
		const unsigned char *p = t->desc;
		CVC_CERTIFICATE_DESCRIPTION *d =
		    d2i_CVC_CERTIFICATE_DESCRIPTION(NULL, &p, (long)t->desc_len);
		if (d) {
			if (d->subjectName)
				copy_asn1(out->provider, sizeof(out->provider), d->subjectName);
			if (d->termsOfUsage)
				copy_asn1(out->purpose, sizeof(out->purpose), d->termsOfUsage);
			CVC_CERTIFICATE_DESCRIPTION_free(d);
		}
	}
	CVC_CERT_free(cert);
	return 0;
}

BUF_MEM *ta_sign(struct eac_ctx *ctx, const BUF_MEM *comp_eph_key, const BUF_MEM *id_picc)
{
	return TA_STEP5_sign(ctx, comp_eph_key, id_picc, NULL);
}

static int cmd(struct chan *c, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t lc,
               size_t le, uint8_t *resp, size_t cap, size_t *resp_len)
{
	struct apdu a = {
		.cla = 0, .ins = ins, .p1 = p1, .p2 = p2, .data = data, .lc = lc, .le = le
	};
	uint16_t sw;
	int rc = chan_command(c, &a, resp, cap, resp_len, &sw);

	if (rc < 0 && rc != -ENOMEDIUM && rc != -ETIMEDOUT && rc != -ENODEV)
		log_info("eid: TA step %02X refused: %04X %s", ins, sw, apdu_sw_text(sw));
	return rc;
}

/* The card refusing our chain or signature (any status word) means: not authorized. */
static int refused(int rc)
{
	return rc == -ENOMEDIUM || rc == -ETIMEDOUT || rc == -ENODEV || rc == -EBADMSG ||
	               rc == -ENOMEM || rc == -EIO
	           ? rc
	           : -EPERM;
}

int ta_authenticate(struct chan *c, struct eac_ctx *ctx, const struct ta_terminal *t,
                    const BUF_MEM *picc_eph_pub)
{
	BUF_MEM *comp = NULL, *id_picc = NULL, *nonce = NULL, *sig = NULL;
	CVC_CERT *term = NULL;
	uint8_t buf[600], resp[64];
	size_t resp_len;
	struct tlv_buf b;
	int rc;

	for (int i = 0; i < t->n_certs; i++) {
		struct tlv outer;
		CVC_CERT *cv = parse_cvc(t->cert[i], t->cert_len[i]);
		if (!cv)
			return -EINVAL;
		const ASN1_UTF8STRING *car = cv->body->certificate_authority_reference;
		tlv_buf_init(&b, buf, sizeof(buf));
		tlv_put(&b, 0x83, ASN1_STRING_get0_data(car), (size_t)ASN1_STRING_length(car));
		CVC_CERT_free(cv);
		if (b.err)
			return -EINVAL;
		if ((rc = cmd(c, 0x22, 0x81, 0xB6, buf, b.len, 0, NULL, 0, NULL)) < 0)
			return refused(rc);
		if (tlv_parse_one(t->cert[i], t->cert_len[i], &outer) < 0 || outer.tag != 0x7F21)
			return -EINVAL;
		if ((rc = cmd(c, 0x2A, 0x00, 0xBE, outer.val, outer.len, 0, NULL, 0, NULL)) < 0)
			return refused(rc);
	}

	rc = -EINVAL;
	if (!EAC_CTX_init_ta(ctx, t->key, t->key_len, t->cert[t->n_certs - 1],
	                     t->cert_len[t->n_certs - 1]))
		goto out;
	rc = -EIO;
	if (!(comp = TA_STEP3_generate_ephemeral_key(ctx)) ||
	    !(id_picc = EAC_Comp(ctx, EAC_ID_PACE, picc_eph_pub)))
		goto out;
	term = parse_cvc(t->cert[t->n_certs - 1], t->cert_len[t->n_certs - 1]);
	if (!term)
		goto out;
	const ASN1_UTF8STRING *chr = term->body->certificate_holder_reference;
	tlv_buf_init(&b, buf, sizeof(buf));
	tlv_put(&b, 0x83, ASN1_STRING_get0_data(chr), (size_t)ASN1_STRING_length(chr));
	tlv_put(&b, 0x91, comp->data, comp->length);
	if (b.err)
		goto out;
	if ((rc = cmd(c, 0x22, 0x81, 0xA4, buf, b.len, 0, NULL, 0, NULL)) < 0)
		goto out;
	if ((rc = cmd(c, 0x84, 0, 0, NULL, 0, 8, resp, sizeof(resp), &resp_len)) < 0)
		goto out;
	rc = -EPROTO;
	if (resp_len != 8 || !(nonce = eac_buf(resp, resp_len)) || !TA_STEP4_set_nonce(ctx, nonce))
		goto out;
	rc = -EIO;
	if (!(sig = ta_sign(ctx, comp, id_picc)))
		goto out;
	rc = cmd(c, 0x82, 0, 0, (const uint8_t *)sig->data, sig->length, 0, NULL, 0, NULL);
	if (rc < 0)
		rc = refused(rc);
out:
	CVC_CERT_free(term);
	BUF_MEM_free(comp);
	BUF_MEM_free(id_picc);
	BUF_MEM_free(nonce);
	BUF_MEM_free(sig);
	return rc;
}
