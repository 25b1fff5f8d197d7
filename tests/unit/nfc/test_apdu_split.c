/* Extended READ BINARY split into short reads, against a fake card with a 700-byte file. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../../hal/nfc/nfc_apdu.h"

static uint8_t file[700];
static unsigned calls;
static size_t offsets[8];

/* A card answering READ BINARY: by SFI 0x1C (P1 9C) or by offset. */
static int fake_card(void *ctx, const uint8_t *apdu, size_t len, uint8_t *resp, size_t *resp_len,
                     int timeout_ms)
{
	size_t off, le, n;
	(void)ctx;
	(void)timeout_ms;
	assert_int_equal(len, 5); /* short reads only */
	off = apdu[2] & 0x80 ? apdu[3] : (size_t)apdu[2] << 8 | apdu[3];
	if (apdu[2] & 0x80)
		assert_int_equal(apdu[2], 0x9C);
	le = apdu[4] ? apdu[4] : 256;
	if (calls < 8)
		offsets[calls] = off;
	calls++;
	n = off >= sizeof(file) ? 0 : sizeof(file) - off < le ? sizeof(file) - off : le;
	assert_true(*resp_len >= n + 2);
	memcpy(resp, file + off, n);
	resp[n] = n < le ? 0x62 : 0x90;
	resp[n + 1] = n < le ? 0x82 : 0x00;
	*resp_len = n + 2;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(file); i++)
		file[i] = (uint8_t)(i * 7);
	calls = 0;
	return 0;
}

static void extended_read_of_whole_file_joins_short_reads(void **state)
{
	static const uint8_t cmd[] = { 0x00, 0xB0, 0x9C, 0x00, 0x00, 0x00, 0x00 };
	uint8_t resp[2048];
	size_t n = sizeof(resp);
	(void)state;
	assert_true(nfc_apdu_is_extended_read(cmd, sizeof(cmd)));
	assert_int_equal(nfc_apdu_split_read(fake_card, NULL, cmd, resp, &n, 100), 0);
	assert_int_equal(n, sizeof(file) + 2);
	assert_memory_equal(resp, file, sizeof(file));
	assert_int_equal(resp[n - 2], 0x62); /* the end of the file came before Le */
	assert_int_equal(calls, 3);
	assert_int_equal(offsets[0], 0);   /* by SFI */
	assert_int_equal(offsets[1], 256); /* then by offset in the selected EF */
	assert_int_equal(offsets[2], 512);
}

static void extended_read_stops_at_le(void **state)
{
	static const uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x10, 0x00, 0x01, 0x40 };
	uint8_t resp[2048];
	size_t n = sizeof(resp);
	(void)state;
	assert_int_equal(nfc_apdu_split_read(fake_card, NULL, cmd, resp, &n, 100), 0);
	assert_int_equal(n, 0x140 + 2);
	assert_memory_equal(resp, file + 0x10, 0x140);
	assert_int_equal(resp[n - 2], 0x90);
	assert_int_equal(calls, 2);
}

static void extended_read_too_large_for_buffer_is_refused(void **state)
{
	static const uint8_t cmd[] = { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x02, 0x00 };
	uint8_t resp[300];
	size_t n = sizeof(resp);
	(void)state;
	assert_int_equal(nfc_apdu_split_read(fake_card, NULL, cmd, resp, &n, 100), -ENOBUFS);
}

static void only_plain_extended_reads_are_split(void **state)
{
	static const uint8_t sm[] = { 0x0C, 0xB0, 0x00, 0x00, 0x00, 0x04, 0x00 };
	static const uint8_t shrt[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
	static const uint8_t le256[] = { 0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x00 };
	(void)state;
	assert_false(nfc_apdu_is_extended_read(sm, sizeof(sm)));
	assert_false(nfc_apdu_is_extended_read(shrt, sizeof(shrt)));
	assert_false(nfc_apdu_is_extended_read(le256, sizeof(le256)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(extended_read_of_whole_file_joins_short_reads, setup),
		cmocka_unit_test_setup(extended_read_stops_at_le, setup),
		cmocka_unit_test_setup(extended_read_too_large_for_buffer_is_refused, setup),
		cmocka_unit_test_setup(only_plain_extended_reads_are_split, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
