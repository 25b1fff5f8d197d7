/* vsmartcard's virtual-reader protocol: framing and a stream decoder (no I/O). */
#include "vpcd_proto.h"

#include <errno.h>
#include <string.h>

int vpcd_encode(const uint8_t *payload, size_t len, uint8_t *out, size_t cap)
{
	if (len == 0 || len > VPCD_MSG_MAX || cap < 2 || len > cap - 2)
		return -EMSGSIZE;
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	memcpy(out + 2, payload, len);
	return (int)len + 2;
}

void vpcd_decoder_init(struct vpcd_decoder *d, uint8_t *buf, size_t cap)
{
	memset(d, 0, sizeof(*d));
	d->buf = buf;
	d->cap = cap;
}

size_t vpcd_decoder_want(const struct vpcd_decoder *d)
{
	return d->hdr_have < 2 ? 2 - d->hdr_have : d->len - d->have;
}

int vpcd_decoder_feed(struct vpcd_decoder *d, const uint8_t *in, size_t n, size_t *msg_len)
{
	if (n > vpcd_decoder_want(d))
		return -EINVAL;
	if (d->hdr_have < 2) {
		memcpy(d->hdr + d->hdr_have, in, n);
		d->hdr_have += n;
		if (d->hdr_have < 2)
			return 0;
		d->len = (size_t)d->hdr[0] << 8 | d->hdr[1];
		d->have = 0;
		if (d->len == 0)
			return -EPROTO;
		if (d->len > d->cap)
			return -EMSGSIZE;
		return 0;
	}
	memcpy(d->buf + d->have, in, n);
	d->have += n;
	if (d->have < d->len)
		return 0;
	*msg_len = d->len;
	d->hdr_have = 0;
	d->len = d->have = 0;
	return 1;
}

enum vpcd_msg_kind vpcd_classify(const uint8_t *msg, size_t len, enum vpcd_ctrl *ctrl)
{
	if (len == 1) {
		switch (msg[0]) {
		case VPCD_CTRL_OFF:
		case VPCD_CTRL_ON:
		case VPCD_CTRL_RESET:
		case VPCD_CTRL_ATR:
			*ctrl = (enum vpcd_ctrl)msg[0];
			return VPCD_MSG_CTRL;
		default:
			return VPCD_MSG_BAD;
		}
	}
	return len >= 4 ? VPCD_MSG_APDU : VPCD_MSG_BAD;
}
