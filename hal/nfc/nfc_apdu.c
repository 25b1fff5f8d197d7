/* Splitting extended-length reads for readers that cannot carry them. */
#include "nfc_apdu.h"

#include <errno.h>
#include <string.h>

int nfc_apdu_is_extended_read(const uint8_t *apdu, size_t len)
{
	return len == 7 && !(apdu[0] & 0x0C) && apdu[1] == 0xB0 && apdu[4] == 0x00 &&
	       ((size_t)apdu[5] << 8 | apdu[6]) != 256;
}

int nfc_apdu_split_read(nfc_exchange_fn fn, void *ctx, const uint8_t *apdu, uint8_t *resp,
                        size_t *resp_len, int timeout_ms)
{
	size_t want = (size_t)apdu[5] << 8 | apdu[6], total = 0, cap = *resp_len;
	size_t offset = apdu[2] & 0x80 ? apdu[3] : ((size_t)(apdu[2] & 0x7F) << 8 | apdu[3]);
	uint8_t cmd[5] = { apdu[0], 0xB0, apdu[2], apdu[3], 0 }, buf[258];
	int rc;

	if (want == 0)
		want = 65536;
	for (;;) {
		size_t chunk = want - total > 256 ? 256 : want - total, n = sizeof(buf), got;
		cmd[4] = (uint8_t)chunk; /* 256 is 00 */
		rc = fn(ctx, cmd, sizeof(cmd), buf, &n, timeout_ms);
		if (rc < 0)
			return rc;
		if (n < 2 || n - 2 > chunk)
			return -EPROTO;
		got = n - 2;
		if (total + got + 2 > cap)
			return -ENOBUFS;
		memcpy(resp + total, buf, got);
		total += got;
		offset += got;
		if (buf[got] != 0x90 || buf[got + 1] != 0x00 || got < chunk || total >= want ||
		    offset > 0x7FFF) {
			resp[total] = buf[got];
			resp[total + 1] = buf[got + 1];
			*resp_len = total + 2;
			return 0;
		}
		cmd[2] = (uint8_t)(offset >> 8); /* after a read by SFI the EF is the current one */
		cmd[3] = (uint8_t)offset;
	}
}
