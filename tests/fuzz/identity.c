/* identity fuzz target: name normalisation and the tag input on arbitrary bytes. The input is
 * split at the first two '|' into family name, given names and birth date. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "fuzz.h"

static void check_normalised(const char *s, int rc, const char *out)
{
	(void)s;
	if (rc < 0) {
		if (rc != -EINVAL && rc != -EILSEQ && rc != -ENOSPC)
			abort();
		return;
	}
	if ((size_t)rc != strlen(out) || out[0] == ' ' || out[rc - 1] == ' ')
		abort();
	for (int i = 0; i < rc; i++) { /* only A-Z and single spaces */
		if (!((out[i] >= 'A' && out[i] <= 'Z') || (out[i] == ' ' && out[i + 1] != ' ')))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	char out[IDENTITY_NAME_MAX];
	check_normalised(s, identity_normalise(s, out, sizeof(out)), out);
	char tiny[4];
	check_normalised(s, identity_normalise(s, tiny, sizeof(tiny)), tiny);

	char *given = strchr(s, '|');
	char *date = given ? strchr(given + 1, '|') : NULL;
	if (given && date) {
		*given++ = '\0';
		*date++ = '\0';
		char tag[IDENTITY_TAG_MAX];
		int rc = identity_tag_input(s, given, date, tag, sizeof(tag));
		if (rc >= 0 && ((size_t)rc != strlen(tag) || !strchr(tag, '|')))
			abort();
	}
	free(s);
	return 0;
}
