/* bidi.h — the visual order of a line of mixed-direction text (GNU FriBidi), without SDL.
 *
 * SDL2_ttf shapes a run with HarfBuzz but does not reorder bidirectional text: the text
 * drawer cuts a line into runs of one embedding level with this function, shapes each run in
 * its own direction and places the runs left to right in the order returned here. An Arabic
 * sentence that embeds a ticket number ("رقمك A 42") thus keeps "A 42" as one left-to-right
 * run in the middle of the right-to-left sentence.
 */
#ifndef CIVIQ_UI_BIDI_H
#define CIVIQ_UI_BIDI_H

#include <stdbool.h>
#include <stddef.h>

#define UI_BIDI_TEXT_MAX 256 /* code points of a line */
#define UI_BIDI_RUNS_MAX 64

struct ui_bidi_run {
	size_t start, len; /* bytes of the UTF-8 input: the run's text in logical order */
	int level;         /* embedding level; odd: right to left */
};

/* Whether the runs come from FriBidi (false: built without it, every line is one run). */
bool ui_bidi_available(void);

/* The runs of `s` (UTF-8, one line) in visual order, left to right, for a paragraph whose
 * base direction is right to left (rtl) or taken from its first strong letter. Returns the
 * number of runs, or -EINVAL (not UTF-8, too long), -E2BIG (more runs than max). */
int ui_bidi_visual_runs(const char *s, bool rtl, struct ui_bidi_run *runs, int max);

#endif
