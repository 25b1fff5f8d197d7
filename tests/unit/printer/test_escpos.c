#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codepage.h"
#include "escpos.h"

#define EXPECT(b, ...)                                              \
	do {                                                        \
		static const uint8_t want[] = { __VA_ARGS__ };      \
		assert_int_equal((b)->len, sizeof(want));           \
		assert_memory_equal((b)->data, want, sizeof(want)); \
	} while (0)

static int setup(void **state)
{
	struct escpos_buf *b = malloc(sizeof(*b));
	escpos_buf_init(b);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	escpos_buf_free(*state);
	free(*state);
	return 0;
}

/* Byte values from the Epson ESC/POS command reference, written out by hand. */
static void basic_commands_have_reference_bytes(void **state)
{
	struct escpos_buf *b = *state;
	escpos_reset(b);
	escpos_codepage(b, CODEPAGE_PC858);
	escpos_align(b, ESCPOS_ALIGN_CENTER);
	escpos_emphasis(b, true);
	escpos_size(b, 2, 2);
	escpos_size(b, 4, 1);
	escpos_feed_lines(b, 3);
	escpos_feed_dots(b, 24);
	escpos_cut(b, 96);
	escpos_cut(b, 0);
	assert_int_equal(b->err, 0);
	EXPECT(b, 0x1b, 0x40, 0x1b, 0x74, 19, 0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x1d, 0x21, 0x11, 0x1d,
	       0x21, 0x30, 0x1b, 0x64, 3, 0x1b, 0x4a, 24, 0x1d, 0x56, 66, 96, 0x1d, 0x56, 1);
}

static void german_text_is_converted_to_pc858(void **state)
{
	struct escpos_buf *b = *state;
	escpos_codepage(b, CODEPAGE_PC858);
	escpos_line(b, "Äpfel Öl Übel äöüß 5 €");
	EXPECT(b, 0x1b, 0x74, 19, 0x8e, 'p', 'f', 'e', 'l', ' ', 0x99, 'l', ' ', 0x9a, 'b', 'e',
	       'l', ' ', 0x84, 0x94, 0x81, 0xe1, ' ', '5', ' ', 0xd5, '\n');
}

static void unknown_characters_become_question_marks(void **state)
{
	(void)state;
	char out[64];
	/* Cyrillic, Arabic, an emoji, then invalid UTF-8 (lone continuation, truncated). */
	size_t n = escpos_convert(CODEPAGE_PC858, "Жا😀\x80\xc3", out, sizeof(out));
	assert_int_equal(n, 5);
	assert_string_equal(out, "?????");
	/* Typographic quotes and dashes print as their plain look-alikes. */
	escpos_convert(CODEPAGE_PC858, "„Zeit“ – jetzt", out, sizeof(out));
	assert_string_equal(out, "\"Zeit\" - jetzt");
	/* The same euro sign is 0x80 in WPC1252 and missing from PC437. */
	escpos_convert(CODEPAGE_WPC1252, "€", out, sizeof(out));
	assert_string_equal(out, "\x80");
	escpos_convert(CODEPAGE_PC437, "€ß", out, sizeof(out));
	assert_string_equal(out, "?\xe1");
}

static void control_characters_cannot_inject_commands(void **state)
{
	struct escpos_buf *b = *state;
	escpos_text(b, "A\x1b@B\x1dV\x01\tC\r\n");
	EXPECT(b, 'A', '@', 'B', 'V', 'C', '\n');
}

static void native_qr_uses_gs_k_function_sequence(void **state)
{
	struct escpos_buf *b = *state;
	escpos_qr(b, "https://q/t/1", 13, 6, ESCPOS_QR_EC_M);
	assert_int_equal(b->err, 0);
	EXPECT(b, 0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0, /* fn 65: model 2 */
	       0x1d, 0x28, 0x6b, 3, 0, 49, 67, 6,        /* fn 67: module 6 */
	       0x1d, 0x28, 0x6b, 3, 0, 49, 69, 49,       /* fn 69: level M */
	       0x1d, 0x28, 0x6b, 16, 0, 49, 80, 48,      /* fn 80: store, k + 3 */
	       'h', 't', 't', 'p', 's', ':', '/', '/', 'q', '/', 't', '/', '1', /* data */
	       0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48);                             /* fn 81: print */
}

static void raster_image_header_and_data(void **state)
{
	struct escpos_buf *b = *state;
	const uint8_t bits[] = { 0xf0, 0x0f, 0xaa, 0x55 };
	escpos_raster(b, bits, 2, 2);
	EXPECT(b, 0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0xf0, 0x0f, 0xaa, 0x55);
}

static void raster_qr_is_a_square_gs_v_0_image(void **state)
{
	struct escpos_buf *b = *state;
	int rc = escpos_qr_raster(b, "https://example.org/t/abc", 4, ESCPOS_QR_EC_M);
	if (rc == -ENOTSUP)
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(b->data[0], 0x1d);
	assert_int_equal(b->data[1], 'v');
	assert_int_equal(b->data[2], '0');
	int wb = b->data[4] | b->data[5] << 8;
	int h = b->data[6] | b->data[7] << 8;
	/* Version 2 (25 modules) at 4 dots: 100 dots square, 13 bytes a row. */
	assert_int_equal(h, 100);
	assert_int_equal(wb, 13);
	assert_int_equal(b->len, 8 + (size_t)wb * (size_t)h);
	/* The top-left finder pattern: first row starts with 7 modules = 28 dots of ink. */
	assert_int_equal(b->data[8], 0xff);
	assert_int_equal(b->data[9], 0xff);
	assert_int_equal(b->data[10], 0xff);
	assert_int_equal(b->data[11] & 0xf0, 0xf0);
}

static void bad_arguments_are_refused_and_sticky(void **state)
{
	struct escpos_buf *b = *state;
	assert_int_equal(escpos_size(b, 9, 1), -EINVAL);
	assert_int_equal(b->err, -EINVAL);
	/* Once failed, the buffer takes nothing more. */
	assert_int_equal(escpos_reset(b), -EINVAL);
	assert_int_equal(b->len, 0);
	struct escpos_buf c;
	escpos_buf_init(&c);
	assert_int_equal(escpos_codepage(&c, 99), -EINVAL);
	escpos_buf_init(&c);
	assert_int_equal(escpos_qr(&c, "x", 1, 17, ESCPOS_QR_EC_M), -EINVAL);
	escpos_buf_init(&c);
	assert_int_equal(escpos_cut(&c, 300), -EINVAL);
	escpos_buf_free(&c);
	escpos_buf_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(basic_commands_have_reference_bytes, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(german_text_is_converted_to_pc858, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_characters_become_question_marks, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(control_characters_cannot_inject_commands, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(native_qr_uses_gs_k_function_sequence, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(raster_image_header_and_data, setup, teardown),
		cmocka_unit_test_setup_teardown(raster_qr_is_a_square_gs_v_0_image, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(bad_arguments_are_refused_and_sticky, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
