/* hal/input.h — buttons and keys: key presses in, as Linux key codes (KEY_*, BTN_*).
 *
 * Backends, chosen by URI:
 *   "evdev:/dev/input/eventN"  a Linux input device (also /dev/input/by-id/...), read with
 *                              plain read() of struct input_event; grabbed so its keys do not
 *                              reach the console
 *   "sim:/path/to/fifo"        a simulated button box for tests and the demo: one line per
 *                              event written to the FIFO (created when missing):
 *                              "press KEY_ENTER" (or "KEY_ENTER", "28"), "release KEY_ENTER",
 *                              "unplug" (the device disappears: reads fail with -ENODEV)
 *
 * The program waits on input_fd() with poll() and then calls input_read() until -EAGAIN.
 */
#ifndef CIVIQ_HAL_INPUT_H
#define CIVIQ_HAL_INPUT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

struct input;

struct input_key_event {
	uint16_t code; /* KEY_* / BTN_* from <linux/input-event-codes.h> */
	bool pressed;  /* true: pressed, false: released (auto-repeat is not reported) */
};

struct input_ops {
	const char *scheme; /* "evdev", "sim" */
	/* `arg` is the URI after "scheme:". */
	int (*open)(struct input *in, const char *arg);
	/* A file descriptor that polls readable when an event may be waiting. */
	int (*fd)(struct input *in);
	/* One event, without blocking: 0 and *ev, -EAGAIN when none waits, -ENODEV when the
	 * device is gone (close and open it again), or another negative errno. */
	int (*read)(struct input *in, struct input_key_event *ev);
	void (*close)(struct input *in);
};

struct input {
	const struct input_ops *ops;
	void *priv; /* backend state, owned by the backend */
};

/* Opens the backend the URI names. -ENOTSUP for an unknown or not-built scheme, or the
 * backend's error (-ENOENT: no such device). */
int input_open(struct input *in, const char *uri);

/* The built-in backends, NULL-terminated (for --help texts). */
extern const struct input_ops *const input_backends[];

/* "KEY_ENTER", "BTN_0", a decimal code ("28") → the code; -EINVAL for an unknown name.
 * Knows the keys a call button or a small keypad sends. */
int input_key_parse(const char *name);
/* The name of a code, or NULL when input_key_parse does not know it. */
const char *input_key_name(int code);

static inline int input_fd(struct input *in)
{
	return in->ops && in->ops->fd ? in->ops->fd(in) : -ENOTSUP;
}

static inline int input_read(struct input *in, struct input_key_event *ev)
{
	return in->ops && in->ops->read ? in->ops->read(in, ev) : -ENOTSUP;
}

static inline void input_close(struct input *in)
{
	if (in->ops && in->ops->close)
		in->ops->close(in);
	in->ops = NULL;
	in->priv = NULL;
}

#endif
