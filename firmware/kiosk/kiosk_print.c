/* kiosk_print.c — flow result → ticket_layout → printer. */
#include "kiosk_print.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "escpos.h"
#include "hal/printer.h"
#include "ticket_layout.h"

enum kiosk_lang kiosk_print_lang(enum kiosk_lang chosen)
{
	return chosen == KIOSK_LANG_DE ? KIOSK_LANG_DE : KIOSK_LANG_EN;
}

int kiosk_print_ticket(struct printer *p, const struct kiosk_print_options *o,
                       const struct kiosk_ticket *t, const struct kiosk_service *service,
                       enum kiosk_lang chosen, time_t now)
{
	enum kiosk_lang l = kiosk_print_lang(chosen);
	bool de = l == KIOSK_LANG_DE;
	char when[32], url[256] = "";
	struct tm tm;
	enum printer_status st;
	struct escpos_buf b;

	if (printer_status(p, &st) == 0 && !printer_status_can_print(st))
		return -ENOSPC;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), de ? "%d.%m.%Y %H:%M" : "%Y-%m-%d %H:%M", &tm);
	if (o->qr_base && o->qr_base[0] && t->public_id[0])
		snprintf(url, sizeof(url), "%s%s", o->qr_base, t->public_id);
	struct ticket_print tp = {
		.office = o->office,
		.label = t->number,
		.service = service ? kiosk_service_name(service, l) : t->service,
		.when = when,
		.people_ahead = t->offline ? -1 : t->people_ahead,
		.qr_url = url,
		.footer = de ? (t->appointment ? "Termin: bitte warten Sie auf Ihren Aufruf."
		                               : "Bitte warten Sie auf Ihren Aufruf.")
		             : (t->appointment ? "Appointment: please wait to be called."
		                               : "Please wait to be called."),
		.heading = de ? "Ihre Wartenummer" : "Your number",
		.ahead_format = de ? "Vor Ihnen: %d" : "People ahead: %d",
		.ahead_unknown =
		    de ? "Wartezeit zurzeit nicht verfügbar" : "Waiting time currently unavailable",
		.width_dots = o->width_dots,
		.raster_qr = o->raster_qr,
	};
	escpos_buf_init(&b);
	int rc = ticket_layout_build(&b, &tp);
	if (rc == 0)
		rc = printer_write(p, b.data, b.len, 5000);
	escpos_buf_free(&b);
	if (rc == 0 && printer_status(p, &st) == 0 && (st & PRINTER_STATUS_PAPER_NEAR_END))
		log_warning("kiosk: printer paper near end");
	if (rc)
		log_warning("kiosk: ticket %s not printed: %s", t->number, printer_strerror(rc));
	else
		log_info("kiosk: ticket %s printed", t->number);
	return rc;
}
