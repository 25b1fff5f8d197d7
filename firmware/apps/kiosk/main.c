/* civiq-kiosk — the check-in kiosk: touch screen, ID-card reader, ticket printer. */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "apps/kiosk/script.h"
#include "apps/kiosk/worker.h"
#include "common/log.h"
#include "kiosk/kiosk_config.h"
#include "kiosk/kiosk_offline.h"
#include "ui/display_view.h"
#include "ui/image.h"
#include "ui/kiosk_view.h"

static void usage(FILE *out)
{
	fputs(
	    "Usage: civiq-kiosk --config FILE [--hub URL] [--board NAME] [--headless]\n"
	    "                   [--script FILE] [--screenshots DIR] [--size WxH]\n"
	    "\n"
	    "The check-in kiosk of a citizen-service centre: citizens choose their language,\n"
	    "check in for their appointment (booking code, QR code of the confirmation or ID\n"
	    "card) or draw a number without appointment, and take the printed ticket. While\n"
	    "the hub is unreachable walk-in numbers come from a block leased beforehand.\n"
	    "\n"
	    "  -c, --config FILE       configuration (INI, section [kiosk]), e.g.\n"
	    "                          boards/sim/civiq.conf\n"
	    "  -b, --board NAME        the board (default: [hub] board of the file); on `sim`\n"
	    "                          identities that fail Passive Authentication are accepted\n"
	    "  -H, --headless          draw into memory instead of a window\n"
	    "  -s, --script FILE       scripted taps, keys and checks (tests, demos); the\n"
	    "                          program ends after the script, exit status 1 if it failed\n"
	    "  -o, --screenshots DIR   where the script's `shot` writes PNG files\n"
	    "  -g, --size WxH          screen size (default: width, height of [kiosk])\n"
	    "  -v, --version           print the version\n"
	    "  -h, --help              this text\n"
	    "\n"
	    "Environment: CIVIQ_LOG_LEVEL=err|warning|notice|info|debug; SDL_VIDEODRIVER.\n",
	    out);
}

struct app {
	struct kiosk_config cfg;
	struct kiosk_flow flow;
	struct worker *worker;
	struct kiosk_offline *offline;
	struct kiosk_view *view;
	SDL_Renderer *r;
	const char *shot_dir;
	Uint32 wake_event;
};

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void wake(void *ctx)
{
	struct app *a = ctx;
	SDL_Event ev = { .type = a->wake_event };
	SDL_PushEvent(&ev);
}

static void shot(void *ctx, const char *name)
{
	struct app *a = ctx;
	struct ui_image img;
	char path[600];

	if (!a->shot_dir)
		return;
	mkdir(a->shot_dir, 0755);
	kiosk_view_draw(a->view, &a->flow, worker_offline(a->worker));
	if (display_view_capture(a->r, &img))
		return;
	snprintf(path, sizeof(path), "%s/%s.png", a->shot_dir, name);
	if (ui_image_write_png(&img, path) == 0)
		log_info("kiosk: screenshot %s", path);
	ui_image_free(&img);
}

static bool feed(struct app *a, const struct kiosk_event *ev)
{
	return kiosk_flow_event(&a->flow, ev);
}

static bool input(struct app *a, const SDL_Event *e, int w, int h)
{
	struct kiosk_event ev = { 0 };
	int x, y;

	switch (e->type) {
	case SDL_MOUSEBUTTONUP:
	case SDL_FINGERUP:
		if (e->type == SDL_FINGERUP) {
			x = (int)(e->tfinger.x * (float)w);
			y = (int)(e->tfinger.y * (float)h);
		} else {
			if (e->button.which == SDL_TOUCH_MOUSEID)
				return false; /* the touch already came as a finger */
			x = e->button.x;
			y = e->button.y;
		}
		{
			const struct kiosk_widget *wd =
			    kiosk_layout_hit(kiosk_view_layout(a->view), x, y);
			if (!wd)
				return false;
			ev.type = KEV_BUTTON;
			ev.button = wd->button;
			ev.arg = wd->arg;
			return feed(a, &ev);
		}
	case SDL_TEXTINPUT:
		ev.type = KEV_KEY;
		for (const char *p = e->text.text; *p; p++) {
			ev.ch = *p;
			feed(a, &ev);
		}
		return true;
	case SDL_KEYDOWN:
		ev.type = KEV_KEY;
		if (e->key.keysym.sym == SDLK_RETURN || e->key.keysym.sym == SDLK_KP_ENTER)
			ev.ch = '\n';
		else if (e->key.keysym.sym == SDLK_BACKSPACE)
			ev.ch = '\b';
		else if (e->key.keysym.sym == SDLK_ESCAPE) {
			ev.type = KEV_BUTTON;
			ev.button = KB_HOME;
		} else
			return false;
		return feed(a, &ev);
	default:
		return false;
	}
}

static int run(struct app *a, bool headless, struct script *script)
{
	SDL_Window *win = NULL;
	SDL_Surface *surf = NULL;
	int rc = 1, w = a->cfg.width, h = a->cfg.height;

	if (headless) {
		surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGBA32);
		a->r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
	} else {
		Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
		if (a->cfg.fullscreen)
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
		win = SDL_CreateWindow("civiq-kiosk", SDL_WINDOWPOS_CENTERED,
		                       SDL_WINDOWPOS_CENTERED, w, h, flags);
		if (win) {
			a->r = SDL_CreateRenderer(
			    win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
			if (!a->r)
				a->r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
		}
		SDL_StartTextInput(); /* the scanner types like a keyboard */
	}
	if (!a->r) {
		log_err("kiosk: no renderer: %s", SDL_GetError());
		goto out;
	}
	struct kiosk_view_options vo = {
		.font_dir = a->cfg.font_dir[0] ? a->cfg.font_dir : NULL,
		.locale_dir = a->cfg.locale_dir[0] ? a->cfg.locale_dir : NULL,
		.office = a->cfg.office,
		.consent = a->cfg.consent[0] ? a->cfg.consent : NULL,
	};
	int err = kiosk_view_new(a->r, &vo, &a->view);
	if (err) {
		log_err("kiosk: fonts not found (%s)", strerror(-err));
		goto out;
	}
	if (worker_start(&a->cfg, a->offline, wake, a, &a->worker)) {
		log_err("kiosk: cannot start the worker");
		goto out;
	}
	struct kiosk_flow_options fo = {
		.timeout_ms = a->cfg.timeout_s * 1000,
		.warn_ms = a->cfg.warn_s * 1000,
		.result_ms = a->cfg.result_s * 1000,
		.card_enabled = worker_has_reader(a->worker),
		.priority_enabled = a->cfg.priority_request,
	};
	kiosk_lang_parse(a->cfg.language, &fo.default_lang);
	kiosk_flow_init(&a->flow, &fo);
	log_info("kiosk: ready (hub %s, reader %s, printer %s)", a->cfg.hub_url,
	         a->cfg.reader[0] ? a->cfg.reader : "none", a->cfg.printer);

	bool quit = false, dirty = true, offline_shown = false;
	rc = 0;
	while (!quit) {
		SDL_Event e;
		int64_t now = mono_ms();
		if (SDL_WaitEventTimeout(&e, dirty ? 1 : 50)) {
			do {
				if (e.type == SDL_QUIT)
					quit = true;
				else if (e.type == SDL_WINDOWEVENT)
					dirty = true;
				else
					dirty |= input(a, &e, w, h);
			} while (SDL_PollEvent(&e));
		}
		struct kiosk_event ev;
		while (worker_poll(a->worker, &ev))
			dirty |= feed(a, &ev);
		ev = (struct kiosk_event){ .type = KEV_TICK, .now_ms = now };
		dirty |= feed(a, &ev);
		if (a->flow.waiting == KREQ_NONE || a->flow.screen != KS_PLACE_CARD)
			worker_cancel_card_wait(a->worker);
		struct kiosk_request req;
		if (kiosk_flow_take_request(&a->flow, &req)) {
			worker_submit(a->worker, &req);
			memset(&req, 0, sizeof(req));
		}
		bool offline = worker_offline(a->worker);
		if (offline != offline_shown) {
			offline_shown = offline;
			dirty = true;
		}
		/* animated screens redraw every frame */
		if (a->flow.screen == KS_WORKING || a->flow.screen == KS_READING)
			dirty = true;
		if (dirty) {
			if (!headless)
				SDL_GetRendererOutputSize(a->r, &w, &h);
			kiosk_view_draw(a->view, &a->flow, offline);
			SDL_RenderPresent(a->r);
			dirty = false;
		}
		if (script) {
			enum script_status st =
			    script_step(script, &a->flow, kiosk_view_layout(a->view), now, shot, a);
			if (st != SCRIPT_RUNNING) {
				rc = st == SCRIPT_DONE ? 0 : 1;
				quit = true;
			}
		}
	}
out:
	worker_stop(a->worker);
	kiosk_view_free(a->view);
	if (a->r)
		SDL_DestroyRenderer(a->r);
	if (surf)
		SDL_FreeSurface(surf);
	if (win)
		SDL_DestroyWindow(win);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "board", required_argument, NULL, 'b' },
		{ "hub", required_argument, NULL, 'u' },
		{ "headless", no_argument, NULL, 'H' },
		{ "script", required_argument, NULL, 's' },
		{ "screenshots", required_argument, NULL, 'o' },
		{ "size", required_argument, NULL, 'g' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct app a;
	const char *config = NULL, *script_path = NULL, *board = NULL, *size = NULL, *hub = NULL;
	bool headless = false;
	char err[512];
	int c;

	log_set_ident("civiq-kiosk");
	while ((c = getopt_long(argc, argv, "c:b:u:Hs:o:g:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'b':
			board = optarg;
			break;
		case 'u':
			hub = optarg;
			break;
		case 'H':
			headless = true;
			break;
		case 's':
			script_path = optarg;
			break;
		case 'o':
			a.shot_dir = optarg;
			break;
		case 'g':
			size = optarg;
			break;
		case 'v':
			printf("civiq-kiosk %s\n", CIVIQ_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!config || optind != argc) {
		usage(stderr);
		return 2;
	}
	kiosk_config_defaults(&a.cfg);
	if (board)
		snprintf(a.cfg.board, sizeof(a.cfg.board), "%s", board);
	if (kiosk_config_load(&a.cfg, config, err, sizeof(err))) {
		fprintf(stderr, "civiq-kiosk: %s\n", err);
		return 2;
	}
	if (hub)
		snprintf(a.cfg.hub_url, sizeof(a.cfg.hub_url), "%s", hub);
	if (size && sscanf(size, "%dx%d", &a.cfg.width, &a.cfg.height) != 2) {
		fprintf(stderr, "civiq-kiosk: --size wants WxH, e.g. 1280x800\n");
		return 2;
	}
	struct script *script = NULL;
	if (script_path && script_load(script_path, &script)) {
		fprintf(stderr, "civiq-kiosk: cannot read %s\n", script_path);
		return 2;
	}
	if (a.cfg.journal[0] && kiosk_offline_open(a.cfg.journal, &a.offline))
		fprintf(stderr,
		        "civiq-kiosk: journal %s cannot be opened: offline tickets are off\n",
		        a.cfg.journal);
	if (SDL_Init(headless ? SDL_INIT_EVENTS : SDL_INIT_VIDEO | SDL_INIT_EVENTS)) {
		fprintf(stderr, "civiq-kiosk: SDL: %s\n", SDL_GetError());
		return 1;
	}
	a.wake_event = SDL_RegisterEvents(1);
	int rc = run(&a, headless, script);
	script_free(script);
	kiosk_offline_close(a.offline);
	SDL_Quit();
	return rc;
}
