/* identity_tag.h — the keyed hash a check-in by ID card is matched with (ARCHITECTURE.md 4).
 *
 * tag = hex(HMAC-SHA256(day key, "FAMILY|FIRSTGIVEN|YYYY-MM-DD")), the input normalised by
 * core's identity_tag_input, so the kiosk and the hub arrive at the same tag and the identity
 * itself never leaves the kiosk.
 */
#ifndef CIVIQ_COMMON_IDENTITY_TAG_H
#define CIVIQ_COMMON_IDENTITY_TAG_H

#include <stddef.h>
#include <stdint.h>

#define IDENTITY_TAG_HEX_LEN 64
#define DAY_KEY_LEN          32

/* From an already normalised input ("FAMILY|GIVEN|DATE"). */
int identity_tag_from_input(const uint8_t *key, size_t key_len, const char *input,
                            char out[IDENTITY_TAG_HEX_LEN + 1]);
/* From raw names and birth date: normalises, hashes, and wipes the intermediate copy. */
int identity_tag_compute(const uint8_t *key, size_t key_len, const char *family,
                         const char *given_names, const char *birth_date,
                         char out[IDENTITY_TAG_HEX_LEN + 1]);
/* Constant-time comparison of two tags. */
int identity_tag_equal(const char *a, const char *b);

/* Hex helpers for keys: 0 or -EINVAL. */
int hex_encode(const uint8_t *in, size_t len, char *out, size_t outlen);
int hex_decode(const char *in, uint8_t *out, size_t outlen, size_t *written);

#endif
