/* site_edit.c — the configuration file rewritten, checked, swapped and applied. */
#include "hub/site_edit.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "common/ini_edit.h"
#include "common/log.h"
#include "hub/audit.h"
#include "hub/hub_errors.h"
#include "hub/site_ops.h"

/* One edit at a time: each reads the file the one before wrote. */
static pthread_mutex_t edit_lock = PTHREAD_MUTEX_INITIALIZER;

struct check_ctx {
	struct hub_config *cfg;
	const char *path;
	char *err;
	size_t errlen;
};

/* The temporary must be a configuration the hub would start with. */
static int check(void *arg, const char *tmp)
{
	struct check_ctx *c = arg;
	char msg[HUB_CONFIG_ERROR_MAX];
	size_t tl = strlen(tmp);

	int rc = hub_config_load(tmp, c->cfg, msg, sizeof(msg));
	if (rc == 0)
		return 0;
	/* name the real file in the message, not the temporary */
	if (!strncmp(msg, tmp, tl))
		snprintf(c->err, c->errlen, "%s%s", c->path, msg + tl);
	else
		snprintf(c->err, c->errlen, "%s", msg);
	return -EINVAL;
}

int hub_site_edit(struct hub *h, const char *section, const struct site_change *changes, size_t n,
                  const char *actor, const char *action, const char *detail, struct hub_config *out,
                  char *err, size_t errlen)
{
	struct ini_doc *doc = NULL;
	struct check_ctx cc = { .cfg = out, .path = h->config_path, .err = err, .errlen = errlen };
	int rc;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	pthread_mutex_lock(&edit_lock);
	rc = ini_doc_load(h->config_path, &doc);
	if (rc)
		goto out;
	if (!ini_doc_has_section(doc, section)) {
		rc = -ENOENT;
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = changes[i].value ? ini_doc_set(doc, section, changes[i].key, changes[i].value)
		                      : ini_doc_unset(doc, section, changes[i].key);
	if (rc) {
		snprintf(err, errlen, "[%s] cannot take that value", section);
		goto out;
	}
	rc = ini_doc_write_atomic(doc, h->config_path, check, &cc);
	if (rc == -EROFS || rc == -EACCES || rc == -EPERM) {
		log_err("hub: cannot rewrite %s: %s", h->config_path, strerror(-rc));
		rc = -HUB_E_CONFIG_READ_ONLY;
	}
	if (rc)
		goto out;
	/* From here the file holds the edit; a failure below is healed by the next start. */
	log_notice("hub: %s: [%s] changed by %s", h->config_path, section, actor);
	rc = hub_apply_config(h->writer, out);
	if (rc == 0)
		audit_record(h->writer, actor, action, detail);
out:
	pthread_mutex_unlock(&edit_lock);
	ini_doc_free(doc);
	if (rc)
		hub_config_free(out);
	return rc;
}
