/* APDU parsing: command decoding (the virtual card's input) and the reader-side exchange with
 * a card answering the fuzz input (61xx/6Cxx chains). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eid/apdu.h"
#include "hal/nfc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *in;
static size_t in_len, pos;

/* Each answer: one length byte, then that many bytes (at least the 2-byte status word). */
static int answer(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                  size_t *resp_len, int timeout_ms)
{
	(void)r, (void)apdu, (void)len, (void)timeout_ms;
	if (pos >= in_len)
		return -5;
	size_t n = in[pos++];
	if (n > in_len - pos)
		n = in_len - pos;
	if (n > *resp_len)
		return -7;
	memcpy(resp, in + pos, n);
	pos += n;
	*resp_len = n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct nfc_reader_ops ops = { .transceive = answer };
	struct nfc_reader r = { .ops = &ops };
	static uint8_t resp[APDU_RESP_MAX];
	uint8_t cmd[5] = { 0, 0xB0, 0, 0, 0 };
	struct apdu a;
	size_t n;
	uint16_t sw;

	if (apdu_decode(data, size, &a) == 0 && a.lc)
		(void)a.data[a.lc - 1];
	in = data;
	in_len = size;
	pos = 0;
	if (apdu_exchange(&r, cmd, sizeof(cmd), resp, sizeof(resp), &n, &sw, 10) == 0)
		apdu_sw_text(sw);
	return 0;
}
