#include "common/ini.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Section headers are kept as entries whose key is NULL, so empty sections are known too. */

static void set_error(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void set_error(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || errlen == 0)
		return;
	n = snprintf(err, errlen, "%s:%d: ", path, line);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static int has_header(const struct ini *ini, const char *section)
{
	for (size_t i = 0; i < ini->count; i++)
		if (!ini->entries[i].key && strcmp(ini->entries[i].section, section) == 0)
			return 1;
	return 0;
}

static int parse_line(struct ini *ini, char *line, int lineno, const char **section, char *err,
                      size_t errlen)
{
	char *end = line + strlen(line);
	char *s = trim(line, end);
	struct ini_entry *e;

	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *close = strchr(s, ']');
		if (!close || close[1] != '\0') {
			set_error(err, errlen, ini->path, lineno, "malformed section header");
			return -EINVAL;
		}
		char *name = trim(s + 1, close);
		if (!valid_name(name)) {
			set_error(err, errlen, ini->path, lineno, "invalid section name '%s'",
			          name);
			return -EINVAL;
		}
		if (has_header(ini, name)) {
			set_error(err, errlen, ini->path, lineno,
			          "section [%s] appears more than once", name);
			return -EINVAL;
		}
		*section = name;
		e = &ini->entries[ini->count++];
		*e = (struct ini_entry){
			.section = name, .key = NULL, .value = NULL, .line = lineno
		};
		return 0;
	}
	char *eq = strchr(s, '=');
	if (!eq) {
		set_error(err, errlen, ini->path, lineno, "expected 'key = value'");
		return -EINVAL;
	}
	char *key = trim(s, eq);
	char *value = trim(eq + 1, eq + 1 + strlen(eq + 1));
	if (!valid_name(key)) {
		set_error(err, errlen, ini->path, lineno, "invalid key '%s'", key);
		return -EINVAL;
	}
	size_t vlen = strlen(value);
	if (vlen > 0 && value[0] == '"') {
		if (vlen < 2 || value[vlen - 1] != '"') {
			set_error(err, errlen, ini->path, lineno, "unterminated quoted value");
			return -EINVAL;
		}
		value[vlen - 1] = '\0';
		value++;
	}
	if (ini_find(ini, *section, key)) {
		set_error(err, errlen, ini->path, lineno, "key '%s' repeated in section [%s]", key,
		          *section);
		return -EINVAL;
	}
	e = &ini->entries[ini->count++];
	*e = (struct ini_entry){ .section = *section, .key = key, .value = value, .line = lineno };
	return 0;
}

int ini_parse(struct ini *ini, const char *path, const char *text, size_t len, char *err,
              size_t errlen)
{
	size_t lines = 1;
	int rc = 0;

	memset(ini, 0, sizeof(*ini));
	if (err && errlen)
		err[0] = '\0';
	ini->path = strdup(path ? path : "<memory>");
	ini->storage = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	ini->entries = calloc(lines, sizeof(*ini->entries));
	if (!ini->path || !ini->storage || !ini->entries) {
		ini_free(ini);
		return -ENOMEM;
	}
	memcpy(ini->storage, text, len);
	ini->storage[len] = '\0';

	const char *section = "";
	char *line = ini->storage;
	int lineno = 1;
	while (line && rc == 0) {
		char *nl = memchr(line, '\n', (size_t)(ini->storage + len - line));
		if (nl)
			*nl = '\0';
		if (strlen(line) != (size_t)((nl ? nl : ini->storage + len) - line)) {
			set_error(err, errlen, ini->path, lineno, "NUL byte in line");
			rc = -EINVAL;
			break;
		}
		rc = parse_line(ini, line, lineno, &section, err, errlen);
		line = nl ? nl + 1 : NULL;
		lineno++;
	}
	if (rc)
		ini_free(ini);
	return rc;
}

int ini_load(struct ini *ini, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	memset(ini, 0, sizeof(*ini));
	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	for (;;) {
		if (len == cap) {
			/* Configuration files are small; anything this large is not one. */
			if (cap >= (1u << 20)) {
				fclose(f);
				free(buf);
				snprintf(err, errlen, "%s: file too large for a configuration",
				         path);
				return -EFBIG;
			}
			cap = cap ? cap * 2 : 4096;
			char *nbuf = realloc(buf, cap);
			if (!nbuf) {
				fclose(f);
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	rc = ferror(f) ? -EIO : 0;
	fclose(f);
	if (rc == 0)
		rc = ini_parse(ini, path, buf ? buf : "", len, err, errlen);
	else
		snprintf(err, errlen, "%s: read error", path);
	free(buf);
	return rc;
}

void ini_free(struct ini *ini)
{
	if (!ini)
		return;
	free(ini->path);
	free(ini->entries);
	free(ini->storage);
	memset(ini, 0, sizeof(*ini));
}

const struct ini_entry *ini_find(const struct ini *ini, const char *section, const char *key)
{
	for (size_t i = 0; i < ini->count; i++) {
		const struct ini_entry *e = &ini->entries[i];
		if (e->key && strcmp(e->section, section) == 0 && strcmp(e->key, key) == 0)
			return e;
	}
	return NULL;
}

const char *ini_get(const struct ini *ini, const char *section, const char *key,
                    const char *fallback)
{
	const struct ini_entry *e = ini_find(ini, section, key);
	return e ? e->value : fallback;
}

int ini_has_section(const struct ini *ini, const char *section)
{
	return has_header(ini, section);
}
