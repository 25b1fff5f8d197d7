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
#include "eid_test.h"
#include "hal/nfc.h"

static const char *chain[3];

static int read_uri(const char *kind, const char *extra, int with_terminal, const char *can,
                    struct eid_identity *id, struct chan_stats *stats)
{
	char uri[8192];
	struct nfc_reader *r;
	struct eid_read_options opt = { 0 };
	int rc;

	snprintf(uri, sizeof(uri), "sim:%s?pki=%s%s", kind, pki_path(""), extra);
	assert_int_equal(nfc_reader_open(uri, &r), 0);
	chain[0] = pki_path("dv.cvcert");
	chain[1] = pki_path("term.cvcert");
	chain[2] = NULL;
	opt.can = can;
	if (with_terminal) {
		opt.terminal_chain = chain;
		opt.terminal_key = pki_path("term.pkcs8");
	}
	opt.csca_dir = pki_path("csca");
	opt.card_timeout_ms = 100;
	opt.apdu_timeout_ms = 500;
	opt.stats = stats;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(onsite_read_returns_specimen_verified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
