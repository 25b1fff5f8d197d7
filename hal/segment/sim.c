/* sim.c — the simulated segment display: what is shown goes to a file, for tests and demos.
 *
 * "<file>" holds the current text and a newline, replaced by rename() so a reader never sees
 * half a text; "<file>.log" gets one line per change. null: shows nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal/segment.h"

struct sim_segment {
	char path[480];
	FILE *log;
	int brightness;
};

static int sim_open(struct segment *s, const char *arg)
{
	struct sim_segment *m;
	char log[500];

	if (!arg[0] || strlen(arg) >= sizeof(m->path))
		return -EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	snprintf(m->path, sizeof(m->path), "%s", arg);
	snprintf(log, sizeof(log), "%s.log", arg);
	m->log = fopen(log, "a");
	if (!m->log) {
		int rc = -errno;
		free(m);
		return rc;
	}
	m->brightness = 100;
	s->priv = m;
	return 0;
}

static int sim_show(struct segment *s, const char *text)
{
	struct sim_segment *m = s->priv;
	char tmp[500];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", m->path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fprintf(f, "%s\n", text);
	if (fclose(f) || rename(tmp, m->path))
		return -errno ? -errno : -EIO;
	fprintf(m->log, "%s\n", text);
	fflush(m->log);
	return 0;
}

static int sim_brightness(struct segment *s, int percent)
{
	struct sim_segment *m = s->priv;

	if (percent < 0 || percent > 100)
		return -EINVAL;
	m->brightness = percent;
	fprintf(m->log, "#brightness %d\n", percent);
	fflush(m->log);
	return 0;
}

static void sim_close(struct segment *s)
{
	struct sim_segment *m = s->priv;

	if (!m)
		return;
	fclose(m->log);
	free(m);
}

const struct segment_ops segment_sim_ops = {
	.scheme = "sim",
	.open = sim_open,
	.show = sim_show,
	.brightness = sim_brightness,
	.close = sim_close,
};

static int null_open(struct segment *s, const char *arg)
{
	(void)s;
	(void)arg;
	return 0;
}

static int null_show(struct segment *s, const char *text)
{
	(void)s;
	(void)text;
	return 0;
}

const struct segment_ops segment_null_ops = {
	.scheme = "null",
	.open = null_open,
	.show = null_show,
};
