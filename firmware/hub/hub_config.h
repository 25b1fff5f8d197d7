/* hub_config.h — the hub's configuration file (ARCHITECTURE.md 5.5), read and checked.
 *
 * Sections: [hub] (listen, database, tls, backups, board), [policy] (call policy),
 * [service.<id>] per service, [counter.<n>] per counter, [device.<name>] per device token.
 * Unknown keys and bad values are reported with file:line. Relative paths are relative to the
 * file's folder.
 */
#ifndef CIVIQ_HUB_HUB_CONFIG_H
#define CIVIQ_HUB_HUB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/call_policy.h"
#include "core/numbering.h"
#include "core/ticket.h"

#define HUB_CONFIG_ERROR_MAX 512
#define HUB_LANG_MAX         8
#define HUB_NAME_MAX         96

enum hub_role {
	HUB_ROLE_NONE = 0,
	HUB_ROLE_KIOSK = 1 << 0,
	HUB_ROLE_DISPLAY = 1 << 1,
	HUB_ROLE_STAFF = 1 << 2,
	HUB_ROLE_OPS = 1 << 3, /* metrics scraping */
};

struct hub_service_config {
	char id[SERVICE_ID_MAX];
	char prefix;
	struct number_range range;
	char names[HUB_LANG_MAX][2][HUB_NAME_MAX]; /* [i][0] language, [i][1] name */
	int n_names;
	int checkin_early_s, checkin_late_s;
	int handling_prior_s;
};

struct hub_counter_config {
	int id;
	char label[HUB_NAME_MAX];
	char services[16][SERVICE_ID_MAX];
	int n_services;
};

struct hub_device_config {
	char name[64];
	enum hub_role role;
	char token[128];
};

struct hub_config {
	char listen[128];
	char database[1024];
	char backup_dir[1024]; /* empty: no scheduled backups */
	int backup_interval_s;
	char tls_cert[1024], tls_key[1024];
	char board[32];
	char office_name[HUB_NAME_MAX];
	char timezone[64];
	char public_url[256]; /* base of the ticket QR link, e.g. https://termine.example/t/ */
	int lease_size;       /* walk-in numbers per kiosk lease block */
	struct call_policy_config policy;
	struct hub_service_config *services;
	size_t n_services;
	struct hub_counter_config *counters;
	size_t n_counters;
	struct hub_device_config *devices;
	size_t n_devices;
};

/* Reads and checks the file; on error returns -EINVAL (or -errno) with "file:line: what". */
int hub_config_load(const char *path, struct hub_config *cfg, char *err, size_t errlen);
void hub_config_free(struct hub_config *cfg);

/* The service / counter with this id, or NULL. */
const struct hub_service_config *hub_config_service(const struct hub_config *cfg, const char *id);
const struct hub_counter_config *hub_config_counter(const struct hub_config *cfg, int id);

const char *hub_role_name(enum hub_role role);

#endif
