/* hub_config_portal.h — reading the [portal] section (internal to hub_config.c). */
#ifndef CIVIQ_HUB_HUB_CONFIG_PORTAL_H
#define CIVIQ_HUB_HUB_CONFIG_PORTAL_H

#include <stddef.h>

#include "common/ini.h"
#include "hub/hub_config.h"

void hub_portal_config_defaults(struct hub_portal_config *pc);
/* One key of [portal]; relative paths are taken from dir. -EINVAL with "file:line: what". */
int hub_portal_config_key(const struct ini *ini, const char *dir, const struct ini_entry *e,
                          struct hub_portal_config *pc, char *err, size_t errlen);
/* The section as a whole: url and office present, http only to loopback, mapped services
 * exist. */
int hub_portal_config_check(const struct ini *ini, const struct hub_config *c, char *err,
                            size_t errlen);

#endif
