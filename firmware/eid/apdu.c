#include "eid/apdu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "hal/nfc.h"

int apdu_encode(const struct apdu *a, uint8_t *out, size_t cap, size_t *len)
{
	int ext = a->lc > 255 || a->le > 256;
	size_t n = 4;

	if (a->lc > 65535 || a->le > 65536 || (a->lc && !a->data))
		return -EINVAL;
	if (cap < 4 + (ext ? 3 : 1) + a->lc + (ext ? 3 : 1))
		return -ENOBUFS;
	out[0] = a->cla;
	out[1] = a->ins;
	out[2] = a->p1;
	out[3] = a->p2;
	if (a->lc) {
		if (ext) {
			out[n++] = 0;
			out[n++] = (uint8_t)(a->lc >> 8);
		}
		out[n++] = (uint8_t)a->lc;
		memcpy(out + n, a->data, a->lc);
		n += a->lc;
	}
	if (a->le) {
		if (ext) {
			if (!a->lc)
				out[n++] = 0;
			out[n++] = (uint8_t)((a->le == 65536 ? 0 : a->le) >> 8);
			out[n++] = (uint8_t)(a->le == 65536 ? 0 : a->le);
		} else {
			out[n++] = (uint8_t)(a->le == 256 ? 0 : a->le);
		}
	}
	*len = n;
	return 0;
}

int apdu_decode(const uint8_t *buf, size_t len, struct apdu *out)
{
	size_t rest;
	const uint8_t *p;

	if (len < 4)
		return -EBADMSG;
	memset(out, 0, sizeof(*out));
	out->cla = buf[0];
	out->ins = buf[1];
	out->p1 = buf[2];
	out->p2 = buf[3];
	p = buf + 4;
	rest = len - 4;
	if (rest == 0)
		return 0;
	if (rest == 1) {
		out->le = p[0] ? p[0] : 256;
		return 0;
	}
	if (p[0] != 0) { /* short, case 3 or 4 */
		size_t lc = p[0];
		if (rest == 1 + lc) {
			out->lc = lc;
			out->data = p + 1;
			return 0;
		}
		if (rest == 2 + lc) {
			out->lc = lc;
			out->data = p + 1;
			out->le = p[1 + lc] ? p[1 + lc] : 256;
			return 0;
		}
		return -EBADMSG;
	}
	/* extended */
	if (rest == 3) {
		size_t le = ((size_t)p[1] << 8) | p[2];
		out->le = le ? le : 65536;
		return 0;
	}
	if (rest < 3)
		return -EBADMSG;
	{
		size_t lc = ((size_t)p[1] << 8) | p[2];
		if (lc == 0)
			return -EBADMSG;
		if (rest == 3 + lc) {
			out->lc = lc;
			out->data = p + 3;
			return 0;
		}
		if (rest == 5 + lc) {
			size_t le = ((size_t)p[3 + lc] << 8) | p[4 + lc];
			out->lc = lc;
			out->data = p + 3;
			out->le = le ? le : 65536;
			return 0;
		}
	}
	return -EBADMSG;
}

static const struct {
	uint16_t sw, mask;
	const char *text;
	int err;
} sw_table[] = {
	{ 0x9000, 0xFFFF, "success", 0 },
	{ 0x6282, 0xFFFF, "end of file reached before Le bytes", 0 },
	{ 0x6200, 0xFF00, "warning, memory unchanged", 0 },
	{ 0x63C0, 0xFFF0, "verification failed, retries left in SW2", -EACCES },
	{ 0x6300, 0xFF00, "authentication failed", -EACCES },
	{ 0x6400, 0xFF00, "execution error, memory unchanged", -EIO },
	{ 0x6581, 0xFFFF, "memory failure", -EIO },
	{ 0x6500, 0xFF00, "execution error, memory changed", -EIO },
	{ 0x6700, 0xFFFF, "wrong length", -EINVAL },
	{ 0x6881, 0xFFFF, "logical channel not supported", -ENOTSUP },
	{ 0x6882, 0xFFFF, "secure messaging not supported", -ENOTSUP },
	{ 0x6883, 0xFFFF, "last command of the chain expected", -EPROTO },
	{ 0x6884, 0xFFFF, "command chaining not supported", -ENOTSUP },
	{ 0x6982, 0xFFFF, "security status not satisfied", -EPERM },
	{ 0x6983, 0xFFFF, "authentication method blocked", -EACCES },
	{ 0x6984, 0xFFFF, "reference data not usable", -EACCES },
	{ 0x6985, 0xFFFF, "conditions of use not satisfied", -EPERM },
	{ 0x6986, 0xFFFF, "command not allowed (no current EF)", -EPERM },
	{ 0x6987, 0xFFFF, "expected secure messaging data objects missing", -EBADMSG },
	{ 0x6988, 0xFFFF, "incorrect secure messaging data objects", -EBADMSG },
	{ 0x6A80, 0xFFFF, "incorrect parameters in the data field", -EINVAL },
	{ 0x6A81, 0xFFFF, "function not supported", -ENOTSUP },
	{ 0x6A82, 0xFFFF, "file or application not found", -ENOENT },
	{ 0x6A86, 0xFFFF, "incorrect parameters P1-P2", -EINVAL },
	{ 0x6A88, 0xFFFF, "referenced data not found", -ENOENT },
	{ 0x6B00, 0xFFFF, "wrong parameters P1-P2 (offset outside the EF)", -EINVAL },
	{ 0x6C00, 0xFF00, "wrong Le field", -EPROTO },
	{ 0x6D00, 0xFFFF, "instruction not supported", -ENOTSUP },
	{ 0x6E00, 0xFFFF, "class not supported", -ENOTSUP },
	{ 0x6F00, 0xFFFF, "no precise diagnosis", -EIO },
	{ 0x6100, 0xFF00, "more response bytes available", 0 },
};

static int sw_find(uint16_t sw)
{
	for (size_t i = 0; i < sizeof(sw_table) / sizeof(sw_table[0]); i++) {
		if ((sw & sw_table[i].mask) == sw_table[i].sw)
			return (int)i;
	}
	return -1;
}

const char *apdu_sw_text(uint16_t sw)
{
	int i = sw_find(sw);

	return i < 0 ? "unknown status word" : sw_table[i].text;
}

int apdu_sw_errno(uint16_t sw)
{
	int i = sw_find(sw);

	return i < 0 ? -EPROTO : sw_table[i].err;
}

/* One transceive; splits off the SW. */
static int exchange_once(struct nfc_reader *r, const uint8_t *cmd, size_t cmd_len, uint8_t *buf,
                         size_t cap, size_t *len, uint16_t *sw, int timeout_ms)
{
	size_t n = cap;
	int rc = nfc_transceive(r, cmd, cmd_len, buf, &n, timeout_ms);

	if (rc < 0)
		return rc;
	if (n < 2 || n > cap)
		return -EPROTO;
	*sw = (uint16_t)((buf[n - 2] << 8) | buf[n - 1]);
	*len = n - 2;
	return 0;
}

int apdu_exchange(struct nfc_reader *r, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
                  size_t cap, size_t *resp_len, uint16_t *sw, int timeout_ms)
{
	uint8_t *buf = malloc(APDU_RESP_MAX);
	uint8_t *again = NULL;
	size_t n, total = 0;
	int rc, rounds = 0;

	if (!buf)
		return -ENOMEM;
	rc = exchange_once(r, cmd, cmd_len, buf, APDU_RESP_MAX, &n, sw, timeout_ms);
	if (rc == 0 && (*sw & 0xFF00) == 0x6C00 && cmd_len >= 5) {
		/* wrong Le: resend with the Le the card asked for (short APDUs only) */
		again = malloc(cmd_len);
		if (!again) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(again, cmd, cmd_len);
		again[cmd_len - 1] = (uint8_t)(*sw & 0xFF);
		log_debug("apdu: 6Cxx, resending with Le=%02X", again[cmd_len - 1]);
		rc = exchange_once(r, again, cmd_len, buf, APDU_RESP_MAX, &n, sw, timeout_ms);
	}
	while (rc == 0) {
		if (total + n > cap) {
			rc = -ENOBUFS;
			break;
		}
		memcpy(resp + total, buf, n);
		total += n;
		if ((*sw & 0xFF00) != 0x6100)
			break;
		if (++rounds > 256) {
			rc = -EPROTO;
			break;
		}
		uint8_t get_response[5] = { cmd[0] & 0x03, 0xC0, 0, 0, (uint8_t)(*sw & 0xFF) };
		rc = exchange_once(r, get_response, sizeof(get_response), buf, APDU_RESP_MAX, &n,
		                   sw, timeout_ms);
	}
	*resp_len = total;
out:
	free(again);
	free(buf);
	return rc;
}
