/* kiosk_print.h — the waiting ticket the kiosk prints for a flow result.
 *
 * Language: the printer's code page is PC858 (hal/printer/codepage.h), which holds German and
 * English text but not Turkish ı ş ğ, Cyrillic or Arabic. Tickets therefore print in German
 * when German was chosen and in English for every other language; the number, the part that
 * matters, is the same in every script. (A raster line of shaped text would be possible but
 * costs paper-feed time at every ticket; docs/kiosk.md records the decision.)
 */
#ifndef CIVIQ_KIOSK_PRINT_H
#define CIVIQ_KIOSK_PRINT_H

#include <stdbool.h>
#include <time.h>

#include "kiosk/kiosk_flow.h"

struct printer;

struct kiosk_print_options {
	const char *office;  /* office name on top */
	const char *qr_base; /* public status page base ("https://.../t/"); NULL or "": no QR */
	int width_dots;      /* 576 (80 mm) or 384 (58 mm); 0: 576 */
	bool raster_qr;      /* the printer lacks native QR codes */
};

/* The language a ticket is printed in for the citizen's language. */
enum kiosk_lang kiosk_print_lang(enum kiosk_lang chosen);

/* Builds the ticket and sends it. 0; -ENOSPC paper out / cover open (checked before
 * printing where the printer can tell), or the printer's error. */
int kiosk_print_ticket(struct printer *p, const struct kiosk_print_options *o,
                       const struct kiosk_ticket *t, const struct kiosk_service *service,
                       enum kiosk_lang chosen, time_t now);

#endif
