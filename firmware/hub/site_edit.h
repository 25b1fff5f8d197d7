/* site_edit.h — supervisor edits of services and counters, with the configuration file winning.
 *
 * The file is the site's declared set-up and is applied to the database at every start
 * (site_ops.h). So an edit is made to the file: the section's keys are changed in the file's
 * text (comments and everything else kept), the result is checked as a whole configuration,
 * put in place atomically (temporary file + rename), and only then applied to the database.
 * A restart therefore keeps every edit, and a hand edit of the file made meanwhile is applied
 * along with it. docs/staff.md has the reasoning.
 */
#ifndef CIVIQ_HUB_SITE_EDIT_H
#define CIVIQ_HUB_SITE_EDIT_H

#include <stddef.h>

#include "hub/hub.h"

struct site_change {
	const char *key;
	const char *value; /* NULL: remove the key */
};

/* Changes keys of [section] in the hub's configuration file and applies the file. On success
 * *out is the configuration as now in force (hub_config_free it) and an audit entry
 * (actor, action, detail) is written. Returns 0; -ENOENT when the file has no such section;
 * -EINVAL when the result would not be a valid configuration (err: why, with file:line);
 * HUB_E_CONFIG_READ_ONLY when the file's folder cannot be written; or a negative errno. */
int hub_site_edit(struct hub *h, const char *section, const struct site_change *changes, size_t n,
                  const char *actor, const char *action, const char *detail, struct hub_config *out,
                  char *err, size_t errlen);

#endif
