/* apdu.h — ISO 7816-4 command APDUs: encoding (short and extended length), decoding (for
 * simulated cards), status words as text and errno, and the exchange with a reader including
 * 61xx (GET RESPONSE) and 6Cxx (wrong Le, resend) handling. */
#ifndef CIVIQ_EID_APDU_H
#define CIVIQ_EID_APDU_H

#include <stddef.h>
#include <stdint.h>

struct nfc_reader;

#define APDU_MAX       (4 + 3 + 65535 + 3)
#define APDU_RESP_MAX  (65536 + 2)
#define APDU_CLA_CHAIN 0x10

#define SW_OK                  0x9000
#define SW_WRONG_LENGTH        0x6700
#define SW_SECURITY_NOT_SAT    0x6982
#define SW_AUTH_BLOCKED        0x6983
#define SW_SM_MISSING          0x6987
#define SW_SM_INCORRECT        0x6988
#define SW_CONDITIONS_NOT_SAT  0x6985
#define SW_WRONG_DATA          0x6A80
#define SW_FILE_NOT_FOUND      0x6A82
#define SW_WRONG_P1P2          0x6B00
#define SW_INS_NOT_SUPPORTED   0x6D00
#define SW_CLA_NOT_SUPPORTED   0x6E00
#define SW_REF_DATA_NOT_FOUND  0x6A88
#define SW_VERIFICATION_FAILED 0x6300
#define SW_END_OF_FILE         0x6282
#define SW_UNKNOWN             0x6F00

struct apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data;
	size_t lc;
	size_t le; /* 0: no Le field; 1..65536 expected bytes (256 / 65536 encode as 00) */
};

/* Encodes short when lc <= 255 and le <= 256, else extended. -EINVAL / -ENOBUFS. */
int apdu_encode(const struct apdu *a, uint8_t *out, size_t cap, size_t *len);
/* Decodes a command (cases 1-4, short or extended). data points into buf. -EBADMSG. */
int apdu_decode(const uint8_t *buf, size_t len, struct apdu *out);
/* The status word's meaning in a few words ("security status not satisfied"). */
const char *apdu_sw_text(uint16_t sw);
/* 0 for 9000 (and 62xx warnings), else the negative errno that fits best. */
int apdu_sw_errno(uint16_t sw);

/* Sends the encoded APDU and returns the response data and SW, following 61xx with GET
 * RESPONSE and 6Cxx by resending with the right Le. Transport errors are negative errno. */
int apdu_exchange(struct nfc_reader *r, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
                  size_t cap, size_t *resp_len, uint16_t *sw, int timeout_ms);

#endif
