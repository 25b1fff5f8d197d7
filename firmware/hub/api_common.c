#include <errno.h>
#include <stdlib.h>

#include "common/log.h"
#include "hub/api.h"

void api_fail(struct http_response *resp, int rc)
{
	struct hub_error_info e = hub_error_info(rc);

	if (rc == -EINVAL) {
		http_response_error(resp, 422, "invalid_request",
		                    "The request's values are invalid.");
		return;
	}
	if (e.status >= 500)
		log_err("hub: request failed: %s (%d)", e.code, rc);
	http_response_error(resp, e.status, e.code, "%s", e.message);
}

int64_t api_param_id(struct http_request *req, struct http_response *resp, const char *name)
{
	const char *s = http_request_param(req, name);
	char *end;
	long long v;

	errno = 0;
	v = s ? strtoll(s, &end, 10) : 0;
	if (!s || errno || *end || v <= 0) {
		http_response_error(resp, 404, "not_found", "No such %s.", name);
		return -1;
	}
	return v;
}

struct hub_actor api_actor(struct http_request *req)
{
	const struct hub_device_config *d = http_request_auth(req);
	return (struct hub_actor){ .name = d ? d->name : "anonymous" };
}
