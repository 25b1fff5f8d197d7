/* segment.c — the table of segment display backends, URI dispatch, fitting and glyphs. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal/segment.h"

extern const struct segment_ops segment_sim_ops;
extern const struct segment_ops segment_null_ops;

const struct segment_ops *const segment_backends[] = {
	&segment_sim_ops,
	&segment_null_ops,
	NULL,
};

int segment_open(struct segment *s, const char *uri)
{
	const char *colon = strchr(uri, ':');
	size_t n = colon ? (size_t)(colon - uri) : strlen(uri);
	char arg[512];
	int digits = 4;

	memset(s, 0, sizeof(*s));
	snprintf(arg, sizeof(arg), "%s", colon ? colon + 1 : "");
	char *q = strchr(arg, '?');
	if (q) {
		char *end;
		*q++ = '\0';
		if (strncmp(q, "digits=", 7))
			return -EINVAL;
		long v = strtol(q + 7, &end, 10);
		if (*end || v < 1 || v > SEGMENT_DIGITS_MAX)
			return -EINVAL;
		digits = (int)v;
	}
	for (size_t i = 0; segment_backends[i]; i++) {
		const struct segment_ops *ops = segment_backends[i];
		if (strlen(ops->scheme) != n || strncmp(ops->scheme, uri, n))
			continue;
		s->ops = ops;
		s->digits = digits;
		int rc = ops->open(s, arg);
		if (rc)
			s->ops = NULL;
		return rc;
	}
	return -ENOTSUP;
}

/*  --a--
 * f     b
 *  --g--
 * e     c
 *  --d--   */
enum { A = 1, B = 2, C = 4, D = 8, E = 16, F = 32, G = 64 };

static const uint8_t digit_glyphs[10] = {
	A | B | C | D | E | F, B | C,         A | B | D | E | G,
	A | B | C | D | G,     B | C | F | G, A | C | D | F | G,
	A | C | D | E | F | G, A | B | C,     A | B | C | D | E | F | G,
	A | B | C | D | F | G,
};

/* Letters as seven segments allow; the ones that cannot be drawn (K, M, V, W, X) are 0. */
static const uint8_t letter_glyphs[26] = {
	A | B | C | E | F | G, /* A */
	C | D | E | F | G,     /* b */
	A | D | E | F,         /* C */
	B | C | D | E | G,     /* d */
	A | D | E | F | G,     /* E */
	A | E | F | G,         /* F */
	A | C | D | E | F,     /* G */
	B | C | E | F | G,     /* H */
	E | F,                 /* I */
	B | C | D | E,         /* J */
	0,                     /* K */
	D | E | F,             /* L */
	0,                     /* M */
	C | E | G,             /* n */
	C | D | E | G,         /* o */
	A | B | E | F | G,     /* P */
	A | B | C | F | G,     /* q */
	E | G,                 /* r */
	A | C | D | F | G,     /* S */
	D | E | F | G,         /* t */
	B | C | D | E | F,     /* U */
	0,                     /* V */
	0,                     /* W */
	0,                     /* X */
	B | C | D | F | G,     /* y */
	A | B | D | E | G,     /* Z */
};

uint8_t segment_glyph(char c)
{
	if (c >= '0' && c <= '9')
		return digit_glyphs[c - '0'];
	if (isalpha((unsigned char)c))
		return letter_glyphs[toupper((unsigned char)c) - 'A'];
	switch (c) {
	case '-':
		return G;
	case '_':
		return D;
	case '.':
		return 0x80;
	default:
		return 0;
	}
}

static int showable(char c)
{
	return c == ' ' || segment_glyph(c) != 0;
}

void segment_fit(const char *text, int digits, char *out)
{
	char buf[256];
	size_t n = 0, spaces = 0;

	if (digits < 1)
		digits = 1;
	if (digits > SEGMENT_DIGITS_MAX)
		digits = SEGMENT_DIGITS_MAX;
	for (const char *p = text ? text : ""; *p && n + 1 < sizeof(buf); p++) {
		buf[n] = showable(*p) ? *p : ' ';
		spaces += buf[n] == ' ';
		n++;
	}
	/* Too long: drop spaces from the left, then keep the rightmost characters. */
	for (size_t i = 0; n > (size_t)digits && spaces && i < n;) {
		if (buf[i] == ' ') {
			memmove(buf + i, buf + i + 1, n - i - 1);
			n--, spaces--;
		} else {
			i++;
		}
	}
	size_t from = n > (size_t)digits ? n - (size_t)digits : 0;
	size_t len = n - from, pad = (size_t)digits - len;
	memset(out, ' ', pad);
	memcpy(out + pad, buf + from, len);
	out[digits] = '\0';
}

int segment_show(struct segment *s, const char *text)
{
	char fitted[SEGMENT_DIGITS_MAX + 1];

	if (!s->ops || !s->ops->show)
		return -ENOTSUP;
	segment_fit(text, s->digits, fitted);
	return s->ops->show(s, fitted);
}
