/* speech.h — text to PCM with espeak-ng. espeak-ng is not thread-safe, so calls are
 * serialised inside. */
#ifndef CIVIQ_ANNOUNCE_SPEECH_H
#define CIVIQ_ANNOUNCE_SPEECH_H

#include <stddef.h>
#include <stdint.h>

/* Initialises espeak-ng (once per process; later calls only answer); returns its sample rate
 * (> 0) or a negative errno. */
int speech_init(void);

/* Synthesises UTF-8 `text` with `voice` (an espeak voice name such as "de" or "en-gb") into a
 * malloc'd mono PCM buffer at the rate speech_init returned. -ENOENT for an unknown voice. */
int speech_synth(const char *voice, const char *text, int16_t **out, size_t *frames);

#endif
