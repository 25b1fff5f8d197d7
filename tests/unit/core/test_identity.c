#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/identity.h"

static char out[IDENTITY_NAME_MAX];

static const char *norm(const char *in)
{
	int rc = identity_normalise(in, out, sizeof(out));
	assert_true(rc > 0);
	assert_int_equal((size_t)rc, strlen(out));
	return out;
}

static void german_umlauts_become_two_letters(void **state)
{
	(void)state;
	assert_string_equal(norm("Müller-Lüdenscheidt"), "MUELLER LUEDENSCHEIDT");
	assert_string_equal(norm("GÖTZE"), "GOETZE");
	assert_string_equal(norm("Straße"), "STRASSE");
	assert_string_equal(norm("STRAẞE"), "STRASSE");
	assert_string_equal(norm("Ärger"), "AERGER");
}

static void nordic_letters_follow_icao(void **state)
{
	(void)state;
	assert_string_equal(norm("Ærø"), "AEROE");
	assert_string_equal(norm("Ångström"), "AANGSTROEM");
	assert_string_equal(norm("Þórunn"), "THORUNN");
}

static void other_accents_are_stripped(void **state)
{
	(void)state;
	assert_string_equal(norm("Łukasz"), "LUKASZ");
	assert_string_equal(norm("François"), "FRANCOIS");
	assert_string_equal(norm("José Núñez"), "JOSE NUNEZ");
	assert_string_equal(norm("Đorđević"), "DORDEVIC");
	assert_string_equal(norm("Şahin Öztürk"), "SAHIN OEZTUERK");
	assert_string_equal(norm("Ștefan Țiriac"), "STEFAN TIRIAC");
	assert_string_equal(norm("Œuvre"), "OEUVRE");
}

static void decomposed_input_equals_composed(void **state)
{
	(void)state;
	assert_string_equal(norm("Mu\xcc\x88ller"), "MUELLER"); /* u + U+0308 */
	assert_string_equal(norm("A\xcc\x8a"
	                         "se"),
	                    "AASE");                       /* A + U+030A */
	assert_string_equal(norm("Jose\xcc\x81"), "JOSE"); /* e + U+0301 */
}

static void separators_collapse_and_trim(void **state)
{
	(void)state;
	assert_string_equal(norm("O'Brien"), "O BRIEN");
	assert_string_equal(norm("O\xe2\x80\x99"
	                         "Brien"),
	                    "O BRIEN"); /* U+2019 */
	assert_string_equal(norm("ERIKA<<MUSTERMANN"), "ERIKA MUSTERMANN");
	assert_string_equal(norm("MUSTERMANN<<ERIKA<<<<<<"), "MUSTERMANN ERIKA");
	assert_string_equal(norm("  -Anna - Lena-  "), "ANNA LENA");
	assert_string_equal(norm("Anna\xc2\xa0Lena"), "ANNA LENA");     /* NBSP */
	assert_string_equal(norm("Anna\xe2\x80\x93Lena"), "ANNA LENA"); /* en dash */
	assert_string_equal(norm("St. John"), "ST JOHN");
}

static void invalid_utf8_is_rejected(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"M\xfcller",        /* Latin-1, not UTF-8 */
		"M\xc3",            /* truncated */
		"\xc0\xae",         /* overlong */
		"\xed\xa0\x80",     /* surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xe2\x80",         /* truncated three-byte */
		"\x80",             /* stray continuation byte */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(identity_normalise(bad[i], out, sizeof(out)), -EINVAL);
		assert_string_equal(out, "");
	}
}

static void non_latin_letters_are_rejected(void **state)
{
	(void)state;
	assert_int_equal(identity_normalise("Иванов", out, sizeof(out)), -EILSEQ);
	assert_int_equal(identity_normalise("Παπαδόπουλος", out, sizeof(out)), -EILSEQ);
	assert_int_equal(identity_normalise("Anna2", out, sizeof(out)), -EILSEQ);
	assert_int_equal(identity_normalise("李", out, sizeof(out)), -EILSEQ);
}

static void empty_names_and_short_buffers_fail(void **state)
{
	(void)state;
	char small[6];
	assert_int_equal(identity_normalise("", out, sizeof(out)), -EINVAL);
	assert_int_equal(identity_normalise(" - <<", out, sizeof(out)), -EINVAL);
	assert_int_equal(identity_normalise("Müller", small, sizeof(small)), -ENOSPC);
	assert_string_equal(small, "");
	assert_int_equal(identity_normalise("Maier", small, sizeof(small)), 5);
	assert_int_equal(identity_normalise(NULL, out, sizeof(out)), -EINVAL);
}

static void tag_input_joins_family_first_given_and_date(void **state)
{
	(void)state;
	char tag[IDENTITY_TAG_MAX];
	assert_int_equal(identity_tag_input("Müller-Lüdenscheidt", "Hans Jürgen", "1970-01-31", tag,
	                                    sizeof(tag)),
	                 (int)strlen("MUELLER LUEDENSCHEIDT|HANS|1970-01-31"));
	assert_string_equal(tag, "MUELLER LUEDENSCHEIDT|HANS|1970-01-31");
	/* the card's MRZ-like spelling and the portal's spelling give the same tag */
	char other[IDENTITY_TAG_MAX];
	assert_true(identity_tag_input("MUELLER<LUEDENSCHEIDT", "HANS<JUERGEN", "1970-01-31", other,
	                               sizeof(other)) > 0);
	assert_string_equal(tag, other);
}

static void tag_input_accepts_partial_dates_and_no_given_name(void **state)
{
	(void)state;
	char tag[IDENTITY_TAG_MAX];
	assert_true(identity_tag_input("Öz", "", "1961", tag, sizeof(tag)) > 0);
	assert_string_equal(tag, "OEZ||1961");
	assert_true(identity_tag_input("Öz", NULL, "1961-07", tag, sizeof(tag)) > 0);
	assert_string_equal(tag, "OEZ||1961-07");
	assert_true(identity_tag_input("Öz", "Ayşe", "2000-02-29", tag, sizeof(tag)) > 0);
	assert_string_equal(tag, "OEZ|AYSE|2000-02-29");
}

static void tag_input_rejects_bad_dates_and_names(void **state)
{
	(void)state;
	char tag[IDENTITY_TAG_MAX];
	static const char *const dates[] = { "1970-02-30", "1970-13-01", "1970-1-1", "70-01-01",
		                             "1970/01/01", "1970-00",    "",         "19a0",
		                             "2100-02-29", "1970-01-01 " };
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		assert_int_equal(identity_tag_input("Muster", "Erika", dates[i], tag, sizeof(tag)),
		                 -EINVAL);
	assert_int_equal(identity_tag_input("", "Erika", "1970-01-01", tag, sizeof(tag)), -EINVAL);
	assert_int_equal(identity_tag_input("Muster", "Эрика", "1970-01-01", tag, sizeof(tag)),
	                 -EILSEQ);
	assert_int_equal(identity_tag_input("Muster", "Erika", "1970-01-01", tag, 10), -ENOSPC);
	assert_string_equal(tag, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(german_umlauts_become_two_letters),
		cmocka_unit_test(nordic_letters_follow_icao),
		cmocka_unit_test(other_accents_are_stripped),
		cmocka_unit_test(decomposed_input_equals_composed),
		cmocka_unit_test(separators_collapse_and_trim),
		cmocka_unit_test(invalid_utf8_is_rejected),
		cmocka_unit_test(non_latin_letters_are_rejected),
		cmocka_unit_test(empty_names_and_short_buffers_fail),
		cmocka_unit_test(tag_input_joins_family_first_given_and_date),
		cmocka_unit_test(tag_input_accepts_partial_dates_and_no_given_name),
		cmocka_unit_test(tag_input_rejects_bad_dates_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
