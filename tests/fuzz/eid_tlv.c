/* BER-TLV reader: walk siblings, descend one level, and the header-only length. */
#include <stddef.h>
#include <stdint.h>

#include "eid/tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	struct tlv t, in;
	size_t total;

	while (tlv_next(&p, data + size, &t) == 0) {
		const uint8_t *q = t.val;
		while (tlv_next(&q, t.val + t.len, &in) == 0)
			;
	}
	tlv_total_len(data, size, &total);
	tlv_find(data, size, 0x7F49, &t);
	return 0;
}
