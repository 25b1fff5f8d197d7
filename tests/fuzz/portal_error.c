/* portal_error.c — error answers of arbitrary bytes: no crash, and a code is only ever taken
 * when it is a short word that cannot carry personal data. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sync/portal_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = malloc(size ? size : 1);
	char code[PORTAL_ERROR_CODE_MAX];

	if (!body)
		return 0;
	memcpy(body, data, size);
	if (portal_json_error_code(body, size, code, sizeof(code)) == 0) {
		size_t n = strnlen(code, sizeof(code));
		if (n == 0 || n == sizeof(code) ||
		    strspn(code,
		           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
		        n)
			abort();
	}
	free(body);
	return 0;
}
