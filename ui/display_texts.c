/* display_texts.c — the display's words. */
#include "display_texts.h"

#include <stdio.h>
#include <string.h>

static const struct display_texts all[] = {
	{ "de", "Aufruf", "Nummer", "Platz / Raum", "Wartende", "Bitte warten Sie auf Ihren Aufruf",
	  "Verbindung unterbrochen", "Das Bürgerbüro ist geschlossen.", "Wartezeit", "unter 5 Min.",
	  "ca. ", " Min.", "über 3 Std." },
	{ "en", "Now calling", "Number", "Desk / Room", "Waiting", "Please wait for your number",
	  "Connection lost", "The office is closed.", "Wait", "under 5 min", "approx. ", " min",
	  "over 3 h" },
	{ "tr", "Çağrı", "Numara", "Masa / Oda", "Bekleyenler",
	  "Lütfen numaranızın çağrılmasını bekleyin", "Bağlantı kesildi", "Ofis kapalıdır.",
	  "Bekleme süresi", "5 dk'dan az", "yaklaşık ", " dk", "3 saatten fazla" },
	{ "fr", "Appel", "Numéro", "Guichet / Salle", "En attente", "Veuillez attendre votre appel",
	  "Connexion interrompue", "Le bureau est fermé.", "Attente", "moins de 5 min", "env. ",
	  " min", "plus de 3 h" },
};

const struct display_texts *display_texts_get(const char *lang, bool *found)
{
	for (size_t i = 0; lang && i < sizeof(all) / sizeof(all[0]); i++) {
		if (!strcmp(all[i].lang, lang)) {
			if (found)
				*found = true;
			return &all[i];
		}
	}
	if (found)
		*found = false;
	return &all[0];
}

void display_format_wait(const struct display_texts *t, int wait_s, char *out, size_t outlen)
{
	if (!outlen)
		return;
	if (wait_s < 0)
		out[0] = '\0';
	else if (wait_s < 5 * 60)
		snprintf(out, outlen, "%s", t->wait_short);
	else if (wait_s >= 3 * 3600)
		snprintf(out, outlen, "%s", t->wait_long);
	else
		snprintf(out, outlen, "%s%d%s", t->wait_about, (wait_s + 150) / 300 * 5,
		         t->wait_unit);
}
