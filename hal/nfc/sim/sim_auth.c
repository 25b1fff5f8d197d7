/* The virtual card's side of PACE, Terminal Authentication, Chip Authentication and BAC. The
 * cryptography is OpenPACE's (and OpenSSL's 3DES for BAC); this is the protocol state. */
#include <eac/ca.h>
#include <eac/cv_cert.h>
#include <eac/objects.h>
#include <eac/ta.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#include "eid/apdu.h"
#include "eid/bac.h"
#include "eid/eac_util.h"
#include "eid/tlv.h"
#include "sim_internal.h"

void sim_session_clear(struct sim_card *c)
{
	EAC_CTX_clear_free(c->ctx);
	c->ctx = NULL;
	PACE_SEC_clear_free(c->sec);
	c->sec = NULL;
	BUF_MEM_free(c->pcd_eph);
	c->pcd_eph = NULL;
	BUF_MEM_free(c->ta_comp_eph);
	c->ta_comp_eph = NULL;
	sm_clear(&c->sm);
	c->pace_step = c->pace_pw = c->pace_done = c->can_done = 0;
	c->has_chat = c->ta_certs = c->ta_done = c->ca_done = 0;
	c->ta_nonce_given = c->ca_switch_pending = c->have_challenge = 0;
	memset(c->chat, 0, sizeof(c->chat));
	memset(c->auth, 0, sizeof(c->auth));
	c->chain_len = 0;
	c->app = APP_MF;
	c->ef = NULL;
}

static uint16_t put_7c(uint32_t tag, const BUF_MEM *v, const BUF_MEM *v2, uint32_t tag2,
                       const char *car, uint8_t *out, size_t *out_len)
{
	uint8_t inner[600];
	struct tlv_buf b, o;

	tlv_buf_init(&b, inner, sizeof(inner));
	if (v)
		tlv_put(&b, tag, v->data, v->length);
	if (v2)
		tlv_put(&b, tag2, v2->data, v2->length);
	if (car)
		tlv_put(&b, 0x87, car, strlen(car));
	tlv_buf_init(&o, out, 1024);
	tlv_put(&o, 0x7C, inner, b.len);
	if (b.err || o.err)
		return SW_UNKNOWN;
	*out_len = o.len;
	return SW_OK;
}

static void cvca_chr(struct sim_card *c, char *out, size_t cap)
{
	const unsigned char *p = c->cvca;
	CVC_CERT *cv = c->cvca ? CVC_d2i_CVC_CERT(NULL, &p, (long)c->cvca_len) : NULL;

	out[0] = 0;
	if (cv) {
		const ASN1_UTF8STRING *s = cv->body->certificate_holder_reference;
		size_t n = (size_t)ASN1_STRING_length(s);
		if (n < cap) {
			memcpy(out, ASN1_STRING_get0_data(s), n);
			out[n] = 0;
		}
		CVC_CERT_free(cv);
	}
}

/* MSE:Set AT for PACE */
static uint16_t mse_pace(struct sim_card *c, const uint8_t *d, size_t n)
{
	struct tlv oid, ref, chat;
	uint8_t want[16];
	size_t want_len;
	const char *secret;
	int can_done = c->can_done; /* a CAN-PACE of this session resumes a suspended PIN */

	sim_session_clear(c);
	c->can_done = can_done;
	if (c->kind != SIM_CARD_NPA)
		return SW_INS_NOT_SUPPORTED;
	c->ctx = EAC_CTX_new();
	if (!c->ctx || !EAC_CTX_init_ef_cardaccess(c->card_access, c->card_access_len, c->ctx))
		return SW_UNKNOWN;
	if (tlv_find(d, n, 0x80, &oid) < 0 || tlv_find(d, n, 0x83, &ref) < 0 || ref.len != 1)
		return SW_WRONG_DATA;
	if (eac_oid_body(c->ctx->pace_ctx->protocol, want, sizeof(want), &want_len) < 0 ||
	    oid.len != want_len || memcmp(oid.val, want, want_len) != 0)
		return SW_REF_DATA_NOT_FOUND;
	if (tlv_find(d, n, 0x7F4C, &chat) == 0) {
		struct tlv rel;
		if (tlv_find(chat.val, chat.len, 0x53, &rel) < 0 || rel.len != 5)
			return SW_WRONG_DATA;
		memcpy(c->chat, rel.val, 5);
		c->has_chat = 1;
	}
	c->pace_pw = ref.val[0];
	switch (c->pace_pw) {
	case PACE_CAN:
		secret = c->can;
		break;
	case PACE_PIN:
		if (c->pin_retries == 0)
			return SW_AUTH_BLOCKED;
		secret = c->pin;
		break;
	case PACE_MRZ:
		secret = c->mrz_info;
		break;
	default:
		return SW_REF_DATA_NOT_FOUND;
	}
	c->sec = PACE_SEC_new(secret, strlen(secret), (enum s_type)c->pace_pw);
	if (!c->sec)
		return SW_UNKNOWN;
	c->pace_step = 1;
	if (c->pace_pw == PACE_PIN && c->pin_retries < 3)
		return (uint16_t)(0x63C0 | c->pin_retries);
	return SW_OK;
}

static uint16_t mse_ta_dst(struct sim_card *c, const uint8_t *d, size_t n)
{
	struct tlv car;

	if (!c->pace_done || !c->has_chat)
		return SW_CONDITIONS_NOT_SAT;
	if (tlv_find(d, n, 0x83, &car) < 0)
		return SW_WRONG_DATA;
	if (c->ta_certs == 0) {
		char chr[20];
		cvca_chr(c, chr, sizeof(chr));
		if (!chr[0] || car.len != strlen(chr) || memcmp(car.val, chr, car.len))
			return SW_REF_DATA_NOT_FOUND;
	}
	return SW_OK;
}

static uint16_t mse_ta_at(struct sim_card *c, const uint8_t *d, size_t n)
{
	struct tlv chr, eph;

	if (c->ta_certs == 0)
		return SW_CONDITIONS_NOT_SAT;
	if (tlv_find(d, n, 0x83, &chr) < 0 || tlv_find(d, n, 0x91, &eph) < 0)
		return SW_WRONG_DATA;
	BUF_MEM_free(c->ta_comp_eph);
	c->ta_comp_eph = eac_buf(eph.val, eph.len);
	return c->ta_comp_eph ? SW_OK : SW_UNKNOWN;
}

static uint16_t mse_ca(struct sim_card *c, const uint8_t *d, size_t n)
{
	struct tlv oid;
	uint8_t want[16];
	size_t want_len;

	if (!c->ta_done || !c->ctx->ca_ctx)
		return SW_CONDITIONS_NOT_SAT;
	if (tlv_find(d, n, 0x80, &oid) < 0)
		return SW_WRONG_DATA;
	if (eac_oid_body(c->ctx->ca_ctx->protocol, want, sizeof(want), &want_len) < 0 ||
	    oid.len != want_len || memcmp(oid.val, want, want_len) != 0)
		return SW_REF_DATA_NOT_FOUND;
	if (!CA_set_key(c->ctx, c->ca_priv, c->ca_priv_len, c->ca_pub, c->ca_pub_len))
		return SW_UNKNOWN;
	return SW_OK;
}

uint16_t sim_mse(struct sim_card *c, uint8_t p1, uint8_t p2, const uint8_t *d, size_t n)
{
	if (p1 == 0xC1 && p2 == 0xA4)
		return mse_pace(c, d, n);
	if (p1 == 0x81 && p2 == 0xB6)
		return mse_ta_dst(c, d, n);
	if (p1 == 0x81 && p2 == 0xA4)
		return mse_ta_at(c, d, n);
	if (p1 == 0x41 && p2 == 0xA4)
		return mse_ca(c, d, n);
	return SW_WRONG_P1P2;
}

static uint16_t pace_failed(struct sim_card *c)
{
	int pw = c->pace_pw, retries;

	sim_session_clear(c);
	if (pw != PACE_PIN)
		return SW_VERIFICATION_FAILED;
	if (c->pin_retries > 0)
		c->pin_retries--;
	retries = c->pin_retries;
	return retries == 0 ? SW_AUTH_BLOCKED : (uint16_t)(0x63C0 | retries);
}

static uint16_t ga_pace(struct sim_card *c, int chained, const struct tlv *t, uint8_t *out,
                        size_t *out_len)
{
	BUF_MEM *in = NULL, *r = NULL, *r2 = NULL;
	struct tlv x;
	uint16_t sw = SW_UNKNOWN;
	char chr[20] = "";

	if (c->pace_step == 1) {
		/* a suspended PIN needs a PACE with the CAN in this session first */
		if (c->pace_pw == PACE_PIN && c->pin_retries == 1 && !c->can_done)
			return SW_CONDITIONS_NOT_SAT;
		if (!chained || t->len != 0)
			return SW_WRONG_DATA;
		r = PACE_STEP1_enc_nonce(c->ctx, c->sec);
		if (r)
			sw = put_7c(0x80, r, NULL, 0, NULL, out, out_len);
		c->pace_step = 2;
		goto out;
	}
	uint32_t want = c->pace_step == 2 ? 0x81 : c->pace_step == 3 ? 0x83 : 0x85;
	if (tlv_find(t->val, t->len, want, &x) < 0 || !(in = eac_buf(x.val, x.len))) {
		sim_session_clear(c);
		return SW_WRONG_DATA;
	}
	if ((c->pace_step < 4) != (chained != 0)) {
		sim_session_clear(c);
		return 0x6883;
	}
	switch (c->pace_step) {
	case 2:
		r = PACE_STEP3A_generate_mapping_data(c->ctx);
		if (!r || !PACE_STEP3A_map_generator(c->ctx, in))
			break;
		sw = put_7c(0x82, r, NULL, 0, NULL, out, out_len);
		c->pace_step = 3;
		break;
	case 3:
		r = PACE_STEP3B_generate_ephemeral_key(c->ctx);
		if (!r || !PACE_STEP3B_compute_shared_secret(c->ctx, in) ||
		    !PACE_STEP3C_derive_keys(c->ctx))
			break;
		c->pcd_eph = in;
		in = NULL;
		sw = put_7c(0x84, r, NULL, 0, NULL, out, out_len);
		c->pace_step = 4;
		break;
	case 4:
		if (PACE_STEP3D_verify_authentication_token(c->ctx, in) != 1) {
			sw = pace_failed(c);
			goto out;
		}
		r = PACE_STEP3D_compute_authentication_token(c->ctx, c->pcd_eph);
		if (!r)
			break;
		if (c->has_chat)
			cvca_chr(c, chr, sizeof(chr));
		sw = put_7c(0x86, r, NULL, 0, chr[0] ? chr : NULL, out, out_len);
		if (sw != SW_OK || !EAC_CTX_set_encryption_ctx(c->ctx, EAC_ID_PACE)) {
			sw = SW_UNKNOWN;
			break;
		}
		if (c->pace_pw == PACE_PIN)
			c->pin_retries = 3;
		if (c->pace_pw == PACE_CAN)
			c->can_done = 1;
		c->pace_done = 1;
		c->pace_step = 0;
		memset(c->auth, 0xFF, sizeof(c->auth));
		if (c->cvca && c->has_chat) {
			c->ctx->ta_ctx->flags &= ~TA_FLAG_SKIP_TIMECHECK;
			EAC_CTX_init_ta(c->ctx, NULL, 0, c->cvca, c->cvca_len);
		}
		sm_init_eac(&c->sm, c->ctx);
		break;
	default:
		sw = SW_CONDITIONS_NOT_SAT;
	}
out:
	BUF_MEM_free(in);
	BUF_MEM_free(r);
	BUF_MEM_free(r2);
	return sw;
}

static uint16_t ga_ca(struct sim_card *c, const struct tlv *t, uint8_t *out, size_t *out_len)
{
	BUF_MEM *pub = NULL, *nonce = NULL, *token = NULL;
	struct tlv x;
	uint16_t sw = SW_UNKNOWN;

	if (tlv_find(t->val, t->len, 0x80, &x) < 0 || !(pub = eac_buf(x.val, x.len)))
		return SW_WRONG_DATA;
	if (!c->ta_comp_eph || CA_STEP3_check_pcd_pubkey(c->ctx, c->ta_comp_eph, pub) != 1) {
		sw = SW_SECURITY_NOT_SAT;
		goto out;
	}
	if (!CA_STEP4_compute_shared_secret(c->ctx, pub) ||
	    !CA_STEP5_derive_keys(c->ctx, pub, &nonce, &token))
		goto out;
	sw = put_7c(0x81, nonce, token, 0x82, NULL, out, out_len);
	if (sw == SW_OK)
		c->ca_switch_pending = 1; /* after this response went out under the PACE keys */
out:
	BUF_MEM_free(pub);
	BUF_MEM_free(nonce);
	BUF_MEM_free(token);
	return sw;
}

uint16_t sim_general_authenticate(struct sim_card *c, int chained, const uint8_t *d, size_t n,
                                  uint8_t *out, size_t *out_len)
{
	struct tlv t;

	if (tlv_parse_one(d, n, &t) < 0 || t.tag != 0x7C)
		return SW_WRONG_DATA;
	if (c->pace_step)
		return ga_pace(c, chained, &t, out, out_len);
	if (c->ta_done && !c->ca_done && c->sm.kind == SM_EAC)
		return ga_ca(c, &t, out, out_len);
	return SW_CONDITIONS_NOT_SAT;
}

uint16_t sim_verify_certificate(struct sim_card *c, const uint8_t *d, size_t n)
{
	uint8_t cert[1024];
	struct tlv_buf b;
	const unsigned char *p;
	CVC_CERT *cv;

	if (!c->pace_done || !c->has_chat || !c->cvca || c->ta_done)
		return SW_CONDITIONS_NOT_SAT;
	tlv_buf_init(&b, cert, sizeof(cert));
	tlv_put(&b, 0x7F21, d, n);
	if (b.err)
		return SW_WRONG_LENGTH;
	if (!TA_STEP2_import_certificate(c->ctx, cert, b.len))
		return SW_WRONG_DATA;
	p = cert;
	cv = CVC_d2i_CVC_CERT(NULL, &p, (long)b.len);
	if (!cv)
		return SW_WRONG_DATA;
	const CVC_CHAT *chat = cvc_get_chat(cv);
	if (chat && chat->relative_authorization &&
	    ASN1_STRING_length(chat->relative_authorization) == 5) {
		const unsigned char *rel = ASN1_STRING_get0_data(chat->relative_authorization);
		for (int i = 0; i < 5; i++)
			c->auth[i] &= rel[i];
	} else {
		memset(c->auth, 0, sizeof(c->auth));
	}
	CVC_CERT_free(cv);
	c->ta_certs++;
	return SW_OK;
}

static uint16_t bac_challenge(struct sim_card *c, uint8_t *out, size_t *out_len)
{
	if (RAND_bytes(c->rnd_ic, 8) != 1)
		return SW_UNKNOWN;
	c->have_challenge = 1;
	memcpy(out, c->rnd_ic, 8);
	*out_len = 8;
	return SW_OK;
}

uint16_t sim_get_challenge(struct sim_card *c, uint8_t *out, size_t *out_len)
{
	if (c->kind == SIM_CARD_EPASS && c->sm.kind == SM_NONE)
		return bac_challenge(c, out, out_len);
	if (c->ta_certs == 0 || c->ta_done)
		return SW_CONDITIONS_NOT_SAT;
	BUF_MEM *nonce = TA_STEP4_get_nonce(c->ctx);
	if (!nonce || nonce->length > 16) {
		BUF_MEM_free(nonce);
		return SW_UNKNOWN;
	}
	memcpy(out, nonce->data, nonce->length);
	*out_len = nonce->length;
	BUF_MEM_free(nonce);
	c->ta_nonce_given = 1;
	return SW_OK;
}

static uint16_t bac_external_authenticate(struct sim_card *c, const uint8_t *d, size_t n,
                                          uint8_t *out, size_t *out_len)
{
	uint8_t pad[40], mac[8], s[32], r[32], k_ic[16], seed[16], ks_enc[16], ks_mac[16], ssc[8];
	uint16_t sw = SW_SECURITY_NOT_SAT;

	if (!c->have_challenge || n != 40)
		return SW_CONDITIONS_NOT_SAT;
	c->have_challenge = 0;
	memcpy(pad, d, 32);
	memcpy(pad + 32, "\x80\0\0\0\0\0\0\0", 8);
	if (sm_retail_mac(c->bac_kmac, pad, 40, mac) < 0 || CRYPTO_memcmp(mac, d + 32, 8) != 0)
		return SW_SECURITY_NOT_SAT;
	if (sm_des3_cbc(c->bac_kenc, 0, d, 32, s) < 0 || memcmp(s + 8, c->rnd_ic, 8) != 0)
		goto out;
	if (RAND_bytes(k_ic, 16) != 1)
		goto out;
	memcpy(r, c->rnd_ic, 8);
	memcpy(r + 8, s, 8);
	memcpy(r + 16, k_ic, 16);
	if (sm_des3_cbc(c->bac_kenc, 1, r, 32, out) < 0)
		goto out;
	memcpy(pad, out, 32);
	if (sm_retail_mac(c->bac_kmac, pad, 40, out + 32) < 0)
		goto out;
	*out_len = 40;
	for (int i = 0; i < 16; i++)
		seed[i] = s[16 + i] ^ k_ic[i];
	if (bac_kdf(seed, 1, ks_enc) < 0 || bac_kdf(seed, 2, ks_mac) < 0)
		goto out;
	memcpy(ssc, c->rnd_ic + 4, 4);
	memcpy(ssc + 4, s + 4, 4);
	sm_init_bac(&c->sm, ks_enc, ks_mac, ssc);
	sw = SW_OK;
out:
	OPENSSL_cleanse(s, sizeof(s));
	OPENSSL_cleanse(r, sizeof(r));
	OPENSSL_cleanse(seed, sizeof(seed));
	OPENSSL_cleanse(ks_enc, sizeof(ks_enc));
	OPENSSL_cleanse(ks_mac, sizeof(ks_mac));
	return sw;
}

uint16_t sim_external_authenticate(struct sim_card *c, const uint8_t *d, size_t n, uint8_t *out,
                                   size_t *out_len)
{
	BUF_MEM *sig, *id_picc;
	int ok;

	if (c->kind == SIM_CARD_EPASS && c->sm.kind == SM_NONE)
		return bac_external_authenticate(c, d, n, out, out_len);
	if (!c->ta_nonce_given || !c->ta_comp_eph || c->ta_done)
		return SW_CONDITIONS_NOT_SAT;
	sig = eac_buf(d, n);
	id_picc = EAC_Comp(c->ctx, EAC_ID_PACE, c->ctx->pace_ctx->my_eph_pubkey);
	ok = sig && id_picc && TA_STEP6_verify(c->ctx, c->ta_comp_eph, id_picc, NULL, sig) == 1;
	BUF_MEM_free(sig);
	BUF_MEM_free(id_picc);
	c->ta_nonce_given = 0;
	if (!ok)
		return SW_VERIFICATION_FAILED;
	/* effective rights: the chain's CHATs and the CHAT of MSE:Set AT; the role bits go */
	for (int i = 0; i < 5; i++)
		c->auth[i] &= c->chat[i];
	c->auth[0] &= 0x3F;
	c->ta_done = 1;
	return SW_OK;
}
