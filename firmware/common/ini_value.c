#include "common/ini_value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ini_value_bad(const struct ini_value *v, const char *what)
{
	snprintf(v->err, v->errlen, "%s:%d: %s '%s' in [%s]", v->ini->path, v->e->line, what,
	         v->e->key, v->e->section);
	return -EINVAL;
}

int ini_value_str(const struct ini_value *v, char *dst, size_t n)
{
	size_t len = strlen(v->e->value);

	if (len >= n)
		return ini_value_bad(v, "value too long for");
	memcpy(dst, v->e->value, len + 1);
	return 0;
}

int ini_value_int(const struct ini_value *v, int lo, int hi, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v->e->value, &end, 10);
	if (errno || end == v->e->value || *end || n < lo || n > hi) {
		char what[64];
		snprintf(what, sizeof(what), "expected %d..%d for", lo, hi);
		return ini_value_bad(v, what);
	}
	*out = (int)n;
	return 0;
}

int ini_value_bool(const struct ini_value *v, bool *out)
{
	if (strcmp(v->e->value, "true") && strcmp(v->e->value, "false"))
		return ini_value_bad(v, "expected true|false for");
	*out = !strcmp(v->e->value, "true");
	return 0;
}

int ini_value_path(const struct ini_value *v, char *dst, size_t n, const char *scheme)
{
	const char *s = v->e->value, *slash = strrchr(v->ini->path, '/');
	size_t sl = scheme ? strlen(scheme) : 0;
	int len;

	if (scheme && strncmp(s, scheme, sl))
		return ini_value_str(v, dst, n);
	if (s[sl] == '/' || !slash || !s[sl])
		return ini_value_str(v, dst, n);
	len = snprintf(dst, n, "%.*s%.*s/%s", (int)sl, s, (int)(slash - v->ini->path), v->ini->path,
	               s + sl);
	return len < 0 || (size_t)len >= n ? ini_value_bad(v, "path too long for") : 0;
}
