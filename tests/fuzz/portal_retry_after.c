/* portal_retry_after.c — Retry-After header lines of arbitrary bytes, as libcurl hands them over
 * and as a bare value: no crash, and the wait is either unknown (-1) or 0..3600 s. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sync/portal_http.h"

#define NOW_S 1774771200L

static void check(int s)
{
	if (s != -1 && (s < 0 || s > 3600))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char name[] = "Retry-After:";
	char *line = malloc(sizeof(name) + size);
	int s = -1;

	if (!line)
		return 0;
	/* The raw line, then the same bytes behind the header's name. */
	memcpy(line, data, size);
	portal_http_header(line, size, NOW_S, &s);
	check(s);
	memcpy(line, name, sizeof(name) - 1);
	memcpy(line + sizeof(name) - 1, data, size);
	s = -1;
	portal_http_header(line, sizeof(name) - 1 + size, NOW_S, &s);
	check(s);
	/* The value alone, NUL-terminated. */
	memcpy(line, data, size);
	line[size] = '\0';
	check(portal_http_retry_after(line, NOW_S));
	free(line);
	return 0;
}
