/* counter_config.c — reads [counter_board]. */
#include "apps/counter/counter_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "hal/input.h"

#define SECTION "counter_board"

static void defaults(struct counter_config *c)
{
	memset(c, 0, sizeof(*c));
	c->next_key = 28; /* KEY_ENTER */
	c->timeout_ms = 5000;
	c->retry_max_ms = 30000;
	c->retry_window_ms = 60000;
	c->lockout_ms = 1500;
}

/* A path relative to the config file's folder, unless it is absolute. */
static int put_path(char *out, size_t n, const char *base, const char *value)
{
	const char *slash = strrchr(base, '/');
	int len;

	if (value[0] == '/' || value[0] == '?' || !value[0] || !slash)
		len = snprintf(out, n, "%s", value);
	else
		len = snprintf(out, n, "%.*s/%s", (int)(slash - base), base, value);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

/* A URI "scheme:path[?opts]": the path part made relative to the config file (sim:, evdev:). */
static int put_uri(char *out, size_t n, const char *base, const char *value)
{
	const char *colon = strchr(value, ':');
	char path[COUNTER_STR_MAX];

	if (!colon)
		return -EINVAL;
	if (put_path(path, sizeof(path), base, colon + 1))
		return -ENAMETOOLONG;
	int len = snprintf(out, n, "%.*s:%s", (int)(colon - value), value, path);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

static int put_str(char *out, size_t n, const char *value)
{
	int len = snprintf(out, n, "%s", value);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

static int put_ms(int *out, const char *value, long min_s, long max_s, int scale)
{
	char *end;
	long v = strtol(value, &end, 10);

	if (!value[0] || *end || v < min_s || v > max_s)
		return -EINVAL;
	*out = (int)(v * scale);
	return 0;
}

static int put_key(int *out, const char *value, int allow_none)
{
	if (allow_none && (!value[0] || !strcmp(value, "none"))) {
		*out = 0;
		return 0;
	}
	int code = input_key_parse(value);
	if (code < 0)
		return -EINVAL;
	*out = code;
	return 0;
}

static int apply(struct counter_config *c, const struct ini *ini, const struct ini_entry *e)
{
	const char *k = e->key, *v = e->value;

	if (!strcmp(k, "hub_url"))
		return put_str(c->hub_url, sizeof(c->hub_url), v);
	if (!strcmp(k, "token"))
		return put_str(c->token, sizeof(c->token), v);
	if (!strcmp(k, "ca_file"))
		return put_path(c->ca_file, sizeof(c->ca_file), ini->path, v);
	if (!strcmp(k, "counter"))
		return v[0] ? put_str(c->counter, sizeof(c->counter), v) : -EINVAL;
	if (!strcmp(k, "input"))
		return put_uri(c->input, sizeof(c->input), ini->path, v);
	if (!strcmp(k, "segment"))
		return put_uri(c->segment, sizeof(c->segment), ini->path, v);
	if (!strcmp(k, "next_key"))
		return put_key(&c->next_key, v, 0);
	if (!strcmp(k, "recall_key"))
		return put_key(&c->recall_key, v, 1);
	if (!strcmp(k, "timeout_ms"))
		return put_ms(&c->timeout_ms, v, 100, 120000, 1);
	if (!strcmp(k, "retry_max_s"))
		return put_ms(&c->retry_max_ms, v, 1, 3600, 1000);
	if (!strcmp(k, "retry_window_s"))
		return put_ms(&c->retry_window_ms, v, 0, 3600, 1000);
	if (!strcmp(k, "lockout_ms"))
		return put_ms(&c->lockout_ms, v, 0, 60000, 1);
	return -ENOENT;
}

int counter_config_load(struct counter_config *c, const char *path, char *err, size_t errlen)
{
	struct ini ini;
	int rc;

	defaults(c);
	if (!path)
		return 0;
	rc = ini_load(&ini, path, err, errlen);
	if (rc)
		return rc;
	for (size_t i = 0; i < ini.count && !rc; i++) {
		const struct ini_entry *e = &ini.entries[i];
		if (!e->key || strcmp(e->section, SECTION))
			continue;
		rc = apply(c, &ini, e);
		if (rc == -ENOENT)
			snprintf(err, errlen, "%s:%d: unknown key '%s' in [" SECTION "]", ini.path,
			         e->line, e->key);
		else if (rc)
			snprintf(err, errlen, "%s:%d: bad value for '%s': '%s'", ini.path, e->line,
			         e->key, e->value);
		if (rc)
			rc = -EINVAL;
	}
	if (!rc && !ini_has_section(&ini, SECTION)) {
		snprintf(err, errlen, "%s: no [" SECTION "] section", ini.path);
		rc = -EINVAL;
	}
	ini_free(&ini);
	return rc;
}

int counter_config_check(const struct counter_config *c, char *err, size_t errlen)
{
	const char *missing = !c->hub_url[0]   ? "hub_url"
	                      : !c->token[0]   ? "token"
	                      : !c->counter[0] ? "counter"
	                      : !c->input[0]   ? "input"
	                      : !c->segment[0] ? "segment"
	                                       : NULL;
	if (missing) {
		snprintf(err, errlen, "[" SECTION "] %s is not set", missing);
		return -EINVAL;
	}
	if (c->recall_key == c->next_key) {
		snprintf(err, errlen, "[" SECTION "] recall_key is the same key as next_key");
		return -EINVAL;
	}
	return 0;
}
