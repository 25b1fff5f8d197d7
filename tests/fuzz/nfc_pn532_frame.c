/* PN532 HSU frames: the emulator's decoder over arbitrary bytes, and build(decode(x)) decoding
 * to the same frame. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pn532_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pn532_decoder d, d2;
	uint8_t out[PN532_FRAME_DATA_MAX + 16];

	pn532_decoder_init(&d);
	for (size_t i = 0; i < size; i++) {
		enum pn532_event ev = pn532_decoder_feed(&d, data[i]);
		size_t n, frames = 0;

		if (ev != PN532_EV_FRAME || d.len < 2)
			continue;
		n = pn532_frame_build(d.data[0], d.data[1], d.data + 2, d.len - 2, out,
		                      sizeof(out));
		if (n == 0)
			abort();
		pn532_decoder_init(&d2);
		for (size_t j = 0; j < n; j++)
			if (pn532_decoder_feed(&d2, out[j]) == PN532_EV_FRAME)
				frames++;
		if (frames != 1 || d2.len != d.len || memcmp(d2.data, d.data, d.len) != 0)
			abort();
	}
	return 0;
}
