#include "common/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum log_level level;
} level_names[] = {
	{ "err", LOG_LEVEL_ERR },       { "warning", LOG_LEVEL_WARNING },
	{ "notice", LOG_LEVEL_NOTICE }, { "info", LOG_LEVEL_INFO },
	{ "debug", LOG_LEVEL_DEBUG },
};

static enum log_level current_level = LOG_LEVEL_INFO;
static int level_from_env_done;
static const char *ident = "civiq";

int log_level_parse(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i].name) == 0) {
			*out = level_names[i].level;
			return 0;
		}
	}
	return -EINVAL;
}

static void level_from_env(void)
{
	const char *env = getenv("CIVIQ_LOG_LEVEL");
	enum log_level level;

	level_from_env_done = 1;
	if (env && log_level_parse(env, &level) == 0)
		current_level = level;
}

void log_set_level(enum log_level level)
{
	level_from_env_done = 1;
	current_level = level;
}

enum log_level log_get_level(void)
{
	if (!level_from_env_done)
		level_from_env();
	return current_level;
}

void log_set_ident(const char *name)
{
	ident = name;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	if (level > log_get_level())
		return;
	n = snprintf(line, sizeof(line), "<%d>%s: ", (int)level, ident);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One fputs per line keeps lines from concurrent threads whole. */
	size_t len = strlen(line);
	if (len + 1 < sizeof(line)) {
		line[len] = '\n';
		line[len + 1] = '\0';
	} else {
		line[sizeof(line) - 2] = '\n';
	}
	fputs(line, stderr);
}
