/* buf.h — a growable byte buffer, always NUL-terminated; internal to firmware/net.
 *
 * Appends after a failed allocation are ignored and remembered in `failed`, so a caller can
 * append a whole text and check once.
 */
#ifndef CIVIQ_NET_BUF_H
#define CIVIQ_NET_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
	bool failed;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drops the first n bytes. */
void buf_consume(struct buf *b, size_t n);
/* Hands the text over (malloc'd, "" for an empty buffer; NULL if an append failed) and resets. */
char *buf_steal(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#endif
