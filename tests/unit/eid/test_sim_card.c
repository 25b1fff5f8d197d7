/* The virtual nPA's PIN retry counter: 3 tries, suspended at 1 (a PACE with the CAN must come
 * first), blocked at 0; and the sim reader's URI handling. */
#include <eac/eac.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eid/chan.h"
#include "eid/pace.h"
#include "hal/nfc.h"

struct session {
	struct nfc_reader *r;
	struct chan c;
	EAC_CTX *ctx;
};

static void start(struct session *s, struct nfc_reader *r)
{
	struct nfc_card_info info;
	uint8_t *ca;
	size_t n;

	s->r = r;
	assert_int_equal(nfc_wait_card(r, 100, &info), 0);
	chan_init(&s->c, r, 500);
	assert_int_equal(chan_read_file(&s->c, 0x1C, &ca, &n), 0);
	s->ctx = EAC_CTX_new();
	assert_true(EAC_CTX_init_ef_cardaccess(ca, n, s->ctx));
	free(ca);
}

static int pace(struct session *s, enum pace_password type, const char *secret, uint16_t *sw)
{
	struct pace_result pr;
	int rc;

	EAC_CTX_clear_free(s->ctx);
	s->ctx = NULL;
	sm_clear(&s->c.sm); /* a new PACE starts in plain */
	{
		uint8_t *ca;
		size_t n;
		assert_int_equal(chan_read_file(&s->c, 0x1C, &ca, &n), 0);
		s->ctx = EAC_CTX_new();
		assert_true(EAC_CTX_init_ef_cardaccess(ca, n, s->ctx));
		free(ca);
	}
	rc = pace_establish(&s->c, s->ctx, type, secret, NULL, 0, &pr);
	if (sw)
		*sw = pr.sw_set_at;
	pace_result_free(&pr);
	return rc;
}

static void pin_is_suspended_after_two_errors_and_blocked_after_three(void **state)
{
	(void)state;
	struct nfc_reader *r;
	struct session s;
	uint16_t sw;

	assert_int_equal(nfc_reader_open("sim:npa", &r), 0);
	start(&s, r);
	assert_int_equal(pace(&s, PACE_PW_PIN, "123456", &sw), 0);
	assert_int_equal(sw, 0x9000);
	assert_int_equal(pace(&s, PACE_PW_PIN, "000000", NULL), -EACCES);
	assert_int_equal(pace(&s, PACE_PW_PIN, "000000", &sw), -EACCES);
	assert_int_equal(sw, 0x63C2);
	/* suspended: the PIN alone is refused, even the right one */
	assert_int_equal(pace(&s, PACE_PW_PIN, "123456", &sw), -EPERM);
	assert_int_equal(sw, 0x63C1);
	/* after a PACE with the CAN the last try is allowed; the right PIN resets the counter */
	assert_int_equal(pace(&s, PACE_PW_CAN, "123456", NULL), 0);
	assert_int_equal(pace(&s, PACE_PW_PIN, "123456", NULL), 0);
	assert_int_equal(pace(&s, PACE_PW_PIN, "123456", &sw), 0);
	assert_int_equal(sw, 0x9000);
	/* three wrong PINs (the third after a CAN-PACE) block it for good */
	assert_int_equal(pace(&s, PACE_PW_PIN, "000000", NULL), -EACCES);
	assert_int_equal(pace(&s, PACE_PW_PIN, "000000", NULL), -EACCES);
	assert_int_equal(pace(&s, PACE_PW_CAN, "123456", NULL), 0);
	assert_int_equal(pace(&s, PACE_PW_PIN, "000000", NULL), -EACCES);
	assert_int_equal(pace(&s, PACE_PW_PIN, "123456", NULL), -EPERM);
	/* the CAN still works */
	assert_int_equal(pace(&s, PACE_PW_CAN, "123456", NULL), 0);
	EAC_CTX_clear_free(s.ctx);
	nfc_reader_close(r);
}

static void sim_uris_are_checked(void **state)
{
	(void)state;
	struct nfc_reader *r;
	assert_int_equal(nfc_reader_open("sim:npa?can=654321&slow_ms=1", &r), 0);
	nfc_reader_close(r);
	assert_int_equal(nfc_reader_open("sim:epass", &r), 0);
	nfc_reader_close(r);
	assert_int_equal(nfc_reader_open("sim:npa?bogus=1", &r), -EINVAL);
	assert_int_equal(nfc_reader_open("sim:tachograph", &r), -EINVAL);
	assert_int_equal(nfc_reader_open("nosuch:x", &r), -ENOENT);
	assert_int_equal(nfc_reader_open("no-scheme", &r), -EINVAL);
	nfc_reader_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pin_is_suspended_after_two_errors_and_blocked_after_three),
		cmocka_unit_test(sim_uris_are_checked),
	};
	EAC_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
