/* civiq-printer-test — prints a sample ticket on a printer URI and reports its status; for
 * technicians bringing up a printer (docs/hardware-checklist.md).
 *   civiq-printer-test --printer URI [--status-only] [--raster-qr] [--width 576|384]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "hal/printer.h"
#include "ticket_layout.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: civiq-printer-test --printer URI [--status-only] [--raster-qr] "
	           "[--width DOTS]\n"
	           "Prints a sample ticket and reports the printer's status.\n"
	           "URI: usb: | usb:VID:PID[?serial=S] | file:/path | sim:\n");
}

static int report_status(struct printer *p, const char *when)
{
	enum printer_status st;
	char words[96];
	int rc = printer_status(p, &st);
	if (rc < 0) {
		printf("status %s: unavailable (%s)\n", when, printer_strerror(rc));
		return rc;
	}
	printf("status %s: %s\n", when, printer_status_format(st, words, sizeof(words)));
	return printer_status_can_print(st) ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *uri = NULL;
	bool status_only = false, raster = false;
	int width = 576;
	log_set_ident("civiq-printer-test");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--printer") == 0 && i + 1 < argc) {
			uri = argv[++i];
		} else if (strcmp(argv[i], "--status-only") == 0) {
			status_only = true;
		} else if (strcmp(argv[i], "--raster-qr") == 0) {
			raster = true;
		} else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
			width = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!uri || (width != 576 && width != 384)) {
		usage(stderr);
		return 2;
	}
	struct printer *p;
	int rc = printer_open(uri, &p);
	if (rc < 0) {
		fprintf(stderr, "civiq-printer-test: %s: %s\n", uri, printer_strerror(rc));
		return 1;
	}
	int st = report_status(p, "before");
	if (status_only || st > 0) {
		printer_close(p);
		return st != 0;
	}
	char when[32];
	time_t now = time(NULL);
	strftime(when, sizeof(when), "%d.%m.%Y %H:%M", localtime(&now));
	const struct ticket_print t = {
		.office = "civiq Testdruck äöüß €",
		.label = "T 001",
		.service = "Druckertest",
		.when = when,
		.people_ahead = 0,
		.qr_url = "https://example.org/t/testticket",
		.footer = "Nur eine Probe. Sample only.",
		.width_dots = width,
		.raster_qr = raster,
	};
	struct escpos_buf b;
	escpos_buf_init(&b);
	rc = ticket_layout_build(&b, &t);
	if (rc == 0)
		rc = printer_write(p, b.data, b.len, 10000);
	escpos_buf_free(&b);
	if (rc < 0) {
		fprintf(stderr, "civiq-printer-test: print failed: %s\n", printer_strerror(rc));
		report_status(p, "after");
		printer_close(p);
		return 1;
	}
	printf("printed sample ticket T 001\n");
	st = report_status(p, "after");
	printer_close(p);
	return st > 0 ? 1 : 0;
}
