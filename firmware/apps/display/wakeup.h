/* wakeup.h — how civiq-display's main loop sleeps: until its next deadline, news from the hub
 * or a stop signal, without polling.
 *
 * Two modes. With a windowing system whose SDL driver blocks in its event wait (x11, wayland),
 * the loop sleeps in SDL_WaitEventTimeout and is woken by a pushed event. Everywhere else
 * (headless, kmsdrm, offscreen, dummy: SDL would poll there every millisecond) it sleeps in
 * poll(2) on an eventfd; SDL's events are then pumped after each wake-up and, when a video
 * driver is up, at least every WAKEUP_PUMP_MS.
 *
 * SIGINT and SIGTERM are taken by a thread of their own (sigwait), which asks the loop to quit;
 * call wakeup_block_signals() first thing in main(), before any thread exists.
 */
#ifndef CIVIQ_APPS_DISPLAY_WAKEUP_H
#define CIVIQ_APPS_DISPLAY_WAKEUP_H

#include <SDL.h>
#include <stdbool.h>

#define WAKEUP_PUMP_MS 250

struct wakeup;

/* Blocks SIGINT and SIGTERM in the calling thread (and so in every thread started later) and
 * tells SDL not to install its own handlers. */
void wakeup_block_signals(void);

/* `video`: an SDL video driver is initialised (its events are to be pumped). */
int wakeup_new(bool video, struct wakeup **out);
void wakeup_free(struct wakeup *w);

/* Whether the SDL event wait is used (see above). */
bool wakeup_uses_sdl_wait(const struct wakeup *w);

/* Wakes the sleeping loop; safe from any thread. */
void wakeup_signal(struct wakeup *w);

/* Whether a stop was asked for (signal or window closed). */
bool wakeup_quit(const struct wakeup *w);

/* Sleeps up to timeout_ms (< 0: no limit) or until woken, then passes each pending SDL event to
 * on_event. SDL_QUIT also sets wakeup_quit(). */
void wakeup_wait(struct wakeup *w, int timeout_ms, void (*on_event)(void *ctx, const SDL_Event *e),
                 void *ctx);

#endif
