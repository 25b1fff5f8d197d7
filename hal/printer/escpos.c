/* escpos.c — ESC/POS byte building (see escpos.h). Command bytes follow the Epson ESC/POS
 * Application Programming Guide. */
#include "escpos.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef CIVIQ_HAVE_QRENCODE
#include <qrencode.h>
#endif

#include "codepage.h"

#define ESC 0x1b
#define GS  0x1d

void escpos_buf_init(struct escpos_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->codepage = CODEPAGE_PC437;
}

void escpos_buf_free(struct escpos_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int fail(struct escpos_buf *b, int err)
{
	if (!b->err)
		b->err = err;
	return err;
}

int escpos_append(struct escpos_buf *b, const void *bytes, size_t len)
{
	if (b->err)
		return b->err;
	if (len > SIZE_MAX / 2 - b->len)
		return fail(b, -ENOMEM);
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len)
			cap *= 2;
		uint8_t *d = realloc(b->data, cap);
		if (!d)
			return fail(b, -ENOMEM);
		b->data = d;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, bytes, len);
	b->len += len;
	return 0;
}

static int put(struct escpos_buf *b, size_t n, const uint8_t *bytes)
{
	return escpos_append(b, bytes, n);
}

#define PUT(b, ...) \
	put((b), sizeof((const uint8_t[]){ __VA_ARGS__ }), (const uint8_t[]){ __VA_ARGS__ })

int escpos_reset(struct escpos_buf *b)
{
	b->codepage = CODEPAGE_PC437;
	return PUT(b, ESC, '@');
}

int escpos_codepage(struct escpos_buf *b, int page)
{
	if (!codepage_known(page))
		return fail(b, -EINVAL);
	b->codepage = page;
	return PUT(b, ESC, 't', (uint8_t)page);
}

int escpos_align(struct escpos_buf *b, enum escpos_align a)
{
	if (a < ESCPOS_ALIGN_LEFT || a > ESCPOS_ALIGN_RIGHT)
		return fail(b, -EINVAL);
	return PUT(b, ESC, 'a', (uint8_t)a);
}

int escpos_emphasis(struct escpos_buf *b, bool on)
{
	return PUT(b, ESC, 'E', on ? 1 : 0);
}

int escpos_size(struct escpos_buf *b, int width, int height)
{
	if (width < 1 || width > 8 || height < 1 || height > 8)
		return fail(b, -EINVAL);
	return PUT(b, GS, '!', (uint8_t)(((width - 1) << 4) | (height - 1)));
}

/* Decodes one UTF-8 sequence; returns its length (>= 1) and the code point, or 0xFFFD for
 * an invalid or overlong sequence (consuming one byte). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) ? 0xfffd : v;
	return *cp == 0xfffd ? 1 : n;
}

/* Typographic characters German text uses that the code pages lack, printed as their
 * plain look-alikes rather than '?'. */
static uint32_t plain_lookalike(uint32_t cp)
{
	switch (cp) {
	case 0x2013: /* – */
	case 0x2014: /* — */
	case 0x2212: /* − */
		return '-';
	case 0x201e: /* „ */
	case 0x201c: /* “ */
	case 0x201d: /* ” */
		return '"';
	case 0x201a: /* ‚ */
	case 0x2018: /* ‘ */
	case 0x2019: /* ’ */
		return '\'';
	case 0x2026: /* … */
		return '.';
	default:
		return cp;
	}
}

size_t escpos_convert(int page, const char *utf8, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = 0;
	if (size == 0)
		return 0;
	while (*s && n + 1 < size) {
		uint32_t cp;
		s += utf8_next(s, &cp);
		if (cp == '\n') {
			out[n++] = '\n';
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			continue; /* control characters: never let text become a command */
		int byte = codepage_from_unicode(page, cp);
		if (byte < 0)
			byte = codepage_from_unicode(page, plain_lookalike(cp));
		out[n++] = byte < 0 ? '?' : (char)byte;
	}
	out[n] = '\0';
	return n;
}

int escpos_text(struct escpos_buf *b, const char *utf8)
{
	size_t in = strlen(utf8);
	char stackbuf[256];
	char *tmp = in < sizeof(stackbuf) ? stackbuf : malloc(in + 1);
	if (!tmp)
		return fail(b, -ENOMEM);
	size_t n = escpos_convert(b->codepage, utf8, tmp, in + 1);
	int rc = escpos_append(b, tmp, n);
	if (tmp != stackbuf)
		free(tmp);
	return rc;
}

int escpos_line(struct escpos_buf *b, const char *utf8)
{
	int rc = escpos_text(b, utf8);
	return rc < 0 ? rc : PUT(b, '\n');
}

int escpos_feed_lines(struct escpos_buf *b, int lines)
{
	if (lines < 0 || lines > 255)
		return fail(b, -EINVAL);
	return PUT(b, ESC, 'd', (uint8_t)lines);
}

int escpos_feed_dots(struct escpos_buf *b, int dots)
{
	if (dots < 0 || dots > 255)
		return fail(b, -EINVAL);
	return PUT(b, ESC, 'J', (uint8_t)dots);
}

int escpos_qr(struct escpos_buf *b, const char *data, size_t len, int module, enum escpos_qr_ec ec)
{
	if (len == 0 || len > 7089 || module < 1 || module > 16 || ec < ESCPOS_QR_EC_L ||
	    ec > ESCPOS_QR_EC_H)
		return fail(b, -EINVAL);
	size_t store = len + 3;
	PUT(b, GS, '(', 'k', 4, 0, 49, 65, 50, 0);           /* model 2 */
	PUT(b, GS, '(', 'k', 3, 0, 49, 67, (uint8_t)module); /* module size */
	PUT(b, GS, '(', 'k', 3, 0, 49, 69, (uint8_t)ec);     /* error correction */
	PUT(b, GS, '(', 'k', (uint8_t)(store & 0xff), (uint8_t)(store >> 8), 49, 80, 48);
	escpos_append(b, data, len);
	return PUT(b, GS, '(', 'k', 3, 0, 49, 81, 48); /* print */
}

int escpos_raster(struct escpos_buf *b, const uint8_t *bits, int width_bytes, int height)
{
	if (width_bytes < 1 || width_bytes > 0xffff || height < 1 || height > 0xffff)
		return fail(b, -EINVAL);
	PUT(b, GS, 'v', '0', 0, (uint8_t)(width_bytes & 0xff), (uint8_t)(width_bytes >> 8),
	    (uint8_t)(height & 0xff), (uint8_t)(height >> 8));
	return escpos_append(b, bits, (size_t)width_bytes * (size_t)height);
}

int escpos_qr_raster(struct escpos_buf *b, const char *data, int module, enum escpos_qr_ec ec)
{
#ifdef CIVIQ_HAVE_QRENCODE
	static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q,
		                            QR_ECLEVEL_H };
	if (module < 1 || module > 16 || ec < ESCPOS_QR_EC_L || ec > ESCPOS_QR_EC_H)
		return fail(b, -EINVAL);
	QRcode *qr = QRcode_encodeData((int)strlen(data), (const unsigned char *)data, 0,
	                               levels[ec - ESCPOS_QR_EC_L]);
	if (!qr)
		return fail(b, errno == ERANGE ? -EINVAL : -ENOMEM);
	int dots = qr->width * module;
	int wb = (dots + 7) / 8;
	uint8_t *bits = calloc((size_t)wb * (size_t)dots, 1);
	if (!bits) {
		QRcode_free(qr);
		return fail(b, -ENOMEM);
	}
	for (int y = 0; y < dots; y++) {
		for (int x = 0; x < dots; x++) {
			if (qr->data[(y / module) * qr->width + x / module] & 1)
				bits[y * wb + x / 8] |= (uint8_t)(0x80 >> (x % 8));
		}
	}
	QRcode_free(qr);
	int rc = escpos_raster(b, bits, wb, dots);
	free(bits);
	return rc;
#else
	(void)data, (void)module, (void)ec;
	return fail(b, -ENOTSUP);
#endif
}

int escpos_cut(struct escpos_buf *b, int feed_dots)
{
	if (feed_dots < 0 || feed_dots > 255)
		return fail(b, -EINVAL);
	if (feed_dots == 0)
		return PUT(b, GS, 'V', 1);
	return PUT(b, GS, 'V', 66, (uint8_t)feed_dots);
}
