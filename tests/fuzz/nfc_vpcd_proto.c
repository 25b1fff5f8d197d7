/* vsmartcard vpcd protocol: the stream decoder fed in odd chunks, message classification, and
 * encode(decode(x)) == x for every message that decodes. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vpcd_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[VPCD_MSG_MAX], again[VPCD_MSG_MAX + 2], back[VPCD_MSG_MAX];
	struct vpcd_decoder d, d2;
	size_t cap, pos = 1, len, len2, step;
	enum vpcd_ctrl ctrl;
	int rc, n;

	if (size < 1)
		return 0;
	cap = data[0] < 16 ? (size_t)data[0] * 16 + 1 : VPCD_MSG_MAX; /* small and full buffers */
	step = data[0] % 7 + 1;
	vpcd_decoder_init(&d, buf, cap);
	while (pos < size) {
		size_t n_in = vpcd_decoder_want(&d);
		if (n_in > step)
			n_in = step;
		if (n_in > size - pos)
			n_in = size - pos;
		rc = vpcd_decoder_feed(&d, data + pos, n_in, &len);
		pos += n_in;
		if (rc < 0) {
			vpcd_decoder_init(&d, buf, cap);
			continue;
		}
		if (rc == 0)
			continue;
		vpcd_classify(buf, len, &ctrl);
		n = vpcd_encode(buf, len, again, sizeof(again));
		if (n != (int)len + 2)
			abort();
		vpcd_decoder_init(&d2, back, sizeof(back));
		if (vpcd_decoder_feed(&d2, again, 2, &len2) != 0 ||
		    vpcd_decoder_feed(&d2, again + 2, len, &len2) != 1 || len2 != len ||
		    memcmp(back, buf, len) != 0)
			abort();
	}
	return 0;
}
