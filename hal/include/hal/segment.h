/* hal/segment.h — a small segment or LED number display: a few characters out.
 *
 * Text is what a seven-segment display can show: digits, letters (drawn as well as seven
 * segments allow), space, '-', '_' and '.'. segment_show() fits the text to the display's
 * width (segment_fit) before the backend sees it.
 *
 * Backends, chosen by URI:
 *   "sim:/path/to/file[?digits=N]"  records what is shown: the file holds the current text and
 *                                   a newline (replaced atomically), and each change is
 *                                   appended to "<file>.log"; digits default 4
 *   "null:[?digits=N]"              shows nothing (a board without a display)
 */
#ifndef CIVIQ_HAL_SEGMENT_H
#define CIVIQ_HAL_SEGMENT_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define SEGMENT_DIGITS_MAX 16

struct segment;

struct segment_ops {
	const char *scheme; /* "sim", "null" */
	/* `arg` is the URI after "scheme:" without the "?digits=" option. */
	int (*open)(struct segment *s, const char *arg);
	/* Shows exactly s->digits characters (already fitted). */
	int (*show)(struct segment *s, const char *text);
	/* 0..100; optional */
	int (*brightness)(struct segment *s, int percent);
	void (*close)(struct segment *s);
};

struct segment {
	const struct segment_ops *ops;
	int digits; /* characters the display has, 1..SEGMENT_DIGITS_MAX */
	void *priv; /* backend state, owned by the backend */
};

/* Opens the backend the URI names. -ENOTSUP for an unknown scheme, -EINVAL for a bad option,
 * or the backend's error. */
int segment_open(struct segment *s, const char *uri);

/* The built-in backends, NULL-terminated (for --help texts). */
extern const struct segment_ops *const segment_backends[];

/* Fits text to `digits` characters into out (digits + 1 bytes): characters a display cannot
 * show become spaces; when too long, spaces are dropped first ("A 042" → "A042"), then the
 * leftmost characters; when short, it is right-aligned. */
void segment_fit(const char *text, int digits, char *out);

/* The seven-segment pattern of a character, bit 0 = segment a ... bit 6 = g, bit 7 = the
 * decimal point; 0 for a blank or a character that cannot be shown. For hardware backends. */
uint8_t segment_glyph(char c);

/* Fits and shows the text. */
int segment_show(struct segment *s, const char *text);

static inline int segment_brightness(struct segment *s, int percent)
{
	return s->ops && s->ops->brightness ? s->ops->brightness(s, percent) : -ENOTSUP;
}

static inline void segment_close(struct segment *s)
{
	if (s->ops && s->ops->close)
		s->ops->close(s);
	s->ops = NULL;
	s->priv = NULL;
}

#endif
