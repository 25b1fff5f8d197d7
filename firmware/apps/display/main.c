/* civiq-display — the waiting-room calling display: numbers, counters, gong and speech. */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "announce/announcer.h"
#include "apps/display/hub_link.h"
#include "apps/display/wakeup.h"
#include "common/log.h"
#include "core/opening_hours.h"
#include "ui/display_config.h"
#include "ui/display_texts.h"
#include "ui/display_view.h"
#include "ui/text.h"

static void usage(FILE *out)
{
	fputs(
	    "Usage: civiq-display --config FILE [--hub URL] [--token T] [--audio URI]\n"
	    "                     [--screenshot-dir DIR] [--headless] [--once] [--exit-after S]\n"
	    "\n"
	    "The calling display of a citizen-service centre: shows the numbers called to the\n"
	    "counters (numbers only, never names) and announces each call with a gong and speech.\n"
	    "\n"
	    "  -c, --config FILE         configuration (INI, section [display]), e.g.\n"
	    "                            boards/sim/civiq.conf\n"
	    "  -u, --hub URL             the hub, e.g. http://127.0.0.1:8080; overrides hub_url\n"
	    "  -t, --token T             the display's device token; overrides token\n"
	    "  -a, --audio URI           sound output: sdl:, null: or null:/path/out.wav;\n"
	    "                            overrides audio\n"
	    "  -s, --screenshot-dir DIR  after each change write DIR/display.png and\n"
	    "                            DIR/state.json (what is shown, for tests and demos)\n"
	    "  -H, --headless            draw into memory instead of a window\n"
	    "  -o, --once                exit after the first frame showing the hub's state\n"
	    "                            (with --screenshot-dir: one picture); exit status 3\n"
	    "                            when the hub gave none within --exit-after (15 s)\n"
	    "  -x, --exit-after S        exit after S seconds\n"
	    "  -v, --version             print the version\n"
	    "  -h, --help                this text\n"
	    "\n"
	    "Environment: CIVIQ_LOG_LEVEL=err|warning|notice|info|debug; SDL_VIDEODRIVER\n"
	    "(kmsdrm on boards without X).\n",
	    out);
}

struct app {
	struct display_config cfg;
	pthread_mutex_t lock;
	struct display_state st; /* under lock */
	struct announcer *announcer;
	struct wakeup *wake;
	const char *shot_dir;
	bool once;
	int64_t exit_after_ms;
	unsigned long frames;
};

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void wake(void *ctx)
{
	struct app *a = ctx;
	wakeup_signal(a->wake);
}

/* Window changes need a new frame. */
static void on_sdl_event(void *ctx, const SDL_Event *e)
{
	bool *force = ctx;
	if (e->type == SDL_WINDOWEVENT || e->type == SDL_RENDER_TARGETS_RESET)
		*force = true;
}

static void announce(void *ctx, const struct display_call *c)
{
	struct app *a = ctx;
	if (a->announcer)
		announcer_enqueue(a->announcer, c->number, c->counter_label);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* DIR/state.json: what the last presented frame showed (written, then renamed into place). */
static void write_state(struct app *a, const struct display_state *s, int64_t presented_at)
{
	char tmp[600], path[600];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s/state.json.tmp", a->shot_dir);
	snprintf(path, sizeof(path), "%s/state.json", a->shot_dir);
	if (!(f = fopen(tmp, "w")))
		return;
	fprintf(f, "{\"version\":%u,\"frames\":%lu,\"presented_at_ms\":%lld,\"connected\":%s,",
	        s->version, a->frames, (long long)presented_at, s->connected ? "true" : "false");
	fprintf(f, "\"last_event_id\":%llu,\"announced\":%u,\"current\":",
	        (unsigned long long)s->last_event_id,
	        a->announcer ? announcer_done(a->announcer) : 0);
	if (s->has_current) {
		fputs("{\"number\":", f);
		json_str(f, s->current.number);
		fputs(",\"counter_label\":", f);
		json_str(f, s->current.counter_label);
		fputc('}', f);
	} else {
		fputs("null", f);
	}
	fputs(",\"history\":[", f);
	for (size_t i = 0; i < s->n_history; i++) {
		fputs(i ? "," : "", f);
		json_str(f, s->history[i].number);
	}
	fputs("],\"waiting\":{", f);
	for (size_t i = 0; i < s->n_waiting; i++) {
		fputs(i ? "," : "", f);
		json_str(f, s->waiting[i].service);
		fprintf(f, ":%d", s->waiting[i].count);
	}
	fputs("},\"waits\":{", f);
	for (size_t i = 0; i < s->n_waiting; i++) {
		fputs(i ? "," : "", f);
		json_str(f, s->waiting[i].service);
		fprintf(f, ":%d", s->waiting[i].wait_s);
	}
	fputs("},\"ticker\":", f);
	json_str(f, s->ticker);
	fputs(",\"message\":", f);
	json_str(f, s->message);
	fputs("}\n", f);
	if (fclose(f) == 0)
		rename(tmp, path);
}

/* Headless, the picture is already in memory (`surf`, RGBA32): written without a copy. */
static void write_screenshot(struct app *a, SDL_Renderer *r, SDL_Surface *surf)
{
	struct ui_image img;
	char tmp[600], path[600];
	bool copy = !surf || surf->pitch != surf->w * 4;

	if (copy && display_view_capture(r, &img))
		return;
	if (!copy)
		img = (struct ui_image){ surf->w, surf->h, surf->pixels };
	snprintf(tmp, sizeof(tmp), "%s/display.png.tmp", a->shot_dir);
	snprintf(path, sizeof(path), "%s/display.png", a->shot_dir);
	if (ui_image_write_png(&img, tmp) == 0)
		rename(tmp, path);
	if (copy)
		ui_image_free(&img);
}

/* Opening hours and the clock, once per minute. Returns the clock text. */
static void minute_update(struct app *a, char *clock, size_t n, int *minute)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	*minute = tm.tm_hour * 60 + tm.tm_min;
	strftime(clock, n, "%H:%M", &tm);
	pthread_mutex_lock(&a->lock);
	/* The display's own hours win over the hub's. */
	const char *hours = a->cfg.opening_hours[0] ? a->cfg.opening_hours : a->st.opening_hours;
	bool open = opening_hours_open(hours, *minute) != 0;
	const char *closed = a->cfg.closed_message[0]
	                         ? a->cfg.closed_message
	                         : display_texts_get(a->cfg.language, NULL)->closed;
	display_state_set_message(&a->st, open ? "" : closed);
	pthread_mutex_unlock(&a->lock);
}

static int run(struct app *a, bool headless)
{
	SDL_Window *win = NULL;
	SDL_Surface *surf = NULL;
	SDL_Renderer *r = NULL;
	struct display_view *view = NULL;
	struct hub_link *link = NULL;
	int rc = 1;

	if (headless) {
		surf = SDL_CreateRGBSurfaceWithFormat(0, a->cfg.width, a->cfg.height, 32,
		                                      SDL_PIXELFORMAT_RGBA32);
		r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
	} else {
		Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
		/* Software: no GL anywhere, not even for presenting the window's surface. */
		if (a->cfg.software_renderer)
			SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		if (a->cfg.fullscreen)
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
		win = SDL_CreateWindow("civiq-display", SDL_WINDOWPOS_CENTERED,
		                       SDL_WINDOWPOS_CENTERED, a->cfg.width, a->cfg.height, flags);
		if (win && !a->cfg.software_renderer) {
			r = SDL_CreateRenderer(
			    win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
		}
		if (win && !r)
			r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
		if (a->cfg.fullscreen)
			SDL_ShowCursor(SDL_DISABLE);
	}
	if (!r) {
		log_err("display: no renderer: %s", SDL_GetError());
		goto out;
	}
	struct display_view_options vo = {
		.font_dir = a->cfg.font_dir[0] ? a->cfg.font_dir : NULL,
		.orientation = a->cfg.orientation,
		.language = a->cfg.language,
	};
	int err = display_view_new(r, &vo, &view);
	if (err) {
		log_err("display: fonts not found in %s (%s)",
		        vo.font_dir ? vo.font_dir : UI_FONT_DIR_DEFAULT, strerror(-err));
		goto out;
	}
	struct hub_link_config lc = {
		.hub_url = a->cfg.hub_url,
		.token = a->cfg.token,
		.ca_file = a->cfg.ca_file[0] ? a->cfg.ca_file : NULL,
		.language = a->cfg.language,
		.default_ticker = a->cfg.ticker,
	};
	struct hub_link_hooks hooks = { .changed = wake, .announce = announce, .ctx = a };
	err = hub_link_start(&lc, &a->st, &a->lock, &hooks, &link);
	if (err) {
		log_err("display: cannot start the hub link: %s", strerror(-err));
		goto out;
	}

	struct display_state shown;
	unsigned drawn_version = 0, shot_version = 0;
	int drawn_blink = -1, drawn_minute = -1, minute = -1;
	bool force = true;
	char clock[16] = "";
	int64_t started = mono_ms();
	rc = 0;
	while (!wakeup_quit(a->wake)) {
		int64_t now = mono_ms();
		int m;
		char c[16];
		minute_update(a, c, sizeof(c), &m);
		if (m != minute) {
			minute = m;
			memcpy(clock, c, sizeof(clock));
		}
		pthread_mutex_lock(&a->lock);
		display_state_tick(&a->st, now);
		shown = a->st;
		pthread_mutex_unlock(&a->lock);
		int blink = display_state_blink_on(&shown, now);
		bool drawn = false;
		if (force || shown.version != drawn_version || blink != drawn_blink ||
		    minute != drawn_minute) {
			display_view_draw(view, &shown, now, clock);
			if (win)
				SDL_RenderPresent(r);
			a->frames++;
			drawn = true;
			int64_t presented = wall_ms();
			drawn_version = shown.version;
			drawn_blink = blink;
			drawn_minute = minute;
			force = false;
			if (a->shot_dir && shown.version != shot_version) {
				shot_version = shown.version;
				write_screenshot(a, r, surf);
				write_state(a, &shown, presented);
			}
		}
		/* --once: done when a frame shows what the hub had; --exit-after: when time is up.
		 */
		int64_t left = a->exit_after_ms > 0 ? started + a->exit_after_ms - mono_ms() : -1;
		if (a->once && drawn && shown.connected)
			break;
		if (a->exit_after_ms > 0 && left <= 0) {
			if (a->once) {
				log_err("display: no state from the hub %s within %lld s",
				        a->cfg.hub_url, (long long)a->exit_after_ms / 1000);
				rc = 3;
			}
			break;
		}
		/* Sleep until the picture changes by itself, the minute turns, or news arrive. */
		int64_t wait = display_state_next_change(&shown, mono_ms());
		int64_t to_minute = 60000 - wall_ms() % 60000 + 5;
		if (wait < 0 || wait > to_minute)
			wait = to_minute;
		if (left >= 0 && wait > left)
			wait = left;
		wakeup_wait(a->wake, (int)(wait > 0 ? wait : 1), on_sdl_event, &force);
	}
	/* The announcement under way is played to its end. */
	if (a->announcer)
		announcer_wait_idle(a->announcer, 15000);
	if (a->shot_dir) {
		pthread_mutex_lock(&a->lock);
		shown = a->st;
		pthread_mutex_unlock(&a->lock);
		write_state(a, &shown, wall_ms());
	}
out:
	hub_link_stop(link);
	display_view_free(view);
	if (r)
		SDL_DestroyRenderer(r);
	if (surf)
		SDL_FreeSurface(surf);
	if (win)
		SDL_DestroyWindow(win);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "hub", required_argument, NULL, 'u' },
		{ "token", required_argument, NULL, 't' },
		{ "audio", required_argument, NULL, 'a' },
		{ "screenshot-dir", required_argument, NULL, 's' },
		{ "headless", no_argument, NULL, 'H' },
		{ "once", no_argument, NULL, 'o' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *hub = NULL, *token = NULL, *audio = NULL;
	static struct app a;
	bool headless = false;
	char err[512];
	int opt;

	log_set_ident("civiq-display");
	/* Large blocks (frame captures, text textures) are mapped and given back when freed instead
	 * of fragmenting a heap that never shrinks (glibc would raise this threshold to the size of
	 * the first freed capture); a few threads need no more than two malloc arenas. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024);
	mallopt(M_ARENA_MAX, 2);
	/* Before any thread: SIGINT/SIGTERM go to the wake-up's own thread. */
	wakeup_block_signals();
	while ((opt = getopt_long(argc, argv, "c:u:t:a:s:Hox:vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'u':
			hub = optarg;
			break;
		case 't':
			token = optarg;
			break;
		case 'a':
			audio = optarg;
			break;
		case 's':
			a.shot_dir = optarg;
			break;
		case 'H':
			headless = true;
			break;
		case 'o':
			a.once = true;
			break;
		case 'x': {
			char *end;
			double secs = strtod(optarg, &end);
			if (*end || !(secs > 0 && secs <= 86400)) {
				log_err("display: --exit-after wants seconds (0 < S <= 86400)");
				return 2;
			}
			a.exit_after_ms = (int64_t)(secs * 1000);
			break;
		}
		case 'v':
			printf("civiq-display %s\n", CIVIQ_VERSION);
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
	display_config_defaults(&a.cfg);
	if (display_config_load(&a.cfg, config, err, sizeof(err))) {
		log_err("%s", err);
		return 1;
	}
	if (hub)
		snprintf(a.cfg.hub_url, sizeof(a.cfg.hub_url), "%s", hub);
	if (token)
		snprintf(a.cfg.token, sizeof(a.cfg.token), "%s", token);
	if (audio)
		snprintf(a.cfg.audio, sizeof(a.cfg.audio), "%s", audio);
	if (a.shot_dir && mkdir(a.shot_dir, 0755) && errno != EEXIST) {
		log_err("display: cannot create %s: %s", a.shot_dir, strerror(errno));
		return 1;
	}

	pthread_mutex_init(&a.lock, NULL);
	display_state_init(&a.st);
	a.st.history_max = (size_t)a.cfg.history;
	a.st.blinks = a.cfg.blinks;
	a.st.blink_ms = a.cfg.blink_ms;
	a.st.filter = a.cfg.filter;
	display_state_set_ticker(&a.st, a.cfg.ticker);

	if (a.once && !a.exit_after_ms)
		a.exit_after_ms = 15000;
	if (SDL_Init(SDL_INIT_EVENTS | (headless ? 0 : SDL_INIT_VIDEO))) {
		log_err("display: SDL: %s", SDL_GetError());
		return 1;
	}
	int rc = wakeup_new(!headless, &a.wake);
	if (rc) {
		log_err("display: %s", strerror(-rc));
		SDL_Quit();
		return 1;
	}
	struct announcer_config ac = {
		.audio_uri = a.cfg.audio,
		.language = a.cfg.language,
		.second_language = a.cfg.second_language,
		.voice = a.cfg.voice,
		.volume = a.cfg.volume,
	};
	rc = announcer_start(&ac, &a.announcer);
	if (rc)
		log_warning("display: no announcements (audio %s: %s)", a.cfg.audio, strerror(-rc));
	log_notice("display: following %s (%s)", a.cfg.hub_url,
	           headless                       ? "headless"
	           : wakeup_uses_sdl_wait(a.wake) ? SDL_GetCurrentVideoDriver()
	                                          : "polled video driver");
	rc = run(&a, headless);
	announcer_stop(a.announcer);
	wakeup_free(a.wake);
	SDL_Quit();
	pthread_mutex_destroy(&a.lock);
	log_notice("display: stopped");
	return rc;
}
