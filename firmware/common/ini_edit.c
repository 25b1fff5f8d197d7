/* ini_edit.c — line-preserving INI edits and atomic replacement. */
#include "common/ini_edit.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ini_line {
	char *text;    /* the line without its '\n' */
	char *section; /* the section it belongs to ("" before the first header); owned */
	char *key;     /* for "key = value" lines; owned; NULL otherwise */
	int header;    /* a "[section]" line */
};

struct ini_doc {
	struct ini_line *lines;
	size_t n, cap;
	int final_newline;
};

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t trimmed_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* Fills section/key/header of a line from its text, given the section before it. */
static int classify(struct ini_line *l, const char *current)
{
	const char *s = skip_space(l->text);
	size_t n = trimmed_len(s, strlen(s));

	l->header = 0;
	l->key = NULL;
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		const char *a = skip_space(s + 1);
		l->header = 1;
		l->section = dup_range(a, trimmed_len(a, (size_t)(s + n - 1 - a)));
		return l->section ? 0 : -ENOMEM;
	}
	l->section = strdup(current);
	if (!l->section)
		return -ENOMEM;
	const char *eq = memchr(s, '=', n);
	if (n && s[0] != '#' && s[0] != ';' && eq) {
		l->key = dup_range(s, trimmed_len(s, (size_t)(eq - s)));
		if (!l->key)
			return -ENOMEM;
	}
	return 0;
}

/* Takes ownership of text, also on failure. */
static int insert_line(struct ini_doc *d, size_t at, char *text, const char *section)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct ini_line *l = realloc(d->lines, cap * sizeof(*l));
		if (!l) {
			free(text);
			return -ENOMEM;
		}
		d->lines = l;
		d->cap = cap;
	}
	memmove(d->lines + at + 1, d->lines + at, (d->n - at) * sizeof(d->lines[0]));
	memset(&d->lines[at], 0, sizeof(d->lines[0]));
	d->lines[at].text = text;
	d->n++;
	return classify(&d->lines[at], section);
}

static void line_free(struct ini_line *l)
{
	free(l->text);
	free(l->section);
	free(l->key);
}

int ini_doc_parse(const char *text, size_t len, struct ini_doc **out)
{
	struct ini_doc *d = calloc(1, sizeof(*d));
	const char *section = "";
	size_t pos = 0;

	if (!d)
		return -ENOMEM;
	d->final_newline = len == 0 || text[len - 1] == '\n';
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - text - pos) : len - pos;
		char *t = dup_range(text + pos, n);
		if (!t || insert_line(d, d->n, t, section)) {
			ini_doc_free(d);
			return -ENOMEM;
		}
		section = d->lines[d->n - 1].section;
		pos += n + 1;
	}
	*out = d;
	return 0;
}

int ini_doc_load(const char *path, struct ini_doc **out)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!f)
		return -errno;
	FILE *m = open_memstream(&buf, &len);
	if (!m) {
		fclose(f);
		return -ENOMEM;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	rc = ferror(f) ? -EIO : 0;
	fclose(f);
	if (fclose(m))
		rc = -ENOMEM;
	if (rc == 0)
		rc = ini_doc_parse(buf, len, out);
	free(buf);
	return rc;
}

void ini_doc_free(struct ini_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		line_free(&d->lines[i]);
	free(d->lines);
	free(d);
}

static long find_header(const struct ini_doc *d, const char *section)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->lines[i].header && !strcmp(d->lines[i].section, section))
			return (long)i;
	return -1;
}

int ini_doc_has_section(const struct ini_doc *d, const char *section)
{
	return find_header(d, section) >= 0;
}

static long find_key(const struct ini_doc *d, const char *section, const char *key)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct ini_line *l = &d->lines[i];
		if (l->key && !strcmp(l->section, section) && !strcmp(l->key, key))
			return (long)i;
	}
	return -1;
}

static char *format_line(const char *key, const char *value)
{
	size_t vlen = strlen(value);
	int quote = vlen && (value[0] == ' ' || value[0] == '\t' || value[vlen - 1] == ' ' ||
	                     value[vlen - 1] == '\t' || value[0] == '"');
	char *s = NULL;

	if (asprintf(&s, quote ? "%s = \"%s\"" : "%s = %s", key, value) < 0)
		return NULL;
	return s;
}

int ini_doc_set(struct ini_doc *d, const char *section, const char *key, const char *value)
{
	long h = find_header(d, section), k;

	if (h < 0)
		return -ENOENT;
	if (strpbrk(value, "\r\n") || strpbrk(key, "\r\n=[]") || !key[0])
		return -EINVAL;
	char *text = format_line(key, value);
	if (!text)
		return -ENOMEM;
	k = find_key(d, section, key);
	if (k >= 0) {
		free(d->lines[k].text);
		d->lines[k].text = text;
		return 0;
	}
	/* after the section's last key (or its header) */
	size_t at = (size_t)h + 1;
	for (size_t i = (size_t)h + 1; i < d->n && !d->lines[i].header; i++)
		if (d->lines[i].key)
			at = i + 1;
	return insert_line(d, at, text, section);
}

int ini_doc_unset(struct ini_doc *d, const char *section, const char *key)
{
	long k = find_key(d, section, key);

	if (k < 0)
		return 0;
	line_free(&d->lines[k]);
	memmove(d->lines + k, d->lines + k + 1, (d->n - (size_t)k - 1) * sizeof(d->lines[0]));
	d->n--;
	return 0;
}

void ini_doc_keys(const struct ini_doc *d, const char *section,
                  void (*fn)(void *ctx, const char *key), void *ctx)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->lines[i].key && !strcmp(d->lines[i].section, section))
			fn(ctx, d->lines[i].key);
}

char *ini_doc_text(const struct ini_doc *d, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);

	if (!m)
		return NULL;
	for (size_t i = 0; i < d->n; i++) {
		fputs(d->lines[i].text, m);
		if (i + 1 < d->n || d->final_newline)
			fputc('\n', m);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}

static int fsync_dir(const char *path)
{
	char copy[PATH_MAX];
	snprintf(copy, sizeof(copy), "%s", path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = fsync(fd) ? -errno : 0;
	close(fd);
	return rc;
}

int ini_doc_write_atomic(const struct ini_doc *d, const char *path,
                         int (*check)(void *ctx, const char *tmp_path), void *ctx)
{
	char tmp[PATH_MAX];
	struct stat st;
	size_t len;
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	char *text = ini_doc_text(d, &len);
	if (!text)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		free(text);
		return rc;
	}
	if (stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777))
		rc = -errno;
	for (size_t off = 0; !rc && off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			rc = -errno;
		else
			off += (size_t)w;
	}
	free(text);
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && check)
		rc = check(ctx, tmp);
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		return rc;
	}
	return fsync_dir(path);
}
