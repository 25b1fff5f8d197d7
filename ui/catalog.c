/* catalog.c — GNU .mo reader: the original strings are sorted, so lookups bisect. */
#include "catalog.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_catalog {
	uint8_t *data;
	size_t size;
	uint32_t n, orig, trans;
	int swap;
};

static uint32_t u32(const struct ui_catalog *c, size_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

/* The string of table entry i (0 terminated, checked to lie inside the file) or NULL. */
static const char *entry(const struct ui_catalog *c, uint32_t table, uint32_t i)
{
	size_t at = (size_t)table + (size_t)i * 8;
	uint32_t len = u32(c, at), off = u32(c, at + 4);
	if ((size_t)off + len >= c->size || c->data[off + len] != 0)
		return NULL;
	return (const char *)c->data + off;
}

int ui_catalog_load(const char *path, struct ui_catalog **out)
{
	struct ui_catalog *c;
	FILE *f = fopen(path, "rb");
	long size;

	*out = NULL;
	if (!f)
		return -ENOENT;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 28 || size > (16 << 20) ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EINVAL;
	}
	c = calloc(1, sizeof(*c));
	if (c)
		c->data = malloc((size_t)size);
	if (!c || !c->data) {
		fclose(f);
		ui_catalog_free(c);
		return -ENOMEM;
	}
	c->size = (size_t)size;
	if (fread(c->data, 1, c->size, f) != c->size) {
		fclose(f);
		ui_catalog_free(c);
		return -EINVAL;
	}
	fclose(f);
	uint32_t magic;
	memcpy(&magic, c->data, 4);
	if (magic == 0xde120495)
		c->swap = 1;
	else if (magic != 0x950412de)
		goto bad;
	c->n = u32(c, 8);
	c->orig = u32(c, 12);
	c->trans = u32(c, 16);
	if (c->n > c->size / 16 || (size_t)c->orig + (size_t)c->n * 8 > c->size ||
	    (size_t)c->trans + (size_t)c->n * 8 > c->size)
		goto bad;
	for (uint32_t i = 0; i < c->n; i++)
		if (!entry(c, c->orig, i) || !entry(c, c->trans, i))
			goto bad;
	*out = c;
	return 0;
bad:
	ui_catalog_free(c);
	return -EINVAL;
}

void ui_catalog_free(struct ui_catalog *c)
{
	if (!c)
		return;
	free(c->data);
	free(c);
}

const char *ui_catalog_get(const struct ui_catalog *c, const char *msgid)
{
	if (!c || !msgid || !*msgid)
		return msgid;
	uint32_t lo = 0, hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(msgid, entry(c, c->orig, mid));
		if (cmp == 0) {
			const char *t = entry(c, c->trans, mid);
			return t && *t ? t : msgid;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

size_t ui_catalog_count(const struct ui_catalog *c)
{
	return c ? c->n : 0;
}
