#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escpos.h"
#include "ticket_layout.h"

static const struct ticket_print sample = {
	.office = "Bürgerbüro Mitte",
	.label = "A 042",
	.service = "Meldewesen",
	.when = "12.03.2027 09:41",
	.people_ahead = 3,
	.qr_url = "https://termine.example.de/t/Xk3f9Q",
	.footer = "Bitte achten Sie auf den Aufruf.",
};

static int contains(const struct escpos_buf *b, const void *needle, size_t n)
{
	if (n > b->len)
		return 0;
	for (size_t i = 0; i + n <= b->len; i++) {
		if (memcmp(b->data + i, needle, n) == 0)
			return 1;
	}
	return 0;
}

#define HAS(b, s) contains((b), (s), sizeof(s) - 1)

static void ticket_has_number_large_and_every_field(void **state)
{
	(void)state;
	struct escpos_buf b;
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, &sample), 0);
	/* starts with init and PC858, ends with a partial cut */
	assert_memory_equal(b.data, "\x1b@\x1bt\x13", 5);
	assert_memory_equal(b.data + b.len - 4, "\x1dV\x42\x60", 4);
	/* the number at 4x4, right before it */
	assert_true(HAS(&b, "\x1d!\x33"
	                    "A 042\n"));
	assert_true(HAS(&b, "B\x81rgerb\x81ro Mitte\n"));
	assert_true(HAS(&b, "Meldewesen\n"));
	assert_true(HAS(&b, "12.03.2027 09:41\n"));
	assert_true(HAS(&b, "Vor Ihnen: 3\n"));
	assert_true(HAS(&b, "\x1d(k\x26\x00\x31\x50\x30https://termine.example.de/t/Xk3f9Q"));
	assert_true(HAS(&b, "Bitte achten Sie auf den Aufruf.\n"));
	escpos_buf_free(&b);
}

static void offline_ticket_says_wait_unknown(void **state)
{
	(void)state;
	struct ticket_print t = sample;
	t.people_ahead = -1;
	t.qr_url = NULL;
	struct escpos_buf b;
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, &t), 0);
	assert_true(HAS(&b, "Wartezeit zurzeit nicht verf\x81gbar\n"));
	assert_false(HAS(&b, "Vor Ihnen"));
	assert_false(HAS(&b, "\x1d(k"));
	escpos_buf_free(&b);
}

static void long_lines_break_at_spaces_for_the_paper(void **state)
{
	(void)state;
	struct ticket_print t = sample;
	t.width_dots = 384; /* 32 characters a line */
	t.people_ahead = -1;
	t.footer = "Bitte halten Sie diesen Zettel bereit, bis Ihre Nummer aufgerufen wird.";
	struct escpos_buf b;
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, &t), 0);
	assert_true(HAS(&b, "Wartezeit zurzeit nicht\nverf\x81gbar\n"));
	assert_true(
	    HAS(&b, "Bitte halten Sie diesen Zettel\nbereit, bis Ihre Nummer\naufgerufen wird.\n"));
	escpos_buf_free(&b);
}

static void translated_texts_replace_the_defaults(void **state)
{
	(void)state;
	struct ticket_print t = sample;
	t.heading = "Your number";
	t.ahead_format = "%d people ahead (100%%)";
	struct escpos_buf b;
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, &t), 0);
	assert_true(HAS(&b, "Your number\n"));
	assert_true(HAS(&b, "3 people ahead (100%)\n"));
	escpos_buf_free(&b);
}

static void raster_qr_replaces_native_qr(void **state)
{
	(void)state;
	struct ticket_print t = sample;
	t.raster_qr = true;
	struct escpos_buf b;
	escpos_buf_init(&b);
	int rc = ticket_layout_build(&b, &t);
	if (rc == -ENOTSUP) {
		escpos_buf_free(&b);
		skip();
	}
	assert_int_equal(rc, 0);
	assert_false(HAS(&b, "\x1d(k"));
	assert_true(HAS(&b, "\x1dv0\x00"));
	escpos_buf_free(&b);
}

static void bad_formats_and_missing_number_are_refused(void **state)
{
	(void)state;
	struct escpos_buf b;
	struct ticket_print t = sample;
	t.ahead_format = "%s ahead";
	escpos_buf_init(&b);
	assert_int_equal(ticket_layout_build(&b, &t), -EINVAL);
	t.ahead_format = "%d and %d";
	assert_int_equal(ticket_layout_build(&b, &t), -EINVAL);
	t.ahead_format = "no number";
	assert_int_equal(ticket_layout_build(&b, &t), -EINVAL);
	t = sample;
	t.label = "";
	assert_int_equal(ticket_layout_build(&b, &t), -EINVAL);
	escpos_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ticket_has_number_large_and_every_field),
		cmocka_unit_test(offline_ticket_says_wait_unknown),
		cmocka_unit_test(long_lines_break_at_spaces_for_the_paper),
		cmocka_unit_test(translated_texts_replace_the_defaults),
		cmocka_unit_test(raster_qr_replaces_native_qr),
		cmocka_unit_test(bad_formats_and_missing_number_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
