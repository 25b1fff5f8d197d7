/* MRZ parsing of arbitrary text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eid/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], err[MRZ_ERR_MAX], info[25], iso[11];
	struct mrz m;

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = 0;
	if (mrz_parse(text, &m, err, sizeof(err)) == 0) {
		mrz_bac_info(&m, info);
		mrz_date_iso(m.birth_date, 1, iso);
	}
	return 0;
}
