/* civiq-printer-render — renders an ESC/POS file to PNG, as the ticket printer would print it.
 *   civiq-printer-render [--width 576|384] IN.bin OUT.png
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "escpos_render.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: civiq-printer-render [--width DOTS] IN.bin OUT.png\n"
	           "Renders an ESC/POS stream (e.g. written by the file: printer) to a PNG.\n"
	           "  --width DOTS  paper width in dots: 576 (80 mm, default) or 384 (58 mm)\n");
}

static int read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	size_t cap = 65536, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *b = realloc(buf, cap * 2);
		if (!b) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = b;
		cap *= 2;
	}
	int err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (!buf)
		return -ENOMEM;
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	int width = 576;
	int i = 1;
	log_set_ident("civiq-printer-render");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
			width = atoi(argv[++i]);
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (argc - i != 2 || width < 8 || width > 4096) {
		usage(stderr);
		return 2;
	}
	uint8_t *data = NULL;
	size_t len = 0;
	int rc = read_file(argv[i], &data, &len);
	if (rc < 0) {
		fprintf(stderr, "civiq-printer-render: %s: %s\n", argv[i], strerror(-rc));
		return 1;
	}
	rc = escpos_render_png(data, len, argv[i + 1], width);
	free(data);
	return rc < 0 ? 1 : 0;
}
