/* display_config.h — the [display] section of civiq.conf, for civiq-display.
 *
 * Keys (all optional): hub_url, token, ca_file, orientation (auto|landscape|portrait), width,
 * height, fullscreen, renderer (auto|software), history (1..16), blinks (0..20), blink_ms,
 * language, second_language, volume (0..100), voice, audio (an audio URI: sdl:, null:FILE),
 * services and counters (comma lists filtering what this screen shows), opening_hours
 * ("07:30-12:00, 13:00-18:00"; none: the hub's), closed_message, ticker, font_dir. Relative paths
 * are relative to the file.
 */
#ifndef CIVIQ_UI_DISPLAY_CONFIG_H
#define CIVIQ_UI_DISPLAY_CONFIG_H

#include <stdbool.h>

#include "ui/display_state.h"
#include "ui/layout.h"

struct display_config {
	char hub_url[256];
	char token[128];
	char ca_file[512];
	enum layout_orientation orientation;
	int width, height;
	bool fullscreen;
	bool software_renderer; /* renderer = software: no GL (boards without a GPU, where Mesa's
	                           llvmpipe costs about 100 MB); auto: accelerated with vsync */
	int history;
	int blinks;
	int blink_ms;
	char language[8];
	char second_language[8];
	int volume;
	char voice[64];
	char audio[512];
	struct display_filter filter;
	char opening_hours[128];
	char closed_message[160]; /* "": the display language's default */
	char ticker[256];
	char font_dir[512];
};

void display_config_defaults(struct display_config *c);

/* Loads [display] from the INI file at `path` over the defaults. Unknown keys and bad values are
 * errors, reported as "file:line: what" in err. Returns 0, -EINVAL or -errno of the file. */
int display_config_load(struct display_config *c, const char *path, char *err, size_t errlen);

#endif
