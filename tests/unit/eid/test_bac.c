/* BAC and 3DES secure messaging against the worked example of ICAO Doc 9303 part 11
 * (appendix D: document L898902C<, born 690806, expiring 940623). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eid/bac.h"
#include "eid/chan.h"
#include "eid/sm.h"
#include "eid_test.h"
#include "hal/nfc.h"

static void key_derivation_matches_icao_example(void **state)
{
	(void)state;
	uint8_t seed[16], k[16], want[16];
	assert_int_equal(bac_seed("L898902C<369080619406236", seed), 0);
	hex("239AB9CB282DAF66231DC5A4DF6BFBAE", want, sizeof(want));
	assert_memory_equal(seed, want, 16);
	assert_int_equal(bac_kdf(seed, 1, k), 0);
	hex("AB94FDECF2674FDFB9B391F85D7F76F2", want, sizeof(want));
	assert_memory_equal(k, want, 16);
	assert_int_equal(bac_kdf(seed, 2, k), 0);
	hex("7962D9ECE03D1ACD4C76089DCE131543", want, sizeof(want));
	assert_memory_equal(k, want, 16);
}

/* The chip of the example: its challenge, then its answer to EXTERNAL AUTHENTICATE. */
static int step;
static uint8_t seen[64];
static size_t seen_len;
static int chip(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                size_t *resp_len, int timeout_ms)
{
	(void)r;
	(void)timeout_ms;
	const char *answer = step++ == 0 ? "4608F91988702212 9000"
	                                 : "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC"
	                                   "94EE178534F2F2D235D074D7449 9000";
	memcpy(seen, apdu, len < sizeof(seen) ? len : sizeof(seen));
	seen_len = len;
	*resp_len = hex(answer, resp, *resp_len);
	return 0;
}

static void mutual_authentication_matches_icao_example(void **state)
{
	(void)state;
	static const struct nfc_reader_ops ops = { .transceive = chip };
	struct nfc_reader r = { .ops = &ops };
	struct chan c;
	struct bac_session s;
	uint8_t kenc[16], kmac[16], rnd_ifd[8], k_ifd[16], want[64];

	hex("AB94FDECF2674FDFB9B391F85D7F76F2", kenc, 16);
	hex("7962D9ECE03D1ACD4C76089DCE131543", kmac, 16);
	hex("781723860C06C226", rnd_ifd, 8);
	hex("0B795240CB7049B01C19B33E32804F0B", k_ifd, 16);
	chan_init(&c, &r, 100);
	step = 0;
	assert_int_equal(bac_authenticate(&c, kenc, kmac, rnd_ifd, k_ifd, &s), 0);
	size_t n = hex("00 82 00 00 28 72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F"
	               "76ED92F25F1448EEA8AD90A7 28",
	               want, sizeof(want));
	assert_int_equal(seen_len, n);
	assert_memory_equal(seen, want, n);
	hex("979EC13B1CBFE9DCD01AB0FED307EAE5", want, 16);
	assert_memory_equal(s.ks_enc, want, 16);
	hex("F1CB1F1FB5ADF208806B89DC579DC1F8", want, 16);
	assert_memory_equal(s.ks_mac, want, 16);
	hex("887022120C06C226", want, 8);
	assert_memory_equal(s.ssc, want, 8);

	step = 0; /* a wrong key: the chip's answer no longer verifies */
	kmac[0] ^= 0x02;
	assert_int_equal(bac_authenticate(&c, kenc, kmac, rnd_ifd, k_ifd, &s), -EBADMSG);
}

static void secure_messaging_matches_icao_example(void **state)
{
	(void)state;
	struct sm_ctx sm;
	uint8_t ks_enc[16], ks_mac[16], ssc[8], out[64], want[64], plain[16];
	uint8_t fid[2] = { 0x01, 0x1E };
	size_t n, wn, pn;
	uint16_t sw;

	hex("979EC13B1CBFE9DCD01AB0FED307EAE5", ks_enc, 16);
	hex("F1CB1F1FB5ADF208806B89DC579DC1F8", ks_mac, 16);
	hex("887022120C06C226", ssc, 8);
	sm_init_bac(&sm, ks_enc, ks_mac, ssc);
	struct apdu sel = { .cla = 0, .ins = 0xA4, .p1 = 0x02, .p2 = 0x0C, .data = fid, .lc = 2 };
	assert_int_equal(sm_wrap_command(&sm, &sel, out, sizeof(out), &n), 0);
	wn = hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800", want, sizeof(want));
	assert_int_equal(n, wn);
	assert_memory_equal(out, want, wn);
	wn = hex("990290008E08FA855A5D4C50A8ED", want, sizeof(want));
	assert_int_equal(sm_unwrap_response(&sm, want, wn, 0x9000, plain, sizeof(plain), &pn, &sw),
	                 0);
	assert_int_equal(sw, 0x9000);
	assert_int_equal(pn, 0);
	sm_clear(&sm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_derivation_matches_icao_example),
		cmocka_unit_test(mutual_authentication_matches_icao_example),
		cmocka_unit_test(secure_messaging_matches_icao_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
