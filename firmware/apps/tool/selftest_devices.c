/* The device checks of civiq-tool selftest: printer, card reader, audio. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini_value.h"
#include "hal/audio.h"
#include "hal/nfc.h"
#include "hal/printer.h"
#include "selftest.h"

/* The provisioned printer ([kiosk] printer in civiq.conf), board.conf's [printer] uri, or the
 * URI its backend and device name. */
static void printer_uri(const struct selftest *t, char *out, size_t cap)
{
	const struct ini_entry *kiosk = ini_find(&t->conf, "kiosk", "printer");
	const char *backend = ini_get(&t->board, "printer", "backend", "");
	const char *device = ini_get(&t->board, "printer", "device", "");
	const char *uri = ini_get(&t->board, "printer", "uri", NULL);
	char err[INI_ERROR_MAX];
	struct ini_value v = { &t->conf, kiosk, err, sizeof(err) };

	/* Read as the kiosk reads it: a file: path is relative to civiq.conf. */
	if (kiosk && ini_value_path(&v, out, cap, "file:") == 0)
		return;
	if (kiosk)
		uri = kiosk->value;
	if (uri)
		snprintf(out, cap, "%s", uri);
	else if (!strcmp(backend, "escpos_usb"))
		snprintf(out, cap, "usb:");
	else if (!strcmp(backend, "file"))
		snprintf(out, cap, "file:%s", device);
	else
		snprintf(out, cap, "%s:", backend);
}

void selftest_printer(const struct selftest *t, struct selftest_check *c)
{
	char uri[PATH_MAX + 16], flags[128];
	struct printer *p;
	enum printer_status st;
	int rc;

	if (!ini_has_section(&t->board, "printer")) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no printer on this board");
		return;
	}
	printer_uri(t, uri, sizeof(uri));
	if ((rc = printer_open(uri, &p)) < 0) {
		selftest_set(c, SELFTEST_FAIL,
		             rc == -ENODEV || rc == -ENOENT
		                 ? "check the printer's USB cable and power; `lsusb` must list it"
		                 : "check [printer] in board.conf",
		             "[%s] %s", uri,
		             rc == -ENOENT ? strerror(ENOENT) : printer_strerror(rc));
		return;
	}
	rc = printer_status(p, &st);
	printer_close(p);
	if (rc == -ENOTSUP) {
		selftest_set(c, SELFTEST_PASS, NULL, "[%s] open (the printer reports no status)",
		             uri);
	} else if (rc < 0) {
		selftest_set(c, SELFTEST_FAIL, "check the printer's cable and power",
		             "[%s] status: %s", uri, printer_strerror(rc));
	} else if (!printer_status_can_print(st)) {
		selftest_set(c, SELFTEST_FAIL,
		             st & PRINTER_STATUS_PAPER_OUT ? "put in a new paper roll"
		             : st & PRINTER_STATUS_COVER_OPEN
		                 ? "close the printer's cover"
		                 : "check the printer's cable and power",
		             "[%s] %s", uri, printer_status_format(st, flags, sizeof(flags)));
	} else {
		selftest_set(c, SELFTEST_PASS, NULL, "[%s] %s", uri,
		             st & PRINTER_STATUS_PAPER_NEAR_END ? "paper near its end" : "ready");
	}
}

void selftest_reader(const struct selftest *t, struct selftest_check *c)
{
	const char *uri = ini_get(&t->conf, "kiosk", "reader", NULL);
	struct nfc_reader *r;
	struct nfc_card_info info;
	int rc;

	if (!uri)
		uri = ini_get(&t->board, "reader", "uri", NULL);
	if (!uri) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no card reader on this board");
		return;
	}
	if ((rc = nfc_reader_open(uri, &r)) < 0) {
		selftest_set(c, SELFTEST_FAIL,
		             rc == -ENOENT
		                 ? "this build has no backend for the reader URI"
		                 : "check the reader's cable (PN532: TX/RX crossed, 3.3 V); "
		                   "PC/SC: is pcscd running?",
		             "[%s] %s", uri, strerror(-rc));
		return;
	}
	rc = nfc_wait_card(r, t->timeout_ms, &info);
	nfc_reader_close(r);
	if (rc == 0)
		selftest_set(c, SELFTEST_PASS, NULL, "[%s] reader present, a card answered", uri);
	else if (rc == -ETIMEDOUT || rc == -ENOMEDIUM)
		selftest_set(c, SELFTEST_PASS, NULL,
		             "[%s] reader present, no card in the field (lay one on to test it)",
		             uri);
	else
		selftest_set(c, SELFTEST_FAIL, "unplug and replug the reader; check its cable",
		             "[%s] %s", uri, strerror(-rc));
}

/* [audio] backend and device as an audio URI. */
static void audio_uri(const struct selftest *t, char *out, size_t cap)
{
	const char *backend = ini_get(&t->board, "audio", "backend", "null");
	const char *device = ini_get(&t->board, "audio", "device", "");

	if (!strcmp(backend, "sim"))
		backend = "null";
	if (!strcmp(device, "default"))
		device = "";
	snprintf(out, cap, "%s:%s", backend, device);
}

void selftest_audio(const struct selftest *t, struct selftest_check *c)
{
	enum { RATE = 16000, FRAMES = RATE / 10 };
	static int16_t beep[FRAMES];
	const struct audio_format fmt = { RATE, 1 };
	struct audio a = { 0 };
	char uri[256];
	int rc;

	if (!ini_has_section(&t->board, "audio")) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no audio on this board");
		return;
	}
	audio_uri(t, uri, sizeof(uri));
	if ((rc = audio_open(&a, uri, &fmt)) < 0) {
		selftest_set(c, SELFTEST_FAIL,
		             rc == -ENOTSUP ? "this build lacks the audio backend"
		                            : "check the HDMI or headphone cable and `aplay -l`",
		             "[%s] %s", uri, strerror(-rc));
		return;
	}
	for (int i = 0; i < FRAMES; i++) /* 880 Hz, quiet */
		beep[i] = (int16_t)(3000 * sin(2 * M_PI * 880 * i / RATE));
	rc = audio_play(&a, beep, FRAMES);
	if (rc == 0)
		rc = audio_drain(&a, 2000);
	audio_close(&a);
	if (rc < 0)
		selftest_set(c, SELFTEST_FAIL, "check the audio output and its cable", "[%s] %s",
		             uri, strerror(-rc));
	else
		selftest_set(c, SELFTEST_PASS, NULL, "[%s] beep played", uri);
}
