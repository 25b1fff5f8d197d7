/* phrase.c — announcement sentences. */
#include "phrase.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ui/display_state.h"

/* Each sentence is: lead, number, middle, counter, tail. */
static const struct {
	const char *lang, *lead, *middle, *tail;
} phrases[] = {
	{ "de", "Nummer ", ", bitte zu ", "" },
	{ "en", "Number ", ", please go to ", "" },
	{ "tr", "Numara ", ", lütfen ", "" },
	{ "fr", "Numéro ", ", veuillez vous rendre à ", "" },
};

int announce_phrase(const char *lang, const char *number, const char *counter_label, char *out,
                    size_t outlen)
{
	char spoken[32];

	display_spoken_number(number, spoken, sizeof(spoken));
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++) {
		if (strcmp(phrases[i].lang, lang))
			continue;
		int n = snprintf(out, outlen, "%s%s%s%s%s", phrases[i].lead, spoken,
		                 phrases[i].middle, counter_label, phrases[i].tail);
		return n < 0 || (size_t)n >= outlen ? -ENOSPC : 0;
	}
	return -ENOTSUP;
}
