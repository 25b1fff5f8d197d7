/* phrase.h — the sentence a call is announced with, per language. */
#ifndef CIVIQ_ANNOUNCE_PHRASE_H
#define CIVIQ_ANNOUNCE_PHRASE_H

#include <stddef.h>

/* Writes e.g. "Nummer A 42, bitte zu Platz 3" (de) for number "A 042" and counter "Platz 3".
 * Languages: de, en, tr, fr; -ENOTSUP for others, -ENOSPC when `out` is too small. */
int announce_phrase(const char *lang, const char *number, const char *counter_label, char *out,
                    size_t outlen);

#endif
