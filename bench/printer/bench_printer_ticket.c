/* bench_printer_ticket — how long one ticket takes to lay out (ESC/POS), render (image) and
 * write as PNG; medians over many runs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "escpos_render.h"
#include "ticket_layout.h"

#define RUNS 200

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v)
{
	qsort(v, RUNS, sizeof(*v), cmp);
	return v[RUNS / 2];
}

int main(void)
{
	static double enc[RUNS], ren[RUNS], png[RUNS];
	const struct ticket_print t = {
		.office = "Bürgerbüro Mitte",
		.label = "A 042",
		.service = "Meldewesen",
		.when = "12.03.2027 09:41",
		.people_ahead = 3,
		.qr_url = "https://termine.example.de/t/Xk3f9Q",
		.footer = "Bitte achten Sie auf den Aufruf.",
	};
	char path[] = "/tmp/civiq-bench-ticket-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 1;
	close(fd);
	size_t bytes = 0;
	int height = 0;
	for (int i = 0; i < RUNS; i++) {
		struct escpos_buf b;
		struct escpos_image img;
		double t0 = now_us();
		escpos_buf_init(&b);
		if (ticket_layout_build(&b, &t) < 0)
			return 1;
		double t1 = now_us();
		if (escpos_render(b.data, b.len, 576, &img, NULL) < 0)
			return 1;
		double t2 = now_us();
		if (escpos_image_write_png(&img, path) < 0)
			return 1;
		double t3 = now_us();
		enc[i] = t1 - t0;
		ren[i] = t2 - t1;
		png[i] = t3 - t2;
		bytes = b.len;
		height = img.height;
		escpos_image_free(&img);
		escpos_buf_free(&b);
	}
	unlink(path);
	double e = median(enc), r = median(ren), p = median(png);
	printf("printer ticket (576 dots, native QR, %zu bytes ESC/POS, %d rows), median of %d:\n",
	       bytes, height, RUNS);
	printf("  encode   %8.1f us\n", e);
	printf("  render   %8.1f us\n", r);
	printf("  png      %8.1f us\n", p);
	printf("  total    %8.1f us\n", e + r + p);
	return 0;
}
