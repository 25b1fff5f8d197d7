/* http_response.c — what handlers fill in; the server turns it into an MHD response. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/http_internal.h"

void http_response_clear(struct http_response *resp)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->headers[i].name);
		free(resp->headers[i].value);
	}
	free(resp->headers);
	free(resp->content_type);
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
}

const char *http_response_find_header(const struct http_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++)
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	return NULL;
}

void http_response_status(struct http_response *resp, int status)
{
	resp->status = status;
}

static bool header_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int http_response_header(struct http_response *resp, const char *name, const char *value)
{
	if (!name || !value || !*name || !header_safe(name) || !header_safe(value) ||
	    strchr(name, ':'))
		return -EINVAL;
	struct http_header_line *grown =
	    realloc(resp->headers, (resp->n_headers + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	resp->headers = grown;
	char *n = strdup(name), *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return -ENOMEM;
	}
	resp->headers[resp->n_headers].name = n;
	resp->headers[resp->n_headers].value = v;
	resp->n_headers++;
	return 0;
}

int http_response_body(struct http_response *resp, const char *content_type, const void *body,
                       size_t len)
{
	if (!content_type || (!body && len) || !header_safe(content_type))
		return -EINVAL;
	char *ct = strdup(content_type);
	char *copy = malloc(len + 1);
	if (!ct || !copy) {
		free(ct);
		free(copy);
		return -ENOMEM;
	}
	if (len)
		memcpy(copy, body, len);
	copy[len] = '\0';
	free(resp->content_type);
	free(resp->body);
	resp->content_type = ct;
	resp->body = copy;
	resp->len = len;
	resp->has_body = true;
	resp->sse.on = false;
	if (resp->status == 0)
		resp->status = 200;
	return 0;
}

int http_response_json(struct http_response *resp, int status, const cJSON *json)
{
	char *text = json ? cJSON_PrintUnformatted(json) : NULL;
	if (!text)
		return json ? -ENOMEM : -EINVAL;
	int rc = http_response_body(resp, HTTP_JSON_CONTENT_TYPE, text, strlen(text));
	free(text);
	if (rc == 0)
		resp->status = status;
	return rc;
}

int http_response_error(struct http_response *resp, int status, const char *code, const char *fmt,
                        ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	int rc = -ENOMEM;
	cJSON *root = cJSON_CreateObject();
	cJSON *error = cJSON_AddObjectToObject(root, "error");
	if (error && cJSON_AddStringToObject(error, "code", code) &&
	    cJSON_AddStringToObject(error, "message", message))
		rc = http_response_json(resp, status, root);
	cJSON_Delete(root);
	if (rc < 0) /* at least the status */
		resp->status = status;
	return rc;
}

int http_response_sse(struct http_response *resp, struct event_bus *bus, uint64_t after,
                      bool (*filter)(void *ctx, const struct event *ev), void *filter_ctx)
{
	if (!bus)
		return -EINVAL;
	resp->sse.on = true;
	resp->sse.bus = bus;
	resp->sse.after = after;
	resp->sse.filter = filter;
	resp->sse.ctx = filter_ctx;
	resp->status = 200;
	return 0;
}
