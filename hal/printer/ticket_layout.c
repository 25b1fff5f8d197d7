/* ticket_layout.c — the ticket's ESC/POS stream (see ticket_layout.h). */
#include "ticket_layout.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "codepage.h"

static int is_set(const char *s)
{
	return s && *s;
}

/* Expands a translated "Vor Ihnen: %d" (exactly one %d, %% for a percent sign) without
 * handing a non-literal format to printf; -EINVAL for anything else. */
static int format_ahead(const char *fmt, int n, char *out, size_t size)
{
	size_t used = 0;
	int convs = 0;
	for (const char *p = fmt; *p; p++) {
		char num[16];
		const char *piece = p;
		size_t len = 1;
		if (*p == '%') {
			if (p[1] == '%') {
				p++;
			} else if (p[1] == 'd' && convs++ == 0) {
				snprintf(num, sizeof(num), "%d", n);
				piece = num;
				len = strlen(num);
				p++;
			} else {
				return -EINVAL;
			}
		}
		if (used + len >= size)
			return -EINVAL;
		memcpy(out + used, piece, len);
		used += len;
	}
	out[used] = '\0';
	return convs == 1 ? 0 : -EINVAL;
}

/* Prints text as lines of at most cols characters, broken at spaces (a word longer than a
 * line is left to the printer, which breaks it anywhere). */
static void wrapped_line(struct escpos_buf *b, const char *text, int cols)
{
	char line[256];
	while (*text) {
		size_t used = 0, cut = 0;
		int chars = 0;
		const char *p = text;
		while (*p && used < sizeof(line) - 5) {
			size_t n = 1;
			while ((p[n] & 0xc0) == 0x80)
				n++; /* a whole UTF-8 sequence is one character */
			if (chars == cols)
				break;
			if (*p == ' ')
				cut = used;
			memcpy(line + used, p, n);
			used += n;
			p += n;
			chars++;
		}
		if (*p && *p != ' ' && cut > 0) {
			p = text + cut; /* back to the last space */
			used = cut;
		}
		line[used] = '\0';
		escpos_line(b, line);
		while (*p == ' ')
			p++;
		text = p;
	}
}

int ticket_layout_build(struct escpos_buf *b, const struct ticket_print *t)
{
	if (!is_set(t->label))
		return -EINVAL;
	const char *heading = t->heading ? t->heading : "Ihre Wartenummer";
	const char *ahead_fmt = t->ahead_format ? t->ahead_format : "Vor Ihnen: %d";
	const char *unknown =
	    t->ahead_unknown ? t->ahead_unknown : "Wartezeit zurzeit nicht verfügbar";
	char ahead[128];
	if (format_ahead(ahead_fmt, t->people_ahead, ahead, sizeof(ahead)) < 0)
		return -EINVAL;
	int width = t->width_dots ? t->width_dots : 576;
	int cols = width / 12; /* font A cells per line */
	/* 4x4 is 48 dots per character: "A 042" fits 58 mm paper (384 dots) as well. */
	int big = 4;
	int module = width >= 576 ? 6 : 4;

	escpos_reset(b);
	escpos_codepage(b, CODEPAGE_PC858);
	escpos_align(b, ESCPOS_ALIGN_CENTER);
	if (is_set(t->office)) {
		escpos_emphasis(b, true);
		escpos_size(b, 1, 2);
		wrapped_line(b, t->office, cols);
		escpos_size(b, 1, 1);
		escpos_emphasis(b, false);
	}
	escpos_feed_dots(b, 24);
	wrapped_line(b, heading, cols);
	escpos_emphasis(b, true);
	escpos_size(b, big, big);
	escpos_line(b, t->label);
	escpos_size(b, 1, 1);
	escpos_emphasis(b, false);
	escpos_feed_dots(b, 16);
	if (is_set(t->service)) {
		escpos_size(b, 1, 2);
		wrapped_line(b, t->service, cols);
		escpos_size(b, 1, 1);
	}
	if (is_set(t->when))
		wrapped_line(b, t->when, cols);
	escpos_feed_dots(b, 16);
	if (t->people_ahead >= 0) {
		wrapped_line(b, ahead, cols);
	} else {
		wrapped_line(b, unknown, cols);
	}
	if (is_set(t->qr_url)) {
		escpos_feed_dots(b, 24);
		if (t->raster_qr)
			escpos_qr_raster(b, t->qr_url, module, ESCPOS_QR_EC_M);
		else
			escpos_qr(b, t->qr_url, strlen(t->qr_url), module, ESCPOS_QR_EC_M);
		escpos_feed_dots(b, 8);
	}
	if (is_set(t->footer)) {
		escpos_feed_dots(b, 16);
		wrapped_line(b, t->footer, cols);
	}
	escpos_align(b, ESCPOS_ALIGN_LEFT);
	escpos_cut(b, 96);
	return b->err;
}
