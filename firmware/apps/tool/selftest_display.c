/* The display check of civiq-tool selftest: opens SDL2's video driver as the kiosk and the
 * display do (kmsdrm on the boards) and reads the screen's mode. SDL2 is loaded at run time,
 * so civiq-tool needs no graphics libraries on a headless hub. */
#include <dlfcn.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selftest.h"

/* SDL2's SDL_DisplayMode (stable ABI since 2.0.0) */
struct sdl_display_mode {
	uint32_t format;
	int w, h, refresh_rate;
	void *driverdata;
};

struct sdl {
	int (*set_hint)(const char *name, const char *value);
	int (*video_init)(const char *driver);
	void (*video_quit)(void);
	const char *(*get_error)(void);
	const char *(*current_driver)(void);
	int (*num_displays)(void);
	int (*desktop_mode)(int index, struct sdl_display_mode *mode);
};

static int sdl_load(struct sdl *s)
{
	/* kept loaded: SDL's drivers leave threads and handlers behind */
	void *h = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	*(void **)&s->set_hint = dlsym(h, "SDL_SetHint");
	*(void **)&s->video_init = dlsym(h, "SDL_VideoInit");
	*(void **)&s->video_quit = dlsym(h, "SDL_VideoQuit");
	*(void **)&s->get_error = dlsym(h, "SDL_GetError");
	*(void **)&s->current_driver = dlsym(h, "SDL_GetCurrentVideoDriver");
	*(void **)&s->num_displays = dlsym(h, "SDL_GetNumVideoDisplays");
	*(void **)&s->desktop_mode = dlsym(h, "SDL_GetDesktopDisplayMode");
	return s->set_hint && s->video_init && s->video_quit && s->get_error && s->current_driver &&
	               s->num_displays && s->desktop_mode
	           ? 0
	           : -1;
}

static void drm_only(const char *mode, struct selftest_check *c)
{
	glob_t g;

	if (strcmp(mode, "kmsdrm")) {
		selftest_set(c, SELFTEST_SKIP, NULL, "%s: SDL2 is not installed to check it", mode);
		return;
	}
	if (glob("/dev/dri/card*", 0, NULL, &g) != 0) {
		selftest_set(c, SELFTEST_FAIL, "check dtoverlay=vc4-kms-v3d in config.txt",
		             "kmsdrm: no /dev/dri/card*");
		return;
	}
	selftest_set(c, SELFTEST_PASS, NULL, "kmsdrm: %s (SDL2 not installed)", g.gl_pathv[0]);
	globfree(&g);
}

void selftest_display(const struct selftest *t, struct selftest_check *c)
{
	const char *mode = ini_get(&t->board, "display", "mode", "none");
	struct sdl_display_mode dm;
	const char *driver;
	struct sdl s;

	if (!strcmp(mode, "none")) {
		selftest_set(c, SELFTEST_SKIP, NULL, "no display on this board");
		return;
	}
	if (sdl_load(&s) < 0) {
		drm_only(mode, c);
		return;
	}
	if (!strcmp(mode, "kmsdrm") && !getenv("SDL_VIDEODRIVER"))
		s.set_hint("SDL_VIDEODRIVER", "kmsdrm");
	if (s.video_init(NULL) < 0) {
		selftest_set(
		    c, SELFTEST_FAIL,
		    !strcmp(mode, "kmsdrm")
		        ? "check the HDMI cable (HDMI 0) and that no other program holds the "
		          "screen (stop civiq-kiosk / civiq-display first)"
		        : "set DISPLAY or SDL_VIDEODRIVER (offscreen for headless runs)",
		    "%s: %s", mode, s.get_error());
		return;
	}
	driver = s.current_driver();
	if (s.num_displays() < 1 || s.desktop_mode(0, &dm) < 0)
		selftest_set(c, SELFTEST_FAIL, "check the screen's cable and power",
		             "%s: no screen attached", driver ? driver : mode);
	else
		selftest_set(c, SELFTEST_PASS, NULL, "%s: %dx%d@%dHz", driver ? driver : mode, dm.w,
		             dm.h, dm.refresh_rate);
	s.video_quit();
}
