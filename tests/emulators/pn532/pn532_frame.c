/* PN532 host frames: decoder state machine and builder. */
#include "pn532_frame.h"

#include <string.h>

const uint8_t pn532_ack_frame[6] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
const uint8_t pn532_nack_frame[6] = { 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00 };
const uint8_t pn532_error_frame[8] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };

enum {
	ST_HUNT,  /* looking for 00 FF */
	ST_LEN,   /* LEN */
	ST_LCS,   /* LCS */
	ST_XLENM, /* extended: LENM */
	ST_XLENL, /* extended: LENL */
	ST_XLCS,  /* extended: LCS */
	ST_DATA,  /* TFI .. PDn */
	ST_DCS,
	ST_POST, /* postamble 00 */
};

void pn532_decoder_init(struct pn532_decoder *d)
{
	memset(d, 0, sizeof(*d));
	d->prev = 0xAA;
}

static enum pn532_event bad(struct pn532_decoder *d)
{
	d->bad++;
	d->state = ST_HUNT;
	d->prev = 0xAA;
	return PN532_EV_BAD;
}

enum pn532_event pn532_decoder_feed(struct pn532_decoder *d, uint8_t b)
{
	switch (d->state) {
	case ST_HUNT:
		if (d->prev == 0x00 && b == 0xFF)
			d->state = ST_LEN;
		d->prev = b;
		return PN532_EV_NONE;
	case ST_LEN:
		d->len = b;
		d->state = ST_LCS;
		return PN532_EV_NONE;
	case ST_LCS:
		d->prev = 0xAA;
		if (d->len == 0x00 && b == 0xFF) {
			d->state = ST_HUNT;
			return PN532_EV_ACK;
		}
		if (d->len == 0xFF && b == 0x00) {
			d->state = ST_HUNT;
			return PN532_EV_NACK;
		}
		if (d->len == 0xFF && b == 0xFF) {
			d->state = ST_XLENM;
			return PN532_EV_NONE;
		}
		if ((uint8_t)(d->len + b) != 0 || d->len == 0)
			return bad(d);
		d->have = 0;
		d->sum = 0;
		d->state = ST_DATA;
		return PN532_EV_NONE;
	case ST_XLENM:
		d->lenm = b;
		d->state = ST_XLENL;
		return PN532_EV_NONE;
	case ST_XLENL:
		d->len = (size_t)d->lenm << 8 | b;
		d->state = ST_XLCS;
		return PN532_EV_NONE;
	case ST_XLCS:
		if ((uint8_t)(d->lenm + (d->len & 0xFF) + b) != 0 || d->len == 0 ||
		    d->len > PN532_FRAME_DATA_MAX)
			return bad(d);
		d->have = 0;
		d->sum = 0;
		d->state = ST_DATA;
		return PN532_EV_NONE;
	case ST_DATA:
		d->data[d->have++] = b;
		d->sum = (uint8_t)(d->sum + b);
		if (d->have == d->len)
			d->state = ST_DCS;
		return PN532_EV_NONE;
	case ST_DCS:
		if ((uint8_t)(d->sum + b) != 0)
			return bad(d);
		d->state = ST_POST;
		return PN532_EV_NONE;
	case ST_POST:
		d->state = ST_HUNT;
		d->prev = b;
		if (d->len == 1 && d->data[0] == 0x7F)
			return PN532_EV_ERROR;
		return PN532_EV_FRAME;
	default:
		return bad(d);
	}
}

size_t pn532_frame_build(uint8_t tfi, uint8_t cmd, const uint8_t *data, size_t len, uint8_t *out,
                         size_t cap)
{
	size_t total = len + 2, n = 0;
	uint8_t sum;

	if (total > PN532_FRAME_DATA_MAX || cap < total + (total > 255 ? 10 : 7))
		return 0;
	out[n++] = 0x00;
	out[n++] = 0x00;
	out[n++] = 0xFF;
	if (total > 255) {
		out[n++] = 0xFF;
		out[n++] = 0xFF;
		out[n++] = (uint8_t)(total >> 8);
		out[n++] = (uint8_t)total;
		out[n++] = (uint8_t)(0x100 - (((total >> 8) + total) & 0xFF));
	} else {
		out[n++] = (uint8_t)total;
		out[n++] = (uint8_t)(0x100 - total);
	}
	out[n++] = tfi;
	out[n++] = cmd;
	sum = (uint8_t)(tfi + cmd);
	for (size_t i = 0; i < len; i++) {
		out[n++] = data[i];
		sum = (uint8_t)(sum + data[i]);
	}
	out[n++] = (uint8_t)(0x100 - sum);
	out[n++] = 0x00;
	return n;
}
