/* ini_value.h — typed values of one INI entry, for the programs' config readers.
 *
 * Every error is -EINVAL with "path:line: <what> 'key' in [section]" in err, so a technician
 * finds the line to fix. */
#ifndef CIVIQ_COMMON_INI_VALUE_H
#define CIVIQ_COMMON_INI_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/ini.h"

struct ini_value {
	const struct ini *ini;
	const struct ini_entry *e; /* the entry being read */
	char *err;
	size_t errlen;
};

/* Reports `what` ("expected true|false for", "unknown key") for the entry; returns -EINVAL. */
int ini_value_bad(const struct ini_value *v, const char *what);
int ini_value_str(const struct ini_value *v, char *dst, size_t n);
int ini_value_int(const struct ini_value *v, int lo, int hi, int *out);
int ini_value_bool(const struct ini_value *v, bool *out);
/* A path relative to the config file's folder. With a scheme ("file:"), only values carrying
 * it are paths (and keep it); other values are copied as they are. */
int ini_value_path(const struct ini_value *v, char *dst, size_t n, const char *scheme);

#endif
