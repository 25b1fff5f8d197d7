/* provision.c — the identity files on the data partition. */
#include "provision.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/ini.h"

#define FILE_MAX (256 * 1024) /* a CA bundle or a hub configuration */

int provision_path(char *out, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

int provision_validate(const struct provision *p, const char *hub_config, char *err, size_t errlen)
{
	const char *values[] = { p->site, p->hub_url, p->counter, p->reader, p->printer };
	char ierr[INI_ERROR_MAX];
	struct ini ini;

	if (strcmp(p->role, "kiosk") && strcmp(p->role, "display") && strcmp(p->role, "hub"))
		return fail(err, errlen, "--role must be kiosk, display or hub");
	if (!p->site[0])
		return fail(err, errlen, "--site is missing");
	if (!valid_name(p->device))
		return fail(err, errlen, "--device must be 1-63 of a-z 0-9 - _ (e.g. kiosk-2)");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (strpbrk(values[i], "\r\n") || (values[i][0] == ' ' || values[i][0] == '"'))
			return fail(err, errlen, "'%s': no line breaks, leading spaces or quotes",
			            values[i]);
	if (p->counter[0] && strspn(p->counter, "0123456789") != strlen(p->counter))
		return fail(err, errlen, "--counter must be a counter number");
	if (!strcmp(p->role, "hub")) {
		if (!hub_config)
			return fail(err, errlen,
			            "the hub needs --hub-config FILE (services, counters, "
			            "devices; see boards/sim/civiq.conf)");
		if (ini_load(&ini, hub_config, ierr, sizeof(ierr)) < 0)
			return fail(err, errlen, "%s", ierr);
		ini_free(&ini);
		return 0;
	}
	if (hub_config)
		return fail(err, errlen, "--hub-config is for the hub role");
	if (strncmp(p->hub_url, "http://", 7) && strncmp(p->hub_url, "https://", 8))
		return fail(err, errlen, "--hub-url must be http(s)://HOST:PORT of the site hub");
	if (strcmp(p->role, "kiosk") && (p->counter[0] || p->reader[0] || p->printer[0]))
		return fail(err, errlen, "--counter, --reader and --printer are for kiosks");
	return 0;
}

static void copy_value(char *out, size_t cap, const struct ini *ini, const char *s, const char *k)
{
	snprintf(out, cap, "%s", ini_get(ini, s, k, ""));
}

int provision_load(struct provision *p, const char *dir)
{
	char path[PATH_MAX], err[INI_ERROR_MAX];
	struct ini ini;

	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	if (provision_path(path, sizeof(path), dir, "identity.conf") < 0 ||
	    ini_load(&ini, path, err, sizeof(err)) < 0)
		return -ENOENT;
	copy_value(p->role, sizeof(p->role), &ini, "identity", "role");
	copy_value(p->site, sizeof(p->site), &ini, "identity", "site");
	copy_value(p->device, sizeof(p->device), &ini, "identity", "device");
	copy_value(p->hub_url, sizeof(p->hub_url), &ini, "identity", "hub_url");
	copy_value(p->counter, sizeof(p->counter), &ini, "identity", "counter");
	copy_value(p->reader, sizeof(p->reader), &ini, "identity", "reader");
	copy_value(p->printer, sizeof(p->printer), &ini, "identity", "printer");
	copy_value(p->ca_file, sizeof(p->ca_file), &ini, "identity", "ca_file");
	ini_free(&ini);
	if (strcmp(p->role, "hub") && provision_path(path, sizeof(path), dir, "civiq.conf") == 0 &&
	    ini_load(&ini, path, err, sizeof(err)) == 0) {
		copy_value(p->token, sizeof(p->token), &ini, p->role, "token");
		ini_free(&ini);
	}
	return 0;
}

int provision_same(const struct provision *a, const struct provision *b)
{
	return !strcmp(a->role, b->role) && !strcmp(a->site, b->site) &&
	       !strcmp(a->device, b->device) && !strcmp(a->hub_url, b->hub_url) &&
	       !strcmp(a->counter, b->counter) && !strcmp(a->reader, b->reader) &&
	       !strcmp(a->printer, b->printer) && !strcmp(a->ca_file, b->ca_file);
}

/* Reads a whole (small) file; *len its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(FILE_MAX + 1);
	*len = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
	fclose(f);
	if (buf && *len > FILE_MAX) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	return buf;
}

int provision_same_file(const char *dir, const char *name, const char *path)
{
	char mine[PATH_MAX];
	size_t la = 0, lb = 0;
	char *a, *b;
	int same;

	if (provision_path(mine, sizeof(mine), dir, name) < 0)
		return 0;
	a = slurp(mine, &la);
	b = slurp(path, &lb);
	same = a && b && la == lb && !memcmp(a, b, la);
	free(a);
	free(b);
	return same;
}

void provision_chgrp(int fd)
{
	struct group *g;

	/* the civiq programs read the files through their group; tmpfiles fixes it at boot too */
	if (geteuid() == 0 && (g = getgrnam("civiq")) && fchown(fd, 0, g->gr_gid) < 0)
		return;
}

/* Writes text to dir/name through a temporary file and rename, mode 0640, synced. */
static int write_atomic(const char *dir, const char *name, const char *text, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int fd, rc = 0;

	if (provision_path(path, sizeof(path), dir, name) < 0 ||
	    provision_path(tmp, sizeof(tmp), dir, ".provision.tmp") < 0)
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -errno;
	provision_chgrp(fd);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0)
		rc = errno ? -errno : -EIO;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

static int write_copy(const char *dir, const char *name, const char *src)
{
	size_t len;
	char *buf = slurp(src, &len);
	int rc;

	if (!buf)
		return -errno;
	rc = write_atomic(dir, name, buf, len);
	free(buf);
	return rc;
}

int provision_write(const struct provision *p, const char *ca, const char *hub_config, char *err,
                    size_t errlen)
{
	char text[4096];
	int n, rc;

	if (ca && (rc = write_copy(p->dir, "site-ca.pem", ca)) < 0)
		return fail(err, errlen, "%s: %s", ca, strerror(-rc));
	n = snprintf(text, sizeof(text),
	             "# The identity of this board, written by civiq-tool provision. It lives on "
	             "the data\n# partition, so updates keep it; re-run civiq-tool provision to "
	             "change it.\n[identity]\nsite = %s\ndevice = %s\nrole = %s\nhub_url = %s\n"
	             "counter = %s\nreader = %s\nprinter = %s\nca_file = %s\n",
	             p->site, p->device, p->role, p->hub_url, p->counter, p->reader, p->printer,
	             p->ca_file);
	if (n < 0 || (size_t)n >= sizeof(text))
		return fail(err, errlen, "identity too long");
	if ((rc = write_atomic(p->dir, "identity.conf", text, (size_t)n)) < 0)
		return fail(err, errlen, "%s/identity.conf: %s", p->dir, strerror(-rc));
	if (hub_config) {
		rc = write_copy(p->dir, "civiq.conf", hub_config);
	} else {
		n = snprintf(
		    text, sizeof(text),
		    "# civiq.conf of %s (%s, site %s), written by civiq-tool provision;\n"
		    "# /etc/civiq/civiq.conf links here. The token is this device's secret.\n"
		    "[%s]\nhub_url = %s\ntoken = %s\n%s%s%s",
		    p->device, p->role, p->site, p->role, p->hub_url, p->token,
		    p->ca_file[0] ? "ca_file = " : "", p->ca_file, p->ca_file[0] ? "\n" : "");
		if (!strcmp(p->role, "kiosk")) {
			/* The keys of civiq-kiosk's [kiosk] section
			 * (firmware/kiosk/kiosk_config.c); the counter stays in identity.conf. */
			const char *kv[][2] = { { "name", p->device },
				                { "reader", p->reader },
				                { "printer", p->printer } };
			for (size_t i = 0; i < 3 && n > 0 && (size_t)n < sizeof(text); i++)
				if (kv[i][1][0])
					n += snprintf(text + n, sizeof(text) - (size_t)n,
					              "%s = %s\n", kv[i][0], kv[i][1]);
		}
		rc = n < 0 || (size_t)n >= sizeof(text)
		         ? -ENAMETOOLONG
		         : write_atomic(p->dir, "civiq.conf", text, (size_t)n);
		OPENSSL_cleanse(text, sizeof(text));
	}
	if (rc < 0)
		return fail(err, errlen, "%s/civiq.conf: %s", p->dir, strerror(-rc));
	return 0;
}

void provision_hub_block(const struct provision *p, char *out, size_t cap)
{
	if (!strcmp(p->role, "hub"))
		snprintf(out, cap, "%s", "");
	else
		snprintf(out, cap, "[device.%s]\nrole = %s\ntoken = %s\n", p->device, p->role,
		         p->token);
}
