/* The libnfc: reader backend through libnfc's own pn532_uart driver, against the PN532
 * emulator on a pseudo-terminal: type A and B cards, full reads, frame limits, the card leaving,
 * garbage frames, silence, the reader unplugged and plugged back. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nfc_test.h"
#include "pn532_emu.h"

static struct pn532_emu_opts opts;
static struct pn532_emu *emu;
static pthread_t thread;
static struct nfc_reader *reader;
static char dir[64], link_path[128];

static void *emu_main(void *arg)
{
	pn532_emu_run(arg);
	return NULL;
}

/* Starts the emulator with the options set so far and opens the reader on it. */
static void start(void)
{
	char uri[256];

	opts.link = link_path;
	opts.quiet = 1;
	opts.card.kind = SIM_CARD_NPA;
	opts.card.pki_dir = nfc_test_pki("");
	emu = pn532_emu_new(&opts);
	assert_non_null(emu);
	assert_int_equal(pthread_create(&thread, NULL, emu_main, emu), 0);
	snprintf(uri, sizeof(uri), "libnfc:pn532_uart:%s", pn532_emu_path(emu));
	assert_int_equal(nfc_reader_open(uri, &reader), 0);
}

static int setup(void **state)
{
	(void)state;
	memset(&opts, 0, sizeof(opts));
	snprintf(dir, sizeof(dir), "/tmp/civiq-pn532-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(link_path, sizeof(link_path), "%s/pn532", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nfc_reader_close(reader);
	reader = NULL;
	if (emu) {
		pn532_emu_stop(emu);
		pthread_join(thread, NULL);
		pn532_emu_free(emu);
		emu = NULL;
	}
	rmdir(dir);
	return 0;
}

static int select_card_access(void)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1C };
	uint8_t resp[300];
	size_t n = sizeof(resp);
	int rc = nfc_transceive(reader, select, sizeof(select), resp, &n, 1000);

	if (rc == 0 && (n != 2 || resp[0] != 0x90))
		return -EPROTO;
	return rc;
}

static int read_binary(const uint8_t *cmd, size_t len, uint8_t *resp, size_t *n)
{
	*n = 1024;
	return nfc_transceive(reader, cmd, len, resp, n, 1000);
}

static void onsite_read(void)
{
	struct pn532_emu_stats st;
	struct eid_identity id;

	assert_int_equal(nfc_test_onsite_read(reader, &id), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	assert_int_equal(id.source, EID_SOURCE_EID);
	assert_true(id.verified);
	eid_identity_wipe(&id);
	pn532_emu_get_stats(emu, &st);
	assert_true(st.apdus > 10);
	assert_true(st.max_data_in <= 262);
	assert_true(st.max_data_out <= 262);
}

static void libnfc_onsite_read_of_type_a_npa(void **state)
{
	(void)state;
	start();
	onsite_read();
}

static void libnfc_onsite_read_of_type_b_npa(void **state)
{
	(void)state;
	opts.type_b = 1;
	start();
	onsite_read();
}

static void libnfc_reports_uid_and_historical_bytes(void **state)
{
	static const uint8_t hist[] = {
		0x80, 0x31, 0x80, 0x65, 0xB0, 0x85, 0x03, 0x00, 0xEF, 0x12
	};
	struct nfc_card_info info;
	(void)state;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(info.uid_len, 4);
	assert_memory_equal(info.uid, "\x08\x12\x34\x56", 4);
	assert_int_equal(info.atr_len, sizeof(hist));
	assert_memory_equal(info.atr, hist, sizeof(hist));
	assert_int_equal(nfc_card_present(reader), 1);
}

static void libnfc_extended_read_binary_goes_as_short_reads(void **state)
{
	static const uint8_t ext[] = { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x04, 0x00 };
	static const uint8_t shrt[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
	uint8_t a[1024], b[1024];
	struct pn532_emu_stats st;
	struct nfc_card_info info;
	size_t na, nb;
	(void)state;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(select_card_access(), 0);
	assert_int_equal(read_binary(ext, sizeof(ext), a, &na), 0);
	pn532_emu_get_stats(emu, &st);
	assert_int_equal(st.max_data_in, 7); /* the SELECT; the read went with a 1-byte Le */
	assert_int_equal(read_binary(shrt, sizeof(shrt), b, &nb), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_int_equal(a[0], 0x31);
}

static void libnfc_command_longer_than_a_frame_is_refused(void **state)
{
	uint8_t cmd[300] = { 0x00, 0xD6, 0x00, 0x00, 0x00, 0x01, 0x20 }, resp[300];
	struct nfc_card_info info;
	size_t n = sizeof(resp);
	(void)state;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(nfc_transceive(reader, cmd, sizeof(cmd), resp, &n, 1000), -EMSGSIZE);
	assert_int_equal(select_card_access(), 0); /* and the reader carries on */
}

static void libnfc_card_removed_mid_read_then_next_card_reads(void **state)
{
	struct eid_identity id;
	(void)state;
	opts.remove_after = 12;
	opts.return_ms = 300;
	start();
	assert_int_equal(nfc_test_onsite_read(reader, &id), -ENOMEDIUM);
	assert_int_equal(nfc_card_present(reader), 0);
	assert_int_equal(nfc_test_onsite_read(reader, &id), 0);
	assert_string_equal(id.family_name, "MUSTERMANN");
	eid_identity_wipe(&id);
}

static void libnfc_garbage_frame_is_protocol_error(void **state)
{
	struct nfc_card_info info;
	(void)state;
	opts.garbage_after = 1;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(select_card_access(), 0);
	assert_int_equal(select_card_access(), -EPROTO);
	assert_int_equal(select_card_access(), 0);
}

static void libnfc_silent_reader_times_out(void **state)
{
	static const uint8_t read[] = { 0x00, 0xB0, 0x00, 0x00, 0x04 };
	struct nfc_card_info info;
	uint8_t resp[300];
	size_t n = sizeof(resp);
	(void)state;
	opts.silent_after = 1;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(select_card_access(), 0);
	assert_int_equal(nfc_transceive(reader, read, sizeof(read), resp, &n, 300), -ETIMEDOUT);
	assert_int_equal(select_card_access(), 0);
}

static void libnfc_unplugged_reader_is_reported_then_recovers(void **state)
{
	struct nfc_card_info info;
	(void)state;
	opts.unplug_after = 1;
	opts.replug_ms = 300;
	start();
	assert_int_equal(nfc_wait_card(reader, 2000, &info), 0);
	assert_int_equal(select_card_access(), 0);
	assert_int_equal(select_card_access(), -ENODEV);
	assert_int_equal(nfc_wait_card(reader, 5000, &info), 0);
	assert_int_equal(select_card_access(), 0);
}

static void libnfc_empty_field_times_out(void **state)
{
	struct nfc_card_info info;
	(void)state;
	opts.absent = 1;
	start();
	assert_int_equal(nfc_wait_card(reader, 200, &info), -ETIMEDOUT);
	assert_int_equal(nfc_card_present(reader), 0);
}

static void libnfc_missing_reader_fails_to_open(void **state)
{
	struct nfc_reader *r = NULL;
	(void)state;
	assert_int_equal(nfc_reader_open("libnfc:pn532_uart:/nonexistent/tty", &r), -ENODEV);
	assert_int_equal(nfc_reader_open("libnfc:pn532_uart:/dev/null?timeout_ms=x", &r), -EINVAL);
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(libnfc_onsite_read_of_type_a_npa, setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_onsite_read_of_type_b_npa, setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_reports_uid_and_historical_bytes, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(libnfc_extended_read_binary_goes_as_short_reads,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_command_longer_than_a_frame_is_refused,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_card_removed_mid_read_then_next_card_reads,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_garbage_frame_is_protocol_error, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(libnfc_silent_reader_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_unplugged_reader_is_reported_then_recovers,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_empty_field_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(libnfc_missing_reader_fails_to_open, setup,
		                                teardown),
	};
	setenv("LIBNFC_AUTO_SCAN", "false", 1);
	setenv("LIBNFC_INTRUSIVE_SCAN", "false", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
