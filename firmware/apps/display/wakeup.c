/* wakeup.c — the display loop's sleep. */
#include "wakeup.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "common/log.h"

struct wakeup {
	int fd; /* eventfd */
	bool video, sdl_wait;
	Uint32 event;
	atomic_bool quit, stopping;
	pthread_t sig_thread;
	bool have_thread;
};

static sigset_t stop_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	return set;
}

void wakeup_block_signals(void)
{
	sigset_t set = stop_signals();
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
}

static void *sig_main(void *arg)
{
	struct wakeup *w = arg;
	sigset_t set = stop_signals();
	int sig;

	while (!atomic_load(&w->stopping)) {
		if (sigwait(&set, &sig) != 0 || atomic_load(&w->stopping))
			continue;
		log_notice("display: %s, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
		atomic_store(&w->quit, true);
		wakeup_signal(w);
	}
	return NULL;
}

/* Drivers whose WaitEventTimeout blocks instead of polling (SDL 2.0.22 and later). */
static bool driver_blocks(void)
{
	const char *d = SDL_GetCurrentVideoDriver();
	return d && (!strcmp(d, "x11") || !strcmp(d, "wayland"));
}

int wakeup_new(bool video, struct wakeup **out)
{
	struct wakeup *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->video = video;
	w->sdl_wait = video && driver_blocks();
	w->event = SDL_RegisterEvents(1);
	w->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->fd < 0) {
		int rc = -errno;
		free(w);
		return rc;
	}
	int rc = -pthread_create(&w->sig_thread, NULL, sig_main, w);
	if (rc) {
		close(w->fd);
		free(w);
		return rc;
	}
	w->have_thread = true;
	*out = w;
	return 0;
}

void wakeup_free(struct wakeup *w)
{
	if (!w)
		return;
	if (w->have_thread) {
		atomic_store(&w->stopping, true);
		pthread_kill(w->sig_thread, SIGTERM);
		pthread_join(w->sig_thread, NULL);
	}
	close(w->fd);
	free(w);
}

bool wakeup_uses_sdl_wait(const struct wakeup *w)
{
	return w->sdl_wait;
}

void wakeup_signal(struct wakeup *w)
{
	uint64_t one = 1;

	if (w->sdl_wait) {
		SDL_Event ev = { .type = w->event };
		SDL_PushEvent(&ev);
	} else if (write(w->fd, &one, sizeof(one)) < 0 && errno != EAGAIN) {
		log_warning("display: wake-up failed: %s", strerror(errno));
	}
}

bool wakeup_quit(const struct wakeup *w)
{
	return atomic_load(&w->quit);
}

static void dispatch(struct wakeup *w, const SDL_Event *e,
                     void (*on_event)(void *ctx, const SDL_Event *e), void *ctx)
{
	if (e->type == SDL_QUIT)
		atomic_store(&w->quit, true);
	if (e->type != w->event && on_event)
		on_event(ctx, e);
}

void wakeup_wait(struct wakeup *w, int timeout_ms, void (*on_event)(void *ctx, const SDL_Event *e),
                 void *ctx)
{
	SDL_Event ev;

	if (atomic_load(&w->quit))
		return;
	if (w->sdl_wait) {
		if (SDL_WaitEventTimeout(&ev, timeout_ms < 0 ? 0x7fffffff : timeout_ms))
			dispatch(w, &ev, on_event, ctx);
	} else {
		struct pollfd p = { .fd = w->fd, .events = POLLIN };
		int t = timeout_ms;
		if (w->video && (t < 0 || t > WAKEUP_PUMP_MS))
			t = WAKEUP_PUMP_MS;
		if (poll(&p, 1, t) > 0) {
			uint64_t n;
			if (read(w->fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
				log_warning("display: wake-up read: %s", strerror(errno));
		}
		if (w->video)
			SDL_PumpEvents();
	}
	while (SDL_PollEvent(&ev))
		dispatch(w, &ev, on_event, ctx);
}
