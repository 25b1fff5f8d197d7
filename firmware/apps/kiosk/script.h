/* script.h — scripted input for tests and demos (civiq-kiosk --script FILE).
 *
 * One command per line ('#' starts a comment):
 *   tap BUTTON [ARG]    taps the centre of the widget with that button, as a mouse click:
 *                       start lang appointment no_appointment code scan card consent_yes
 *                       consent_no service key backspace ok back home more_time use_code
 *                       retry large_text priority; ARG is a language code (lang), an index
 * (service) or a character (key) tapxy X Y           a click at X, Y type TEXT           characters
 * as a keyboard (or a barcode scanner) types them key enter|backspace|escape scan TEXT TEXT and
 * Enter, as the QR/barcode scanner sends them wait SCREEN [S]     until the flow shows SCREEN
 * (idle, language, ..., result, error), at most S seconds (default 20); the script fails otherwise
 *   wait printed [S]    until the result's ticket has been printed (or failed to)
 *   expect error NAME   the error screen shows that error (no_booking, too_early, ...)
 *   expect number       the result shows a ticket number; it is printed to stdout
 *   expect offline      the result was issued offline
 *   shot NAME           writes NAME.png into the screenshot folder
 *   sleep MS
 *   mark                remembers the time (monotonic clock)
 *   lap NAME            prints "lap NAME MS" to stdout: milliseconds since the last mark;
 *                       after a `wait`, that is until the screen it waited for was drawn
 */
#ifndef CIVIQ_APPS_KIOSK_SCRIPT_H
#define CIVIQ_APPS_KIOSK_SCRIPT_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "kiosk/kiosk_flow.h"
#include "ui/kiosk_layout.h"

struct script;

int script_load(const char *path, struct script **out);
void script_free(struct script *s);

enum script_status { SCRIPT_RUNNING, SCRIPT_DONE, SCRIPT_FAILED };

/* Runs commands until one has to wait; shot(ctx, name) saves a screenshot. */
enum script_status script_step(struct script *s, const struct kiosk_flow *f,
                               const struct kiosk_layout *l, int64_t now_ms,
                               void (*shot)(void *ctx, const char *name), void *ctx);

#endif
