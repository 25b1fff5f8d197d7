#include "eid/chan.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "eid/tlv.h"

#define FILE_MAX 65536

void chan_init(struct chan *c, struct nfc_reader *reader, int timeout_ms)
{
	memset(c, 0, sizeof(*c));
	c->reader = reader;
	c->timeout_ms = timeout_ms;
}

static int transmit_one(struct chan *c, const struct apdu *cmd, uint8_t *resp, size_t cap,
                        size_t *resp_len, uint16_t *sw)
{
	uint8_t *out = malloc(APDU_MAX + 64), *raw = malloc(APDU_RESP_MAX);
	size_t out_len = 0, raw_len = 0;
	uint16_t raw_sw = 0;
	int rc;

	if (!out || !raw) {
		rc = -ENOMEM;
		goto done;
	}
	if (c->sm.kind != SM_NONE)
		rc = sm_wrap_command(&c->sm, cmd, out, APDU_MAX + 64, &out_len);
	else
		rc = apdu_encode(cmd, out, APDU_MAX + 64, &out_len);
	if (rc < 0)
		goto done;
	rc = apdu_exchange(c->reader, out, out_len, raw, APDU_RESP_MAX, &raw_len, &raw_sw,
	                   c->timeout_ms);
	c->stats.apdus++;
	c->stats.bytes_out += out_len;
	if (rc < 0) {
		log_debug("apdu %02X %02X %02X %02X: %s", cmd->cla, cmd->ins, cmd->p1, cmd->p2,
		          strerror(-rc));
		goto done;
	}
	c->stats.bytes_in += raw_len + 2;
	if (c->sm.kind != SM_NONE) {
		rc = sm_unwrap_response(&c->sm, raw, raw_len, raw_sw, resp, cap, resp_len, sw);
		if (rc < 0) {
			log_debug("apdu %02X %02X %02X %02X: response failed secure messaging",
			          cmd->cla, cmd->ins, cmd->p1, cmd->p2);
			goto done;
		}
	} else {
		if (raw_len > cap) {
			rc = -ENOBUFS;
			goto done;
		}
		memcpy(resp, raw, raw_len);
		*resp_len = raw_len;
		*sw = raw_sw;
	}
	log_debug("apdu %02X %02X %02X %02X lc=%zu -> %04X", cmd->cla, cmd->ins, cmd->p1, cmd->p2,
	          cmd->lc, *sw);
done:
	if (raw)
		OPENSSL_cleanse(raw, APDU_RESP_MAX);
	free(out);
	free(raw);
	return rc;
}

int chan_transmit(struct chan *c, const struct apdu *cmd, uint8_t *resp, size_t cap,
                  size_t *resp_len, uint16_t *sw)
{
	struct apdu part = *cmd;
	size_t off = 0;
	int rc;

	*resp_len = 0;
	while (cmd->lc - off > CHAN_CHUNK) {
		part.cla = cmd->cla | APDU_CLA_CHAIN;
		part.data = cmd->data + off;
		part.lc = CHAN_CHUNK;
		part.le = 0;
		rc = transmit_one(c, &part, resp, cap, resp_len, sw);
		if (rc < 0)
			return rc;
		if (*sw != SW_OK)
			return 0;
		off += CHAN_CHUNK;
	}
	part = *cmd;
	part.data = cmd->lc ? cmd->data + off : NULL;
	part.lc = cmd->lc - off;
	return transmit_one(c, &part, resp, cap, resp_len, sw);
}

int chan_command(struct chan *c, const struct apdu *cmd, uint8_t *resp, size_t cap,
                 size_t *resp_len, uint16_t *sw)
{
	uint8_t dummy[2];
	size_t dummy_len;
	uint16_t dummy_sw;
	int rc;

	if (!resp) {
		resp = dummy;
		cap = 0;
	}
	if (!resp_len)
		resp_len = &dummy_len;
	if (!sw)
		sw = &dummy_sw;
	rc = chan_transmit(c, cmd, resp, cap, resp_len, sw);
	if (rc < 0)
		return rc;
	return *sw == SW_OK ? 0 : apdu_sw_errno(*sw) ? apdu_sw_errno(*sw) : -EPROTO;
}

int chan_select_ef(struct chan *c, uint16_t fid)
{
	uint8_t f[2] = { (uint8_t)(fid >> 8), (uint8_t)fid };
	struct apdu a = { .cla = 0, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C, .data = f, .lc = 2 };

	return chan_command(c, &a, NULL, 0, NULL, NULL);
}

int chan_select_aid(struct chan *c, const uint8_t *aid, size_t len)
{
	struct apdu a = { .cla = 0, .ins = 0xA4, .p1 = 0x04, .p2 = 0x0C, .data = aid, .lc = len };

	return chan_command(c, &a, NULL, 0, NULL, NULL);
}

int chan_read_file(struct chan *c, int sfi, uint8_t **out, size_t *len)
{
	size_t total = 0, have = 0, n, cap = FILE_MAX;
	uint8_t *buf = malloc(cap);
	uint16_t sw;
	int rc;

	*out = NULL;
	*len = 0;
	if (!buf)
		return -ENOMEM;
	for (;;) {
		size_t want = total ? total - have : CHAN_CHUNK;
		struct apdu a = { .cla = 0,
			          .ins = 0xB0,
			          .le = want > CHAN_CHUNK ? CHAN_CHUNK : want };
		if (have == 0 && sfi > 0) {
			a.p1 = (uint8_t)(0x80 | sfi);
			a.p2 = 0;
		} else {
			a.p1 = (uint8_t)(have >> 8);
			a.p2 = (uint8_t)have;
		}
		if (have > 0x7FFF) {
			rc = -EFBIG;
			break;
		}
		rc = chan_transmit(c, &a, buf + have, cap - have, &n, &sw);
		if (rc < 0)
			break;
		if (sw != SW_OK && sw != SW_END_OF_FILE) {
			rc = apdu_sw_errno(sw) ? apdu_sw_errno(sw) : -EPROTO;
			break;
		}
		have += n;
		if (!total) {
			rc = tlv_total_len(buf, have, &total);
			if (rc < 0 || total > cap) {
				rc = rc < 0 ? -EPROTO : -EFBIG;
				break;
			}
		}
		if (have >= total) {
			*out = buf;
			*len = total;
			return 0;
		}
		if (n == 0 || sw == SW_END_OF_FILE) {
			rc = -EPROTO;
			break;
		}
	}
	OPENSSL_clear_free(buf, cap);
	return rc;
}
