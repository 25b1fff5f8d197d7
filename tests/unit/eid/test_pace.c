/* PACE and secure messaging against the BSI worked example (ECDH generic mapping,
 * brainpoolP256r1, AES-128): nonce, mapping, key agreement, key derivation, tokens, SM
 * encryption and MAC. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* EC_KEY to inject fixed keys */
#include <eac/eac.h>
#include <eac/objects.h>
#include <eac/pace.h>
#include <errno.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eac_worked_example.h"
#include "eid/eac_util.h"
#include "eid/pace.h"
#include "eid/sm.h"
#include "eid_test.h"

static BUF_MEM *bx(const char *h)
{
	uint8_t b[2048];
	size_t n = hex(h, b, sizeof(b));
	return eac_buf(b, n);
}

static void assert_buf(const BUF_MEM *m, const char *h)
{
	uint8_t b[2048];
	size_t n = hex(h, b, sizeof(b));
	assert_non_null(m);
	assert_int_equal(m->length, n);
	assert_memory_equal(m->data, b, n);
}

/* Puts a fixed key pair into an EC EVP_PKEY. */
static void set_keys(EVP_PKEY *pkey, const char *priv_hex, const char *pub_hex)
{
	uint8_t priv[64], pub[80];
	size_t pl = hex(priv_hex, priv, sizeof(priv)), ql = hex(pub_hex, pub, sizeof(pub));
	EC_KEY *ec = EVP_PKEY_get1_EC_KEY(pkey);
	const EC_GROUP *g = EC_KEY_get0_group(ec);
	EC_POINT *p = EC_POINT_new(g);
	BIGNUM *bn = BN_bin2bn(priv, (int)pl, NULL);
	assert_true(EC_POINT_oct2point(g, p, pub, ql, NULL));
	assert_true(EC_KEY_set_public_key(ec, p) && EC_KEY_set_private_key(ec, bn));
	assert_true(EVP_PKEY_set1_EC_KEY(pkey, ec));
	EC_POINT_free(p);
	BN_free(bn);
	EC_KEY_free(ec);
}

static void assert_generator(EVP_PKEY *pkey, const char *h)
{
	uint8_t b[80];
	size_t n = hex(h, b, sizeof(b));
	EC_KEY *ec = EVP_PKEY_get1_EC_KEY(pkey);
	const EC_GROUP *g = EC_KEY_get0_group(ec);
	EC_POINT *p = EC_POINT_new(g);
	assert_true(EC_POINT_oct2point(g, p, b, n, NULL));
	assert_int_equal(EC_POINT_cmp(g, p, EC_GROUP_get0_generator(g), NULL), 0);
	EC_POINT_free(p);
	EC_KEY_free(ec);
}

/* Runs the terminal's side of the worked example up to the session keys. */
static EAC_CTX *terminal_after_pace(void)
{
	uint8_t ca[256];
	size_t n = hex(WX_EF_CARDACCESS, ca, sizeof(ca));
	EAC_CTX *ctx = EAC_CTX_new();
	PACE_SEC *pin = PACE_SEC_new("123456", 6, PACE_PIN);
	BUF_MEM *enc = bx(WX_NONCE_ENC), *picc_map = bx(WX_MAP_PICC_PUB_KEY),
	        *picc_eph = bx(WX_PICC_PUB_KEY);

	assert_true(EAC_CTX_init_ef_cardaccess(ca, n, ctx));
	assert_int_equal(ctx->pace_ctx->protocol, NID_id_PACE_ECDH_GM_AES_CBC_CMAC_128);
	assert_int_equal(ctx->pace_ctx->version, 2);
	assert_true(PACE_STEP2_dec_nonce(ctx, pin, enc));
	assert_buf(ctx->pace_ctx->nonce, WX_NONCE);
	set_keys(ctx->pace_ctx->static_key, WX_MAP_PCD_PRIV_KEY, WX_MAP_PCD_PUB_KEY);
	assert_true(PACE_STEP3A_map_generator(ctx, picc_map));
	assert_generator(ctx->pace_ctx->ka_ctx->key, WX_MAP_GENERATOR);
	set_keys(ctx->pace_ctx->ka_ctx->key, WX_PCD_PRIV_KEY, WX_PCD_PUB_KEY);
	ctx->pace_ctx->my_eph_pubkey = bx(WX_PCD_PUB_KEY);
	assert_true(PACE_STEP3B_compute_shared_secret(ctx, picc_eph));
	assert_buf(ctx->pace_ctx->ka_ctx->shared_secret, WX_SHARED_SECRET_K);
	assert_true(PACE_STEP3C_derive_keys(ctx));
	PACE_SEC_clear_free(pin);
	BUF_MEM_free(enc);
	BUF_MEM_free(picc_map);
	BUF_MEM_free(picc_eph);
	return ctx;
}

static void worked_example_nonce_mapping_and_keys_match(void **state)
{
	(void)state;
	EAC_CTX *ctx = terminal_after_pace();
	assert_buf(ctx->pace_ctx->ka_ctx->k_enc, WX_K_ENC);
	assert_buf(ctx->pace_ctx->ka_ctx->k_mac, WX_K_MAC);
	EAC_CTX_clear_free(ctx);
}

static void worked_example_tokens_match(void **state)
{
	(void)state;
	EAC_CTX *ctx = terminal_after_pace();
	BUF_MEM *picc_eph = bx(WX_PICC_PUB_KEY), *t_picc = bx(WX_AUTHENTICATION_TOKEN_PICC);
	BUF_MEM *t = PACE_STEP3D_compute_authentication_token(ctx, picc_eph);
	assert_buf(t, WX_AUTHENTICATION_TOKEN_PCD);
	assert_int_equal(PACE_STEP3D_verify_authentication_token(ctx, t_picc), 1);
	t_picc->data[0] ^= 1;
	assert_int_not_equal(PACE_STEP3D_verify_authentication_token(ctx, t_picc), 1);
	BUF_MEM_free(t);
	BUF_MEM_free(t_picc);
	BUF_MEM_free(picc_eph);
	EAC_CTX_clear_free(ctx);
}

static void worked_example_sm_encryption_and_mac_match(void **state)
{
	(void)state;
	EAC_CTX *ctx = terminal_after_pace();
	struct sm_ctx sm;
	uint8_t d[64], e[64], ad[32], a[8], out[64], mac[8];
	size_t dl = hex(WX_D1, d, sizeof(d)), el = hex(WX_E1, e, sizeof(e)),
	       al = hex(WX_AD1, ad, sizeof(ad)), n;

	assert_true(EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE));
	sm_init_eac(&sm, ctx);
	/* ISO padding to the block, then encryption with SSC = 1 */
	d[dl++] = 0x80;
	assert_int_equal(dl, 16);
	assert_true(EAC_set_ssc(ctx, 1));
	assert_int_equal(sm_encrypt(&sm, d, dl, out, &n), 0);
	assert_int_equal(n, el);
	assert_memory_equal(out, e, el);
	assert_int_equal(sm_decrypt(&sm, e, el, out, &n), 0);
	assert_memory_equal(out, d, dl);
	/* MAC over the padded data with SSC = 2 */
	ad[al++] = 0x80;
	while (al % 16)
		ad[al++] = 0;
	hex(WX_A1, a, sizeof(a));
	assert_true(EAC_set_ssc(ctx, 2));
	assert_int_equal(sm_mac(&sm, ad, al, mac), 0);
	assert_memory_equal(mac, a, 8);
	sm_clear(&sm);
	EAC_CTX_clear_free(ctx);
}

static void sm_command_and_response_round_trip_and_reject_tampering(void **state)
{
	(void)state;
	EAC_CTX *ctx = terminal_after_pace();
	struct sm_ctx sm;
	uint8_t data[300], wire[600], plain[600], resp[600];
	size_t n, rn, pn;
	struct apdu in, out;
	uint16_t sw;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	assert_true(EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE));
	sm_init_eac(&sm, ctx);
	struct apdu cmd = {
		.cla = 0, .ins = 0x2A, .p1 = 0, .p2 = 0xBE, .data = data, .lc = 100, .le = 256
	};
	assert_int_equal(sm_wrap_command(&sm, &cmd, wire, sizeof(wire), &n), 0);
	assert_int_equal(wire[0], 0x0C);
	assert_true(EAC_set_ssc(ctx, 0)); /* the card's side starts from the same SSC */
	assert_int_equal(apdu_decode(wire, n, &in), 0);
	assert_int_equal(sm_unwrap_command(&sm, &in, plain, sizeof(plain), &out), 0);
	assert_int_equal(out.lc, 100);
	assert_memory_equal(out.data, data, 100);
	assert_int_equal(out.le, 256);
	/* response: the card wraps, the terminal (SSC back by one) unwraps */
	assert_int_equal(sm_wrap_response(&sm, data, 200, 0x9000, resp, sizeof(resp), &rn), 0);
	assert_true(EAC_set_ssc(ctx, 1));
	assert_int_equal(
	    sm_unwrap_response(&sm, resp, rn - 2, 0x9000, plain, sizeof(plain), &pn, &sw), 0);
	assert_int_equal(sw, 0x9000);
	assert_int_equal(pn, 200);
	assert_memory_equal(plain, data, 200);
	/* any flipped bit fails the MAC */
	resp[rn - 3] ^= 0x01;
	assert_true(EAC_set_ssc(ctx, 1));
	assert_int_equal(
	    sm_unwrap_response(&sm, resp, rn - 2, 0x9000, plain, sizeof(plain), &pn, &sw),
	    -EBADMSG);
	/* a replayed response (wrong SSC) fails too */
	resp[rn - 3] ^= 0x01;
	assert_int_equal(
	    sm_unwrap_response(&sm, resp, rn - 2, 0x9000, plain, sizeof(plain), &pn, &sw),
	    -EBADMSG);
	sm_clear(&sm);
	EAC_CTX_clear_free(ctx);
}

static void checkin_chat_asks_only_dg4_dg5_dg8_and_can(void **state)
{
	(void)state;
	uint8_t chat[PACE_CHAT_MAX];
	size_t n;
	static const uint8_t want[] = { 0x7F, 0x4C, 0x12, 0x06, 0x09, 0x04, 0x00,
		                        0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x02,
		                        0x53, 0x05, 0x00, 0x00, 0x00, 0x98, 0x10 };
	assert_int_equal(pace_checkin_chat(chat, sizeof(chat), &n), 0);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(chat, want, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worked_example_nonce_mapping_and_keys_match),
		cmocka_unit_test(worked_example_tokens_match),
		cmocka_unit_test(worked_example_sm_encryption_and_mac_match),
		cmocka_unit_test(sm_command_and_response_round_trip_and_reject_tampering),
		cmocka_unit_test(checkin_chat_asks_only_dg4_dg5_dg8_and_can),
	};
	EAC_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
