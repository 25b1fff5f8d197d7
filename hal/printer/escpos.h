/* escpos.h — builds ESC/POS byte streams (Epson ESC/POS, TM-T20 class) into a growable
 * buffer. Pure byte building: no I/O. Text is UTF-8 in, converted to the code page last
 * selected with escpos_codepage() (PC437 after escpos_reset()); characters the page lacks
 * print as '?', control characters other than '\n' are dropped so text cannot inject commands.
 *
 * Every builder returns 0 or -ENOMEM/-EINVAL; errors are also sticky in buf->err, so a caller
 * can build a whole ticket and check once.
 */
#ifndef CIVIQ_HAL_PRINTER_ESCPOS_H
#define CIVIQ_HAL_PRINTER_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct escpos_buf {
	uint8_t *data;
	size_t len, cap;
	int codepage; /* ESC t n in effect, for text conversion */
	int err;      /* first error, 0 if none */
};

enum escpos_align {
	ESCPOS_ALIGN_LEFT = 0,
	ESCPOS_ALIGN_CENTER = 1,
	ESCPOS_ALIGN_RIGHT = 2,
};

/* QR error correction levels as GS ( k fn 69 takes them. */
enum escpos_qr_ec {
	ESCPOS_QR_EC_L = 48,
	ESCPOS_QR_EC_M = 49,
	ESCPOS_QR_EC_Q = 50,
	ESCPOS_QR_EC_H = 51,
};

void escpos_buf_init(struct escpos_buf *b);
void escpos_buf_free(struct escpos_buf *b); /* NULL and a freed buffer are fine */
int escpos_append(struct escpos_buf *b, const void *bytes, size_t len);

int escpos_reset(struct escpos_buf *b);                       /* ESC @ */
int escpos_codepage(struct escpos_buf *b, int page);          /* ESC t n (codepage.h) */
int escpos_align(struct escpos_buf *b, enum escpos_align a);  /* ESC a n */
int escpos_emphasis(struct escpos_buf *b, bool on);           /* ESC E n */
int escpos_size(struct escpos_buf *b, int width, int height); /* GS ! n, 1..8 each */
int escpos_text(struct escpos_buf *b, const char *utf8);      /* converted, no LF added */
int escpos_line(struct escpos_buf *b, const char *utf8);      /* text, then LF */
int escpos_feed_lines(struct escpos_buf *b, int lines);       /* ESC d n */
int escpos_feed_dots(struct escpos_buf *b, int dots);         /* ESC J n */
/* Native QR code, model 2: GS ( k fn 65 (model), 67 (module size 1..16 dots), 69 (error
 * level), 80 (store data), 81 (print). len <= 7089. */
int escpos_qr(struct escpos_buf *b, const char *data, size_t len, int module, enum escpos_qr_ec ec);
/* Raster bit image, GS v 0 m: rows of width_bytes bytes, MSB = leftmost dot, 1 = ink. */
int escpos_raster(struct escpos_buf *b, const uint8_t *bits, int width_bytes, int height);
/* QR code generated here (libqrencode) and sent as a raster image, for printers without
 * native QR; -ENOTSUP when built without libqrencode. */
int escpos_qr_raster(struct escpos_buf *b, const char *data, int module, enum escpos_qr_ec ec);
/* Partial cut: GS V 66 n (feed n dots, then cut) or, with feed_dots == 0, GS V 1. */
int escpos_cut(struct escpos_buf *b, int feed_dots);

/* Converts UTF-8 to the page's bytes ('?' for what it lacks); returns the bytes written
 * (at most size - 1, NUL-terminated). Exposed for tests and the renderer's users. */
size_t escpos_convert(int page, const char *utf8, char *out, size_t size);

#endif
