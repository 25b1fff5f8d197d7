/* vpcd_proto.h — vsmartcard's virtual-reader socket protocol, both directions.
 *
 * Every message is a 2-byte big-endian length and that many bytes. A 1-byte message from the
 * reader is a control code (power off, power on, reset, get ATR); anything longer is a command
 * APDU. The card answers get-ATR with the ATR and every APDU with the response APDU; it answers
 * nothing to power and reset codes. The decoder is pure (no I/O), so the reader backend, the
 * test card and the fuzz target share it.
 */
#ifndef CIVIQ_HAL_NFC_VPCD_PROTO_H
#define CIVIQ_HAL_NFC_VPCD_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define VPCD_DEFAULT_PORT 35963
#define VPCD_MSG_MAX      0xFFFF

enum vpcd_ctrl {
	VPCD_CTRL_OFF = 0,
	VPCD_CTRL_ON = 1,
	VPCD_CTRL_RESET = 2,
	VPCD_CTRL_ATR = 4,
};

/* Writes the 2-byte length and the payload to out; returns the bytes written, or -EMSGSIZE
 * when the payload is empty or longer than VPCD_MSG_MAX or than out can hold. */
int vpcd_encode(const uint8_t *payload, size_t len, uint8_t *out, size_t cap);

/* Stream decoder into a caller's buffer. Feed it at most vpcd_decoder_want() bytes at a time
 * (so no byte of the next message is consumed): it never reads ahead. */
struct vpcd_decoder {
	uint8_t *buf;
	size_t cap;
	uint8_t hdr[2];
	size_t hdr_have;
	size_t len, have; /* body length announced / received */
};

void vpcd_decoder_init(struct vpcd_decoder *d, uint8_t *buf, size_t cap);
/* Bytes still needed to finish the current header or body (never 0). */
size_t vpcd_decoder_want(const struct vpcd_decoder *d);
/* Consumes n bytes (n <= vpcd_decoder_want()). Returns 1 when a message is complete (its
 * length in *msg_len, its bytes at d->buf; the decoder is ready for the next one), 0 when more
 * bytes are needed, -EPROTO for a zero length and -EMSGSIZE for a body longer than the
 * buffer (the stream cannot be resynchronised after either), -EINVAL when n is too large. */
int vpcd_decoder_feed(struct vpcd_decoder *d, const uint8_t *in, size_t n, size_t *msg_len);

/* What a message from the reader asks the card to do. */
enum vpcd_msg_kind { VPCD_MSG_CTRL, VPCD_MSG_APDU, VPCD_MSG_BAD };
/* Classifies a reader message: VPCD_MSG_CTRL with *ctrl set for a known control code,
 * VPCD_MSG_APDU for a command APDU (at least the 4 header bytes), VPCD_MSG_BAD otherwise. */
enum vpcd_msg_kind vpcd_classify(const uint8_t *msg, size_t len, enum vpcd_ctrl *ctrl);

#endif
