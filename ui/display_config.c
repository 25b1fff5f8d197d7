/* display_config.c — parses [display]. */
#include "display_config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "common/ini_value.h"
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

static int list(const struct ini_value *p, struct display_filter *f, bool counters)
{
	char buf[1024], *save = NULL;

	if (strlen(p->e->value) >= sizeof(buf))
		return ini_value_bad(p, "value too long for");
	strcpy(buf, p->e->value);
	for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (counters) {
			char *end;
			long v = strtol(tok, &end, 10);
			if (*end || v < 1 || v > 9999 || f->n_counters == DISPLAY_FILTER_MAX)
				return ini_value_bad(p, "bad counter id in");
			f->counters[f->n_counters++] = (int)v;
		} else {
			if (strlen(tok) >= sizeof(f->services[0]) ||
			    f->n_services == DISPLAY_FILTER_MAX)
				return ini_value_bad(p, "bad service id in");
			strcpy(f->services[f->n_services++], tok);
		}
	}
	return 0;
}

static int key(const struct ini_value *p, struct display_config *c)
{
	const char *k = p->e->key, *v = p->e->value;

	if (!strcmp(k, "hub_url"))
		return ini_value_str(p, c->hub_url, sizeof(c->hub_url));
	if (!strcmp(k, "token"))
		return ini_value_str(p, c->token, sizeof(c->token));
	if (!strcmp(k, "ca_file"))
		return ini_value_path(p, c->ca_file, sizeof(c->ca_file), NULL);
	if (!strcmp(k, "orientation"))
		return layout_orientation_parse(v, &c->orientation)
		           ? ini_value_bad(p, "expected "
		                              "auto|landscape|portrait "
		                              "for")
		           : 0;
	if (!strcmp(k, "width"))
		return ini_value_int(p, 64, 16384, &c->width);
	if (!strcmp(k, "height"))
		return ini_value_int(p, 64, 16384, &c->height);
	if (!strcmp(k, "fullscreen")) {
		if (strcmp(v, "true") && strcmp(v, "false"))
			return ini_value_bad(p, "expected true|false for");
		c->fullscreen = !strcmp(v, "true");
		return 0;
	}
	if (!strcmp(k, "renderer")) {
		if (strcmp(v, "auto") && strcmp(v, "software"))
			return ini_value_bad(p, "expected auto|software for");
		c->software_renderer = !strcmp(v, "software");
		return 0;
	}
	if (!strcmp(k, "history"))
		return ini_value_int(p, 1, DISPLAY_HISTORY_MAX, &c->history);
	if (!strcmp(k, "blinks"))
		return ini_value_int(p, 0, 20, &c->blinks);
	if (!strcmp(k, "blink_ms"))
		return ini_value_int(p, 100, 10000, &c->blink_ms);
	if (!strcmp(k, "language"))
		return ini_value_str(p, c->language, sizeof(c->language));
	if (!strcmp(k, "second_language"))
		return ini_value_str(p, c->second_language, sizeof(c->second_language));
	if (!strcmp(k, "volume"))
		return ini_value_int(p, 0, 100, &c->volume);
	if (!strcmp(k, "voice"))
		return ini_value_str(p, c->voice, sizeof(c->voice));
	if (!strcmp(k, "audio"))
		return ini_value_str(p, c->audio, sizeof(c->audio));
	if (!strcmp(k, "services"))
		return list(p, &c->filter, false);
	if (!strcmp(k, "counters"))
		return list(p, &c->filter, true);
	if (!strcmp(k, "opening_hours")) {
		if (opening_hours_open(v, 0) < 0)
			return ini_value_bad(p, "expected HH:MM-HH:MM[, ...] for");
		return ini_value_str(p, c->opening_hours, sizeof(c->opening_hours));
	}
	if (!strcmp(k, "closed_message"))
		return ini_value_str(p, c->closed_message, sizeof(c->closed_message));
	if (!strcmp(k, "ticker"))
		return ini_value_str(p, c->ticker, sizeof(c->ticker));
	if (!strcmp(k, "font_dir"))
		return ini_value_path(p, c->font_dir, sizeof(c->font_dir), NULL);
	return ini_value_bad(p, "unknown key");
}

int display_config_load(struct display_config *c, const char *path, char *err, size_t errlen)
{
	struct ini ini;
	int rc = ini_load(&ini, path, err, errlen);

	if (rc)
		return rc;
	struct ini_value p = { .ini = &ini, .err = err, .errlen = errlen };
	for (size_t i = 0; i < ini.count && !rc; i++) {
		if (!ini.entries[i].key || strcmp(ini.entries[i].section, "display"))
			continue;
		p.e = &ini.entries[i];
		rc = key(&p, c);
	}
	ini_free(&ini);
	return rc;
}
