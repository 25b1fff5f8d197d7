#include "eid/pace.h"

#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <string.h>

#include "common/log.h"
#include "eid/chan.h"
#include "eid/eac_util.h"
#include "eid/tlv.h"

int pace_checkin_chat(uint8_t *out, size_t cap, size_t *len)
{
	uint64_t bits =
	    CHAT_AT_READ_DG(4) | CHAT_AT_READ_DG(5) | CHAT_AT_READ_DG(8) | CHAT_AT_CAN_ALLOWED;
	uint8_t rel[5], oid[16], inner[32];
	size_t oid_len;
	struct tlv_buf b, in;
	int rc;

	for (int i = 0; i < 5; i++)
		rel[i] = (uint8_t)(bits >> (8 * (4 - i)));
	if ((rc = eac_oid_body(NID_id_AT, oid, sizeof(oid), &oid_len)) < 0)
		return rc;
	tlv_buf_init(&in, inner, sizeof(inner));
	tlv_put(&in, 0x06, oid, oid_len);
	tlv_put(&in, 0x53, rel, sizeof(rel));
	tlv_buf_init(&b, out, cap);
	tlv_put(&b, 0x7F4C, inner, in.len);
	if (in.err || b.err)
		return -ENOBUFS;
	*len = b.len;
	return 0;
}

void pace_result_free(struct pace_result *res)
{
	BUF_MEM_free(res->picc_eph_pub);
	memset(res, 0, sizeof(*res));
}

/* One GENERAL AUTHENTICATE step: sends 7C{tag: data}, returns the value of want_tag. */
static int ga_step(struct chan *c, int last, uint32_t tag, const BUF_MEM *data, uint32_t want_tag,
                   BUF_MEM **out, uint8_t *resp, size_t cap, size_t *resp_len, uint16_t *sw)
{
	uint8_t cmd[300];
	struct tlv_buf b;
	struct tlv t7c, t;
	size_t inner = data ? tlv_tag_size(tag) + tlv_len_size(data->length) + data->length : 0;
	int rc;

	tlv_buf_init(&b, cmd, sizeof(cmd));
	tlv_put_tag(&b, 0x7C);
	tlv_put_len(&b, inner);
	if (data)
		tlv_put(&b, tag, data->data, data->length);
	if (b.err)
		return -ENOBUFS;
	struct apdu a = { .cla = last ? 0x00 : APDU_CLA_CHAIN,
		          .ins = 0x86,
		          .data = cmd,
		          .lc = b.len,
		          .le = 256 };
	rc = chan_transmit(c, &a, resp, cap, resp_len, sw);
	if (rc < 0)
		return rc;
	if (*sw != SW_OK)
		return (*sw & 0xFF00) == 0x6300 ? -EACCES
		       : apdu_sw_errno(*sw)     ? apdu_sw_errno(*sw)
		                                : -EPROTO;
	if (tlv_parse_one(resp, *resp_len, &t7c) < 0 || t7c.tag != 0x7C ||
	    tlv_find(t7c.val, t7c.len, want_tag, &t) < 0)
		return -EPROTO;
	*out = eac_buf(t.val, t.len);
	return *out ? 0 : -ENOMEM;
}

int pace_establish(struct chan *c, struct eac_ctx *ctx, enum pace_password type, const char *secret,
                   const uint8_t *chat, size_t chat_len, struct pace_result *res)
{
	BUF_MEM *enc_nonce = NULL, *map_pcd = NULL, *map_picc = NULL, *eph_pcd = NULL,
	        *token_pcd = NULL, *token_picc = NULL;
	PACE_SEC *sec = NULL;
	uint8_t oid[16], mse[64], resp[512];
	size_t oid_len, resp_len;
	uint16_t sw;
	struct tlv_buf b;
	int rc;

	memset(res, 0, sizeof(*res));
	if (!ctx->pace_ctx)
		return -EPROTO;
	if ((rc = eac_oid_body(ctx->pace_ctx->protocol, oid, sizeof(oid), &oid_len)) < 0)
		return rc;
	tlv_buf_init(&b, mse, sizeof(mse));
	tlv_put(&b, 0x80, oid, oid_len);
	tlv_put(&b, 0x83, (uint8_t[]){ (uint8_t)type }, 1);
	if (chat)
		tlv_put_raw(&b, chat, chat_len);
	if (b.err)
		return -ENOBUFS;
	struct apdu set_at = {
		.cla = 0, .ins = 0x22, .p1 = 0xC1, .p2 = 0xA4, .data = mse, .lc = b.len
	};
	rc = chan_transmit(c, &set_at, resp, sizeof(resp), &resp_len, &sw);
	if (rc < 0)
		return rc;
	res->sw_set_at = sw;
	if (sw != SW_OK && (sw & 0xFFF0) != 0x63C0) {
		log_info("eid: PACE not accepted: %04X %s", sw, apdu_sw_text(sw));
		return sw == SW_AUTH_BLOCKED || sw == SW_CONDITIONS_NOT_SAT ? -EPERM : -EPROTO;
	}

	sec = PACE_SEC_new(secret, strlen(secret), (enum s_type)type);
	if (!sec)
		return -ENOMEM;
	if ((rc = ga_step(c, 0, 0, NULL, 0x80, &enc_nonce, resp, sizeof(resp), &resp_len, &sw)) < 0)
		goto out;
	rc = -EPROTO;
	if (!PACE_STEP2_dec_nonce(ctx, sec, enc_nonce) ||
	    !(map_pcd = PACE_STEP3A_generate_mapping_data(ctx)))
		goto out;
	if ((rc = ga_step(c, 0, 0x81, map_pcd, 0x82, &map_picc, resp, sizeof(resp), &resp_len,
	                  &sw)) < 0)
		goto out;
	rc = -EPROTO;
	if (!PACE_STEP3A_map_generator(ctx, map_picc) ||
	    !(eph_pcd = PACE_STEP3B_generate_ephemeral_key(ctx)))
		goto out;
	if ((rc = ga_step(c, 0, 0x83, eph_pcd, 0x84, &res->picc_eph_pub, resp, sizeof(resp),
	                  &resp_len, &sw)) < 0)
		goto out;
	rc = -EPROTO;
	if (!PACE_STEP3B_compute_shared_secret(ctx, res->picc_eph_pub) ||
	    !PACE_STEP3C_derive_keys(ctx) ||
	    !(token_pcd = PACE_STEP3D_compute_authentication_token(ctx, res->picc_eph_pub)))
		goto out;
	if ((rc = ga_step(c, 1, 0x85, token_pcd, 0x86, &token_picc, resp, sizeof(resp), &resp_len,
	                  &sw)) < 0)
		goto out;
	if (PACE_STEP3D_verify_authentication_token(ctx, token_picc) != 1) {
		rc = -EBADMSG; /* the card does not know the password: not a genuine card */
		goto out;
	}
	{
		struct tlv t7c, t;
		if (tlv_parse_one(resp, resp_len, &t7c) == 0) {
			for (int i = 0; i < 2; i++) {
				if (tlv_find(t7c.val, t7c.len, 0x87u + (uint32_t)i, &t) == 0 &&
				    t.len < sizeof(res->car[i])) {
					memcpy(res->car[i], t.val, t.len);
					res->car[i][t.len] = 0;
				}
			}
		}
	}
	if (!EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE)) {
		rc = -EIO;
		goto out;
	}
	sm_init_eac(&c->sm, ctx);
	rc = 0;
out:
	if (rc < 0) {
		BUF_MEM_free(res->picc_eph_pub);
		res->picc_eph_pub = NULL;
	}
	PACE_SEC_clear_free(sec);
	BUF_MEM_free(enc_nonce);
	BUF_MEM_free(map_pcd);
	BUF_MEM_free(map_picc);
	BUF_MEM_free(eph_pcd);
	BUF_MEM_free(token_pcd);
	BUF_MEM_free(token_picc);
	OPENSSL_cleanse(resp, sizeof(resp));
	return rc;
}
