/* json_util.c — type-checked cJSON accessors. */
#include "net/json_util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(int rc, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

cJSON *json_parse_object(const char *text, size_t len, char *err, size_t errlen)
{
	if (!text || len == 0) {
		fail(-EINVAL, err, errlen, "the body is empty, a JSON object was expected");
		return NULL;
	}
	const char *end = NULL;
	cJSON *json = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!json) {
		fail(-EINVAL, err, errlen, "the body is not valid JSON (near byte %zu)",
		     end ? (size_t)(end - text) : (size_t)0);
		return NULL;
	}
	/* Only whitespace may follow the value. */
	for (const char *p = end; p && p < text + len; p++) {
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '\0') {
			cJSON_Delete(json);
			fail(-EINVAL, err, errlen, "the body has data after the JSON value");
			return NULL;
		}
	}
	if (!cJSON_IsObject(json)) {
		cJSON_Delete(json);
		fail(-EINVAL, err, errlen, "the body must be a JSON object");
		return NULL;
	}
	return json;
}

/* The field, or NULL with -ENOENT in *rc when it is absent or null. */
static const cJSON *field(const cJSON *obj, const char *key, int *rc, char *err, size_t errlen)
{
	const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	if (!item || cJSON_IsNull(item)) {
		*rc = fail(-ENOENT, err, errlen, "field '%s' is missing", key);
		return NULL;
	}
	*rc = 0;
	return item;
}

int json_get_string(const cJSON *obj, const char *key, const char **out, char *err, size_t errlen)
{
	int rc;
	const cJSON *item = field(obj, key, &rc, err, errlen);
	if (!item)
		return rc;
	if (!cJSON_IsString(item))
		return fail(-EINVAL, err, errlen, "field '%s' must be a string", key);
	*out = item->valuestring;
	return 0;
}

int json_get_string_buf(const cJSON *obj, const char *key, char *buf, size_t bufsize, char *err,
                        size_t errlen)
{
	const char *s;
	int rc = json_get_string(obj, key, &s, err, errlen);
	if (rc)
		return rc;
	size_t n = strlen(s);
	if (n >= bufsize)
		return fail(-EINVAL, err, errlen, "field '%s' is longer than %zu characters", key,
		            bufsize ? bufsize - 1 : 0);
	memcpy(buf, s, n + 1);
	return 0;
}

int json_get_int(const cJSON *obj, const char *key, int64_t min, int64_t max, int64_t *out,
                 char *err, size_t errlen)
{
	int rc;
	const cJSON *item = field(obj, key, &rc, err, errlen);
	if (!item)
		return rc;
	double v = cJSON_IsNumber(item) ? item->valuedouble : NAN;
	/* Doubles hold integers exactly up to 2^53. */
	if (!isfinite(v) || v != floor(v) || fabs(v) > 9007199254740992.0)
		return fail(-EINVAL, err, errlen, "field '%s' must be an integer", key);
	int64_t i = (int64_t)v;
	if (i < min || i > max)
		return fail(-EINVAL, err, errlen, "field '%s' must be between %lld and %lld", key,
		            (long long)min, (long long)max);
	*out = i;
	return 0;
}

int json_get_bool(const cJSON *obj, const char *key, bool *out, char *err, size_t errlen)
{
	int rc;
	const cJSON *item = field(obj, key, &rc, err, errlen);
	if (!item)
		return rc;
	if (!cJSON_IsBool(item))
		return fail(-EINVAL, err, errlen, "field '%s' must be true or false", key);
	*out = cJSON_IsTrue(item);
	return 0;
}

int json_get_object(const cJSON *obj, const char *key, const cJSON **out, char *err, size_t errlen)
{
	int rc;
	const cJSON *item = field(obj, key, &rc, err, errlen);
	if (!item)
		return rc;
	if (!cJSON_IsObject(item))
		return fail(-EINVAL, err, errlen, "field '%s' must be an object", key);
	*out = item;
	return 0;
}

int json_get_array(const cJSON *obj, const char *key, const cJSON **out, char *err, size_t errlen)
{
	int rc;
	const cJSON *item = field(obj, key, &rc, err, errlen);
	if (!item)
		return rc;
	if (!cJSON_IsArray(item))
		return fail(-EINVAL, err, errlen, "field '%s' must be an array", key);
	*out = item;
	return 0;
}

char *json_print(const cJSON *json)
{
	return json ? cJSON_PrintUnformatted(json) : NULL;
}
