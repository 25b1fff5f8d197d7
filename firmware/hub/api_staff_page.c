/* api_staff_page.c — serving the embedded staff client at /staff. */
#include <string.h>

#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/staff_assets.h"

const struct staff_asset *staff_asset_find(const char *name)
{
	for (size_t i = 0; name && i < staff_n_assets; i++)
		if (!strcmp(staff_assets[i].name, name))
			return &staff_assets[i];
	return NULL;
}

static void serve(struct http_response *resp, const char *name)
{
	const struct staff_asset *a = staff_asset_find(name);

	if (!a) {
		http_response_error(resp, 404, "not_found", "No such file.");
		return;
	}
	http_response_body(resp, a->content_type, a->data, a->len);
	/* The page talks only to its own origin and runs no inline script. */
	http_response_header(resp, "Content-Security-Policy",
	                     "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
	                     "form-action 'self'; base-uri 'none'");
	http_response_header(resp, "X-Frame-Options", "DENY");
	http_response_header(resp, "Referrer-Policy", "no-referrer");
	http_response_header(resp, "Cache-Control", "no-cache");
}

void api_staff_page(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	serve(resp, "index.html");
}

void api_staff_asset(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	serve(resp, http_request_param(req, "file"));
}
