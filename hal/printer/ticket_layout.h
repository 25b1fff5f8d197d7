/* ticket_layout.h — the printed waiting ticket, as an ESC/POS stream.
 *
 * A ticket carries numbers only: the office, the ticket number, the service, when it was
 * drawn, how many people are ahead and a QR code to a number-only status page. There is no
 * field for anything that names a citizen, on purpose.
 *
 * Layout (80 mm / 576 dots, 58 mm / 384 dots): office name (emphasised), a heading, the
 * number at 4x size, the service at double height, date and time, people ahead (or that the
 * wait is unknown while the hub is unreachable), the QR code, the footer, a partial cut.
 */
#ifndef CIVIQ_HAL_PRINTER_TICKET_LAYOUT_H
#define CIVIQ_HAL_PRINTER_TICKET_LAYOUT_H

#include <stdbool.h>

#include "escpos.h"

struct ticket_print {
	const char *office;  /* "Bürgerbüro Mitte" */
	const char *label;   /* "A 042" */
	const char *service; /* "Meldewesen" */
	const char *when;    /* "12.03.2027 09:41", formatted by the caller */
	int people_ahead;    /* -1: unknown (kiosk offline) */
	const char *qr_url;  /* status page URL; NULL or "" prints no QR code */
	const char *footer;  /* NULL or "" for none */
	/* Texts in the ticket's language; NULL selects the German default. */
	const char *heading;       /* "Ihre Wartenummer" */
	const char *ahead_format;  /* "Vor Ihnen: %d" — exactly one %d */
	const char *ahead_unknown; /* "Wartezeit zurzeit nicht verfügbar" */
	/* Printer: paper width in dots (576 or 384; 0 = 576), and whether it has native QR. */
	int width_dots;
	bool raster_qr; /* send the QR code as a raster image (libqrencode) */
};

/* Appends the ticket to b (which should be empty); 0 or negative errno (-EINVAL for a
 * missing label or a bad format). */
int ticket_layout_build(struct escpos_buf *b, const struct ticket_print *t);

#endif
