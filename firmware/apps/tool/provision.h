/* provision.h — the board identity civiq-tool provision writes to the data partition, read,
 * compared and written as files (identity.conf, civiq.conf, site-ca.pem). */
#ifndef CIVIQ_APPS_TOOL_PROVISION_H
#define CIVIQ_APPS_TOOL_PROVISION_H

#include <limits.h>
#include <stddef.h>

#define PROVISION_TOKEN_BYTES 32

struct provision {
	char dir[PATH_MAX]; /* ROOT/identity */
	char role[16];      /* kiosk, display, hub */
	char site[128];
	char device[64];
	char hub_url[512];
	char counter[16];
	char reader[256];
	char printer[256];
	char ca_file[32]; /* "site-ca.pem" or "" */
	char token[2 * PROVISION_TOKEN_BYTES + 1];
};

/* dir + "/" + name into out; -ENAMETOOLONG when it does not fit. */
int provision_path(char *out, size_t cap, const char *dir, const char *name);
/* Checks the wanted identity (names, URL, role's needs, no line breaks); message in err. */
int provision_validate(const struct provision *p, const char *hub_config, char *err, size_t errlen);
/* Reads identity.conf and the token from civiq.conf in dir; -ENOENT when not provisioned. */
int provision_load(struct provision *p, const char *dir);
/* Whether two identities are the same, the token aside. */
int provision_same(const struct provision *a, const struct provision *b);
/* Whether dir/name has the same bytes as the file at path. */
int provision_same_file(const char *dir, const char *name, const char *path);
/* Writes site-ca.pem (a copy of ca, when given), identity.conf and civiq.conf (a copy of
 * hub_config for the hub) into p->dir, each replaced atomically. */
int provision_write(const struct provision *p, const char *ca, const char *hub_config, char *err,
                    size_t errlen);
/* Gives a file the civiq group when run as root and the group exists. */
void provision_chgrp(int fd);
/* The section to add to the hub's configuration ("" for the hub itself). */
void provision_hub_block(const struct provision *p, char *out, size_t cap);

#endif
