/* display_config.c — parses [display]. */
#include "display_config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "core/opening_hours.h"

void display_config_defaults(struct display_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->hub_url, sizeof(c->hub_url), "http://127.0.0.1:8080");
	c->orientation = LAYOUT_AUTO;
	c->width = 1920;
	c->height = 1080;
	c->history = 8;
	c->blinks = 3;
	c->blink_ms = 1000;
	snprintf(c->language, sizeof(c->language), "de");
	c->volume = 80;
	snprintf(c->audio, sizeof(c->audio), "sdl:");
}

struct parse {
	const struct ini *ini;
	const struct ini_entry *e;
	char *err;
	size_t errlen;
};

static int bad(struct parse *p, const char *what)
{
	snprintf(p->err, p->errlen, "%s:%d: %s '%s' in [display]", p->ini->path, p->e->line, what,
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

static int path_value(struct parse *p, char *dst, size_t n)
{
	const char *v = p->e->value, *slash = strrchr(p->ini->path, '/');
	int len;

	if (v[0] == '/' || !slash || !v[0])
		return str(p, dst, n);
	len = snprintf(dst, n, "%.*s/%s", (int)(slash - p->ini->path), p->ini->path, v);
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

static int list(struct parse *p, struct display_filter *f, bool counters)
{
	char buf[1024], *save = NULL;

	if (strlen(p->e->value) >= sizeof(buf))
		return bad(p, "value too long for");
	strcpy(buf, p->e->value);
	for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (counters) {
			char *end;
			long v = strtol(tok, &end, 10);
			if (*end || v < 1 || v > 9999 || f->n_counters == DISPLAY_FILTER_MAX)
				return bad(p, "bad counter id in");
			f->counters[f->n_counters++] = (int)v;
		} else {
			if (strlen(tok) >= sizeof(f->services[0]) ||
			    f->n_services == DISPLAY_FILTER_MAX)
				return bad(p, "bad service id in");
			strcpy(f->services[f->n_services++], tok);
		}
	}
	return 0;
}

static int key(struct parse *p, struct display_config *c)
{
	const char *k = p->e->key, *v = p->e->value;

	if (!strcmp(k, "hub_url"))
		return str(p, c->hub_url, sizeof(c->hub_url));
	if (!strcmp(k, "token"))
		return str(p, c->token, sizeof(c->token));
	if (!strcmp(k, "ca_file"))
		return path_value(p, c->ca_file, sizeof(c->ca_file));
	if (!strcmp(k, "orientation"))
		return layout_orientation_parse(v, &c->orientation)
		           ? bad(p, "expected "
		                    "auto|landscape|portrait "
		                    "for")
		           : 0;
	if (!strcmp(k, "width"))
		return num(p, 64, 16384, &c->width);
	if (!strcmp(k, "height"))
		return num(p, 64, 16384, &c->height);
	if (!strcmp(k, "fullscreen")) {
		if (strcmp(v, "true") && strcmp(v, "false"))
			return bad(p, "expected true|false for");
		c->fullscreen = !strcmp(v, "true");
		return 0;
	}
	if (!strcmp(k, "renderer")) {
		if (strcmp(v, "auto") && strcmp(v, "software"))
			return bad(p, "expected auto|software for");
		c->software_renderer = !strcmp(v, "software");
		return 0;
	}
	if (!strcmp(k, "history"))
		return num(p, 1, DISPLAY_HISTORY_MAX, &c->history);
	if (!strcmp(k, "blinks"))
		return num(p, 0, 20, &c->blinks);
	if (!strcmp(k, "blink_ms"))
		return num(p, 100, 10000, &c->blink_ms);
	if (!strcmp(k, "language"))
		return str(p, c->language, sizeof(c->language));
	if (!strcmp(k, "second_language"))
		return str(p, c->second_language, sizeof(c->second_language));
	if (!strcmp(k, "volume"))
		return num(p, 0, 100, &c->volume);
	if (!strcmp(k, "voice"))
		return str(p, c->voice, sizeof(c->voice));
	if (!strcmp(k, "audio"))
		return str(p, c->audio, sizeof(c->audio));
	if (!strcmp(k, "services"))
		return list(p, &c->filter, false);
	if (!strcmp(k, "counters"))
		return list(p, &c->filter, true);
	if (!strcmp(k, "opening_hours")) {
		if (opening_hours_open(v, 0) < 0)
			return bad(p, "expected HH:MM-HH:MM[, ...] for");
		return str(p, c->opening_hours, sizeof(c->opening_hours));
	}
	if (!strcmp(k, "closed_message"))
		return str(p, c->closed_message, sizeof(c->closed_message));
	if (!strcmp(k, "ticker"))
		return str(p, c->ticker, sizeof(c->ticker));
	if (!strcmp(k, "font_dir"))
		return path_value(p, c->font_dir, sizeof(c->font_dir));
	return bad(p, "unknown key");
}

int display_config_load(struct display_config *c, const char *path, char *err, size_t errlen)
{
	struct ini ini;
	int rc = ini_load(&ini, path, err, errlen);

	if (rc)
		return rc;
	struct parse p = { .ini = &ini, .err = err, .errlen = errlen };
	for (size_t i = 0; i < ini.count && !rc; i++) {
		if (!ini.entries[i].key || strcmp(ini.entries[i].section, "display"))
			continue;
		p.e = &ini.entries[i];
		rc = key(&p, c);
	}
	ini_free(&ini);
	return rc;
}
