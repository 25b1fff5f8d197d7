/* The vpcd: reader backend against the virtual card playing the card side over a real TCP
 * socket: full reads, cards leaving mid-read, malformed length prefixes, silence. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nfc_test.h"
#include "vpcd_card.h"

struct card_thread {
	pthread_t thread;
	struct vpcd_card_opts opts;
	int rc;
};

static struct card_thread card;
static struct nfc_reader *reader;
static int port;

static void *card_main(void *arg)
{
	struct card_thread *c = arg;

	c->rc = vpcd_card_run(&c->opts);
	return NULL;
}

static void start_card(enum vpcd_card_fault fault, unsigned after, unsigned sessions)
{
	card.opts.fault = fault;
	card.opts.fault_after = after;
	card.opts.sessions = sessions;
	assert_int_equal(pthread_create(&card.thread, NULL, card_main, &card), 0);
}

static int setup(void **state)
{
	char uri[64];
	(void)state;
	port = nfc_test_free_port();
	memset(&card, 0, sizeof(card));
	card.opts.port = port;
	card.opts.quiet = 1;
	card.opts.connect_timeout_ms = 5000;
	card.opts.card.kind = SIM_CARD_NPA;
	card.opts.card.pki_dir = nfc_test_pki("");
	snprintf(uri, sizeof(uri), "vpcd:127.0.0.1:%d", port);
	return nfc_reader_open(uri, &reader);
}

static int teardown(void **state)
{
	(void)state;
	nfc_reader_close(reader); /* the card sees the end of its connection and stops */
	reader = NULL;
	if (card.thread)
		pthread_join(card.thread, NULL);
	return 0;
}

/* SELECT EF.CardAccess, then READ BINARY: 9000 and a SET OF. */
static int read_card_access(uint8_t *resp, size_t *len)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1C };
	static const uint8_t read[] = { 0x00, 0xB0, 0x00, 0x00, 0x04 };
	int rc;

	*len = 300;
	rc = nfc_transceive(reader, select, sizeof(select), resp, len, 1000);
	if (rc < 0)
		return rc;
	assert_int_equal(*len, 2);
	assert_int_equal(resp[0], 0x90);
	*len = 300;
	return nfc_transceive(reader, read, sizeof(read), resp, len, 1000);
}

static void vpcd_card_powers_up_and_answers_apdus(void **state)
{
	struct nfc_card_info info;
	uint8_t resp[300];
	size_t n;
	(void)state;
	start_card(VPCD_FAULT_NONE, 0, 1);
	assert_int_equal(nfc_wait_card(reader, 5000, &info), 0);
	assert_true(info.atr_len > 5);
	assert_int_equal(info.atr[0], 0x3B);
	assert_int_equal(nfc_card_present(reader), 1);
	assert_int_equal(read_card_access(resp, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(resp[0], 0x31);
	assert_int_equal(resp[n - 2], 0x90);
}

static void vpcd_onsite_read_of_virtual_npa(void **state)
{
	struct eid_identity id;
	(void)state;
	start_card(VPCD_FAULT_NONE, 0, 1);
	assert_int_equal(nfc_test_onsite_read(reader, &id), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_int_equal(id.source, EID_SOURCE_EID);
	assert_true(id.verified);
	eid_identity_wipe(&id);
}

static void vpcd_card_removed_mid_read_then_next_card_reads(void **state)
{
	struct eid_identity id;
	(void)state;
	start_card(VPCD_FAULT_REMOVE, 12, 2);
	assert_int_equal(nfc_test_onsite_read(reader, &id), -ENOMEDIUM);
	assert_int_equal(nfc_card_present(reader), 0);
	/* the same reader, without a restart: the card comes back */
	assert_int_equal(nfc_test_onsite_read(reader, &id), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	eid_identity_wipe(&id);
}

static void expect_fault(enum vpcd_card_fault fault, int err)
{
	struct nfc_card_info info;
	uint8_t resp[300];
	size_t n;

	start_card(fault, 1, 2);
	assert_int_equal(nfc_wait_card(reader, 5000, &info), 0);
	assert_int_equal(read_card_access(resp, &n), err);
	assert_int_equal(nfc_card_present(reader), 0);
	n = sizeof(resp);
	assert_int_equal(nfc_transceive(reader, resp, 5, resp, &n, 100), -ENOMEDIUM);
	/* the next card works */
	assert_int_equal(nfc_wait_card(reader, 5000, &info), 0);
	assert_int_equal(read_card_access(resp, &n), 0);
	assert_int_equal(resp[n - 2], 0x90);
}

static void vpcd_zero_length_prefix_is_protocol_error(void **state)
{
	(void)state;
	expect_fault(VPCD_FAULT_ZERO_LEN, -EPROTO);
}

static void vpcd_length_prefix_beyond_buffer_is_protocol_error(void **state)
{
	(void)state;
	expect_fault(VPCD_FAULT_HUGE_LEN, -EPROTO);
}

static void vpcd_truncated_message_is_card_removal(void **state)
{
	(void)state;
	expect_fault(VPCD_FAULT_TRUNCATED, -ENOMEDIUM);
}

static void vpcd_response_without_status_word_is_protocol_error(void **state)
{
	(void)state;
	expect_fault(VPCD_FAULT_SHORT, -EPROTO);
}

static void vpcd_silent_card_times_out(void **state)
{
	struct nfc_card_info info;
	uint8_t resp[300];
	size_t n;
	(void)state;
	start_card(VPCD_FAULT_SILENT, 1, 1);
	assert_int_equal(nfc_wait_card(reader, 5000, &info), 0);
	assert_int_equal(read_card_access(resp, &n), -ETIMEDOUT);
	assert_int_equal(nfc_card_present(reader), 0);
}

static void vpcd_wait_card_times_out_without_card(void **state)
{
	struct nfc_card_info info;
	(void)state;
	assert_int_equal(nfc_card_present(reader), 0);
	assert_int_equal(nfc_wait_card(reader, 100, &info), -ETIMEDOUT);
}

static void vpcd_rejects_malformed_uris(void **state)
{
	struct nfc_reader *r = NULL;
	(void)state;
	assert_int_equal(nfc_reader_open("vpcd:localhost", &r), -EINVAL);
	assert_int_equal(nfc_reader_open("vpcd:127.0.0.1:0", &r), -EINVAL);
	assert_int_equal(nfc_reader_open("vpcd:127.0.0.1:65536", &r), -EINVAL);
	assert_int_equal(nfc_reader_open("vpcd:127.0.0.1:12ab", &r), -EINVAL);
	assert_null(r);
}

static void vpcd_port_in_use_fails_to_open(void **state)
{
	struct nfc_reader *r = NULL;
	char uri[64];
	(void)state;
	snprintf(uri, sizeof(uri), "vpcd:127.0.0.1:%d", port);
	assert_int_equal(nfc_reader_open(uri, &r), -EADDRINUSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(vpcd_card_powers_up_and_answers_apdus, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(vpcd_onsite_read_of_virtual_npa, setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_card_removed_mid_read_then_next_card_reads,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_zero_length_prefix_is_protocol_error, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(vpcd_length_prefix_beyond_buffer_is_protocol_error,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_truncated_message_is_card_removal, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(vpcd_response_without_status_word_is_protocol_error,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_silent_card_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_wait_card_times_out_without_card, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(vpcd_rejects_malformed_uris, setup, teardown),
		cmocka_unit_test_setup_teardown(vpcd_port_in_use_fails_to_open, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
