#include "eid/ca.h"

#include <eac/ca.h>
#include <eac/eac.h>
#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "eid/chan.h"
#include "eid/eac_util.h"
#include "eid/tlv.h"

int ca_authenticate(struct chan *c, struct eac_ctx *ctx, const uint8_t *ef_cardsecurity, size_t len)
{
	BUF_MEM *picc_pub = NULL, *eph = NULL, *nonce = NULL, *token = NULL;
	uint8_t buf[300], oid[16], resp[128];
	size_t oid_len, resp_len;
	struct tlv_buf b;
	struct tlv t7c, t;
	uint16_t sw;
	int rc = -EPROTO;

	if (!ctx->ca_ctx)
		return -EPROTO;
	CA_disable_passive_authentication(ctx); /* done by pa.c against our CSCA set */
	if (!(picc_pub = CA_get_pubkey(ctx, ef_cardsecurity, len)))
		goto out;
	if ((rc = eac_oid_body(ctx->ca_ctx->protocol, oid, sizeof(oid), &oid_len)) < 0)
		goto out;
	tlv_buf_init(&b, buf, sizeof(buf));
	tlv_put(&b, 0x80, oid, oid_len);
	struct apdu set_at = {
		.cla = 0, .ins = 0x22, .p1 = 0x41, .p2 = 0xA4, .data = buf, .lc = b.len
	};
	if ((rc = chan_command(c, &set_at, NULL, 0, NULL, &sw)) < 0)
		goto out;
	rc = -EIO;
	if (!(eph = CA_STEP2_get_eph_pubkey(ctx)))
		goto out;
	tlv_buf_init(&b, buf, sizeof(buf));
	tlv_put_tag(&b, 0x7C);
	tlv_put_len(&b, tlv_tag_size(0x80) + tlv_len_size(eph->length) + eph->length);
	tlv_put(&b, 0x80, eph->data, eph->length);
	if (b.err)
		goto out;
	struct apdu ga = { .cla = 0, .ins = 0x86, .data = buf, .lc = b.len, .le = 256 };
	if ((rc = chan_command(c, &ga, resp, sizeof(resp), &resp_len, &sw)) < 0)
		goto out;
	rc = -EPROTO;
	if (tlv_parse_one(resp, resp_len, &t7c) < 0 || t7c.tag != 0x7C)
		goto out;
	if (tlv_find(t7c.val, t7c.len, 0x81, &t) < 0 || !(nonce = eac_buf(t.val, t.len)))
		goto out;
	if (tlv_find(t7c.val, t7c.len, 0x82, &t) < 0 || !(token = eac_buf(t.val, t.len)))
		goto out;
	if (!CA_STEP4_compute_shared_secret(ctx, picc_pub)) {
		rc = -EIO;
		goto out;
	}
	if (!CA_STEP6_derive_keys(ctx, nonce, token)) {
		log_warning("eid: chip authentication token does not verify");
		rc = -EBADMSG;
		goto out;
	}
	if (!EAC_CTX_set_encryption_ctx(ctx, EAC_ID_CA)) {
		rc = -EIO;
		goto out;
	}
	sm_init_eac(&c->sm, ctx);
	rc = 0;
out:
	BUF_MEM_free(picc_pub);
	BUF_MEM_free(eph);
	BUF_MEM_free(nonce);
	BUF_MEM_free(token);
	return rc;
}
