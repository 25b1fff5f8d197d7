/* The visual order of Arabic sentences with an embedded Latin ticket number: the number stays
 * "A 42", one left-to-right run, placed where a reader of Arabic expects it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/bidi.h"

static struct ui_bidi_run R[UI_BIDI_RUNS_MAX];
static char text[UI_BIDI_RUNS_MAX][512];

/* The runs of s in visual order (left to right), their text into text[]. */
static int runs(const char *s, bool rtl)
{
	if (!ui_bidi_available())
		skip(); /* built without FriBidi: lines are drawn in logical order */
	int n = ui_bidi_visual_runs(s, rtl, R, UI_BIDI_RUNS_MAX);
	for (int i = 0; i < n; i++) {
		memcpy(text[i], s + R[i].start, R[i].len);
		text[i][R[i].len] = 0;
	}
	return n;
}

static void number_inside_arabic_sentence_stays_left_to_right(void **state)
{
	(void)state;
	/* "your number is A 42, please wait" */
	assert_int_equal(runs("رقمك هو A 42، يرجى الانتظار", true), 3);
	/* the sentence reads from the right: its end is drawn leftmost */
	assert_string_equal(text[0], "، يرجى الانتظار");
	assert_true(R[0].level & 1);
	/* the number is one run, in its own order, shaped left to right */
	assert_string_equal(text[1], "A 42");
	assert_false(R[1].level & 1);
	/* the sentence's beginning is drawn rightmost */
	assert_string_equal(text[2], "رقمك هو ");
	assert_true(R[2].level & 1);
}

static void number_at_the_start_of_arabic_sentence_is_rightmost(void **state)
{
	(void)state;
	/* "A 42 is your number" */
	assert_int_equal(runs("A 42 هو رقمك", true), 2);
	assert_string_equal(text[0], " هو رقمك");
	assert_true(R[0].level & 1);
	assert_string_equal(text[1], "A 42");
	assert_false(R[1].level & 1);
}

static void number_at_the_end_of_arabic_sentence_is_leftmost(void **state)
{
	(void)state;
	/* "your number: A 042" as the result screen would say it in one line */
	assert_int_equal(runs("رقمك: A 042", true), 2);
	assert_string_equal(text[0], "A 042");
	assert_false(R[0].level & 1);
	assert_string_equal(text[1], "رقمك: ");
	assert_true(R[1].level & 1);
	/* the catalog's "People ahead of you: %d" with a count */
	assert_int_equal(runs("عدد من قبلك: 12، وقت الانتظار المتوقع: حوالي 35 دقيقة", true), 5);
	assert_string_equal(text[0], " دقيقة");
	assert_string_equal(text[1], "35");
	assert_false(R[1].level & 1);
	assert_string_equal(text[2], "، وقت الانتظار المتوقع: حوالي ");
	assert_string_equal(text[3], "12");
	assert_false(R[3].level & 1);
	assert_string_equal(text[4], "عدد من قبلك: ");
}

static void number_alone_and_latin_lines_are_one_run(void **state)
{
	(void)state;
	/* the number's own box on an Arabic screen */
	assert_int_equal(runs("A 042", true), 1);
	assert_string_equal(text[0], "A 042");
	assert_false(R[0].level & 1);
	/* German and Cyrillic lines: one left-to-right run */
	assert_int_equal(runs("Ihre Nummer: A 42", false), 1);
	assert_int_equal(R[0].level, 0);
	assert_int_equal(runs("Ваш номер: A 42", false), 1);
	assert_int_equal(R[0].level, 0);
	/* a line of Arabic alone takes its direction from its first letter */
	assert_int_equal(runs("رقمك: A 42", false), 2);
	assert_string_equal(text[0], "A 42");
	assert_string_equal(text[1], "رقمك: ");
	assert_int_equal(runs("", true), 0);
}

static void too_many_runs_are_refused(void **state)
{
	(void)state;
	char s[1024] = "";
	for (int i = 0; i < 40; i++)
		strcat(s, "ب A ");
	struct ui_bidi_run few[4];
	runs("", true); /* skips without FriBidi */
	assert_true(ui_bidi_visual_runs(s, true, few, 4) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_inside_arabic_sentence_stays_left_to_right),
		cmocka_unit_test(number_at_the_start_of_arabic_sentence_is_rightmost),
		cmocka_unit_test(number_at_the_end_of_arabic_sentence_is_leftmost),
		cmocka_unit_test(number_alone_and_latin_lines_are_one_run),
		cmocka_unit_test(too_many_runs_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
