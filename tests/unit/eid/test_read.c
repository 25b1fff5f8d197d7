/* Full reads against the virtual cards: on-site eID reading, the ePass path, failures. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "eid/eid_read.h"
#include "eid/mrz.h"
#include "eid_test.h"
#include "hal/nfc.h"

static const char *chain[3];

static const char *terminal = "term";
static const char *dv = "dv";
static const char *bac_info;

static int read_uri(const char *kind, const char *extra, int with_terminal, const char *can,
                    struct eid_identity *id, struct chan_stats *stats)
{
	char cert[64], key[64], dvc[64];
	char uri[8192];
	struct nfc_reader *r;
	struct eid_read_options opt = { 0 };
	int rc;

	snprintf(uri, sizeof(uri), "sim:%s?pki=%s%s", kind, pki_path(""), extra);
	assert_int_equal(nfc_reader_open(uri, &r), 0);
	snprintf(dvc, sizeof(dvc), "%s.cvcert", dv);
	snprintf(cert, sizeof(cert), "%s.cvcert", terminal);
	snprintf(key, sizeof(key), "%s.pkcs8", terminal);
	chain[0] = pki_path(dvc);
	chain[1] = pki_path(cert);
	chain[2] = NULL;
	opt.can = can;
	if (with_terminal) {
		opt.terminal_chain = chain;
		opt.terminal_key = pki_path(key);
	}
	opt.csca_dir = pki_path("csca");
	opt.card_timeout_ms = 100;
	opt.apdu_timeout_ms = 500;
	opt.stats = stats;
	opt.bac_mrz_info = bac_info;
	rc = eid_read_identity(r, &opt, id);
	nfc_reader_close(r);
	return rc;
}

static void onsite_read_returns_specimen_verified(void **state)
{
	struct eid_identity id;
	struct chan_stats st;
	(void)state;
	assert_int_equal(read_uri("npa", "", 1, "123456", &id, &st), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_string_equal(id.given_names, "ERIKA");
	assert_string_equal(id.birth_date, "1964-08-12");
	assert_int_equal(id.birth_date_partial, 0);
	assert_int_equal(id.source, EID_SOURCE_EID);
	assert_string_equal(id.document_type, "ID");
	assert_true(id.verified);
	assert_true(st.apdus > 10);
	eid_identity_wipe(&id);
	assert_int_equal(id.family_name[0], 0);
}

static int reset(void **state)
{
	(void)state;
	terminal = "term";
	dv = "dv";
	bac_info = NULL;
	return 0;
}

static void epass_path_without_terminal_reads_dg1_verified(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_int_equal(read_uri("npa", "", 0, "123456", &id, NULL), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_string_equal(id.given_names, "ERIKA");
	assert_string_equal(id.birth_date, "1964-08-12");
	assert_int_equal(id.source, EID_SOURCE_EPASS);
	assert_string_equal(id.document_type, "ID");
	assert_true(id.verified);
	eid_identity_wipe(&id);
}

static void wrong_can_is_reported_as_wrong_can(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_int_equal(read_uri("npa", "", 1, "654321", &id, NULL), -EACCES);
	assert_non_null(strstr(eid_strerror(-EACCES), "wrong CAN"));
	assert_int_equal(id.family_name[0], 0);
	assert_int_equal(read_uri("npa", "", 0, "000000", &id, NULL), -EACCES);
}

static void terminal_without_dg5_right_is_refused(void **state)
{
	struct eid_identity id;
	(void)state;
	terminal = "term-dg4";
	assert_int_equal(read_uri("npa", "", 1, "123456", &id, NULL), -EPERM);
	assert_string_equal(eid_strerror(-EPERM), "this card needs an authorized terminal");
	assert_int_equal(id.given_names[0], 0);
}

static void chain_under_unknown_cvca_is_refused(void **state)
{
	struct eid_identity id;
	(void)state;
	terminal = "foreign-term";
	dv = "foreign-dv";
	assert_int_equal(read_uri("npa", "", 1, "123456", &id, NULL), -EPERM);
}

static void card_pulled_at_every_apdu_gives_card_removed(void **state)
{
	struct eid_identity id;
	struct chan_stats st;
	char extra[64];
	(void)state;
	assert_int_equal(read_uri("npa", "", 1, "123456", &id, &st), 0);
	for (unsigned n = 0; n < st.apdus; n++) {
		snprintf(extra, sizeof(extra), "&remove_after=%u", n ? n : 1000000);
		if (!n)
			snprintf(extra, sizeof(extra), "&absent=1");
		int rc = read_uri("npa", extra, 1, "123456", &id, NULL);
		if (rc != (n ? -ENOMEDIUM : -ETIMEDOUT))
			fail_msg("removal after APDU %u gave %d", n, rc);
		assert_int_equal(id.family_name[0], 0);
	}
}

static void corrupted_responses_never_pass(void **state)
{
	struct eid_identity id;
	struct chan_stats st;
	char extra[64];
	(void)state;
	assert_int_equal(read_uri("npa", "", 1, "123456", &id, &st), 0);
	/* 1: EF.CardAccess (its last byte is a key id, harmless); 2: MSE has no data; 6: the
	 * last byte of PACE's answer is in the CVCA reference, which the reader does not use */
	for (unsigned n = 3; n <= st.apdus; n++) {
		if (n == 6)
			continue;
		snprintf(extra, sizeof(extra), "&corrupt_mac=%u", n);
		int rc = read_uri("npa", extra, 1, "123456", &id, NULL);
		if (rc >= 0 || (n > 6 && rc != -EBADMSG))
			fail_msg("corrupted response %u gave %d", n, rc);
	}
}

static void slow_card_times_out(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_int_equal(read_uri("npa", "&slow_ms=700", 1, "123456", &id, NULL), -ETIMEDOUT);
	assert_int_equal(read_uri("npa", "&slow_ms=2", 0, "123456", &id, NULL), 0);
}

static void wrong_sod_signature_reads_unverified(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_int_equal(read_uri("npa", "&bad_signature=1", 0, "123456", &id, NULL), 0);
	assert_false(id.verified);
	assert_true(id.unverified_reason[0]);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_int_equal(read_uri("npa", "&bad_signature=1", 1, "123456", &id, NULL), 0);
	assert_false(id.verified);
}

static void wrong_dg_hash_reads_unverified(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_int_equal(read_uri("npa", "&bad_dg_hash=1", 0, "123456", &id, NULL), 0);
	assert_false(id.verified);
	assert_non_null(strstr(id.unverified_reason, "DG1"));
}

static void passport_with_bac_reads_dg1(void **state)
{
	struct eid_identity id;
	struct mrz m = { 0 };
	static char info[25];
	(void)state;
	snprintf(m.document_number, sizeof(m.document_number), "T22000129");
	m.document_number_check = (char)('0' + mrz_check_digit("T22000129", 9));
	memcpy(m.birth_date, "640812", 6);
	m.birth_date_check = (char)('0' + mrz_check_digit("640812", 6));
	memcpy(m.expiry_date, "310831", 6);
	m.expiry_date_check = (char)('0' + mrz_check_digit("310831", 6));
	assert_int_equal(mrz_bac_info(&m, info), 0);
	bac_info = info;
	assert_int_equal(read_uri("epass", "", 0, NULL, &id, NULL), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_string_equal(id.document_type, "P");
	assert_string_equal(id.birth_date, "1964-08-12");
	assert_true(id.verified);
	info[3] = '9'; /* wrong document number */
	assert_int_equal(read_uri("epass", "", 0, NULL, &id, NULL), -EACCES);
}

static void passport_needs_mrz_data(void **state)
{
	struct eid_identity id;
	(void)state;
	assert_true(read_uri("epass", "", 0, "123456", &id, NULL) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(onsite_read_returns_specimen_verified, reset),
		cmocka_unit_test_setup(epass_path_without_terminal_reads_dg1_verified, reset),
		cmocka_unit_test_setup(wrong_can_is_reported_as_wrong_can, reset),
		cmocka_unit_test_setup(terminal_without_dg5_right_is_refused, reset),
		cmocka_unit_test_setup(chain_under_unknown_cvca_is_refused, reset),
		cmocka_unit_test_setup(card_pulled_at_every_apdu_gives_card_removed, reset),
		cmocka_unit_test_setup(corrupted_responses_never_pass, reset),
		cmocka_unit_test_setup(slow_card_times_out, reset),
		cmocka_unit_test_setup(wrong_sod_signature_reads_unverified, reset),
		cmocka_unit_test_setup(wrong_dg_hash_reads_unverified, reset),
		cmocka_unit_test_setup(passport_with_bac_reads_dg1, reset),
		cmocka_unit_test_setup(passport_needs_mrz_data, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
