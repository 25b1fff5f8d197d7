/* audio.c — the table of audio backends and the URI dispatch. */
#include <string.h>

#include "hal/audio.h"

extern const struct audio_ops audio_null_ops;
#ifdef CIVIQ_AUDIO_SDL
extern const struct audio_ops audio_sdl_ops;
#endif

const struct audio_ops *const audio_backends[] = {
#ifdef CIVIQ_AUDIO_SDL
	&audio_sdl_ops,
#endif
	&audio_null_ops,
	NULL,
};

int audio_open(struct audio *a, const char *uri, const struct audio_format *fmt)
{
	const char *colon = strchr(uri, ':');
	size_t n = colon ? (size_t)(colon - uri) : strlen(uri);

	memset(a, 0, sizeof(*a));
	if (!fmt || fmt->rate <= 0 || fmt->channels < 1 || fmt->channels > 2)
		return -EINVAL;
	for (size_t i = 0; audio_backends[i]; i++) {
		const struct audio_ops *ops = audio_backends[i];
		if (strlen(ops->scheme) != n || strncmp(ops->scheme, uri, n))
			continue;
		a->ops = ops;
		a->fmt = *fmt;
		int rc = ops->open(a, colon ? colon + 1 : "", fmt);
		if (rc)
			a->ops = NULL;
		return rc;
	}
	return -ENOTSUP;
}
