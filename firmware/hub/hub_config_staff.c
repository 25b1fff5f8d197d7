/* hub_config_staff.c — the [staff] section: sessions, sign-in limits, audit retention. */
#include "hub/hub_config_staff.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/password.h"

void hub_staff_config_defaults(struct hub_staff_config *sc)
{
	sc->session_s = 10 * 3600; /* a working day */
	sc->login_attempts = 5;
	sc->login_window_s = 300;
	sc->audit_retention_days = 90;
	sc->scrypt_log2n = PASSWORD_DEFAULT_LN;
}

static int int_key(const struct ini *ini, const struct ini_entry *e, long min, long max, int *out,
                   char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(e->value, &end, 10);
	if (errno || end == e->value || *end || v < min || v > max) {
		snprintf(err, errlen,
		         "%s:%d: '%s' must be a whole number from %ld to %ld, not '%s'", ini->path,
		         e->line, e->key, min, max, e->value);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

int hub_staff_config_key(const struct ini *ini, const struct ini_entry *e,
                         struct hub_staff_config *sc, char *err, size_t errlen)
{
	const char *k = e->key;

	if (!strcmp(k, "session_s"))
		return int_key(ini, e, 300, 7 * 86400, &sc->session_s, err, errlen);
	if (!strcmp(k, "login_attempts"))
		return int_key(ini, e, 1, 100, &sc->login_attempts, err, errlen);
	if (!strcmp(k, "login_window_s"))
		return int_key(ini, e, 1, 86400, &sc->login_window_s, err, errlen);
	if (!strcmp(k, "audit_retention_days"))
		return int_key(ini, e, 1, 3650, &sc->audit_retention_days, err, errlen);
	if (!strcmp(k, "scrypt_log2n"))
		return int_key(ini, e, 12, 18, &sc->scrypt_log2n, err, errlen);
	snprintf(err, errlen, "%s:%d: unknown key '%s' in [staff]", ini->path, e->line, k);
	return -EINVAL;
}
