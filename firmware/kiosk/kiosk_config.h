/* kiosk_config.h — the [kiosk] section of civiq.conf (docs/kiosk.md lists the keys).
 * Unknown keys and bad values are errors with file:line. Relative paths are relative to the
 * file. The board ([hub] board, or --board) decides whether an identity that failed Passive
 * Authentication is accepted: only on `sim`, unless accept_unverified says otherwise. */
#ifndef CIVIQ_KIOSK_CONFIG_H
#define CIVIQ_KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct kiosk_config {
	char board[32];
	char hub_url[256], token[128], name[64], ca_file[512];
	char reader[256];  /* nfc URI; "" = no card reader */
	char printer[512]; /* printer URI */
	int printer_width; /* dots */
	bool raster_qr;
	char qr_base[256];
	char office[128];
	char language[8];
	int timeout_s, warn_s, result_s;
	int accept_unverified; /* -1: by board */
	char journal[512];     /* offline journal (SQLite) */
	int lease_size;
	int width, height;
	bool fullscreen;
	char font_dir[512], locale_dir[512];
	char consent[256];     /* terminal description for the consent screen */
	bool priority_request; /* the service menu offers "I need priority" (staff confirm) */
};

void kiosk_config_defaults(struct kiosk_config *c);
/* 0, or a negative errno with "file:line: ..." in err. */
int kiosk_config_load(struct kiosk_config *c, const char *path, char *err, size_t errlen);
/* Whether unverified identities are accepted (accept_unverified, else board == sim). */
bool kiosk_config_accept_unverified(const struct kiosk_config *c);

#endif
