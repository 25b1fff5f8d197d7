/* ini_edit.h — changes single keys of an INI file and writes it back whole and atomically.
 *
 * The file is kept as its lines: comments, blank lines, other sections and the order of keys
 * stay as they were; a changed key is rewritten in its line ("key = value"), a new key goes
 * after the last key of its section, a removed key's line goes. Writing puts the text into a
 * temporary file in the same folder, syncs it, lets the caller check it, and renames it over
 * the original, so a reader (or a power cut) sees the old file or the new one, never half.
 */
#ifndef CIVIQ_COMMON_INI_EDIT_H
#define CIVIQ_COMMON_INI_EDIT_H

#include <stddef.h>

struct ini_doc;

/* Splits text into lines; -ENOMEM. */
int ini_doc_parse(const char *text, size_t len, struct ini_doc **out);
/* Reads a file; -errno. */
int ini_doc_load(const char *path, struct ini_doc **out);
void ini_doc_free(struct ini_doc *d);

/* Whether a "[section]" header is there. */
int ini_doc_has_section(const struct ini_doc *d, const char *section);
/* Sets section/key to value (quoted when it has leading or trailing spaces or starts with a
 * quote). -ENOENT when the section has no header; -EINVAL for a value with a line break. */
int ini_doc_set(struct ini_doc *d, const char *section, const char *key, const char *value);
/* Removes section/key; 0 also when it was not there. */
int ini_doc_unset(struct ini_doc *d, const char *section, const char *key);
/* Calls fn for each key of the section, in file order. */
void ini_doc_keys(const struct ini_doc *d, const char *section,
                  void (*fn)(void *ctx, const char *key), void *ctx);

/* The whole text (malloc'd, NUL-terminated), or NULL. */
char *ini_doc_text(const struct ini_doc *d, size_t *len);

/* Writes "<path>.tmp-XXXXXX" with the original's permissions, fsyncs it, calls check (may be
 * NULL) with the temporary's path — a nonzero result stops here and is returned — then
 * renames it over path and fsyncs the folder. The temporary never outlives the call. */
int ini_doc_write_atomic(const struct ini_doc *d, const char *path,
                         int (*check)(void *ctx, const char *tmp_path), void *ctx);

#endif
