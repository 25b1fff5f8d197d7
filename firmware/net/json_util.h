/* json_util.h — small type-checked accessors over cJSON with readable error text.
 *
 * Every getter returns 0 on success, -ENOENT when the field is absent (or JSON null) and
 * -EINVAL when it has the wrong type or range; on failure it writes a message naming the field
 * into err (when err is not NULL), fit for an API error's "message".
 */
#ifndef CIVIQ_NET_JSON_UTIL_H
#define CIVIQ_NET_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define JSON_ERROR_MAX 128

/* Parses `len` bytes that must hold exactly one JSON object. NULL and a message on failure. */
cJSON *json_parse_object(const char *text, size_t len, char *err, size_t errlen);

/* *out points into obj (valid while obj lives). */
int json_get_string(const cJSON *obj, const char *key, const char **out, char *err, size_t errlen);
/* Copies the string into buf (size bufsize, NUL included); -EINVAL if it does not fit. */
int json_get_string_buf(const cJSON *obj, const char *key, char *buf, size_t bufsize, char *err,
                        size_t errlen);
/* An integral number within [min, max]. */
int json_get_int(const cJSON *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                 char *err, size_t errlen);
int json_get_bool(const cJSON *obj, const char *key, bool *out, char *err, size_t errlen);
/* An object or an array field; *out points into obj. */
int json_get_object(const cJSON *obj, const char *key, const cJSON **out, char *err, size_t errlen);
int json_get_array(const cJSON *obj, const char *key, const cJSON **out, char *err, size_t errlen);

/* Prints compactly; malloc'd, NULL when out of memory. */
char *json_print(const cJSON *json);

#endif
