/* kiosk_config.c — parses [kiosk]. */
#include "kiosk_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"

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

struct parse {
	const struct ini *ini;
	const struct ini_entry *e;
	char *err;
	size_t errlen;
};

static int bad(struct parse *p, const char *what)
{
	snprintf(p->err, p->errlen, "%s:%d: %s '%s' in [kiosk]", p->ini->path, p->e->line, what,
	         p->e->key);
	return -EINVAL;
}

static int str(struct parse *p, char *dst, size_t n)
{
	if (strlen(p->e->value) >= n)
		return bad(p, "value too long for");
	memcpy(dst, p->e->value, strlen(p->e->value) + 1);
	return 0;
}

/* A path relative to the config file; URIs with a scheme ("file:x") keep their scheme. */
static int path_value(struct parse *p, char *dst, size_t n, const char *scheme)
{
	const char *v = p->e->value, *slash = strrchr(p->ini->path, '/');
	size_t sl = scheme ? strlen(scheme) : 0;
	int len;

	if (scheme && strncmp(v, scheme, sl))
		return str(p, dst, n);
	if (v[sl] == '/' || !slash || !v[sl])
		return str(p, dst, n);
	len = snprintf(dst, n, "%.*s%.*s/%s", (int)sl, v, (int)(slash - p->ini->path), p->ini->path,
	               v + sl);
	return len < 0 || (size_t)len >= n ? bad(p, "path too long for") : 0;
}

static int num(struct parse *p, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(p->e->value, &end, 10);
	if (errno || end == p->e->value || *end || v < lo || v > hi) {
		char what[64];
		snprintf(what, sizeof(what), "expected %d..%d for", lo, hi);
		return bad(p, what);
	}
	*out = (int)v;
	return 0;
}

static int boolean(struct parse *p, bool *out)
{
	if (strcmp(p->e->value, "true") && strcmp(p->e->value, "false"))
		return bad(p, "expected true|false for");
	*out = !strcmp(p->e->value, "true");
	return 0;
}

static int key(struct parse *p, struct kiosk_config *c)
{
	const char *k = p->e->key;
	bool b;

	if (!strcmp(k, "hub_url"))
		return str(p, c->hub_url, sizeof(c->hub_url));
	if (!strcmp(k, "token"))
		return str(p, c->token, sizeof(c->token));
	if (!strcmp(k, "name"))
		return str(p, c->name, sizeof(c->name));
	if (!strcmp(k, "ca_file"))
		return path_value(p, c->ca_file, sizeof(c->ca_file), NULL);
	if (!strcmp(k, "reader"))
		return str(p, c->reader, sizeof(c->reader));
	if (!strcmp(k, "printer"))
		return path_value(p, c->printer, sizeof(c->printer), "file:");
	if (!strcmp(k, "printer_width"))
		return num(p, 384, 576, &c->printer_width);
	if (!strcmp(k, "raster_qr"))
		return boolean(p, &c->raster_qr);
	if (!strcmp(k, "priority_request"))
		return boolean(p, &c->priority_request);
	if (!strcmp(k, "qr_base"))
		return str(p, c->qr_base, sizeof(c->qr_base));
	if (!strcmp(k, "office"))
		return str(p, c->office, sizeof(c->office));
	if (!strcmp(k, "language")) {
		static const char *const ok[] = { "de", "en", "tr", "ar", "uk", "ru" };
		for (size_t i = 0; i < 6; i++)
			if (!strcmp(p->e->value, ok[i]))
				return str(p, c->language, sizeof(c->language));
		return bad(p, "expected de|en|tr|ar|uk|ru for");
	}
	if (!strcmp(k, "timeout_s"))
		return num(p, 10, 3600, &c->timeout_s);
	if (!strcmp(k, "warn_s"))
		return num(p, 5, 600, &c->warn_s);
	if (!strcmp(k, "result_s"))
		return num(p, 5, 600, &c->result_s);
	if (!strcmp(k, "accept_unverified")) {
		int rc = boolean(p, &b);
		c->accept_unverified = b;
		return rc;
	}
	if (!strcmp(k, "journal"))
		return path_value(p, c->journal, sizeof(c->journal), NULL);
	if (!strcmp(k, "lease_size"))
		return num(p, 1, 500, &c->lease_size);
	if (!strcmp(k, "width"))
		return num(p, 320, 16384, &c->width);
	if (!strcmp(k, "height"))
		return num(p, 240, 16384, &c->height);
	if (!strcmp(k, "fullscreen"))
		return boolean(p, &c->fullscreen);
	if (!strcmp(k, "font_dir"))
		return path_value(p, c->font_dir, sizeof(c->font_dir), NULL);
	if (!strcmp(k, "locale_dir"))
		return path_value(p, c->locale_dir, sizeof(c->locale_dir), NULL);
	if (!strcmp(k, "terminal_description"))
		return str(p, c->consent, sizeof(c->consent));
	return bad(p, "unknown key");
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
	struct parse p = { .ini = &ini, .err = err, .errlen = errlen };
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
