#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/json_util.h"

static cJSON *parse(const char *text)
{
	char err[JSON_ERROR_MAX];
	cJSON *j = json_parse_object(text, strlen(text), err, sizeof(err));
	assert_non_null(j);
	return j;
}

static void parse_object_rejects_non_objects_and_trailing_data(void **state)
{
	(void)state;
	char err[JSON_ERROR_MAX];
	assert_null(json_parse_object("[1]", 3, err, sizeof(err)));
	assert_string_equal(err, "the body must be a JSON object");
	assert_null(json_parse_object("{} x", 4, err, sizeof(err)));
	assert_null(json_parse_object("{\"a\":", 5, err, sizeof(err)));
	assert_non_null(strstr(err, "not valid JSON"));
	assert_null(json_parse_object("", 0, err, sizeof(err)));
	cJSON *j = json_parse_object("{\"a\":1}\n", 8, err, sizeof(err));
	assert_non_null(j);
	cJSON_Delete(j);
}

static void getters_check_types_and_name_the_field(void **state)
{
	(void)state;
	cJSON *j = parse("{\"service\":\"A\",\"priority\":2,\"flag\":true,\"n\":null,"
	                 "\"half\":1.5,\"o\":{},\"a\":[]}");
	char err[JSON_ERROR_MAX];
	const char *s;
	assert_int_equal(json_get_string(j, "service", &s, err, sizeof(err)), 0);
	assert_string_equal(s, "A");
	assert_int_equal(json_get_string(j, "priority", &s, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "field 'priority' must be a string");
	assert_int_equal(json_get_string(j, "missing", &s, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "field 'missing' is missing");
	assert_int_equal(json_get_string(j, "n", &s, err, sizeof(err)), -ENOENT);

	int64_t i;
	assert_int_equal(json_get_int(j, "priority", 0, 2, &i, err, sizeof(err)), 0);
	assert_int_equal(i, 2);
	assert_int_equal(json_get_int(j, "priority", 0, 1, &i, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "field 'priority' must be between 0 and 1");
	assert_int_equal(json_get_int(j, "half", 0, 9, &i, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "field 'half' must be an integer");

	bool b;
	assert_int_equal(json_get_bool(j, "flag", &b, err, sizeof(err)), 0);
	assert_true(b);
	assert_int_equal(json_get_bool(j, "service", &b, NULL, 0), -EINVAL);

	const cJSON *o;
	assert_int_equal(json_get_object(j, "o", &o, err, sizeof(err)), 0);
	assert_int_equal(json_get_array(j, "a", &o, err, sizeof(err)), 0);
	assert_int_equal(json_get_array(j, "o", &o, err, sizeof(err)), -EINVAL);

	char buf[2];
	assert_int_equal(json_get_string_buf(j, "service", buf, sizeof(buf), err, sizeof(err)), 0);
	assert_string_equal(buf, "A");
	cJSON_Delete(j);
	j = parse("{\"s\":\"long\"}");
	assert_int_equal(json_get_string_buf(j, "s", buf, sizeof(buf), err, sizeof(err)), -EINVAL);
	char *text = json_print(j);
	assert_string_equal(text, "{\"s\":\"long\"}");
	free(text);
	cJSON_Delete(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_object_rejects_non_objects_and_trailing_data),
		cmocka_unit_test(getters_check_types_and_name_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
