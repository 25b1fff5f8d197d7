/* APDU encoding and exchange, BER-TLV, MRZ and data-group decoding. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eid/apdu.h"
#include "eid/datagroups.h"
#include "eid/mrz.h"
#include "eid/tlv.h"
#include "eid_test.h"
#include "hal/nfc.h"

static void short_and_extended_apdus_encode_and_decode(void **state)
{
	(void)state;
	uint8_t data[300] = { 1, 2, 3 }, out[400];
	size_t n;
	struct apdu d;
	struct apdu a = { .cla = 0, .ins = 0xB0, .p1 = 0x81, .p2 = 0, .le = 256 };
	assert_int_equal(apdu_encode(&a, out, sizeof(out), &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(out[4], 0x00);
	struct apdu b = { .cla = 0, .ins = 0xA4, .p1 = 2, .p2 = 0xC, .data = data, .lc = 3 };
	assert_int_equal(apdu_encode(&b, out, sizeof(out), &n), 0);
	assert_int_equal(n, 8);
	assert_int_equal(apdu_decode(out, n, &d), 0);
	assert_int_equal(d.lc, 3);
	assert_int_equal(d.le, 0);
	struct apdu c = { .cla = 0, .ins = 0x2A, .data = data, .lc = 300, .le = 65536 };
	assert_int_equal(apdu_encode(&c, out, sizeof(out), &n), 0);
	assert_int_equal(n, 4 + 3 + 300 + 2);
	assert_int_equal(out[4], 0);
	assert_int_equal(out[5], 0x01);
	assert_int_equal(out[6], 0x2C);
	assert_int_equal(apdu_decode(out, n, &d), 0);
	assert_int_equal(d.lc, 300);
	assert_int_equal(d.le, 65536);
	assert_int_equal(apdu_decode(out, n - 1, &d), -EBADMSG);
	assert_int_equal(apdu_encode(&c, out, 100, &n), -ENOBUFS);
}

static void status_words_map_to_text_and_errno(void **state)
{
	(void)state;
	assert_string_equal(apdu_sw_text(0x6982), "security status not satisfied");
	assert_int_equal(apdu_sw_errno(0x6982), -EPERM);
	assert_int_equal(apdu_sw_errno(0x63C2), -EACCES);
	assert_int_equal(apdu_sw_errno(0x9000), 0);
	assert_int_equal(apdu_sw_errno(0x6A82), -ENOENT);
	assert_int_equal(apdu_sw_errno(0x6988), -EBADMSG);
	assert_string_equal(apdu_sw_text(0x1234), "unknown status word");
}

/* A scripted reader: answers 61xx then the rest, or 6Cxx then the data. */
static int script_step;
static uint8_t last_cmd[16];
static int script_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                             size_t *resp_len, int timeout_ms)
{
	(void)r;
	(void)timeout_ms;
	memcpy(last_cmd, apdu, len < 16 ? len : 16);
	static const uint8_t part1[] = { 0xAA, 0xBB, 0x61, 0x02 },
	                     part2[] = { 0xCC, 0xDD, 0x90, 0x00 };
	static const uint8_t wrong_le[] = { 0x6C, 0x03 }, data[] = { 1, 2, 3, 0x90, 0x00 };
	const uint8_t *src;
	size_t n;
	switch (script_step++) {
	case 0:
		src = part1, n = sizeof(part1);
		break;
	case 1:
		src = part2, n = sizeof(part2);
		break;
	case 2:
		src = wrong_le, n = sizeof(wrong_le);
		break;
	default:
		src = data, n = sizeof(data);
		break;
	}
	memcpy(resp, src, n);
	*resp_len = n;
	return 0;
}

static void get_response_and_wrong_le_are_followed(void **state)
{
	(void)state;
	static const struct nfc_reader_ops ops = { .transceive = script_transceive };
	struct nfc_reader r = { .ops = &ops };
	uint8_t cmd[5] = { 0, 0xB0, 0, 0, 0 }, resp[64];
	size_t n;
	uint16_t sw;
	script_step = 0;
	assert_int_equal(apdu_exchange(&r, cmd, 5, resp, sizeof(resp), &n, &sw, 100), 0);
	assert_int_equal(sw, 0x9000);
	assert_int_equal(n, 4);
	assert_memory_equal(resp, "\xAA\xBB\xCC\xDD", 4);
	assert_int_equal(apdu_exchange(&r, cmd, 5, resp, sizeof(resp), &n, &sw, 100), 0);
	assert_int_equal(last_cmd[4], 3); /* resent with Le = 3 */
	assert_int_equal(n, 3);
	assert_int_equal(sw, 0x9000);
}

static void tlv_reads_nested_and_rejects_truncation(void **state)
{
	(void)state;
	uint8_t b[] = { 0x7F, 0x49, 0x81, 0x03, 0x86, 0x01, 0x04, 0x5F, 0x20, 0x00 };
	struct tlv t, in;
	const uint8_t *p = b;
	assert_int_equal(tlv_next(&p, b + sizeof(b), &t), 0);
	assert_int_equal(t.tag, 0x7F49);
	assert_int_equal(t.len, 3);
	assert_int_equal(tlv_find(t.val, t.len, 0x86, &in), 0);
	assert_int_equal(in.val[0], 0x04);
	assert_int_equal(tlv_next(&p, b + sizeof(b), &t), 0);
	assert_int_equal(t.tag, 0x5F20);
	assert_int_equal(t.len, 0);
	assert_int_equal(tlv_next(&p, b + sizeof(b), &t), -ENOENT);
	assert_int_equal(tlv_parse_one(b, 6, &t), -EBADMSG);
	uint8_t huge[] = { 0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF };
	assert_int_equal(tlv_parse_one(huge, sizeof(huge), &t), -EBADMSG);
	size_t total;
	assert_int_equal(tlv_total_len(b, 3, &total), -EAGAIN);
	assert_int_equal(tlv_total_len(b, 4, &total), 0);
	assert_int_equal(total, 7);
}

static void tlv_writer_encodes_lengths_and_stops_on_overflow(void **state)
{
	(void)state;
	uint8_t out[300], v[200] = { 0 };
	struct tlv_buf b;
	tlv_buf_init(&b, out, sizeof(out));
	tlv_put(&b, 0x7F4C, v, 200);
	assert_int_equal(b.err, 0);
	assert_memory_equal(out, "\x7F\x4C\x81\xC8", 4);
	tlv_put(&b, 0x04, v, 200);
	assert_int_equal(b.err, -ENOBUFS);
}

static void td1_specimen_parses_with_all_check_digits(void **state)
{
	(void)state;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	assert_int_equal(mrz_parse("IDD<<T220001293<<<<<<<<<<<<<<<\n"
	                           "6408125F3108310D<<<<<<<<<<<<<2\n"
	                           "MUSTERMANN<<ERIKA<<<<<<<<<<<<<\n",
	                           &m, err, sizeof(err)),
	                 0);
	assert_int_equal(m.format, MRZ_TD1);
	assert_string_equal(m.document_code, "ID");
	assert_string_equal(m.issuer, "D");
	assert_string_equal(m.document_number, "T22000129");
	assert_string_equal(m.family_name, "MUSTERMANN");
	assert_string_equal(m.given_names, "ERIKA");
	assert_memory_equal(m.birth_date, "640812", 6);
	char iso[11];
	mrz_date_iso(m.birth_date, 1, iso);
	assert_string_equal(iso, "1964-08-12");
}

static void td3_icao_specimen_parses(void **state)
{
	(void)state;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	assert_int_equal(mrz_parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
	                           "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n",
	                           &m, err, sizeof(err)),
	                 0);
	assert_int_equal(m.format, MRZ_TD3);
	assert_string_equal(m.family_name, "ERIKSSON");
	assert_string_equal(m.given_names, "ANNA MARIA");
	assert_string_equal(m.document_number, "L898902C3");
	char info[25];
	assert_int_equal(mrz_bac_info(&m, info), 0);
	assert_string_equal(info, "L898902C3674081221204159");
}

static void td2_parses(void **state)
{
	(void)state;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	assert_int_equal(mrz_parse("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
	                           "D231458907UTO7408122F1204159<<<<<<<6\n",
	                           &m, err, sizeof(err)),
	                 0);
	assert_int_equal(m.format, MRZ_TD2);
	assert_string_equal(m.document_number, "D23145890");
}

static void each_wrong_check_digit_is_named(void **state)
{
	(void)state;
	struct mrz m;
	char err[MRZ_ERR_MAX];
	static const struct {
		const char *l2, *what;
	} cases[] = {
		{ "L898902C35UTO7408122F1204159ZE184226B<<<<<10", "document number" },
		{ "L898902C36UTO7408123F1204159ZE184226B<<<<<10", "date of birth" },
		{ "L898902C36UTO7408122F1204158ZE184226B<<<<<10", "date of expiry" },
		{ "L898902C36UTO7408122F1204159ZE184226B<<<<<20", "personal number" },
		{ "L898902C36UTO7408122F1204159ZE184226B<<<<<11", "composite" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[120];
		snprintf(text, sizeof(text), "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n%s",
		         cases[i].l2);
		assert_int_equal(mrz_parse(text, &m, err, sizeof(err)), -EINVAL);
		if (!strstr(err, cases[i].what))
			fail_msg("'%s' does not name '%s'", err, cases[i].what);
	}
	assert_int_equal(mrz_parse("P<UTO\nshort", &m, err, sizeof(err)), -EINVAL);
	assert_int_equal(mrz_check_digit("L898902C3", 9), 6);
}

static void dg_text_and_dates_decode_including_partial(void **state)
{
	(void)state;
	uint8_t dg4[] = { 0x64, 0x07, 0x0C, 0x05, 'E', 'R', 'I', 'K', 'A' };
	char out[32], iso[11];
	struct eid_date d;
	assert_int_equal(dg_decode_text(dg4, sizeof(dg4), 4, out, sizeof(out)), 0);
	assert_string_equal(out, "ERIKA");
	assert_int_equal(dg_decode_text(dg4, sizeof(dg4), 5, out, sizeof(out)), -EBADMSG);
	assert_int_equal(dg_decode_text(dg4, sizeof(dg4), 4, out, 5), -ENOBUFS);
	uint8_t utf8[] = { 0x65, 0x07, 0x0C, 0x05, 'K', 0xC3, 0xB6, 'L', 'N' };
	assert_int_equal(dg_decode_text(utf8, sizeof(utf8), 5, out, sizeof(out)), 0);
	assert_string_equal(out, "K\xC3\xB6LN");
	utf8[5] = 0xC3, utf8[6] = 0x20; /* broken UTF-8 */
	assert_int_equal(dg_decode_text(utf8, sizeof(utf8), 5, out, sizeof(out)), -EBADMSG);
	uint8_t dg8[] = { 0x68, 0x0A, 0x12, 0x08, '1', '9', '6', '4', '0', '8', '1', '2' };
	assert_int_equal(dg_decode_date(dg8, sizeof(dg8), &d), 0);
	assert_int_equal(eid_date_format(&d, iso), 0);
	assert_string_equal(iso, "1964-08-12");
	memcpy(dg8 + 10, "  ", 2);
	assert_int_equal(dg_decode_date(dg8, sizeof(dg8), &d), 0);
	assert_int_equal(eid_date_format(&d, iso), 1);
	assert_string_equal(iso, "1964-08");
	memcpy(dg8 + 8, "<<<<", 4);
	assert_int_equal(dg_decode_date(dg8, sizeof(dg8), &d), 0);
	assert_int_equal(eid_date_format(&d, iso), 1);
	assert_string_equal(iso, "1964");
	memcpy(dg8 + 8, "1332", 4);
	assert_int_equal(dg_decode_date(dg8, sizeof(dg8), &d), -EBADMSG);
	memcpy(dg8 + 8, "  12", 4); /* a day without a month */
	assert_int_equal(dg_decode_date(dg8, sizeof(dg8), &d), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_and_extended_apdus_encode_and_decode),
		cmocka_unit_test(status_words_map_to_text_and_errno),
		cmocka_unit_test(get_response_and_wrong_le_are_followed),
		cmocka_unit_test(tlv_reads_nested_and_rejects_truncation),
		cmocka_unit_test(tlv_writer_encodes_lengths_and_stops_on_overflow),
		cmocka_unit_test(td1_specimen_parses_with_all_check_digits),
		cmocka_unit_test(td3_icao_specimen_parses),
		cmocka_unit_test(td2_parses),
		cmocka_unit_test(each_wrong_check_digit_is_named),
		cmocka_unit_test(dg_text_and_dates_decode_including_partial),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
