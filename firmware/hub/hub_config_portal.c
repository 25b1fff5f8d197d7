/* hub_config_portal.c — the [portal] section of the hub's configuration. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hub/hub_config_portal.h"

static int bad(const struct ini *ini, const struct ini_entry *e, char *err, size_t errlen,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int bad(const struct ini *ini, const struct ini_entry *e, char *err, size_t errlen,
               const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s:%d: ", ini->path, e ? e->line : 0);

	if (n < 0 || (size_t)n >= errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

bool hub_url_is_loopback(const char *url)
{
	const char *host = strstr(url, "://");
	char name[256];
	size_t n;

	if (!host)
		return false;
	host += 3;
	if (*host == '[') {
		host++;
		n = strcspn(host, "]");
	} else {
		n = strcspn(host, ":/?#");
	}
	if (n == 0 || n >= sizeof(name) || memchr(host, '@', n))
		return false;
	memcpy(name, host, n);
	name[n] = '\0';
	if (!strcasecmp(name, "localhost"))
		return true;
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, name, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

static int copy(const struct ini *ini, const struct ini_entry *e, char *dst, size_t dstlen,
                const char *dir, bool path, char *err, size_t errlen)
{
	int n;

	if (path && e->value[0] && e->value[0] != '/')
		n = snprintf(dst, dstlen, "%s/%s", dir, e->value);
	else
		n = snprintf(dst, dstlen, "%s", e->value);
	if (n < 0 || (size_t)n >= dstlen)
		return bad(ini, e, err, errlen, "value of '%s' is too long", e->key);
	return 0;
}

static int number(const struct ini *ini, const struct ini_entry *e, long min, long max, int *out,
                  char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(e->value, &end, 10);
	if (errno || end == e->value || *end || v < min || v > max)
		return bad(ini, e, err, errlen,
		           "'%s' must be a whole number from %ld to %ld, not '%s'", e->key, min,
		           max, e->value);
	*out = (int)v;
	return 0;
}

/* "portal_id:hub_id, portal_id:hub_id" */
static int service_map(const struct ini *ini, const struct ini_entry *e,
                       struct hub_portal_config *pc, char *err, size_t errlen)
{
	char buf[2048];

	if (strlen(e->value) >= sizeof(buf))
		return bad(ini, e, err, errlen, "service_map is too long");
	strcpy(buf, e->value);
	pc->n_service_map = 0;
	for (char *save, *tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		char *colon = strchr(tok, ':');
		if (!colon || colon == tok || !colon[1])
			return bad(ini, e, err, errlen,
			           "service_map entries are portal_id:hub_id, not '%s'", tok);
		*colon = '\0';
		if (pc->n_service_map >= HUB_PORTAL_MAP_MAX)
			return bad(ini, e, err, errlen, "service_map has more than %d entries",
			           HUB_PORTAL_MAP_MAX);
		if (strlen(tok) >= sizeof(pc->service_map[0].portal) ||
		    strlen(colon + 1) >= sizeof(pc->service_map[0].hub))
			return bad(ini, e, err, errlen, "service id '%s' is too long", tok);
		strcpy(pc->service_map[pc->n_service_map].portal, tok);
		strcpy(pc->service_map[pc->n_service_map].hub, colon + 1);
		pc->n_service_map++;
	}
	return 0;
}

void hub_portal_config_defaults(struct hub_portal_config *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->interval_s = 60;
	pc->backoff_max_s = 60;
	pc->timeout_s = 30;
	pc->connect_timeout_s = 5;
	pc->max_body_kb = 16 * 1024;
}

int hub_portal_config_key(const struct ini *ini, const char *dir, const struct ini_entry *e,
                          struct hub_portal_config *pc, char *err, size_t errlen)
{
	const char *k = e->key;

	if (!strcmp(k, "url"))
		return copy(ini, e, pc->url, sizeof(pc->url), dir, false, err, errlen);
	if (!strcmp(k, "office"))
		return copy(ini, e, pc->office, sizeof(pc->office), dir, false, err, errlen);
	if (!strcmp(k, "token"))
		return copy(ini, e, pc->token, sizeof(pc->token), dir, false, err, errlen);
	if (!strcmp(k, "ca_file"))
		return copy(ini, e, pc->ca_file, sizeof(pc->ca_file), dir, true, err, errlen);
	if (!strcmp(k, "pin"))
		return copy(ini, e, pc->pin, sizeof(pc->pin), dir, false, err, errlen);
	if (!strcmp(k, "client_cert"))
		return copy(ini, e, pc->client_cert, sizeof(pc->client_cert), dir, true, err,
		            errlen);
	if (!strcmp(k, "client_key"))
		return copy(ini, e, pc->client_key, sizeof(pc->client_key), dir, true, err, errlen);
	if (!strcmp(k, "proxy"))
		return copy(ini, e, pc->proxy, sizeof(pc->proxy), dir, false, err, errlen);
	if (!strcmp(k, "interval_s"))
		return number(ini, e, 1, 86400, &pc->interval_s, err, errlen);
	if (!strcmp(k, "backoff_max_s"))
		return number(ini, e, 1, 3600, &pc->backoff_max_s, err, errlen);
	if (!strcmp(k, "timeout_s"))
		return number(ini, e, 1, 600, &pc->timeout_s, err, errlen);
	if (!strcmp(k, "connect_timeout_s"))
		return number(ini, e, 1, 120, &pc->connect_timeout_s, err, errlen);
	if (!strcmp(k, "max_body_kb"))
		return number(ini, e, 16, 1024 * 1024, &pc->max_body_kb, err, errlen);
	if (!strcmp(k, "service_map"))
		return service_map(ini, e, pc, err, errlen);
	return bad(ini, e, err, errlen, "unknown key '%s' in [portal]", k);
}

int hub_portal_config_check(const struct ini *ini, const struct hub_config *c, char *err,
                            size_t errlen)
{
	const struct hub_portal_config *pc = &c->portal;
	const struct ini_entry *url = ini_find(ini, "portal", "url");

	if (!pc->enabled)
		return 0;
	if (!pc->url[0] || !pc->office[0]) {
		const struct ini_entry *at = url;
		for (size_t i = 0; !at && i < ini->count; i++)
			if (!ini->entries[i].key && !strcmp(ini->entries[i].section, "portal"))
				at = &ini->entries[i];
		return bad(ini, at, err, errlen, "[portal] needs url and office");
	}
	if (!strncasecmp(pc->url, "http://", 7)) {
		if (!hub_url_is_loopback(pc->url))
			return bad(ini, url, err, errlen,
			           "plain http is accepted only to a loopback address; use https");
	} else if (strncasecmp(pc->url, "https://", 8)) {
		return bad(ini, url, err, errlen, "url must start with https:// (not '%s')",
		           pc->url);
	}
	if (!!pc->client_cert[0] != !!pc->client_key[0])
		return bad(
		    ini, ini_find(ini, "portal", pc->client_cert[0] ? "client_cert" : "client_key"),
		    err, errlen, "client_cert and client_key go together");
	for (int i = 0; i < pc->n_service_map; i++)
		if (!hub_config_service(c, pc->service_map[i].hub))
			return bad(ini, ini_find(ini, "portal", "service_map"), err, errlen,
			           "service_map names unknown service '%s'",
			           pc->service_map[i].hub);
	return 0;
}
