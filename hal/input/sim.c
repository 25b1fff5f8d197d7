/* sim.c — a simulated button box: lines written to a FIFO become key events.
 *
 * The FIFO is opened read-write so it never reports end-of-file when the writer (a test, or
 * `echo press KEY_ENTER > fifo`) closes it. Lines: "press NAME", "release NAME", "NAME" (a
 * press), "unplug" (every later read fails with -ENODEV, as a pulled USB device does). Blank
 * lines and "#" comments are skipped; an unknown key name is skipped too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hal/input.h"

struct sim_input {
	int fd;
	bool unplugged;
	char line[128];
	size_t len;
	bool overlong; /* the current line did not fit: skip it */
};

static int sim_open(struct input *in, const char *arg)
{
	struct sim_input *s;
	struct stat st;

	if (!arg[0])
		return -EINVAL;
	if (mkfifo(arg, 0600) && errno != EEXIST)
		return -errno;
	if (stat(arg, &st))
		return -errno;
	if (!S_ISFIFO(st.st_mode))
		return -ENOTSUP;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = open(arg, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0) {
		int rc = -errno;
		free(s);
		return rc;
	}
	in->priv = s;
	return 0;
}

static int sim_fd(struct input *in)
{
	return ((struct sim_input *)in->priv)->fd;
}

/* One complete line into s->line (NUL-terminated, without '\n'): 0, -EAGAIN or an error. */
static int sim_line(struct sim_input *s)
{
	for (;;) {
		char c;
		ssize_t n = read(s->fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		if (n == 0)
			return -EAGAIN;
		if (c == '\n') {
			bool skip = s->overlong;
			s->line[s->len] = '\0';
			s->len = 0;
			s->overlong = false;
			if (!skip)
				return 0;
			continue;
		}
		if (s->len + 1 < sizeof(s->line))
			s->line[s->len++] = c;
		else
			s->overlong = true;
	}
}

static int sim_read(struct input *in, struct input_key_event *ev)
{
	struct sim_input *s = in->priv;

	while (!s->unplugged) {
		int rc = sim_line(s);
		if (rc)
			return rc;
		char *p = s->line, *word, *save = NULL;
		bool pressed = true;
		word = strtok_r(p, " \t\r", &save);
		if (!word || word[0] == '#')
			continue;
		if (!strcmp(word, "unplug")) {
			s->unplugged = true;
			break;
		}
		if (!strcmp(word, "press") || !strcmp(word, "release")) {
			pressed = word[0] == 'p';
			word = strtok_r(NULL, " \t\r", &save);
		}
		int code = word ? input_key_parse(word) : -EINVAL;
		if (code < 0)
			continue;
		ev->code = (uint16_t)code;
		ev->pressed = pressed;
		return 0;
	}
	return -ENODEV;
}

static void sim_close(struct input *in)
{
	struct sim_input *s = in->priv;

	if (!s)
		return;
	close(s->fd);
	free(s);
}

const struct input_ops input_sim_ops = {
	.scheme = "sim",
	.open = sim_open,
	.fd = sim_fd,
	.read = sim_read,
	.close = sim_close,
};
