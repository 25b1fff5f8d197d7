/* script.c — scripted taps, keys and checks for civiq-kiosk; see script.h. */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"

struct script {
	char **lines;
	size_t n, pc;
	int line_no[1024];
	int64_t wait_until; /* sleep, or the deadline of a wait */
	bool waiting;
	struct timespec mark;
};

static double since_ms(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

int script_load(const char *path, struct script **out)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	int no = 0;
	struct script *s;

	*out = NULL;
	if (!f)
		return -errno;
	s = calloc(1, sizeof(*s));
	s->lines = calloc(1024, sizeof(char *));
	while (fgets(buf, sizeof(buf), f) && s->n < 1024) {
		no++;
		buf[strcspn(buf, "\r\n")] = 0;
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		s->line_no[s->n] = no;
		s->lines[s->n++] = strdup(p);
	}
	fclose(f);
	*out = s;
	return 0;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->lines[i]);
	free(s->lines);
	free(s);
}

static const struct {
	const char *name;
	enum kiosk_button b;
} buttons[] = {
	{ "start", KB_START },
	{ "lang", KB_LANG },
	{ "appointment", KB_APPOINTMENT },
	{ "no_appointment", KB_NO_APPOINTMENT },
	{ "code", KB_METHOD_CODE },
	{ "scan", KB_METHOD_SCAN },
	{ "card", KB_METHOD_CARD },
	{ "consent_yes", KB_CONSENT_YES },
	{ "consent_no", KB_CONSENT_NO },
	{ "service", KB_SERVICE },
	{ "key", KB_KEY },
	{ "backspace", KB_BACKSPACE },
	{ "ok", KB_OK },
	{ "back", KB_BACK },
	{ "home", KB_HOME },
	{ "more_time", KB_MORE_TIME },
	{ "use_code", KB_USE_CODE },
	{ "retry", KB_RETRY },
	{ "large_text", KB_LARGE_TEXT },
	{ "priority", KB_PRIORITY },
};

static void click(int x, int y)
{
	SDL_Event e = { 0 };
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.x = x;
	e.button.y = y;
	SDL_PushEvent(&e);
	e.type = SDL_MOUSEBUTTONUP;
	SDL_PushEvent(&e);
}

static void key(SDL_Keycode k)
{
	SDL_Event e = { 0 };
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = k;
	SDL_PushEvent(&e);
}

static void text(const char *t)
{
	for (; *t; t++) {
		SDL_Event e = { 0 };
		e.type = SDL_TEXTINPUT;
		e.text.text[0] = *t;
		SDL_PushEvent(&e);
	}
}

static enum script_status failed(struct script *s, const char *why)
{
	log_err("script line %d (%s): %s", s->line_no[s->pc], s->lines[s->pc], why);
	return SCRIPT_FAILED;
}

static bool screen_named(const char *name, enum kiosk_screen *out)
{
	for (int i = 0; i < KS_COUNT; i++)
		if (!strcmp(kiosk_screen_name((enum kiosk_screen)i), name)) {
			*out = (enum kiosk_screen)i;
			return true;
		}
	return false;
}

/* One command: 1 done, 0 must wait, -1 failed. */
static int command(struct script *s, const struct kiosk_flow *f, const struct kiosk_layout *l,
                   int64_t now, void (*shot)(void *, const char *), void *ctx)
{
	char cmd[32] = "", a1[256] = "", a2[64] = "";
	const char *line = s->lines[s->pc];
	sscanf(line, "%31s %255s %63s", cmd, a1, a2);
	const char *rest = strchr(line, ' ');
	rest = rest ? rest + 1 : "";

	if (!strcmp(cmd, "tap")) {
		for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++) {
			if (strcmp(buttons[i].name, a1))
				continue;
			int arg = -1;
			enum kiosk_lang lang;
			if (buttons[i].b == KB_LANG && kiosk_lang_parse(a2, &lang) == 0)
				arg = (int)lang;
			else if (buttons[i].b == KB_KEY)
				arg = (unsigned char)a2[0];
			else if (a2[0])
				arg = atoi(a2);
			const struct kiosk_widget *w = kiosk_layout_find(l, buttons[i].b, arg);
			if (!w)
				return -1;
			click(w->r.x + w->r.w / 2, w->r.y + w->r.h / 2);
			return 1;
		}
		return -1;
	}
	if (!strcmp(cmd, "tapxy")) {
		click(atoi(a1), atoi(a2));
		return 1;
	}
	if (!strcmp(cmd, "type")) {
		text(rest);
		return 1;
	}
	if (!strcmp(cmd, "scan")) {
		text(rest);
		key(SDLK_RETURN);
		return 1;
	}
	if (!strcmp(cmd, "key")) {
		key(!strcmp(a1, "enter")    ? SDLK_RETURN
		    : !strcmp(a1, "escape") ? SDLK_ESCAPE
		                            : SDLK_BACKSPACE);
		return 1;
	}
	if (!strcmp(cmd, "sleep") || !strcmp(cmd, "wait")) {
		if (!s->waiting) {
			int64_t ms =
			    !strcmp(cmd, "sleep") ? atoll(a1) : (a2[0] ? atoll(a2) : 20) * 1000;
			s->wait_until = now + ms;
			s->waiting = true;
		}
		bool met;
		if (!strcmp(cmd, "sleep")) {
			met = now >= s->wait_until;
		} else if (!strcmp(a1, "printed")) {
			met = f->screen == KS_RESULT && !f->printing;
		} else {
			enum kiosk_screen want;
			if (!screen_named(a1, &want))
				return -1;
			met = f->screen == want && !f->busy;
		}
		if (met) {
			s->waiting = false;
			return 1;
		}
		if (now >= s->wait_until) {
			s->waiting = false;
			log_err("script: still on screen %s (error %s)",
			        kiosk_screen_name(f->screen), kiosk_error_name(f->error));
			return -1;
		}
		return 0;
	}
	if (!strcmp(cmd, "expect")) {
		if (!strcmp(a1, "error"))
			return f->screen == KS_ERROR && !strcmp(kiosk_error_name(f->error), a2)
			           ? 1
			           : -1;
		if (!strcmp(a1, "number")) {
			if (f->screen != KS_RESULT || !f->ticket.number[0])
				return -1;
			printf("ticket %s service %s%s%s\n", f->ticket.number, f->ticket.service,
			       f->ticket.offline ? " offline" : "",
			       f->paper_out ? " not-printed"
			       : f->printed ? " printed"
			                    : "");
			fflush(stdout);
			return 1;
		}
		if (!strcmp(a1, "offline"))
			return f->screen == KS_RESULT && f->ticket.offline ? 1 : -1;
		return -1;
	}
	if (!strcmp(cmd, "shot")) {
		shot(ctx, a1);
		return 1;
	}
	if (!strcmp(cmd, "mark")) {
		clock_gettime(CLOCK_MONOTONIC, &s->mark);
		return 1;
	}
	if (!strcmp(cmd, "lap")) {
		printf("lap %s %.3f\n", a1, since_ms(&s->mark));
		fflush(stdout);
		return 1;
	}
	return -1;
}

enum script_status script_step(struct script *s, const struct kiosk_flow *f,
                               const struct kiosk_layout *l, int64_t now_ms,
                               void (*shot)(void *ctx, const char *name), void *ctx)
{
	while (s->pc < s->n) {
		int rc = command(s, f, l, now_ms, shot, ctx);
		if (rc < 0)
			return failed(s, "failed");
		if (rc == 0)
			return SCRIPT_RUNNING;
		s->pc++;
		/* a tap or key changes the screen: let the program process it first */
		const char *c = s->lines[s->pc - 1];
		if (strncmp(c, "wait", 4) && strncmp(c, "expect", 6) && strncmp(c, "shot", 4) &&
		    strncmp(c, "mark", 4) && strncmp(c, "lap", 3))
			return SCRIPT_RUNNING;
	}
	return SCRIPT_DONE;
}
