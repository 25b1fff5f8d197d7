/* hub_config.h — the hub's configuration file (ARCHITECTURE.md 5.5), read and checked.
 *
 * Sections: [hub] (listen, database, tls, backups, board), [policy] (call policy),
 * [service.<id>] per service, [counter.<n>] per counter, [device.<name>] per device token,
 * [portal] for the portal sync (docs/portal-api.md; no [portal] section: sync disabled).
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
	HUB_ROLE_OPS = 1 << 3,        /* metrics scraping */
	HUB_ROLE_SUPERVISOR = 1 << 4, /* staff accounts with the supervisor role (docs/staff.md) */
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

#define HUB_PORTAL_MAP_MAX 32

/* [portal]: where the bookings come from and the status events go. */
struct hub_portal_config {
	bool enabled;  /* the file has a [portal] section */
	char url[512]; /* base URL: https://..., or http:// to a loopback address */
	char office[64];
	char token[256];
	char ca_file[1024];     /* PEM bundle the portal's certificate is verified with */
	char pin[256];          /* optional "sha256//<base64>" public-key pin */
	char client_cert[1024]; /* optional client certificate and key (PEM) */
	char client_key[1024];
	char proxy[256];   /* optional HTTP proxy URL */
	int interval_s;    /* pull period */
	int backoff_max_s; /* cap of the retry backoff */
	int timeout_s;     /* whole request */
	int connect_timeout_s;
	int max_body_kb; /* larger answers are refused */
	struct {
		char portal[64];
		char hub[SERVICE_ID_MAX];
	} service_map[HUB_PORTAL_MAP_MAX]; /* service_map = portal_id:hub_id, ... */
	int n_service_map;
};

/* [staff]: sign-in of staff accounts at /staff (docs/staff.md). */
struct hub_staff_config {
	int session_s;            /* a session's lifetime from sign-in */
	int login_attempts;       /* failed sign-ins per address or login within login_window_s */
	int login_window_s;       /* before further attempts are refused (429) for that long */
	int audit_retention_days; /* audit entries older than this are deleted */
	int scrypt_log2n;         /* log2 of scrypt's N for new password hashes */
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
	char public_url[256];    /* base of the ticket QR link, e.g. https://termine.example/t/ */
	int lease_size;          /* walk-in numbers per kiosk lease block */
	char opening_hours[128]; /* "07:30-12:00, 13:00-18:00" for the displays; "" always open */
	struct call_policy_config policy;
	struct hub_service_config *services;
	size_t n_services;
	struct hub_counter_config *counters;
	size_t n_counters;
	struct hub_device_config *devices;
	size_t n_devices;
	struct hub_portal_config portal;
	struct hub_staff_config staff;
};

/* Reads and checks the file; on error returns -EINVAL (or -errno) with "file:line: what". */
int hub_config_load(const char *path, struct hub_config *cfg, char *err, size_t errlen);
void hub_config_free(struct hub_config *cfg);

/* The service / counter with this id, or NULL. */
const struct hub_service_config *hub_config_service(const struct hub_config *cfg, const char *id);
const struct hub_counter_config *hub_config_counter(const struct hub_config *cfg, int id);

const char *hub_role_name(enum hub_role role);

/* Whether a URL's host is a loopback address (127.0.0.0/8, ::1, localhost): the only hosts the
 * portal may be reached at over plain http. */
bool hub_url_is_loopback(const char *url);

#endif
