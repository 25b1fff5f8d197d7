/* escpos_render.c — the ESC/POS interpreter that draws what a TM-T20-class printer would
 * print (see escpos_render.h). Byte layouts follow the Epson ESC/POS command reference. */
#include "escpos_render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "codepage.h"
#include "escpos_font.h"

#define MAX_HEIGHT     20000 /* 2.5 m of paper at 203 dpi */
#define LINE_ITEMS     512
#define DEFAULT_SPACE  30 /* ESC 2: 1/6 inch at 180 dpi motion units, 3.75 mm */
#define DEFAULT_TAB    8  /* HT stops every 8 characters until ESC D */
#define MAX_TABS       32
#define CUT_MARK_GAP   4
#define QR_DATA_MAX    7089
#define TEXT_FALLBACK  '?'
#define MAX_WIDTH_DOTS 4096

struct item {
	const struct escpos_font *font;
	const uint16_t *rows; /* NULL: blank cell */
	int x, w, h;          /* position in the line, cell size in dots */
	int wmul, hmul;
	bool bold, reverse;
	int underline; /* rows of underline */
};

struct render {
	const uint8_t *s;
	size_t len, pos;
	size_t cmd; /* offset of the command being read */
	struct escpos_image *img;
	int cap_rows;
	struct escpos_render_report *rep;
	int y; /* top of the next line */
	/* print modes */
	bool font_b, bold, reverse;
	int wmul, hmul, underline, align, spacing, right_spacing, codepage;
	int left_margin, area_width;
	int tabs[MAX_TABS], ntabs;
	/* line buffer */
	struct item items[LINE_ITEMS];
	int nitems, x, line_align, line_margin, line_area;
	/* QR symbol storage (GS ( k cn 49) */
	uint8_t *qr_data;
	size_t qr_len;
	int qr_module, qr_ec;
};

static int fail(struct render *r, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct render *r, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->rep->error, sizeof(r->rep->error), fmt, ap);
	va_end(ap);
	return err;
}

static void skipped(struct render *r, size_t at, const char *what)
{
	struct escpos_render_report *rep = r->rep;
	if (rep->unknown < ESCPOS_REPORT_MAX) {
		rep->skipped[rep->unknown].offset = at;
		snprintf(rep->skipped[rep->unknown].what, sizeof(rep->skipped[0].what), "%.31s",
		         what);
	}
	rep->unknown++;
}

static void reset_modes(struct render *r)
{
	r->font_b = r->bold = r->reverse = false;
	r->wmul = r->hmul = 1;
	r->underline = 0;
	r->align = 0;
	r->spacing = DEFAULT_SPACE;
	r->right_spacing = 0;
	r->codepage = CODEPAGE_PC437;
	r->left_margin = 0;
	r->area_width = r->img->width;
	r->ntabs = 0;
	for (int i = 1; i <= MAX_TABS && i * DEFAULT_TAB < 256; i++)
		r->tabs[r->ntabs++] = i * DEFAULT_TAB;
	r->nitems = 0;
	r->x = 0;
}

static int ensure_rows(struct render *r, int rows)
{
	if (rows <= r->cap_rows)
		return 0;
	if (rows > MAX_HEIGHT)
		return fail(r, -EFBIG, "image taller than %d dots at offset %zu", MAX_HEIGHT,
		            r->pos);
	int cap = r->cap_rows ? r->cap_rows : 1024;
	while (cap < rows)
		cap *= 2;
	if (cap > MAX_HEIGHT)
		cap = MAX_HEIGHT;
	size_t w = (size_t)r->img->width;
	uint8_t *pix = realloc(r->img->pix, w * (size_t)cap);
	if (!pix)
		return fail(r, -ENOMEM, "out of memory");
	memset(pix + w * (size_t)r->cap_rows, 0, w * (size_t)(cap - r->cap_rows));
	r->img->pix = pix;
	r->cap_rows = cap;
	return 0;
}

static void dot(struct render *r, int x, int y, int ink)
{
	if (x < 0 || x >= r->img->width || y < 0 || y >= r->cap_rows)
		return;
	r->img->pix[(size_t)y * (size_t)r->img->width + (size_t)x] = (uint8_t)(ink != 0);
}

static int advance(struct render *r, int dots)
{
	int rc = ensure_rows(r, r->y + dots);
	if (rc < 0)
		return rc;
	r->y += dots;
	return 0;
}

static int glyph_ink(const struct item *it, int dx, int dy)
{
	if (!it->rows || dx < 0)
		return 0;
	int gx = dx / it->wmul, gy = dy / it->hmul;
	if (gx >= it->font->width || gy >= it->font->height)
		return 0;
	return (it->rows[gy] & (0x8000 >> gx)) != 0;
}

/* Where a block of the given width starts on the line, by alignment. */
static int aligned_x(int align, int margin, int area, int width)
{
	if (align == 1 && width < area)
		return margin + (area - width) / 2;
	if (align == 2 && width < area)
		return margin + area - width;
	return margin;
}

/* Prints the line buffer; feed < 0 means "by line spacing" (LF), else at least feed dots. */
static int flush_line(struct render *r, int feed)
{
	int line_h = 0;
	for (int i = 0; i < r->nitems; i++) {
		if (r->items[i].h > line_h)
			line_h = r->items[i].h;
	}
	int adv = feed < 0 ? r->spacing : feed;
	if (r->nitems > 0 && line_h > adv)
		adv = line_h;
	int rc = ensure_rows(r, r->y + (adv > line_h ? adv : line_h));
	if (rc < 0)
		return rc;
	if (r->nitems > 0) {
		int x0 = aligned_x(r->line_align, r->line_margin, r->line_area, r->x);
		for (int i = 0; i < r->nitems; i++) {
			const struct item *it = &r->items[i];
			int top = r->y + line_h - it->h; /* characters stand on a common baseline */
			for (int dy = 0; dy < it->h; dy++) {
				for (int dx = 0; dx < it->w; dx++) {
					int ink = glyph_ink(it, dx, dy) ||
					          (it->bold && glyph_ink(it, dx - 1, dy)) ||
					          dy >= it->h - it->underline;
					if (it->reverse)
						ink = !ink;
					if (ink)
						dot(r, x0 + it->x + dx, top + dy, 1);
				}
			}
		}
	}
	r->y += adv;
	r->nitems = 0;
	r->x = 0;
	return 0;
}

static void line_begin(struct render *r)
{
	if (r->nitems > 0 || r->x > 0)
		return;
	/* ESC a, GS L and GS W take effect at the beginning of a line. */
	r->line_align = r->align;
	r->line_margin = r->left_margin < r->img->width ? r->left_margin : 0;
	r->line_area = r->area_width;
	if (r->line_area <= 0 || r->line_margin + r->line_area > r->img->width)
		r->line_area = r->img->width - r->line_margin;
}

static const struct escpos_font *cur_font(const struct render *r)
{
	return r->font_b ? &escpos_font_b : &escpos_font_a;
}

static int put_cell(struct render *r, const uint16_t *rows)
{
	const struct escpos_font *f = cur_font(r);
	line_begin(r);
	int w = (f->width + r->right_spacing) * r->wmul;
	if ((r->nitems > 0 && r->x + w > r->line_area) || r->nitems == LINE_ITEMS) {
		int rc = flush_line(r, -1); /* the line is full: the printer wraps */
		if (rc < 0)
			return rc;
		line_begin(r);
	}
	struct item *it = &r->items[r->nitems++];
	*it = (struct item){ .font = f,
		             .rows = rows,
		             .x = r->x,
		             .w = w,
		             .h = f->height * r->hmul,
		             .wmul = r->wmul,
		             .hmul = r->hmul,
		             .bold = r->bold,
		             .reverse = r->reverse,
		             .underline = r->underline * r->hmul };
	r->x += w;
	return 0;
}

static int put_char(struct render *r, uint8_t b)
{
	const struct escpos_font *f = cur_font(r);
	uint32_t cp = codepage_to_unicode(r->codepage, b);
	const uint16_t *rows = cp ? escpos_font_glyph(f, cp) : NULL;
	if (!rows)
		rows = escpos_font_glyph(f, TEXT_FALLBACK);
	return put_cell(r, cp == ' ' ? NULL : rows);
}

static void tab(struct render *r)
{
	const struct escpos_font *f = cur_font(r);
	int cell = (f->width + r->right_spacing) * r->wmul;
	line_begin(r);
	for (int i = 0; i < r->ntabs; i++) {
		int stop = r->tabs[i] * cell;
		if (stop > r->x && stop <= r->line_area) {
			r->x = stop;
			return;
		}
	}
}

/* Draws a 1-bit image (rows of wb bytes, MSB first, w dots used) scaled by sx, sy as its
 * own block on the paper, placed by the alignment; *x_out gets its left edge. */
static int draw_bits(struct render *r, const uint8_t *bits, int wb, int w, int h, int sx, int sy,
                     int *x_out)
{
	int rc = r->nitems > 0 ? flush_line(r, -1) : 0;
	if (rc < 0)
		return rc;
	line_begin(r);
	if ((rc = ensure_rows(r, r->y + h * sy)) < 0)
		return rc;
	int x0 = aligned_x(r->line_align, r->line_margin, r->line_area, w * sx);
	if (x_out)
		*x_out = x0;
	for (int y = 0; y < h * sy; y++) {
		const uint8_t *row = bits + (size_t)(y / sy) * (size_t)wb;
		for (int x = 0; x < w * sx && x0 + x < r->img->width; x++) {
			int bx = x / sx;
			if (row[bx / 8] & (0x80 >> (bx % 8)))
				dot(r, x0 + x, r->y + y, 1);
		}
	}
	r->y += h * sy;
	r->x = 0;
	return 0;
}

static int cut(struct render *r, int feed)
{
	int rc = r->nitems > 0 ? flush_line(r, -1) : 0;
	if (rc < 0 || (rc = advance(r, feed + CUT_MARK_GAP)) < 0)
		return rc;
	for (int x = 0; x < r->img->width; x++)
		dot(r, x, r->y, (x / 8) % 2 == 0);
	if (r->rep->cuts < ESCPOS_REPORT_MAX)
		r->rep->cut_y[r->rep->cuts] = r->y;
	r->rep->cuts++;
	return advance(r, 1 + CUT_MARK_GAP);
}

static int print_qr(struct render *r)
{
	static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q,
		                            QR_ECLEVEL_H };
	if (r->qr_len == 0)
		return 0; /* nothing stored: the printer prints nothing */
	QRcode *qr = QRcode_encodeData((int)r->qr_len, r->qr_data, 0, levels[r->qr_ec]);
	if (!qr) {
		skipped(r, r->pos, "QR (data too long)");
		return 0;
	}
	int n = qr->width, m = r->qr_module;
	int wb = (n * m + 7) / 8;
	uint8_t *bits = calloc((size_t)wb * (size_t)(n * m), 1);
	if (!bits) {
		QRcode_free(qr);
		return fail(r, -ENOMEM, "out of memory");
	}
	for (int y = 0; y < n * m; y++) {
		for (int x = 0; x < n * m; x++) {
			if (qr->data[(y / m) * n + x / m] & 1)
				bits[(size_t)y * (size_t)wb + (size_t)(x / 8)] |=
				    (uint8_t)(0x80 >> (x % 8));
		}
	}
	QRcode_free(qr);
	int at = r->rep->qr_count++;
	int x0 = 0;
	int rc = draw_bits(r, bits, wb, n * m, n * m, 1, 1, &x0);
	if (rc == 0 && at < ESCPOS_REPORT_MAX) {
		r->rep->qr[at].x = x0;
		r->rep->qr[at].y = r->y - n * m;
		r->rep->qr[at].size = n * m;
		r->rep->qr[at].modules = n;
	}
	free(bits);
	return rc;
}

#define NEED(r, n, name)                                                                         \
	do {                                                                                     \
		if ((r)->len - (r)->pos < (size_t)(n))                                           \
			return fail((r), -EBADMSG,                                               \
			            "truncated %s: command at offset %zu needs %zu more bytes, " \
			            "%zu left",                                                  \
			            (name), (r)->cmd, (size_t)(n), (r)->len - (r)->pos);         \
	} while (0)

/* GS ( k: 2D symbols. p points after pL pH, n bytes of parameters. */
static int gs_paren_k(struct render *r, size_t at, const uint8_t *p, size_t n)
{
	if (n < 2 || p[0] != 49) {
		skipped(r, at, n >= 1 ? "GS ( k (2D code)" : "GS ( k");
		return 0;
	}
	switch (p[1]) {
	case 65: /* model: n1 = 49 model 1, 50 model 2, 51 micro */
		if (n >= 3 && p[2] != 50)
			skipped(r, at, "GS ( k QR model");
		return 0;
	case 67:
		if (n >= 3 && p[2] >= 1 && p[2] <= 16)
			r->qr_module = p[2];
		return 0;
	case 69:
		if (n >= 3 && p[2] >= 48 && p[2] <= 51)
			r->qr_ec = p[2] - 48;
		return 0;
	case 80: {
		if (n < 3)
			return 0;
		size_t k = n - 3;
		if (k > QR_DATA_MAX) {
			skipped(r, at, "GS ( k QR data > 7089");
			return 0;
		}
		uint8_t *d = realloc(r->qr_data, k ? k : 1);
		if (!d)
			return fail(r, -ENOMEM, "out of memory");
		memcpy(d, p + 3, k);
		r->qr_data = d;
		r->qr_len = k;
		return 0;
	}
	case 81:
		return print_qr(r);
	case 82:
		return 0; /* transmit size information: nothing to draw */
	default:
		skipped(r, at, "GS ( k QR function");
		return 0;
	}
}

static int do_esc(struct render *r, size_t at)
{
	NEED(r, 1, "ESC");
	uint8_t c = r->s[r->pos++];
	uint8_t n = 0;
	/* commands with one parameter byte */
	if (strchr("! -3EGMRadJt{Vc=erUkK", c) && c) {
		NEED(r, c == 'c' ? 2 : 1, "ESC command");
		n = r->s[r->pos++];
	}
	switch (c) {
	case '@':
		reset_modes(r);
		return 0;
	case '!':
		r->font_b = n & 1;
		r->bold = (n >> 3) & 1;
		r->hmul = (n & 0x10) ? 2 : 1;
		r->wmul = (n & 0x20) ? 2 : 1;
		r->underline = (n & 0x80) ? 1 : 0;
		return 0;
	case ' ':
		r->right_spacing = n;
		return 0;
	case '-':
		r->underline = (n == 1 || n == 49) ? 1 : (n == 2 || n == 50) ? 2 : 0;
		return 0;
	case '2':
		r->spacing = DEFAULT_SPACE;
		return 0;
	case '3':
		r->spacing = n;
		return 0;
	case 'E':
	case 'G':
		r->bold = n & 1;
		return 0;
	case 'M':
		r->font_b = n == 1 || n == 49;
		return 0;
	case 'a':
		if (n <= 2 || (n >= 48 && n <= 50))
			r->align = n % 48;
		return 0;
	case 'd':
		return flush_line(r, n * r->spacing);
	case 'J':
		return flush_line(r, n);
	case 't':
		if (codepage_known(n))
			r->codepage = n;
		else
			skipped(r, at, "ESC t (code page)");
		return 0;
	case 'c': /* ESC c 3/4/5 n: paper sensors, panel buttons */
		r->pos++;
		return 0;
	case 'R': /* international character set: only USA (0) is drawn */
	case '{':
	case 'V':
	case '=':
	case 'e':
	case 'r':
	case 'U':
	case 'k':
	case 'K':
		if ((c == 'R' && n != 0) || c == '{' || c == 'V' || c == 'e' || c == 'K')
			skipped(r, at, c == 'R' ? "ESC R (charset)" : "ESC (orientation/feed)");
		return 0;
	case 'i':
	case 'm':
		return cut(r, 0);
	case 'p': /* drawer kick: m t1 t2 */
		NEED(r, 3, "ESC p");
		r->pos += 3;
		return 0;
	case 'B': /* beeper: n t */
		NEED(r, 2, "ESC B");
		r->pos += 2;
		return 0;
	case '$':
	case '\\': {
		NEED(r, 2, "ESC $/\\");
		int v = r->s[r->pos] | r->s[r->pos + 1] << 8;
		r->pos += 2;
		line_begin(r);
		if (c == '\\')
			v = r->x + (int16_t)v;
		if (v >= 0 && v <= r->line_area)
			r->x = v;
		return 0;
	}
	case 'D': {
		int k = 0, last = 0;
		for (;;) {
			NEED(r, 1, "ESC D");
			uint8_t t = r->s[r->pos++];
			if (t == 0)
				break;
			if (k < MAX_TABS && t > last)
				r->tabs[k++] = last = t;
		}
		r->ntabs = k;
		return 0;
	}
	case '*': {
		NEED(r, 3, "ESC *");
		uint8_t m = r->s[r->pos];
		size_t cols = r->s[r->pos + 1] | (size_t)r->s[r->pos + 2] << 8;
		r->pos += 3;
		if (m != 0 && m != 1 && m != 32 && m != 33)
			return fail(r, -EBADMSG, "ESC * with bad mode %u at offset %zu", m, at);
		size_t bytes = cols * (m >= 32 ? 3 : 1);
		NEED(r, bytes, "ESC * data");
		r->pos += bytes;
		skipped(r, at, "ESC * (bit image)");
		return 0;
	}
	case 'L':
	case 'S':
	case 'W':
	case 'T':
		if (c == 'W') {
			NEED(r, 8, "ESC W");
			r->pos += 8;
		} else if (c == 'T') {
			NEED(r, 1, "ESC T");
			r->pos += 1;
		}
		if (c != 'S')
			skipped(r, at, "ESC L/W/T (page mode)");
		return 0;
	default: {
		char what[24];
		snprintf(what, sizeof(what), "ESC 0x%02x", c);
		skipped(r, at, what);
		return 0;
	}
	}
}

static int do_gs(struct render *r, size_t at)
{
	NEED(r, 1, "GS");
	uint8_t c = r->s[r->pos++];
	switch (c) {
	case '!': {
		NEED(r, 1, "GS !");
		uint8_t n = r->s[r->pos++];
		if ((n & 0x88) == 0) {
			r->wmul = ((n >> 4) & 7) + 1;
			r->hmul = (n & 7) + 1;
		}
		return 0;
	}
	case 'B':
		NEED(r, 1, "GS B");
		r->reverse = r->s[r->pos++] & 1;
		return 0;
	case 'L':
	case 'W': {
		NEED(r, 2, "GS L/W");
		int v = r->s[r->pos] | r->s[r->pos + 1] << 8;
		r->pos += 2;
		if (c == 'L')
			r->left_margin = v;
		else
			r->area_width = v;
		return 0;
	}
	case 'V': {
		NEED(r, 1, "GS V");
		uint8_t m = r->s[r->pos++];
		if (m == 0 || m == 1 || m == 48 || m == 49)
			return cut(r, 0);
		if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
			NEED(r, 1, "GS V m n");
			return cut(r, r->s[r->pos++]);
		}
		return fail(r, -EBADMSG, "GS V with bad mode %u at offset %zu", m, at);
	}
	case 'v': {
		NEED(r, 6, "GS v 0");
		const uint8_t *h = r->s + r->pos;
		if (h[0] != '0')
			return fail(r, -EBADMSG, "GS v without '0' at offset %zu", at);
		int m = h[1] % 48;
		if (m > 3 || (h[1] > 3 && h[1] < 48) || h[1] > 51)
			return fail(r, -EBADMSG, "GS v 0 with bad mode %u at offset %zu", h[1], at);
		int wb = h[2] | h[3] << 8, rows = h[4] | h[5] << 8;
		r->pos += 6;
		size_t bytes = (size_t)wb * (size_t)rows;
		NEED(r, bytes, "GS v 0 data");
		const uint8_t *bits = r->s + r->pos;
		r->pos += bytes;
		if (wb == 0 || rows == 0)
			return 0;
		if (wb * 8 * ((m & 1) + 1) > r->img->width)
			skipped(r, at, "GS v 0 (wider than paper)");
		return draw_bits(r, bits, wb, wb * 8, rows, (m & 1) + 1, (m & 2) / 2 + 1, NULL);
	}
	case '(': {
		NEED(r, 3, "GS (");
		uint8_t fn = r->s[r->pos];
		size_t n = r->s[r->pos + 1] | (size_t)r->s[r->pos + 2] << 8;
		r->pos += 3;
		NEED(r, n, "GS ( data");
		const uint8_t *p = r->s + r->pos;
		r->pos += n;
		if (fn == 'k')
			return gs_paren_k(r, at, p, n);
		skipped(r, at, fn == 'L' ? "GS ( L (graphics)" : "GS ( (function)");
		return 0;
	}
	case '8': {
		NEED(r, 5, "GS 8 L");
		const uint8_t *p = r->s + r->pos;
		size_t n = p[1] | (size_t)p[2] << 8 | (size_t)p[3] << 16 | (size_t)p[4] << 24;
		r->pos += 5;
		NEED(r, n, "GS 8 L data");
		r->pos += n;
		skipped(r, at, "GS 8 L (graphics)");
		return 0;
	}
	case 'k': {
		NEED(r, 1, "GS k");
		uint8_t m = r->s[r->pos++];
		if (m <= 6) {
			while (1) {
				NEED(r, 1, "GS k data");
				if (r->s[r->pos++] == 0)
					break;
			}
		} else if (m >= 65 && m <= 73) {
			NEED(r, 1, "GS k");
			uint8_t n = r->s[r->pos++];
			NEED(r, n, "GS k data");
			r->pos += n;
		} else {
			return fail(r, -EBADMSG, "GS k with bad type %u at offset %zu", m, at);
		}
		skipped(r, at, "GS k (barcode)");
		return 0;
	}
	case '*': {
		NEED(r, 2, "GS *");
		size_t n = (size_t)r->s[r->pos] * r->s[r->pos + 1] * 8;
		r->pos += 2;
		NEED(r, n, "GS * data");
		r->pos += n;
		skipped(r, at, "GS * (download image)");
		return 0;
	}
	case 'P':
	case '$':
	case '\\':
		NEED(r, 2, "GS command");
		r->pos += 2;
		if (c != 'P')
			skipped(r, at, "GS $/\\ (page mode)");
		return 0;
	case '/':
	case 'H':
	case 'h':
	case 'w':
	case 'f':
	case 'a':
	case 'r':
	case 'I':
	case 'T':
	case 'Z':
	case 'b':
	case 'E':
		NEED(r, 1, "GS command");
		r->pos += 1;
		if (c == '/')
			skipped(r, at, "GS / (download image)");
		return 0;
	default: {
		char what[24];
		snprintf(what, sizeof(what), "GS 0x%02x", c);
		skipped(r, at, what);
		return 0;
	}
	}
}

static int do_dle(struct render *r, size_t at)
{
	NEED(r, 2, "DLE");
	uint8_t c = r->s[r->pos++];
	uint8_t fn = r->s[r->pos++];
	if (c == 0x04 || c == 0x05)
		return 0; /* DLE EOT n, DLE ENQ n: real-time status, nothing printed */
	if (c == 0x14) {
		size_t n = fn == 8 ? 7 : fn == 7 ? 1 : 2;
		NEED(r, n, "DLE DC4");
		r->pos += n;
		return 0;
	}
	skipped(r, at, "DLE (real-time)");
	return 0;
}

static int do_fs(struct render *r, size_t at)
{
	NEED(r, 1, "FS");
	uint8_t c = r->s[r->pos++];
	size_t n = 0;
	switch (c) {
	case '.':
	case '&':
		return 0; /* Kanji mode off/on: single-byte text is unaffected */
	case '!':
	case '-':
	case 'C':
	case 'W':
		n = 1;
		break;
	case 'S':
	case 'p':
		n = 2;
		break;
	default:
		break;
	}
	NEED(r, n, "FS command");
	r->pos += n;
	if (c == 'p' || n == 0)
		skipped(r, at, c == 'p' ? "FS p (NV image)" : "FS command");
	return 0;
}

static int step(struct render *r)
{
	size_t at = r->cmd = r->pos;
	uint8_t b = r->s[r->pos++];
	switch (b) {
	case 0x1b:
		return do_esc(r, at);
	case 0x1d:
		return do_gs(r, at);
	case 0x1c:
		return do_fs(r, at);
	case 0x10:
		return do_dle(r, at);
	case '\n':
		line_begin(r);
		return flush_line(r, -1);
	case '\r':
	case 0x0c:
	case 0x18:
		return 0;
	case '\t':
		tab(r);
		return 0;
	default:
		if (b < 0x20) {
			skipped(r, at, "control byte");
			return 0;
		}
		return put_char(r, b);
	}
}

int escpos_render(const uint8_t *stream, size_t len, int width_dots, struct escpos_image *img,
                  struct escpos_render_report *rep)
{
	struct escpos_render_report own;
	if (!rep)
		rep = &own;
	memset(rep, 0, sizeof(*rep));
	memset(img, 0, sizeof(*img));
	if ((!stream && len) || width_dots < 8 || width_dots > MAX_WIDTH_DOTS) {
		snprintf(rep->error, sizeof(rep->error), "bad arguments");
		return -EINVAL;
	}
	struct render *r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->s = stream;
	r->len = len;
	r->img = img;
	r->rep = rep;
	img->width = width_dots;
	r->qr_module = 3;
	r->qr_ec = 0;
	reset_modes(r);
	int rc = 0;
	while (rc == 0 && r->pos < r->len)
		rc = step(r);
	if (rc == 0 && r->nitems > 0) {
		rep->unterminated = 1;
		rc = flush_line(r, -1);
	}
	if (rc == 0)
		rc = ensure_rows(r, r->y > 0 ? r->y : 1);
	free(r->qr_data);
	if (rc == 0)
		img->height = r->y > 0 ? r->y : 1;
	else
		escpos_image_free(img);
	free(r);
	return rc;
}

void escpos_image_free(struct escpos_image *img)
{
	if (!img)
		return;
	free(img->pix);
	img->pix = NULL;
	img->width = img->height = 0;
}
