/* kiosk_config.c — parses [kiosk]. */
#include "kiosk_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "common/ini_value.h"

void kiosk_config_defaults(struct kiosk_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->hub_url, sizeof(c->hub_url), "http://127.0.0.1:8080");
	snprintf(c->name, sizeof(c->name), "kiosk-1");
	snprintf(c->printer, sizeof(c->printer), "sim:");
	snprintf(c->language, sizeof(c->language), "de");
	c->printer_width = 576;
	c->timeout_s = 60;
	c->warn_s = 20;
	c->result_s = 30;
	c->accept_unverified = -1;
	c->lease_size = 20;
	c->width = 1920;
	c->height = 1080;
}

static int key(const struct ini_value *p, struct kiosk_config *c)
{
	const char *k = p->e->key;
	bool b;

	if (!strcmp(k, "hub_url"))
		return ini_value_str(p, c->hub_url, sizeof(c->hub_url));
	if (!strcmp(k, "token"))
		return ini_value_str(p, c->token, sizeof(c->token));
	if (!strcmp(k, "name"))
		return ini_value_str(p, c->name, sizeof(c->name));
	if (!strcmp(k, "ca_file"))
		return ini_value_path(p, c->ca_file, sizeof(c->ca_file), NULL);
	if (!strcmp(k, "reader"))
		return ini_value_str(p, c->reader, sizeof(c->reader));
	if (!strcmp(k, "printer"))
		return ini_value_path(p, c->printer, sizeof(c->printer), "file:");
	if (!strcmp(k, "printer_width"))
		return ini_value_int(p, 384, 576, &c->printer_width);
	if (!strcmp(k, "raster_qr"))
		return ini_value_bool(p, &c->raster_qr);
	if (!strcmp(k, "priority_request"))
		return ini_value_bool(p, &c->priority_request);
	if (!strcmp(k, "qr_base"))
		return ini_value_str(p, c->qr_base, sizeof(c->qr_base));
	if (!strcmp(k, "office"))
		return ini_value_str(p, c->office, sizeof(c->office));
	if (!strcmp(k, "language")) {
		static const char *const ok[] = { "de", "en", "tr", "ar", "uk", "ru" };
		for (size_t i = 0; i < 6; i++)
			if (!strcmp(p->e->value, ok[i]))
				return ini_value_str(p, c->language, sizeof(c->language));
		return ini_value_bad(p, "expected de|en|tr|ar|uk|ru for");
	}
	if (!strcmp(k, "timeout_s"))
		return ini_value_int(p, 10, 3600, &c->timeout_s);
	if (!strcmp(k, "warn_s"))
		return ini_value_int(p, 5, 600, &c->warn_s);
	if (!strcmp(k, "result_s"))
		return ini_value_int(p, 5, 600, &c->result_s);
	if (!strcmp(k, "accept_unverified")) {
		int rc = ini_value_bool(p, &b);
		c->accept_unverified = b;
		return rc;
	}
	if (!strcmp(k, "journal"))
		return ini_value_path(p, c->journal, sizeof(c->journal), NULL);
	if (!strcmp(k, "lease_size"))
		return ini_value_int(p, 1, 500, &c->lease_size);
	if (!strcmp(k, "width"))
		return ini_value_int(p, 320, 16384, &c->width);
	if (!strcmp(k, "height"))
		return ini_value_int(p, 240, 16384, &c->height);
	if (!strcmp(k, "fullscreen"))
		return ini_value_bool(p, &c->fullscreen);
	if (!strcmp(k, "font_dir"))
		return ini_value_path(p, c->font_dir, sizeof(c->font_dir), NULL);
	if (!strcmp(k, "locale_dir"))
		return ini_value_path(p, c->locale_dir, sizeof(c->locale_dir), NULL);
	if (!strcmp(k, "terminal_description"))
		return ini_value_str(p, c->consent, sizeof(c->consent));
	return ini_value_bad(p, "unknown key");
}

int kiosk_config_load(struct kiosk_config *c, const char *path, char *err, size_t errlen)
{
	struct ini ini;
	int rc = ini_load(&ini, path, err, errlen);

	if (rc)
		return rc;
	const char *board = ini_get(&ini, "hub", "board", NULL);
	if (board && !c->board[0])
		snprintf(c->board, sizeof(c->board), "%s", board);
	const char *office = ini_get(&ini, "hub", "office_name", NULL);
	if (office)
		snprintf(c->office, sizeof(c->office), "%s", office);
	struct ini_value p = { .ini = &ini, .err = err, .errlen = errlen };
	for (size_t i = 0; i < ini.count && !rc; i++) {
		if (!ini.entries[i].key || strcmp(ini.entries[i].section, "kiosk"))
			continue;
		p.e = &ini.entries[i];
		rc = key(&p, c);
	}
	ini_free(&ini);
	return rc;
}

bool kiosk_config_accept_unverified(const struct kiosk_config *c)
{
	if (c->accept_unverified >= 0)
		return c->accept_unverified;
	return !strcmp(c->board, "sim");
}
