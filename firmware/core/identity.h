/* identity.h — the normalised identity a check-in is matched by.
 *
 * The kiosk (from the ID card) and the hub (from the portal's bookings) both build the same
 * string with identity_tag_input() and key-hash it outside core; the names never need to match
 * byte for byte, only after this normalisation. Nothing here logs or keeps the input.
 */
#ifndef CIVIQ_CORE_IDENTITY_H
#define CIVIQ_CORE_IDENTITY_H

#include <stddef.h>

#define IDENTITY_NAME_MAX 128 /* normalised name, NUL included */
#define IDENTITY_TAG_MAX  (2 * IDENTITY_NAME_MAX + 16)

/* ICAO 9303 transliteration of a name, upper case A-Z and single spaces:
 * Ä→AE Ö→OE Ü→UE ß/ẞ→SS Å→AA Æ→AE Ø→OE Œ→OE Þ→TH Ĳ→IJ, other Latin accents stripped (É→E, Ç→C,
 * Ł→L, Đ→D, ...); decomposed input (U+0308 after A/O/U, U+030A after A) gives the same as the
 * composed letter, other combining marks are dropped. Hyphens, spaces (also NBSP, tabs), '<',
 * apostrophes (' ’ ʼ ` ´), '.' and ',' are all one separator: runs collapse into one ' ',
 * leading and trailing ones are trimmed.
 * Returns the length written (NUL-terminated), -EINVAL for invalid UTF-8 or a name that is
 * empty after normalisation, -EILSEQ for characters that are not Latin letters or separators
 * (Cyrillic, Greek, digits, symbols), -ENOSPC if out is too small. */
int identity_normalise(const char *utf8, char *out, size_t outlen);

/* "FAMILY|FIRSTGIVEN|YYYY-MM-DD": the normalised family name, the first of the normalised given
 * names (empty when there are none), and the birth date as given after validation: YYYY-MM-DD,
 * or YYYY-MM / YYYY for partial dates. Returns the length, -EINVAL (bad date, bad or empty
 * family name), -EILSEQ, -ENOSPC. */
int identity_tag_input(const char *family, const char *given_names, const char *birth_date,
                       char *out, size_t outlen);

#endif
