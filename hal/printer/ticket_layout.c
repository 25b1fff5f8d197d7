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
	/* 4x4 is 48 dots per character: "A 042" fits 58 mm paper (384 dots) as well. */
	int big = 4;
	int module = width >= 576 ? 6 : 4;

	escpos_reset(b);
	escpos_codepage(b, CODEPAGE_PC858);
	escpos_align(b, ESCPOS_ALIGN_CENTER);
	if (is_set(t->office)) {
		escpos_emphasis(b, true);
		escpos_size(b, 1, 2);
		escpos_line(b, t->office);
		escpos_size(b, 1, 1);
		escpos_emphasis(b, false);
	}
	escpos_feed_dots(b, 24);
	escpos_line(b, heading);
	escpos_emphasis(b, true);
	escpos_size(b, big, big);
	escpos_line(b, t->label);
	escpos_size(b, 1, 1);
	escpos_emphasis(b, false);
	escpos_feed_dots(b, 16);
	if (is_set(t->service)) {
		escpos_size(b, 1, 2);
		escpos_line(b, t->service);
		escpos_size(b, 1, 1);
	}
	if (is_set(t->when))
		escpos_line(b, t->when);
	escpos_feed_dots(b, 16);
	if (t->people_ahead >= 0) {
		escpos_line(b, ahead);
	} else {
		escpos_line(b, unknown);
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
		escpos_line(b, t->footer);
	}
	escpos_align(b, ESCPOS_ALIGN_LEFT);
	escpos_cut(b, 96);
	return b->err;
}
