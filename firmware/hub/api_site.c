/* api_site.c — supervisors edit service names and counters; the edit goes to the
 * configuration file first (site_edit.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/hub.h"
#include "hub/hub_errors.h"
#include "hub/site_edit.h"
#include "hub/staff.h"

#define EDIT_MAX 24

/* A name or label: 1..HUB_NAME_MAX-1 bytes, no control characters. */
static bool text_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= HUB_NAME_MAX)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* A language code as name_<lang> takes it: 2..7 of a-z, '-', '_'. */
static bool lang_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 7)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static void answer_edit(struct http_response *resp, int rc, const char *err, const char *what)
{
	if (rc == -ENOENT)
		http_response_error(resp, 404, "not_found", "No such %s in the configuration.",
		                    what);
	else if (rc == -EINVAL)
		http_response_error(resp, 422, "invalid_config", "%s",
		                    err[0] ? err
		                           : "The change would not be a valid configuration.");
	else
		api_fail(resp, rc);
}

void api_service_edit(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const char *id = http_request_param(req, "service");
	struct site_change ch[EDIT_MAX];
	char keys[EDIT_MAX][16], section[64], detail[EDIT_MAX * 16] = "", err[HUB_CONFIG_ERROR_MAX];
	size_t n = 0;
	struct hub_config cfg;

	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(body, "names"), *it;
	if (!cJSON_IsObject(names) || !names->child || cJSON_GetArraySize(body) != 1) {
		cJSON_Delete(body);
		http_response_error(resp, 422, "invalid_request",
		                    "Send {\"names\":{\"de\":\"...\",\"en\":null}}.");
		return;
	}
	cJSON_ArrayForEach(it, names)
	{
		bool remove = cJSON_IsNull(it);
		if (n == EDIT_MAX || !lang_ok(it->string) ||
		    (!remove && !text_ok(cJSON_GetStringValue(it)))) {
			cJSON_Delete(body);
			http_response_error(
			    resp, 422, "invalid_request",
			    "A name is 1-%d bytes of text under a language code such "
			    "as \"de\".",
			    HUB_NAME_MAX - 1);
			return;
		}
		snprintf(keys[n], sizeof(keys[n]), "name_%s", it->string);
		ch[n] = (struct site_change){ keys[n], remove ? NULL : it->valuestring };
		if (detail[0])
			strcat(detail, ",");
		strcat(detail, keys[n]); /* at most EDIT_MAX keys of < 16 bytes each */
		n++;
	}
	snprintf(section, sizeof(section), "service.%s", id);
	char audit[sizeof(section) + sizeof(detail) + 2];
	snprintf(audit, sizeof(audit), "%s: %s", section, detail);
	int rc = hub_site_edit(h, section, ch, n, hub_request_auth(req)->who.name, "service_edit",
	                       audit, &cfg, err, sizeof(err));
	cJSON_Delete(body);
	if (rc) {
		answer_edit(resp, rc, err, "service");
		return;
	}
	const struct hub_service_config *s = hub_config_service(&cfg, id);
	cJSON *o = cJSON_CreateObject(), *nm = cJSON_AddObjectToObject(o, "names");
	cJSON_AddStringToObject(o, "id", id);
	for (int i = 0; s && i < s->n_names; i++)
		cJSON_AddStringToObject(nm, s->names[i][0], s->names[i][1]);
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
	hub_config_free(&cfg);
}

void api_counter_edit(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	int64_t id = api_param_id(req, resp, "counter");
	struct site_change ch[2];
	char section[32], services[1024] = "", err[HUB_CONFIG_ERROR_MAX];
	size_t n = 0;
	struct hub_config cfg;

	if (id < 0)
		return;
	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(body, "label");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "services"), *it;
	bool ok = (label || list) && cJSON_GetArraySize(body) == (label != NULL) + (list != NULL);
	if (ok && label) {
		ok = text_ok(cJSON_GetStringValue(label));
		ch[n++] = (struct site_change){ "label", cJSON_GetStringValue(label) };
	}
	if (ok && list) {
		int count = cJSON_GetArraySize(list);
		ok = cJSON_IsArray(list) && count >= 1 && count <= 16;
		cJSON_ArrayForEach(it, list)
		{
			const char *sid = cJSON_GetStringValue(it);
			size_t used = strlen(services);
			ok = ok && sid && sid[0] && strlen(sid) < SERVICE_ID_MAX &&
			     !strpbrk(sid, ", \t") &&
			     (size_t)snprintf(services + used, sizeof(services) - used, "%s%s",
			                      used ? ", " : "", sid) < sizeof(services) - used;
		}
		ch[n++] = (struct site_change){ "services", services };
	}
	if (!ok) {
		cJSON_Delete(body);
		http_response_error(resp, 422, "invalid_request",
		                    "Send {\"label\":\"...\"} and/or {\"services\":[\"id\",...]} "
		                    "(1-16 services).");
		return;
	}
	snprintf(section, sizeof(section), "counter.%lld", (long long)id);
	char audit[64];
	snprintf(audit, sizeof(audit), "%s: %s%s%s", section, label ? "label" : "",
	         label && list ? "," : "", list ? "services" : "");
	int rc = hub_site_edit(h, section, ch, n, hub_request_auth(req)->who.name, "counter_edit",
	                       audit, &cfg, err, sizeof(err));
	cJSON_Delete(body);
	if (rc) {
		answer_edit(resp, rc, err, "counter");
		return;
	}
	const struct hub_counter_config *c = hub_config_counter(&cfg, (int)id);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)id);
	cJSON_AddStringToObject(o, "label", c ? c->label : "");
	cJSON *arr = cJSON_AddArrayToObject(o, "services");
	for (int i = 0; c && i < c->n_services; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(c->services[i]));
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
	hub_config_free(&cfg);
}
