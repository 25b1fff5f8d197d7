/* hub_config_staff.h — reading the [staff] section (internal to hub_config.c). */
#ifndef CIVIQ_HUB_HUB_CONFIG_STAFF_H
#define CIVIQ_HUB_HUB_CONFIG_STAFF_H

#include <stddef.h>

#include "common/ini.h"
#include "hub/hub_config.h"

void hub_staff_config_defaults(struct hub_staff_config *sc);
/* One key of [staff]. -EINVAL with "file:line: what". */
int hub_staff_config_key(const struct ini *ini, const struct ini_entry *e,
                         struct hub_staff_config *sc, char *err, size_t errlen);

#endif
