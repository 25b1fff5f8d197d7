#include "eid/sm.h"

#include <eac/eac.h>
#include <errno.h>
#include <openssl/buffer.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "eid/tlv.h"

#define SM_BUF_MAX (APDU_MAX + 64)

void sm_init_eac(struct sm_ctx *sm, struct eac_ctx *eac)
{
	memset(sm, 0, sizeof(*sm));
	sm->kind = SM_EAC;
	sm->eac = eac;
}

void sm_init_bac(struct sm_ctx *sm, const uint8_t kenc[16], const uint8_t kmac[16],
                 const uint8_t ssc[8])
{
	memset(sm, 0, sizeof(*sm));
	sm->kind = SM_BAC;
	memcpy(sm->kenc, kenc, 16);
	memcpy(sm->kmac, kmac, 16);
	memcpy(sm->ssc, ssc, 8);
}

void sm_clear(struct sm_ctx *sm)
{
	OPENSSL_cleanse(sm, sizeof(*sm));
	sm->kind = SM_NONE;
}

size_t sm_block_size(const struct sm_ctx *sm)
{
	return sm->kind == SM_BAC ? 8 : 16;
}

void sm_increment_ssc(struct sm_ctx *sm)
{
	if (sm->kind == SM_EAC) {
		EAC_increment_ssc(sm->eac);
		return;
	}
	for (int i = 7; i >= 0; i--) {
		if (++sm->ssc[i])
			break;
	}
}

static size_t pad_to(uint8_t *buf, size_t len, size_t block)
{
	buf[len++] = 0x80;
	while (len % block)
		buf[len++] = 0;
	return len;
}

/* --- 3DES (BAC) --- */

static int des3_run(const EVP_CIPHER *cipher, const uint8_t key[16], int encrypt, const uint8_t *in,
                    size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t iv[8] = { 0 };
	int n = 0, ok;

	if (!c)
		return -ENOMEM;
	ok = EVP_CipherInit_ex(c, cipher, NULL, key, iv, encrypt) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) && EVP_CipherUpdate(c, out, &n, in, (int)len);
	EVP_CIPHER_CTX_free(c);
	return ok && (size_t)n == len ? 0 : -EIO;
}

int sm_des3_cbc(const uint8_t key[16], int encrypt, const uint8_t *in, size_t len, uint8_t *out)
{
	if (len % 8)
		return -EINVAL;
	return des3_run(EVP_des_ede_cbc(), key, encrypt, in, len, out);
}

int sm_retail_mac(const uint8_t key[16], const uint8_t *in, size_t len, uint8_t mac[8])
{
	uint8_t ka[16], h[8] = { 0 }, x[8];
	int rc = 0;

	if (len == 0 || len % 8)
		return -EINVAL;
	/* single DES with Ka is 3DES-EDE with Ka|Ka (OpenSSL 3 keeps plain DES in "legacy") */
	memcpy(ka, key, 8);
	memcpy(ka + 8, key, 8);
	for (size_t off = 0; off < len; off += 8) {
		for (int i = 0; i < 8; i++)
			x[i] = h[i] ^ in[off + i];
		rc = des3_run(EVP_des_ede_ecb(), off + 8 < len ? ka : key, 1, x, 8, h);
		if (rc < 0)
			break;
	}
	memcpy(mac, h, 8);
	OPENSSL_cleanse(ka, sizeof(ka));
	return rc;
}

/* --- cipher dispatch --- */

static BUF_MEM *buf_from(const uint8_t *data, size_t len)
{
	BUF_MEM *b = BUF_MEM_new();

	if (!b || !BUF_MEM_grow(b, len ? len : 1)) {
		BUF_MEM_free(b);
		return NULL;
	}
	if (len)
		memcpy(b->data, data, len);
	b->length = len;
	return b;
}

static int eac_op(struct sm_ctx *sm, int op, const uint8_t *in, size_t len, uint8_t *out,
                  size_t *out_len)
{
	BUF_MEM *b = buf_from(in, len), *r = NULL;

	if (!b)
		return -ENOMEM;
	r = op == 0   ? EAC_encrypt(sm->eac, b)
	    : op == 1 ? EAC_decrypt(sm->eac, b)
	              : EAC_authenticate(sm->eac, b);
	BUF_MEM_free(b);
	if (!r)
		return -EIO;
	memcpy(out, r->data, r->length);
	*out_len = r->length;
	BUF_MEM_clear_free(r);
	return 0;
}

int sm_encrypt(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
	if (sm->kind == SM_EAC)
		return eac_op(sm, 0, in, len, out, out_len);
	*out_len = len;
	return sm_des3_cbc(sm->kenc, 1, in, len, out);
}

int sm_decrypt(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
	if (len == 0 || len % sm_block_size(sm))
		return -EBADMSG;
	if (sm->kind == SM_EAC)
		return eac_op(sm, 1, in, len, out, out_len);
	*out_len = len;
	return sm_des3_cbc(sm->kenc, 0, in, len, out);
}

int sm_mac(struct sm_ctx *sm, const uint8_t *in, size_t len, uint8_t mac[8])
{
	uint8_t tmp[32];
	size_t n;
	int rc;

	if (sm->kind == SM_EAC) {
		rc = eac_op(sm, 2, in, len, tmp, &n);
		if (rc == 0 && n < 8)
			rc = -EIO;
		if (rc == 0)
			memcpy(mac, tmp, 8);
		return rc;
	}
	/* BAC: MAC over SSC || data */
	uint8_t *buf = malloc(len + 8);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, sm->ssc, 8);
	memcpy(buf + 8, in, len);
	rc = sm_retail_mac(sm->kmac, buf, len + 8, mac);
	free(buf);
	return rc;
}

static int unpad(const uint8_t *buf, size_t *len)
{
	size_t n = *len;

	while (n > 0 && buf[n - 1] == 0)
		n--;
	if (n == 0 || buf[n - 1] != 0x80)
		return -EBADMSG;
	*len = n - 1;
	return 0;
}

/* Builds [DO87] [DO97|DO99] into b; data is plain. */
static int put_do87(struct sm_ctx *sm, struct tlv_buf *b, const uint8_t *data, size_t len)
{
	size_t bs = sm_block_size(sm), n;
	uint8_t *p = malloc(len + 2 * bs), *e = malloc(len + 2 * bs + 1);
	int rc = -ENOMEM;

	if (p && e) {
		memcpy(p, data, len);
		n = pad_to(p, len, bs);
		e[0] = 0x01;
		rc = sm_encrypt(sm, p, n, e + 1, &n);
		if (rc == 0)
			tlv_put(b, 0x87, e, n + 1);
		OPENSSL_cleanse(p, len + 2 * bs);
	}
	free(p);
	free(e);
	return rc;
}

int sm_wrap_command(struct sm_ctx *sm, const struct apdu *cmd, uint8_t *out, size_t cap,
                    size_t *out_len)
{
	size_t bs = sm_block_size(sm), macin_len, body_len;
	uint8_t *body = malloc(SM_BUF_MAX), *macin = malloc(SM_BUF_MAX + 32);
	struct tlv_buf b;
	struct apdu p;
	uint8_t mac[8];
	int rc = -ENOMEM;

	if (!body || !macin)
		goto out;
	sm_increment_ssc(sm);
	tlv_buf_init(&b, body, SM_BUF_MAX);
	if (cmd->lc && (rc = put_do87(sm, &b, cmd->data, cmd->lc)) < 0)
		goto out;
	if (cmd->le) {
		uint8_t le[2] = { (uint8_t)(cmd->le >> 8), (uint8_t)cmd->le };
		if (cmd->le <= 256)
			tlv_put(&b, 0x97, le + 1, 1); /* 256 encodes as 00 */
		else
			tlv_put(&b, 0x97, cmd->le == 65536 ? (uint8_t[]){ 0, 0 } : le, 2);
	}
	if (b.err) {
		rc = b.err;
		goto out;
	}
	body_len = b.len;
	macin[0] = cmd->cla | 0x0C;
	macin[1] = cmd->ins;
	macin[2] = cmd->p1;
	macin[3] = cmd->p2;
	macin_len = pad_to(macin, 4, bs);
	if (body_len) {
		memcpy(macin + macin_len, body, body_len);
		macin_len = pad_to(macin, macin_len + body_len, bs);
	}
	if ((rc = sm_mac(sm, macin, macin_len, mac)) < 0)
		goto out;
	tlv_put(&b, 0x8E, mac, 8);
	if (b.err) {
		rc = b.err;
		goto out;
	}
	p.cla = cmd->cla | 0x0C;
	p.ins = cmd->ins;
	p.p1 = cmd->p1;
	p.p2 = cmd->p2;
	p.data = body;
	p.lc = b.len;
	p.le = (b.len > 255 || cmd->le > 256) ? 65536 : 256;
	rc = apdu_encode(&p, out, cap, out_len);
out:
	free(body);
	free(macin);
	return rc;
}

/* Parses DO87/DO85, DO99/DO97 and DO8E from protected data; checks the MAC over what precedes
 * DO8E. */
struct sm_objs {
	struct tlv d87, d99, d97, d8e;
	int has87, has99, has97, has8e;
};

static int parse_objs(const uint8_t *buf, size_t len, struct sm_objs *o, size_t *mac_span)
{
	const uint8_t *p = buf, *end = buf + len;
	struct tlv t;
	int rc;

	memset(o, 0, sizeof(*o));
	while ((rc = tlv_next(&p, end, &t)) == 0) {
		switch (t.tag) {
		case 0x87:
			o->d87 = t;
			o->has87 = 1;
			break;
		case 0x99:
			o->d99 = t;
			o->has99 = 1;
			break;
		case 0x97:
			o->d97 = t;
			o->has97 = 1;
			break;
		case 0x8E:
			o->d8e = t;
			o->has8e = 1;
			*mac_span = (size_t)(t.raw - buf);
			if (p != end)
				return -EBADMSG;
			break;
		default:
			return -EBADMSG;
		}
	}
	if (rc != -ENOENT)
		return rc;
	if (!o->has8e || o->d8e.len != 8)
		return -EBADMSG;
	return 0;
}

static int check_mac(struct sm_ctx *sm, const uint8_t *hdr, size_t hdr_len, const uint8_t *objs,
                     size_t objs_len, const uint8_t *mac)
{
	size_t bs = sm_block_size(sm), n = 0;
	uint8_t *in = malloc(hdr_len + objs_len + 2 * bs + 16), calc[8];
	int rc;

	if (!in)
		return -ENOMEM;
	if (hdr_len) {
		memcpy(in, hdr, hdr_len);
		n = pad_to(in, hdr_len, bs);
	}
	if (objs_len) {
		memcpy(in + n, objs, objs_len);
		n = pad_to(in, n + objs_len, bs);
	}
	rc = n ? sm_mac(sm, in, n, calc) : -EBADMSG;
	free(in);
	if (rc < 0)
		return rc;
	return CRYPTO_memcmp(calc, mac, 8) == 0 ? 0 : -EBADMSG;
}

static int decrypt_do87(struct sm_ctx *sm, const struct tlv *d87, uint8_t *out, size_t cap,
                        size_t *out_len)
{
	size_t n;
	uint8_t *tmp;
	int rc;

	if (d87->len < 1 + sm_block_size(sm) || d87->val[0] != 0x01)
		return -EBADMSG;
	if (d87->len - 1 > cap + sm_block_size(sm))
		return -ENOBUFS;
	tmp = malloc(d87->len);
	if (!tmp)
		return -ENOMEM;
	rc = sm_decrypt(sm, d87->val + 1, d87->len - 1, tmp, &n);
	if (rc == 0)
		rc = unpad(tmp, &n);
	if (rc == 0 && n > cap)
		rc = -ENOBUFS;
	if (rc == 0) {
		memcpy(out, tmp, n);
		*out_len = n;
	}
	OPENSSL_cleanse(tmp, d87->len);
	free(tmp);
	return rc;
}

int sm_unwrap_response(struct sm_ctx *sm, const uint8_t *resp, size_t len, uint16_t sw_outer,
                       uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw)
{
	struct sm_objs o;
	size_t span = 0;
	int rc;

	sm_increment_ssc(sm);
	*data_len = 0;
	if (len == 0) {
		/* an unprotected error status: the card dropped secure messaging */
		*sw = sw_outer;
		return sw_outer == SW_OK ? -EBADMSG : 0;
	}
	if ((rc = parse_objs(resp, len, &o, &span)) < 0)
		return rc;
	if (!o.has99 || o.d99.len != 2)
		return -EBADMSG;
	if ((rc = check_mac(sm, NULL, 0, resp, span, o.d8e.val)) < 0)
		return rc;
	*sw = (uint16_t)((o.d99.val[0] << 8) | o.d99.val[1]);
	if (o.has87)
		return decrypt_do87(sm, &o.d87, data, cap, data_len);
	return 0;
}

int sm_unwrap_command(struct sm_ctx *sm, const struct apdu *in, uint8_t *buf, size_t cap,
                      struct apdu *cmd)
{
	struct sm_objs o;
	size_t span = 0, n = 0;
	uint8_t hdr[4] = { in->cla, in->ins, in->p1, in->p2 };
	int rc;

	sm_increment_ssc(sm);
	if ((in->cla & 0x0C) != 0x0C || !in->lc)
		return -EBADMSG;
	if ((rc = parse_objs(in->data, in->lc, &o, &span)) < 0)
		return rc;
	if ((rc = check_mac(sm, hdr, 4, in->data, span, o.d8e.val)) < 0)
		return rc;
	*cmd = *in;
	cmd->cla = in->cla & (uint8_t)~0x0C;
	cmd->data = NULL;
	cmd->lc = 0;
	cmd->le = 0;
	if (o.has87) {
		if ((rc = decrypt_do87(sm, &o.d87, buf, cap, &n)) < 0)
			return rc;
		cmd->data = buf;
		cmd->lc = n;
	}
	if (o.has97) {
		size_t le = 0;
		for (size_t i = 0; i < o.d97.len && i < 2; i++)
			le = (le << 8) | o.d97.val[i];
		cmd->le = le ? le : (o.d97.len == 2 ? 65536 : 256);
	}
	return 0;
}

int sm_wrap_response(struct sm_ctx *sm, const uint8_t *data, size_t len, uint16_t sw, uint8_t *out,
                     size_t cap, size_t *out_len)
{
	struct tlv_buf b;
	uint8_t swb[2] = { (uint8_t)(sw >> 8), (uint8_t)sw }, mac[8];
	size_t span;
	int rc;

	sm_increment_ssc(sm);
	tlv_buf_init(&b, out, cap);
	if (len && (rc = put_do87(sm, &b, data, len)) < 0)
		return rc;
	tlv_put(&b, 0x99, swb, 2);
	if (b.err)
		return b.err;
	span = b.len;
	{
		size_t bs = sm_block_size(sm), n;
		uint8_t *in = malloc(span + bs);
		if (!in)
			return -ENOMEM;
		memcpy(in, out, span);
		n = pad_to(in, span, bs);
		rc = sm_mac(sm, in, n, mac);
		free(in);
		if (rc < 0)
			return rc;
	}
	tlv_put(&b, 0x8E, mac, 8);
	tlv_put_raw(&b, swb, 2);
	if (b.err)
		return b.err;
	*out_len = b.len;
	return 0;
}
