/* gong.h — a two-tone gong, synthesised from decaying partials (no sound file to license). */
#ifndef CIVIQ_ANNOUNCE_GONG_H
#define CIVIQ_ANNOUNCE_GONG_H

#include <stddef.h>
#include <stdint.h>

/* Synthesises the gong as mono PCM at `rate` into a malloc'd buffer. Returns 0 or -ENOMEM. */
int gong_synth(int rate, int16_t **out, size_t *frames);

#endif
