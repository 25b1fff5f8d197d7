#include "hub/hub_config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "core/opening_hours.h"
#include "hub/hub_config_portal.h"
#include "hub/hub_config_staff.h"

struct parse_ctx {
	const struct ini *ini;
	const char *dir; /* folder of the config file, for relative paths */
	char *err;
	size_t errlen;
};

static int bad(struct parse_ctx *p, const struct ini_entry *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct parse_ctx *p, const struct ini_entry *e, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%d: ", p->ini->path, e ? e->line : 0);

	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int copy_str(struct parse_ctx *p, const struct ini_entry *e, char *dst, size_t dstlen)
{
	if (strlen(e->value) >= dstlen)
		return bad(p, e, "value of '%s' is too long (at most %zu characters)", e->key,
		           dstlen - 1);
	strcpy(dst, e->value);
	return 0;
}

static int copy_path(struct parse_ctx *p, const struct ini_entry *e, char *dst, size_t dstlen)
{
	int n;

	if (e->value[0] == '/' || e->value[0] == '\0')
		return copy_str(p, e, dst, dstlen);
	n = snprintf(dst, dstlen, "%s/%s", p->dir, e->value);
	if (n < 0 || (size_t)n >= dstlen)
		return bad(p, e, "path '%s' is too long", e->value);
	return 0;
}

static int parse_int(struct parse_ctx *p, const struct ini_entry *e, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(e->value, &end, 10);
	if (errno || end == e->value || *end != '\0' || v < min || v > max)
		return bad(p, e, "'%s' must be a whole number from %ld to %ld, not '%s'", e->key,
		           min, max, e->value);
	*out = (int)v;
	return 0;
}

static int valid_id(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

static int parse_hub_key(struct parse_ctx *p, const struct ini_entry *e, struct hub_config *c)
{
	const char *k = e->key;

	if (!strcmp(k, "listen"))
		return copy_str(p, e, c->listen, sizeof(c->listen));
	if (!strcmp(k, "database"))
		return copy_path(p, e, c->database, sizeof(c->database));
	if (!strcmp(k, "backup_dir"))
		return copy_path(p, e, c->backup_dir, sizeof(c->backup_dir));
	if (!strcmp(k, "backup_interval_s"))
		return parse_int(p, e, 60, 7 * 86400, &c->backup_interval_s);
	if (!strcmp(k, "tls_cert"))
		return copy_path(p, e, c->tls_cert, sizeof(c->tls_cert));
	if (!strcmp(k, "tls_key"))
		return copy_path(p, e, c->tls_key, sizeof(c->tls_key));
	if (!strcmp(k, "board"))
		return copy_str(p, e, c->board, sizeof(c->board));
	if (!strcmp(k, "office_name"))
		return copy_str(p, e, c->office_name, sizeof(c->office_name));
	if (!strcmp(k, "timezone"))
		return copy_str(p, e, c->timezone, sizeof(c->timezone));
	if (!strcmp(k, "public_url"))
		return copy_str(p, e, c->public_url, sizeof(c->public_url));
	if (!strcmp(k, "lease_size"))
		return parse_int(p, e, 1, 500, &c->lease_size);
	if (!strcmp(k, "opening_hours")) {
		if (opening_hours_open(e->value, 0) < 0)
			return bad(p, e, "opening_hours wants HH:MM-HH:MM[, ...], not '%s'",
			           e->value);
		return copy_str(p, e, c->opening_hours, sizeof(c->opening_hours));
	}
	return bad(p, e, "unknown key '%s' in [hub]", k);
}

static int parse_policy_key(struct parse_ctx *p, const struct ini_entry *e, struct hub_config *c)
{
	struct call_policy_config *pol = &c->policy;
	const char *k = e->key;

	if (!strcmp(k, "appointment_early_s"))
		return parse_int(p, e, 0, 7200, &pol->appointment_early_s);
	if (!strcmp(k, "max_overtakes"))
		return parse_int(p, e, 0, 1000, &pol->max_overtakes);
	if (!strcmp(k, "max_extra_wait_s"))
		return parse_int(p, e, 0, 86400, &pol->max_extra_wait_s);
	if (!strcmp(k, "max_calls"))
		return parse_int(p, e, 1, 20, &pol->max_calls);
	return bad(p, e, "unknown key '%s' in [policy]", k);
}

static int parse_service_key(struct parse_ctx *p, const struct ini_entry *e,
                             struct hub_service_config *s)
{
	const char *k = e->key;

	if (!strcmp(k, "prefix")) {
		if (strlen(e->value) != 1 || e->value[0] < 'A' || e->value[0] > 'Z')
			return bad(p, e, "prefix must be one letter A-Z, not '%s'", e->value);
		s->prefix = e->value[0];
		return 0;
	}
	if (!strcmp(k, "first"))
		return parse_int(p, e, 1, NUMBER_MAX, &s->range.first);
	if (!strcmp(k, "last"))
		return parse_int(p, e, 1, NUMBER_MAX, &s->range.last);
	if (!strcmp(k, "checkin_early_s"))
		return parse_int(p, e, 0, 86400, &s->checkin_early_s);
	if (!strcmp(k, "checkin_late_s"))
		return parse_int(p, e, 0, 86400, &s->checkin_late_s);
	if (!strcmp(k, "handling_s"))
		return parse_int(p, e, 5, 14400, &s->handling_prior_s);
	if (!strncmp(k, "name_", 5) && strlen(k) > 5 && strlen(k) < 5 + 8) {
		if (s->n_names >= HUB_LANG_MAX)
			return bad(p, e, "too many names (at most %d languages)", HUB_LANG_MAX);
		strcpy(s->names[s->n_names][0], k + 5);
		if (copy_str(p, e, s->names[s->n_names][1], HUB_NAME_MAX))
			return -EINVAL;
		s->n_names++;
		return 0;
	}
	return bad(p, e, "unknown key '%s' in [service.%s]", k, s->id);
}

static int parse_counter_key(struct parse_ctx *p, const struct ini_entry *e,
                             struct hub_counter_config *c)
{
	if (!strcmp(e->key, "label"))
		return copy_str(p, e, c->label, sizeof(c->label));
	if (!strcmp(e->key, "services")) {
		char buf[1024];
		if (copy_str(p, e, buf, sizeof(buf)))
			return -EINVAL;
		c->n_services = 0;
		for (char *save, *tok = strtok_r(buf, ", ", &save); tok;
		     tok = strtok_r(NULL, ", ", &save)) {
			if (c->n_services >= 16)
				return bad(p, e, "a counter serves at most 16 services");
			if (!valid_id(tok, SERVICE_ID_MAX))
				return bad(p, e, "invalid service id '%s'", tok);
			strcpy(c->services[c->n_services++], tok);
		}
		return 0;
	}
	return bad(p, e, "unknown key '%s' in [counter.%d]", e->key, c->id);
}

static int parse_role(struct parse_ctx *p, const struct ini_entry *e, enum hub_role *out)
{
	static const struct {
		const char *name;
		enum hub_role role;
	} roles[] = { { "kiosk", HUB_ROLE_KIOSK },
		      { "display", HUB_ROLE_DISPLAY },
		      { "staff", HUB_ROLE_STAFF },
		      { "ops", HUB_ROLE_OPS } };
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (!strcmp(e->value, roles[i].name)) {
			*out = roles[i].role;
			return 0;
		}
	}
	return bad(p, e, "role must be kiosk, display, staff or ops, not '%s'", e->value);
}

static int parse_device_key(struct parse_ctx *p, const struct ini_entry *e,
                            struct hub_device_config *d)
{
	if (!strcmp(e->key, "role"))
		return parse_role(p, e, &d->role);
	if (!strcmp(e->key, "token")) {
		if (strlen(e->value) < 8)
			return bad(p, e, "a device token needs at least 8 characters");
		return copy_str(p, e, d->token, sizeof(d->token));
	}
	return bad(p, e, "unknown key '%s' in [device.%s]", e->key, d->name);
}

static void defaults(struct hub_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->listen, "127.0.0.1:8080");
	strcpy(c->database, "/var/lib/civiq/hub.db");
	strcpy(c->timezone, "Europe/Berlin");
	strcpy(c->office_name, "Bürgerbüro");
	c->backup_interval_s = 3600;
	c->lease_size = 20;
	call_policy_defaults(&c->policy);
	hub_portal_config_defaults(&c->portal);
	hub_staff_config_defaults(&c->staff);
}

static void service_defaults(struct hub_service_config *s, const char *id)
{
	memset(s, 0, sizeof(*s));
	strcpy(s->id, id);
	s->range = (struct number_range){ 1, 999 };
	s->checkin_early_s = 1800;
	s->checkin_late_s = 600;
	s->handling_prior_s = 300;
}

/* Sections are counted first so each array is allocated once. */
static int allocate(struct parse_ctx *p, struct hub_config *c)
{
	size_t ns = 0, nc = 0, nd = 0;

	for (size_t i = 0; i < p->ini->count; i++) {
		const struct ini_entry *e = &p->ini->entries[i];
		if (e->key)
			continue;
		ns += !strncmp(e->section, "service.", 8);
		nc += !strncmp(e->section, "counter.", 8);
		nd += !strncmp(e->section, "device.", 7);
	}
	c->services = calloc(ns ? ns : 1, sizeof(*c->services));
	c->counters = calloc(nc ? nc : 1, sizeof(*c->counters));
	c->devices = calloc(nd ? nd : 1, sizeof(*c->devices));
	return (c->services && c->counters && c->devices) ? 0 : -ENOMEM;
}

static int open_section(struct parse_ctx *p, const struct ini_entry *e, struct hub_config *c)
{
	const char *s = e->section;

	if (!strcmp(s, "portal")) {
		c->portal.enabled = true;
		return 0;
	}
	if (!strcmp(s, "hub") || !strcmp(s, "policy") || !strcmp(s, "kiosk") ||
	    !strcmp(s, "display") || !strcmp(s, "staff") || !strcmp(s, "tool"))
		return 0;
	if (!strncmp(s, "service.", 8)) {
		if (!valid_id(s + 8, SERVICE_ID_MAX))
			return bad(p, e, "service id '%s' must be 1-31 of a-z 0-9 - _", s + 8);
		service_defaults(&c->services[c->n_services++], s + 8);
		return 0;
	}
	if (!strncmp(s, "counter.", 8)) {
		struct hub_counter_config *cc = &c->counters[c->n_counters];
		struct ini_entry idv = *e;
		idv.key = "counter id";
		idv.value = s + 8;
		if (parse_int(p, &idv, 1, 9999, &cc->id))
			return -EINVAL;
		snprintf(cc->label, sizeof(cc->label), "Platz %d", cc->id);
		c->n_counters++;
		return 0;
	}
	if (!strncmp(s, "device.", 7)) {
		struct hub_device_config *d = &c->devices[c->n_devices++];
		if (strlen(s + 7) >= sizeof(d->name) || !s[7])
			return bad(p, e, "device name '%s' is empty or too long", s + 7);
		strcpy(d->name, s + 7);
		return 0;
	}
	return bad(p, e, "unknown section [%s]", s);
}

static int parse_entry(struct parse_ctx *p, const struct ini_entry *e, struct hub_config *c)
{
	const char *s = e->section;

	if (!strcmp(s, "hub"))
		return parse_hub_key(p, e, c);
	if (!strcmp(s, "policy"))
		return parse_policy_key(p, e, c);
	if (!strcmp(s, "portal"))
		return hub_portal_config_key(p->ini, p->dir, e, &c->portal, p->err, p->errlen);
	if (!strcmp(s, "staff"))
		return hub_staff_config_key(p->ini, e, &c->staff, p->err, p->errlen);
	if (!strncmp(s, "service.", 8))
		return parse_service_key(p, e, &c->services[c->n_services - 1]);
	if (!strncmp(s, "counter.", 8))
		return parse_counter_key(p, e, &c->counters[c->n_counters - 1]);
	if (!strncmp(s, "device.", 7))
		return parse_device_key(p, e, &c->devices[c->n_devices - 1]);
	if (!strcmp(s, ""))
		return bad(p, e, "key '%s' outside any section", e->key);
	/* Sections of the other programs are theirs to check. */
	return 0;
}

static int check_whole(struct parse_ctx *p, struct hub_config *c)
{
	for (size_t i = 0; i < c->n_services; i++) {
		struct hub_service_config *s = &c->services[i];
		char section[64];
		snprintf(section, sizeof(section), "service.%s", s->id);
		const struct ini_entry *at = ini_find(p->ini, section, "prefix");
		if (!s->prefix)
			return bad(p, at, "[%s] needs a prefix", section);
		if (numbering_validate_range(&s->range))
			return bad(p, ini_find(p->ini, section, "last"),
			           "[%s] number range %d..%d is empty", section, s->range.first,
			           s->range.last);
	}
	for (size_t i = 0; i < c->n_counters; i++) {
		struct hub_counter_config *cc = &c->counters[i];
		char section[32];
		snprintf(section, sizeof(section), "counter.%d", cc->id);
		for (int j = 0; j < cc->n_services; j++)
			if (!hub_config_service(c, cc->services[j]))
				return bad(p, ini_find(p->ini, section, "services"),
				           "[%s] names unknown service '%s'", section,
				           cc->services[j]);
	}
	for (size_t i = 0; i < c->n_devices; i++) {
		struct hub_device_config *d = &c->devices[i];
		char section[80];
		snprintf(section, sizeof(section), "device.%s", d->name);
		if (!d->role || !d->token[0])
			return bad(p, ini_find(p->ini, section, "role"),
			           "[%s] needs a role and a token", section);
		/* The sim board's well-known tokens would open any real office to anyone. */
		if (!strncmp(d->token, "dev-", 4) && strcmp(c->board, "sim") != 0)
			return bad(p, ini_find(p->ini, section, "token"),
			           "development token '%s' is refused on board '%s' (only on sim)",
			           d->token, c->board[0] ? c->board : "unset");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->devices[j].token, d->token))
				return bad(p, ini_find(p->ini, section, "token"),
				           "[%s] reuses the token of [device.%s]", section,
				           c->devices[j].name);
	}
	return 0;
}

int hub_config_load(const char *path, struct hub_config *c, char *err, size_t errlen)
{
	struct ini ini;
	char dirbuf[PATH_MAX];
	int rc;

	defaults(c);
	rc = ini_load(&ini, path, err, errlen);
	if (rc)
		return rc;
	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	struct parse_ctx p = { .ini = &ini, .dir = dirname(dirbuf), .err = err, .errlen = errlen };

	rc = allocate(&p, c);
	for (size_t i = 0; rc == 0 && i < ini.count; i++) {
		const struct ini_entry *e = &ini.entries[i];
		rc = e->key ? parse_entry(&p, e, c) : open_section(&p, e, c);
	}
	if (rc == 0)
		rc = check_whole(&p, c);
	if (rc == 0)
		rc = hub_portal_config_check(&ini, c, err, errlen);
	ini_free(&ini);
	if (rc)
		hub_config_free(c);
	return rc;
}

void hub_config_free(struct hub_config *c)
{
	free(c->services);
	free(c->counters);
	free(c->devices);
	c->services = NULL;
	c->counters = NULL;
	c->devices = NULL;
	c->n_services = c->n_counters = c->n_devices = 0;
	explicit_bzero(c->portal.token, sizeof(c->portal.token));
}

const struct hub_service_config *hub_config_service(const struct hub_config *c, const char *id)
{
	for (size_t i = 0; i < c->n_services; i++)
		if (!strcmp(c->services[i].id, id))
			return &c->services[i];
	return NULL;
}

const struct hub_counter_config *hub_config_counter(const struct hub_config *c, int id)
{
	for (size_t i = 0; i < c->n_counters; i++)
		if (c->counters[i].id == id)
			return &c->counters[i];
	return NULL;
}

const char *hub_role_name(enum hub_role role)
{
	if (role == (HUB_ROLE_STAFF | HUB_ROLE_SUPERVISOR))
		return "supervisor";
	switch (role) {
	case HUB_ROLE_KIOSK:
		return "kiosk";
	case HUB_ROLE_DISPLAY:
		return "display";
	case HUB_ROLE_STAFF:
		return "staff";
	case HUB_ROLE_OPS:
		return "ops";
	case HUB_ROLE_SUPERVISOR:
		return "supervisor";
	default:
		return "none";
	}
}
