/* rfc3339.h — timestamps with offsets as the portal and the API write them. */
#ifndef CIVIQ_COMMON_RFC3339_H
#define CIVIQ_COMMON_RFC3339_H

#include <stdint.h>

/* "2026-03-29T09:30:00+02:00", "...Z", optional fraction: Unix seconds. 0 or -EINVAL for
 * anything else (out-of-range fields, missing offset, trailing bytes). */
int rfc3339_parse(const char *s, int64_t *out);
/* "YYYY-MM-DD" into its parts, validated as a civil date. 0 or -EINVAL. */
int date_parse(const char *s, int *year, int *month, int *day);

#endif
