/* evdev.c — the input backend for Linux input devices: /dev/input/eventN, read() of
 * struct input_event, no library.
 *
 * The device is grabbed (EVIOCGRAB) so a button box that is a USB keyboard does not also type
 * into the console; a file that is not an input device (a test's recording) is read as is.
 * Only EV_KEY press (1) and release (0) are reported; auto-repeat (2) and other event types
 * are skipped. Events are read in batches into a small buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hal/input.h"

#define EVDEV_BATCH 16

struct evdev {
	int fd;
	struct input_event buf[EVDEV_BATCH];
	size_t have, next;
};

static int evdev_open(struct input *in, const char *arg)
{
	struct evdev *e;

	if (!arg[0])
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->fd = open(arg, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (e->fd < 0) {
		int rc = -errno;
		free(e);
		return rc;
	}
	/* Best effort: not every file is an input device, and grabbing may be refused. */
	(void)ioctl(e->fd, EVIOCGRAB, (void *)1);
	in->priv = e;
	return 0;
}

static int evdev_fd(struct input *in)
{
	return ((struct evdev *)in->priv)->fd;
}

/* Refills the buffer; 0, -EAGAIN or an error. */
static int evdev_fill(struct evdev *e)
{
	ssize_t n;

	do
		n = read(e->fd, e->buf, sizeof(e->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : (errno == ENODEV ? -ENODEV : -errno);
	/* A device never ends; a recording does: nothing more to read. */
	if (n == 0)
		return -EAGAIN;
	if ((size_t)n % sizeof(e->buf[0]))
		return -EIO;
	e->have = (size_t)n / sizeof(e->buf[0]);
	e->next = 0;
	return 0;
}

static int evdev_read(struct input *in, struct input_key_event *ev)
{
	struct evdev *e = in->priv;

	for (;;) {
		if (e->next == e->have) {
			int rc = evdev_fill(e);
			if (rc)
				return rc;
		}
		const struct input_event *ie = &e->buf[e->next++];
		if (ie->type != EV_KEY || ie->value > 1 || ie->value < 0)
			continue;
		ev->code = ie->code;
		ev->pressed = ie->value == 1;
		return 0;
	}
}

static void evdev_close(struct input *in)
{
	struct evdev *e = in->priv;

	if (!e)
		return;
	(void)ioctl(e->fd, EVIOCGRAB, (void *)0);
	close(e->fd);
	free(e);
}

const struct input_ops input_evdev_ops = {
	.scheme = "evdev",
	.open = evdev_open,
	.fd = evdev_fd,
	.read = evdev_read,
	.close = evdev_close,
};
