/* The virtual card's command dispatcher: file system, READ BINARY, SELECT, secure messaging
 * and command chaining. Authentication protocols are in sim_auth.c. */
#include "sim_card.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "eid/apdu.h"
#include "sim_internal.h"

static const uint8_t aid_eid[] = { 0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02 };
static const uint8_t aid_epass[] = { 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01 };
static const uint8_t atr_npa[] = { 0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x03, 0x00, 0xEF, 0x12 };

#define RESP_DATA_MAX 1024

struct sim_card *sim_card_new(const struct sim_card_config *cfg)
{
	struct sim_card *c = calloc(1, sizeof(*c));
	int rc;

	if (!c)
		return NULL;
	EAC_init();
	c->kind = cfg->kind;
	snprintf(c->can, sizeof(c->can), "%s", cfg->can ? cfg->can : "123456");
	snprintf(c->pin, sizeof(c->pin), "%s", cfg->pin ? cfg->pin : "123456");
	c->pin_retries = 3;
	rc = sim_perso(c, cfg);
	if (rc < 0) {
		sim_card_free(c);
		errno = -rc;
		return NULL;
	}
	return c;
}

void sim_card_free(struct sim_card *c)
{
	if (!c)
		return;
	sim_session_clear(c);
	for (int i = 0; i < c->n_files; i++)
		OPENSSL_clear_free(c->files[i].data, c->files[i].len);
	free(c->cvca);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

void sim_card_reset(struct sim_card *c)
{
	sim_session_clear(c);
}

int sim_card_pin_retries(const struct sim_card *c)
{
	return c->pin_retries;
}

const uint8_t *sim_card_atr(const struct sim_card *c, size_t *len)
{
	(void)c;
	*len = sizeof(atr_npa);
	return atr_npa;
}

static int may_read(struct sim_card *c, const struct sim_file *f)
{
	switch (f->access) {
	case ACC_ALWAYS:
		return 1;
	case ACC_PACE:
		return c->pace_done;
	case ACC_EPASS:
		return c->pace_done || c->sm.kind == SM_BAC;
	case ACC_EID_DG: {
		int bit = 7 + f->dg; /* TR-03110-4 C.4.2: read DGn is bit n+7 */
		return c->ta_done && c->ca_done && (c->auth[4 - bit / 8] & (1u << (bit % 8)));
	}
	}
	return 0;
}

static struct sim_file *find_file(struct sim_card *c, uint16_t fid, int sfi)
{
	for (int i = 0; i < c->n_files; i++) {
		struct sim_file *f = &c->files[i];
		int in_app = f->app == c->app || f->app == APP_MF;
		if (!in_app)
			continue;
		if ((sfi && f->sfi == sfi) || (!sfi && f->fid == fid))
			return f;
	}
	return NULL;
}

static uint16_t cmd_select(struct sim_card *c, const struct apdu *a)
{
	if (a->p1 == 0x04) {
		if (a->lc == sizeof(aid_eid) && !memcmp(a->data, aid_eid, a->lc) &&
		    c->kind == SIM_CARD_NPA) {
			c->app = APP_EID;
		} else if (a->lc == sizeof(aid_epass) && !memcmp(a->data, aid_epass, a->lc)) {
			c->app = APP_EPASS;
		} else {
			return SW_FILE_NOT_FOUND;
		}
		c->ef = NULL;
		return SW_OK;
	}
	if (a->p1 == 0x00 && (a->lc == 0 || (a->lc == 2 && a->data[0] == 0x3F && !a->data[1]))) {
		c->app = APP_MF;
		c->ef = NULL;
		return SW_OK;
	}
	if (a->p1 == 0x02 && a->lc == 2) {
		struct sim_file *f = find_file(c, (uint16_t)((a->data[0] << 8) | a->data[1]), 0);
		if (!f)
			return SW_FILE_NOT_FOUND;
		c->ef = f;
		return SW_OK;
	}
	return SW_WRONG_P1P2;
}

static uint16_t cmd_read_binary(struct sim_card *c, const struct apdu *a, uint8_t *out,
                                size_t *out_len)
{
	struct sim_file *f = c->ef;
	size_t off, n;

	if (a->p1 & 0x80) {
		f = find_file(c, 0, a->p1 & 0x1F);
		if (!f)
			return SW_FILE_NOT_FOUND;
		off = a->p2;
	} else {
		off = ((size_t)(a->p1 & 0x7F) << 8) | a->p2;
	}
	if (!f)
		return 0x6986;
	if (!may_read(c, f))
		return SW_SECURITY_NOT_SAT;
	c->ef = f;
	if (off > f->len)
		return SW_WRONG_P1P2;
	n = a->le ? a->le : 0;
	if (n > RESP_DATA_MAX)
		n = RESP_DATA_MAX;
	if (n > f->len - off)
		n = f->len - off;
	memcpy(out, f->data + off, n);
	*out_len = n;
	return off + (a->le ? a->le : 0) > f->len ? SW_END_OF_FILE : SW_OK;
}

static uint16_t dispatch(struct sim_card *c, const struct apdu *a, uint8_t *out, size_t *out_len)
{
	*out_len = 0;
	switch (a->ins) {
	case 0xA4:
		return cmd_select(c, a);
	case 0xB0:
		return cmd_read_binary(c, a, out, out_len);
	case 0x22:
		return sim_mse(c, a->p1, a->p2, a->data, a->lc);
	case 0x86:
		return sim_general_authenticate(c, a->cla & APDU_CLA_CHAIN, a->data, a->lc, out,
		                                out_len);
	case 0x2A:
		if (a->p1 != 0x00 || a->p2 != 0xBE)
			return SW_WRONG_P1P2;
		return sim_verify_certificate(c, a->data, a->lc);
	case 0x84:
		return sim_get_challenge(c, out, out_len);
	case 0x82:
		return sim_external_authenticate(c, a->data, a->lc, out, out_len);
	default:
		return SW_INS_NOT_SUPPORTED;
	}
}

static int put_sw(uint8_t *resp, size_t *resp_len, const uint8_t *data, size_t n, uint16_t sw)
{
	if (*resp_len < n + 2)
		return -EINVAL;
	if (n)
		memcpy(resp, data, n);
	resp[n] = (uint8_t)(sw >> 8);
	resp[n + 1] = (uint8_t)sw;
	*resp_len = n + 2;
	return 0;
}

int sim_card_process_apdu(struct sim_card *c, const uint8_t *apdu, size_t len, uint8_t *resp,
                          size_t *resp_len)
{
	uint8_t plain[APDU_MAX > 4096 ? 4096 : APDU_MAX], out[RESP_DATA_MAX];
	struct apdu a, cmd;
	size_t out_len = 0;
	int protected_cmd = 0, rc;
	uint16_t sw;

	if (!c || !apdu || !resp || !resp_len)
		return -EINVAL;
	if (apdu_decode(apdu, len, &a) < 0)
		return put_sw(resp, resp_len, NULL, 0, SW_WRONG_LENGTH);
	if ((a.cla & 0x0C) == 0x0C) {
		if (c->sm.kind == SM_NONE)
			return put_sw(resp, resp_len, NULL, 0, SW_SM_MISSING);
		if (sm_unwrap_command(&c->sm, &a, plain, sizeof(plain), &cmd) < 0) {
			sim_session_clear(c);
			return put_sw(resp, resp_len, NULL, 0, SW_SM_INCORRECT);
		}
		protected_cmd = 1;
	} else {
		if (c->sm.kind != SM_NONE) {
			/* a plain command ends secure messaging, as on the real card */
			int can_done = c->can_done;
			sim_session_clear(c);
			c->can_done = can_done;
			if (a.ins != 0xA4 && a.ins != 0x22 && a.ins != 0x86 && a.ins != 0xB0)
				return put_sw(resp, resp_len, NULL, 0, SW_SM_MISSING);
		}
		cmd = a;
	}

	if ((cmd.cla & APDU_CLA_CHAIN) && cmd.ins != 0x86) {
		if (c->chain_len + cmd.lc > sizeof(c->chain)) {
			c->chain_len = 0;
			sw = SW_WRONG_LENGTH;
		} else {
			memcpy(c->chain + c->chain_len, cmd.data, cmd.lc);
			c->chain_len += cmd.lc;
			sw = SW_OK;
		}
	} else {
		uint8_t joined[sizeof(c->chain) + 256];
		if (c->chain_len) {
			if (c->chain_len + cmd.lc > sizeof(joined)) {
				c->chain_len = 0;
				return put_sw(resp, resp_len, NULL, 0, SW_WRONG_LENGTH);
			}
			memcpy(joined, c->chain, c->chain_len);
			if (cmd.lc)
				memcpy(joined + c->chain_len, cmd.data, cmd.lc);
			cmd.data = joined;
			cmd.lc += c->chain_len;
			c->chain_len = 0;
		}
		sw = dispatch(c, &cmd, out, &out_len);
	}

	if (protected_cmd && c->sm.kind != SM_NONE) {
		rc = sm_wrap_response(&c->sm, out, out_len, sw, resp, *resp_len, resp_len);
		if (c->ca_switch_pending) {
			c->ca_switch_pending = 0;
			EAC_CTX_set_encryption_ctx(c->ctx, EAC_ID_CA);
			c->ca_done = 1;
		}
		OPENSSL_cleanse(out, sizeof(out));
		OPENSSL_cleanse(plain, sizeof(plain));
		return rc < 0 ? -EINVAL : 0;
	}
	rc = put_sw(resp, resp_len, out, out_len, sw);
	OPENSSL_cleanse(out, sizeof(out));
	return rc;
}
