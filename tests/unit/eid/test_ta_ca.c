/* Terminal and Chip Authentication against the continuation of the BSI worked example:
 * certificate parsing and chain verification, the published TA signature, CA key agreement and
 * key derivation; and the terminal certificate's description for the consent screen. */
#include <eac/ca.h>
#include <eac/cv_cert.h>
#include <eac/eac.h>
#include <eac/ta.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eac_worked_example.h"
#include "eid/eac_util.h"
#include "eid/eid_read.h"
#include "eid/ta.h"
#include "eid_test.h"

static uint8_t buf[8][4096];
static size_t bl[8];

static const uint8_t *b(int i, const char *h)
{
	bl[i] = hex(h, buf[i], sizeof(buf[i]));
	return buf[i];
}

static BUF_MEM *bx(const char *h)
{
	uint8_t t[4096];
	size_t n = hex(h, t, sizeof(t));
	return eac_buf(t, n);
}

static void assert_buf(const BUF_MEM *m, const char *h)
{
	uint8_t t[256];
	size_t n = hex(h, t, sizeof(t));
	assert_non_null(m);
	assert_int_equal(m->length, n);
	assert_memory_equal(m->data, t, n);
}

/* TR-03110 A.2.2.3: an EC public key is compressed to its x-coordinate (ID_PICC). */
static BUF_MEM *comp_x(const char *h)
{
	uint8_t t[80];
	size_t n = hex(h, t, sizeof(t));
	assert_int_equal(n, 65);
	return eac_buf(t + 1, 32);
}

static EAC_CTX *card_ctx(void)
{
	EAC_CTX *ctx = EAC_CTX_new();
	b(0, WX_EF_CARDACCESS);
	assert_true(EAC_CTX_init_ef_cardaccess(buf[0], bl[0], ctx));
	return ctx;
}

static void certificates_parse_with_their_references(void **state)
{
	(void)state;
	const char *certs[3] = { WX_CVCA_CERT, WX_DV_CERT, WX_TA_CERT };
	const char *chr[3] = { "DECVCAAT00001", "DETESTDVDE019", "DETESTATDE019" };
	const char *car[3] = { "DECVCAAT00001", "DECVCAAT00001", "DETESTDVDE019" };
	for (int i = 0; i < 3; i++) {
		const unsigned char *p = b(1, certs[i]);
		CVC_CERT *cv = CVC_d2i_CVC_CERT(NULL, &p, (long)bl[1]);
		assert_non_null(cv);
		const ASN1_UTF8STRING *h = cv->body->certificate_holder_reference,
		                      *a = cv->body->certificate_authority_reference;
		assert_int_equal(ASN1_STRING_length(h), strlen(chr[i]));
		assert_memory_equal(ASN1_STRING_get0_data(h), chr[i], strlen(chr[i]));
		assert_memory_equal(ASN1_STRING_get0_data(a), car[i], strlen(car[i]));
		CVC_CERT_free(cv);
	}
}

static void chain_verifies_only_in_order_from_the_cvca(void **state)
{
	(void)state;
	EAC_CTX *ctx = card_ctx();
	b(1, WX_CVCA_CERT);
	b(2, WX_DV_CERT);
	b(3, WX_TA_CERT);
	assert_true(EAC_CTX_init_ta(ctx, NULL, 0, buf[1], bl[1]));
	ctx->ta_ctx->flags |= TA_FLAG_SKIP_TIMECHECK; /* the example's certificates are of 2010 */
	assert_false(TA_STEP2_import_certificate(ctx, buf[3], bl[3]));
	assert_true(TA_STEP2_import_certificate(ctx, buf[2], bl[2]));
	buf[3][bl[3] - 1] ^= 0x01; /* a broken signature */
	assert_false(TA_STEP2_import_certificate(ctx, buf[3], bl[3]));
	buf[3][bl[3] - 1] ^= 0x01;
	assert_true(TA_STEP2_import_certificate(ctx, buf[3], bl[3]));
	EAC_CTX_clear_free(ctx);
}

static EAC_CTX *card_after_chain(void)
{
	EAC_CTX *ctx = card_ctx();
	b(1, WX_CVCA_CERT);
	b(2, WX_DV_CERT);
	b(3, WX_TA_CERT);
	assert_true(EAC_CTX_init_ta(ctx, NULL, 0, buf[1], bl[1]));
	ctx->ta_ctx->flags |= TA_FLAG_SKIP_TIMECHECK;
	assert_true(TA_STEP2_import_certificate(ctx, buf[2], bl[2]));
	assert_true(TA_STEP2_import_certificate(ctx, buf[3], bl[3]));
	return ctx;
}

static void published_ta_signature_verifies(void **state)
{
	(void)state;
	EAC_CTX *ctx = card_after_chain();
	BUF_MEM *nonce = bx(WX_TA_NONCE), *picc = bx(WX_PICC_PUB_KEY), *pcd = bx(WX_CA_PCD_PUB_KEY),
	        *sig = bx(WX_TA_PCD_SIGNATURE);
	BUF_MEM *id_picc = comp_x(WX_PICC_PUB_KEY), *comp = EAC_Comp(ctx, EAC_ID_CA, pcd);
	assert_non_null(id_picc);
	assert_non_null(comp);
	assert_true(TA_STEP4_set_nonce(ctx, nonce));
	assert_int_equal(TA_STEP6_verify(ctx, comp, id_picc, NULL, sig), 1);
	sig->data[10] ^= 0x01;
	assert_int_not_equal(TA_STEP6_verify(ctx, comp, id_picc, NULL, sig), 1);
	BUF_MEM_free(nonce);
	BUF_MEM_free(picc);
	BUF_MEM_free(pcd);
	BUF_MEM_free(sig);
	BUF_MEM_free(id_picc);
	BUF_MEM_free(comp);
	EAC_CTX_clear_free(ctx);
}

static void our_ta_signature_with_the_example_key_verifies(void **state)
{
	(void)state;
	EAC_CTX *card = card_after_chain(), *term = card_ctx();
	BUF_MEM *nonce = bx(WX_TA_NONCE), *picc = bx(WX_PICC_PUB_KEY), *pcd = bx(WX_CA_PCD_PUB_KEY);
	b(4, WX_TA_PCD_KEY);
	b(3, WX_TA_CERT);
	assert_true(EAC_CTX_init_ta(term, buf[4], bl[4], buf[3], bl[3]));
	BUF_MEM *id_picc = comp_x(WX_PICC_PUB_KEY), *comp = EAC_Comp(term, EAC_ID_CA, pcd);
	assert_true(TA_STEP4_set_nonce(term, nonce) && TA_STEP4_set_nonce(card, nonce));
	BUF_MEM *sig = ta_sign(term, comp, id_picc);
	assert_non_null(sig);
	assert_int_equal(TA_STEP6_verify(card, comp, id_picc, NULL, sig), 1);
	BUF_MEM_free(sig);
	BUF_MEM_free(nonce);
	BUF_MEM_free(picc);
	BUF_MEM_free(pcd);
	BUF_MEM_free(id_picc);
	BUF_MEM_free(comp);
	EAC_CTX_clear_free(card);
	EAC_CTX_clear_free(term);
}

static void ca_key_agreement_and_keys_match(void **state)
{
	(void)state;
	EAC_CTX *term = card_ctx();
	BUF_MEM *nonce = bx(WX_CA_NONCE), *token = bx(WX_CA_PICC_TOKEN);
	b(1, WX_EF_CARDSECURITY);
	CA_disable_passive_authentication(term);
	BUF_MEM *picc_pub = CA_get_pubkey(term, buf[1], bl[1]);
	assert_buf(picc_pub, WX_CA_PICC_PUB_KEY);
	b(2, WX_CA_PCD_PRIV_KEY);
	b(3, WX_CA_PCD_PUB_KEY);
	assert_true(CA_set_key(term, buf[2], bl[2], buf[3], bl[3]));
	assert_true(CA_STEP4_compute_shared_secret(term, picc_pub));
	assert_buf(term->ca_ctx->ka_ctx->shared_secret, WX_CA_SHARED_SECRET_K);
	assert_true(CA_STEP6_derive_keys(term, nonce, token));
	assert_buf(term->ca_ctx->ka_ctx->k_enc, WX_CA_K_ENC);
	assert_buf(term->ca_ctx->ka_ctx->k_mac, WX_CA_K_MAC);
	token->data[0] ^= 0x01; /* a chip without the private key cannot make the token */
	assert_false(CA_STEP6_derive_keys(term, nonce, token));
	BUF_MEM_free(nonce);
	BUF_MEM_free(token);
	BUF_MEM_free(picc_pub);
	EAC_CTX_clear_free(term);
}

static void example_terminal_rights_are_named(void **state)
{
	(void)state;
	char text[160];
	ta_rights_text((const uint8_t[]){ 0, 0, 0, 0x01, 0x10 }, text, sizeof(text));
	assert_string_equal(text, "document type, CAN allowed");
	ta_rights_text((const uint8_t[]){ 0, 0, 0, 0x98, 0x10 }, text, sizeof(text));
	assert_string_equal(text, "given names, family names, date of birth, CAN allowed");
}

static void test_terminal_description_is_decoded(void **state)
{
	(void)state;
	const char *chain[] = { pki_path("dv.cvcert"), pki_path("term.cvcert"), NULL };
	struct ta_description d;
	assert_int_equal(eid_terminal_describe(chain, pki_path("term.desc"), &d), 0);
	assert_string_equal(d.provider, "Buergerbuero Teststadt");
	assert_string_equal(d.holder, "DECIVIQKIOSK001");
	assert_string_equal(d.issuer, "DEDVCIVIQ00001");
	assert_non_null(strstr(d.purpose, "Vor-Ort-Auslesen"));
	assert_string_equal(d.rights, "given names, family names, date of birth, CAN allowed");
	assert_int_equal(strlen(d.valid_from), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(certificates_parse_with_their_references),
		cmocka_unit_test(chain_verifies_only_in_order_from_the_cvca),
		cmocka_unit_test(published_ta_signature_verifies),
		cmocka_unit_test(our_ta_signature_with_the_example_key_verifies),
		cmocka_unit_test(ca_key_agreement_and_keys_match),
		cmocka_unit_test(example_terminal_rights_are_named),
		cmocka_unit_test(test_terminal_description_is_decoded),
	};
	EAC_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
