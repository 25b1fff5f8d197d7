/* check_board — checks a board folder (boards/<name>/) against what the programs, the image
 * builder and the update system expect: board.conf has only known sections and keys with valid
 * values, its units and files exist, its update slots match. Prints every problem as
 * "file:line: what" and exits 1 if there was one.
 *
 * usage: check_board BOARD_DIR COMMON_DIR
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/ini.h"

struct key_rule {
	const char *section;
	const char *key;
	int required;
	const char *values; /* space-separated allowed values, NULL for any */
};

/* Sections that must be present on every board. */
static const char *const required_sections[] = { "board",   "display", "time",
	                                         "storage", "systemd", "health" };

static const struct key_rule rules[] = {
	{ "board", "name", 1, NULL },
	{ "board", "arch", 1, "x86_64 aarch64 armhf host" },
	{ "board", "role", 1, "hub kiosk display all" },
	{ "board", "programs", 1, NULL },
	{ "board", "rtc", 1, "yes no" },
	{ "display", "mode", 1, "none kmsdrm window" },
	{ "display", "touch", 0, "yes no" },
	{ "display", "cursor", 0, "hidden shown" },
	{ "display", "vt_switch", 0, "yes no" },
	{ "display", "rotation", 0, "0 90 180 270" },
	{ "reader", "uri", 1, NULL },
	{ "reader", "device", 0, NULL },
	{ "printer", "backend", 1, "escpos_usb file sim" },
	{ "printer", "uri", 0, NULL },
	{ "printer", "device", 0, NULL },
	{ "audio", "backend", 1, "sdl null sim" },
	{ "audio", "device", 0, NULL },
	{ "time", "wait_sync", 1, "yes no" },
	{ "time", "synced_flag", 0, NULL },
	{ "storage", "root", 1, "read-only read-write" },
	{ "storage", "data", 1, NULL },
	{ "storage", "data_label", 0, NULL },
	{ "systemd", "enable", 1, NULL },
	{ "systemd", "mask", 0, NULL },
	{ "health", "units", 1, NULL },
	{ "health", "url", 0, NULL },
	{ "health", "settle_s", 0, NULL },
	{ "update", "system", 1, "rauc" },
	{ "update", "bootloader", 1, "uboot" },
	{ "update", "compatible", 1, NULL },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct check {
	const char *dir;
	const char *common;
	const char *conf_path;
	const struct ini *ini;
	int errors;
};

static void fail(struct check *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct check *c, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "%s:%d: ", c->conf_path, line);
	else
		fprintf(stderr, "%s: ", c->conf_path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->errors++;
}

/* Whether word is one of the space-separated words of list. */
static int word_in(const char *word, size_t len, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n == len && strncmp(p, word, len) == 0)
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

static int line_of(const struct check *c, const char *section, const char *key)
{
	const struct ini_entry *e = ini_find(c->ini, section, key);

	return e ? e->line : 0;
}

static int file_exists(const char *dir, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, rel) >= (int)sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A unit shipped in the board's or the common overlay, or one of Debian's systemd units. */
static int unit_known(const struct check *c, const char *unit, size_t len)
{
	char rel[256];

	if (len >= 8 && strncmp(unit, "systemd-", 8) == 0)
		return 1;
	if (snprintf(rel, sizeof(rel), "rootfs/etc/systemd/system/%.*s", (int)len, unit) >=
	    (int)sizeof(rel))
		return 0;
	return file_exists(c->dir, rel) || file_exists(c->common, rel);
}

static int section_known(const char *section)
{
	for (size_t r = 0; r < COUNT(rules); r++) {
		if (strcmp(rules[r].section, section) == 0)
			return 1;
	}
	return 0;
}

static void check_keys(struct check *c)
{
	for (size_t i = 0; i < c->ini->count; i++) {
		const struct ini_entry *e = &c->ini->entries[i];
		const struct key_rule *rule = NULL;

		if (!e->key) /* a section header */
			continue;
		if (!section_known(e->section)) {
			fail(c, e->line, "unknown section [%s]", e->section);
			continue;
		}
		for (size_t r = 0; r < COUNT(rules); r++) {
			if (strcmp(rules[r].section, e->section) == 0 &&
			    strcmp(rules[r].key, e->key) == 0)
				rule = &rules[r];
		}
		if (!rule) {
			fail(c, e->line, "unknown key [%s] %s", e->section, e->key);
			continue;
		}
		if (rule->values && !word_in(e->value, strlen(e->value), rule->values))
			fail(c, e->line, "[%s] %s = %s: expected one of: %s", e->section, e->key,
			     e->value, rule->values);
	}
	for (size_t r = 0; r < COUNT(rules); r++) {
		if (rules[r].required && ini_has_section(c->ini, rules[r].section) &&
		    !ini_find(c->ini, rules[r].section, rules[r].key))
			fail(c, 0, "[%s] lacks %s", rules[r].section, rules[r].key);
	}
	for (size_t s = 0; s < COUNT(required_sections); s++) {
		if (!ini_has_section(c->ini, required_sections[s]))
			fail(c, 0, "no [%s] section", required_sections[s]);
	}
}

static int is(const struct check *c, const char *section, const char *key, const char *value)
{
	const char *v = ini_get(c->ini, section, key, NULL);

	return v && strcmp(v, value) == 0;
}

/* Each word of [section] key must satisfy ok(); otherwise reports what. */
static void check_words(struct check *c, const char *section, const char *key,
                        int (*ok)(const struct check *, const char *, size_t), const char *what)
{
	const char *p = ini_get(c->ini, section, key, "");

	p += strspn(p, " ");
	while (*p) {
		size_t n = strcspn(p, " ");

		if (!ok(c, p, n))
			fail(c, line_of(c, section, key), "%.*s: %s", (int)n, p, what);
		p += n;
		p += strspn(p, " ");
	}
}

static int program_ok(const struct check *c, const char *word, size_t len)
{
	char rel[256];
	const char *enable = ini_get(c->ini, "systemd", "enable", "");
	char unit[128];

	if (!word_in(word, len, "civiq-hub civiq-kiosk civiq-display"))
		return 0;
	snprintf(unit, sizeof(unit), "%.*s.service", (int)len, word);
	snprintf(rel, sizeof(rel), "rootfs/etc/systemd/system/%s", unit);
	return file_exists(c->dir, rel) && word_in(unit, strlen(unit), enable);
}

static int health_unit_ok(const struct check *c, const char *word, size_t len)
{
	return word_in(word, len, ini_get(c->ini, "systemd", "enable", ""));
}

static void check_board(struct check *c)
{
	const char *name = ini_get(c->ini, "board", "name", "");
	const char *base = strrchr(c->dir, '/');
	const char *role = ini_get(c->ini, "board", "role", "");
	const char *uri = ini_get(c->ini, "reader", "uri", NULL);
	const char *data = ini_get(c->ini, "storage", "data", "/");

	base = base ? base + 1 : c->dir;
	if (strcmp(name, base) != 0)
		fail(c, line_of(c, "board", "name"), "name %s differs from the folder %s", name,
		     base);
	check_words(c, "board", "programs", program_ok,
	            "not a civiq program with a unit in rootfs/etc/systemd/system enabled in "
	            "[systemd]");
	check_words(c, "systemd", "enable", unit_known, "no such unit in rootfs/ or common/");
	check_words(c, "health", "units", health_unit_ok, "not enabled in [systemd]");

	if (strcmp(role, "kiosk") == 0 || strcmp(role, "all") == 0) {
		if (!ini_has_section(c->ini, "reader") || !ini_has_section(c->ini, "printer"))
			fail(c, line_of(c, "board", "role"),
			     "a kiosk needs [reader] and [printer]");
	}
	if (strcmp(role, "hub") != 0 && is(c, "display", "mode", "none"))
		fail(c, line_of(c, "display", "mode"), "a %s board needs a display", role);
	if (is(c, "display", "touch", "yes") && !is(c, "display", "cursor", "hidden"))
		fail(c, line_of(c, "display", "touch"), "touch boards hide the cursor");
	if (is(c, "display", "mode", "kmsdrm") && !is(c, "display", "vt_switch", "no"))
		fail(c, line_of(c, "display", "mode"), "full-screen boards forbid VT switching");
	if (uri) {
		size_t n = strcspn(uri, ":");

		if (uri[n] != ':' || !word_in(uri, n, "sim libnfc pcsc vpcd"))
			fail(c, line_of(c, "reader", "uri"),
			     "reader URI %s: expected sim:, libnfc:, pcsc: or vpcd:", uri);
	}
	if (data[0] != '/')
		fail(c, line_of(c, "storage", "data"), "data must be an absolute path");
	if (is(c, "board", "rtc", "no") &&
	    !word_in("systemd-timesyncd.service", 25, ini_get(c->ini, "systemd", "enable", "")))
		fail(c, line_of(c, "board", "rtc"), "a board without a clock needs timesyncd");
	if (is(c, "storage", "root", "read-only") && !file_exists(c->dir, "rootfs/etc/fstab"))
		fail(c, line_of(c, "storage", "root"), "a read-only root needs rootfs/etc/fstab");
}

static void check_update(struct check *c)
{
	char path[PATH_MAX];
	char err[INI_ERROR_MAX];
	struct ini rauc = { 0 };
	const char *compatible;
	int has_update = ini_has_section(c->ini, "update");
	int rc;

	snprintf(path, sizeof(path), "%s/rauc/system.conf", c->dir);
	if (!has_update) {
		if (file_exists(c->dir, "rauc/system.conf"))
			fail(c, 0, "rauc/system.conf without an [update] section");
		return;
	}
	if (!word_in("civiq-mark-good.service", 23, ini_get(c->ini, "systemd", "enable", "")))
		fail(c, line_of(c, "systemd", "enable"),
		     "updated boards enable civiq-mark-good.service");
	rc = ini_load(&rauc, path, err, sizeof(err));
	if (rc < 0) {
		fail(c, line_of(c, "update", "system"), "%s", err);
		return;
	}
	compatible = ini_get(&rauc, "system", "compatible", "");
	if (strcmp(compatible, ini_get(c->ini, "update", "compatible", "")) != 0)
		fail(c, line_of(c, "update", "compatible"),
		     "differs from rauc/system.conf's compatible %s", compatible);
	if (!ini_has_section(&rauc, "slot.rootfs.0") || !ini_has_section(&rauc, "slot.rootfs.1"))
		fail(c, line_of(c, "update", "system"),
		     "rauc/system.conf needs slots rootfs.0 and rootfs.1");
	ini_free(&rauc);
}

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	char err[INI_ERROR_MAX];
	struct ini ini = { 0 };
	struct check c = { 0 };
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: check_board BOARD_DIR COMMON_DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/board.conf", argv[1]);
	rc = ini_load(&ini, path, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	c.dir = argv[1];
	c.common = argv[2];
	c.conf_path = path;
	c.ini = &ini;
	check_keys(&c);
	check_board(&c);
	check_update(&c);
	ini_free(&ini);
	if (c.errors) {
		fprintf(stderr, "%s: %d problem(s)\n", argv[1], c.errors);
		return 1;
	}
	printf("%s: ok\n", argv[1]);
	return 0;
}
