/* Secure-messaging unwrap of responses and commands with fixed 3DES keys (the parsing and MAC
 * checking is the same for AES). */
#include <stddef.h>
#include <stdint.h>

#include "eid/sm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t k1[16] = { 1, 2, 3 }, k2[16] = { 4, 5, 6 }, ssc[8] = { 0 };
	static uint8_t out[70000];
	struct sm_ctx sm;
	struct apdu cmd, plain;
	size_t n;
	uint16_t sw;

	sm_init_bac(&sm, k1, k2, ssc);
	sm_unwrap_response(&sm, data, size, 0x9000, out, sizeof(out), &n, &sw);
	if (apdu_decode(data, size, &cmd) == 0)
		sm_unwrap_command(&sm, &cmd, out, sizeof(out), &plain);
	sm_clear(&sm);
	return 0;
}
