/* ini.h — reads INI configuration text, reporting every problem with file:line.
 *
 * Grammar: "[section]" headers, "key = value" pairs, "#" or ";" comment lines, blank lines.
 * Values are trimmed; a value may be wrapped in double quotes to keep leading or trailing
 * spaces. Each section name may appear once (ARCHITECTURE.md 5.5), so ordinary INI tools can
 * rewrite the files; a repeated section or a repeated key within a section is an error.
 */
#ifndef CIVIQ_COMMON_INI_H
#define CIVIQ_COMMON_INI_H

#include <stddef.h>

#define INI_ERROR_MAX 256

struct ini_entry {
	const char *section; /* "" for keys before the first header */
	const char *key;
	const char *value;
	int line;
};

struct ini {
	char *path; /* for messages; "<memory>" when parsed from a buffer */
	struct ini_entry *entries;
	size_t count;
	char *storage; /* one allocation holding every string */
};

/* Parses text; on error returns -EINVAL (or -ENOMEM) and writes "path:line: what" to err. */
int ini_parse(struct ini *ini, const char *path, const char *text, size_t len, char *err,
              size_t errlen);
/* Reads and parses a file; -errno from the file system, with a message in err. */
int ini_load(struct ini *ini, const char *path, char *err, size_t errlen);
void ini_free(struct ini *ini);

/* The entry for section/key, or NULL. */
const struct ini_entry *ini_find(const struct ini *ini, const char *section, const char *key);
/* The value for section/key, or fallback. */
const char *ini_get(const struct ini *ini, const char *section, const char *key,
                    const char *fallback);
/* Whether any entry or header names this section. */
int ini_has_section(const struct ini *ini, const char *section);

#endif
