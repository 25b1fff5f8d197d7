/* null.c — the audio backend without a device: discards, or writes a WAV file.
 *
 * The WAV header is rewritten at every drain, so the file is complete whenever nothing is
 * being played, even if the program is killed afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal/audio.h"

struct null_audio {
	FILE *f;
	uint32_t bytes;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
	p[3] = (uint8_t)(v >> 24);
}

static int write_header(struct audio *a)
{
	struct null_audio *n = a->priv;
	uint8_t h[44];
	uint32_t block = (uint32_t)a->fmt.channels * 2;

	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + n->bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	h[20] = 1, h[21] = 0; /* PCM */
	h[22] = (uint8_t)a->fmt.channels, h[23] = 0;
	put32(h + 24, (uint32_t)a->fmt.rate);
	put32(h + 28, (uint32_t)a->fmt.rate * block);
	h[32] = (uint8_t)block, h[33] = 0;
	h[34] = 16, h[35] = 0;
	memcpy(h + 36, "data", 4);
	put32(h + 40, n->bytes);
	if (fseek(n->f, 0, SEEK_SET) || fwrite(h, sizeof(h), 1, n->f) != 1 ||
	    fseek(n->f, 0, SEEK_END) || fflush(n->f))
		return -EIO;
	return 0;
}

static int null_open(struct audio *a, const char *arg, const struct audio_format *fmt)
{
	struct null_audio *n = calloc(1, sizeof(*n));

	(void)fmt;
	if (!n)
		return -ENOMEM;
	a->priv = n;
	if (!arg[0])
		return 0;
	n->f = fopen(arg, "w+b");
	if (!n->f) {
		int rc = -errno;
		free(n);
		a->priv = NULL;
		return rc;
	}
	return write_header(a);
}

static int null_play(struct audio *a, const int16_t *pcm, size_t frames)
{
	struct null_audio *n = a->priv;
	size_t samples = frames * (size_t)a->fmt.channels;

	if (!n->f)
		return 0;
	if (n->bytes + samples * 2 > UINT32_MAX - 44)
		return -EFBIG;
	/* WAV is little-endian, as are the boards civiq runs on. */
	if (fwrite(pcm, 2, samples, n->f) != samples)
		return -EIO;
	n->bytes += (uint32_t)(samples * 2);
	return 0;
}

static int null_drain(struct audio *a, int timeout_ms)
{
	struct null_audio *n = a->priv;

	(void)timeout_ms;
	return n->f ? write_header(a) : 0;
}

static void null_close(struct audio *a)
{
	struct null_audio *n = a->priv;

	if (!n)
		return;
	if (n->f) {
		write_header(a);
		fclose(n->f);
	}
	free(n);
}

const struct audio_ops audio_null_ops = {
	.scheme = "null",
	.open = null_open,
	.play = null_play,
	.drain = null_drain,
	.close = null_close,
};
