/* pn532_frame.h — the PN532's host frames (HSU/UART): a byte-at-a-time decoder and a builder.
 *
 *   normal:   00 00 FF LEN LCS TFI PD0..PDn DCS 00        (LEN + LCS = 0, LEN counts TFI..PDn)
 *   extended: 00 00 FF FF FF LENM LENL LCS TFI ... DCS 00 (LENM + LENL + LCS = 0)
 *   ACK 00 00 FF 00 FF 00 · NACK 00 00 FF FF 00 00 · error 00 00 FF 01 FF 7F 81 00
 * TFI is D4 from the host and D5 from the chip; TFI + PD0..PDn + DCS = 0. Wake-up bytes (55)
 * and anything before a start code are skipped. Pure (no I/O): the emulator and the fuzz target
 * share it. */
#ifndef CIVIQ_TESTS_PN532_FRAME_H
#define CIVIQ_TESTS_PN532_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define PN532_TFI_HOST 0xD4
#define PN532_TFI_CHIP 0xD5
/* Largest TFI + command + data a frame carries (PN53x extended frames). */
#define PN532_FRAME_DATA_MAX 265
/* Largest data a frame carries beyond TFI, command code and status byte. */
#define PN532_DEP_MAX 262

enum pn532_event {
	PN532_EV_NONE,  /* need more bytes */
	PN532_EV_FRAME, /* a frame: d->data[0] is the TFI, d->len bytes in all */
	PN532_EV_ACK,
	PN532_EV_NACK,
	PN532_EV_ERROR, /* the error (syntax) frame */
	PN532_EV_BAD,   /* checksum or length error; the frame is dropped */
};

struct pn532_decoder {
	int state;
	uint8_t prev;
	size_t len, have;
	uint8_t lenm, sum;
	uint8_t data[PN532_FRAME_DATA_MAX];
	unsigned bad; /* frames dropped so far */
};

void pn532_decoder_init(struct pn532_decoder *d);
enum pn532_event pn532_decoder_feed(struct pn532_decoder *d, uint8_t byte);

/* Builds a frame with TFI, command code and data (normal, or extended when longer than 255
 * bytes); returns its length, or 0 when it does not fit out or PN532_FRAME_DATA_MAX. */
size_t pn532_frame_build(uint8_t tfi, uint8_t cmd, const uint8_t *data, size_t len, uint8_t *out,
                         size_t cap);

extern const uint8_t pn532_ack_frame[6];
extern const uint8_t pn532_nack_frame[6];
extern const uint8_t pn532_error_frame[8];

#endif
