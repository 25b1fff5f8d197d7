/* Data-group decoders: DG4/DG5 text, DG8 date, DG1 MRZ. */
#include <stddef.h>
#include <stdint.h>

#include "eid/datagroups.h"
#include "eid/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[128], err[MRZ_ERR_MAX], iso[11];
	struct eid_date d;
	struct mrz m;

	dg_decode_text(data, size, 4, text, sizeof(text));
	dg_decode_text(data, size, 5, text, sizeof(text));
	if (dg_decode_date(data, size, &d) == 0)
		eid_date_format(&d, iso);
	dg1_decode_mrz(data, size, &m, err, sizeof(err));
	return 0;
}
