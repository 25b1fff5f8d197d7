#include "staff_client.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>
#include <curl/curl.h>

struct sink {
	char *data;
	size_t len;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	char *d = realloc(s->data, s->len + size * n + 1);
	assert_non_null(d);
	memcpy(d + s->len, p, size * n);
	s->len += size * n;
	d[s->len] = '\0';
	s->data = d;
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct staff_reply *r = arg;
	size_t have = strlen(r->headers);
	if (have + size * n < sizeof(r->headers)) {
		memcpy(r->headers + have, p, size * n);
		r->headers[have + size * n] = '\0';
	}
	return size * n;
}

long staff_http(struct hub_fixture *f, const char *method, const char *path, const char *cookie,
                const char *csrf, const char *bearer, const char *body, struct staff_reply *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct sink s = { 0 };
	char url[512], line[256];

	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "%s%s", f->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
	if (cookie) {
		snprintf(line, sizeof(line), "civiq_session=%s", cookie);
		curl_easy_setopt(c, CURLOPT_COOKIE, line);
	}
	if (csrf) {
		snprintf(line, sizeof(line), "X-CSRF-Token: %s", csrf);
		h = curl_slist_append(h, line);
	}
	if (bearer) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", bearer);
		h = curl_slist_append(h, line);
	}
	if (body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	else
		out->status = -1;
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	out->body = s.data ? s.data : strdup("");
	out->json = cJSON_Parse(out->body);
	return out->status;
}

void staff_reply_free(struct staff_reply *r)
{
	free(r->body);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof(*r));
}

long staff_login(struct hub_fixture *f, const char *login, const char *password, char *token,
                 size_t token_len, char *csrf, size_t csrf_len)
{
	struct staff_reply r;
	char body[256];

	snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	long status = staff_http(f, "POST", "/api/v1/session", NULL, NULL, NULL, body, &r);
	if (status == 200) {
		const char *c = strstr(r.headers, "civiq_session=");
		assert_non_null(c);
		c += strlen("civiq_session=");
		snprintf(token, token_len, "%.*s", (int)strcspn(c, ";\r\n"), c);
		snprintf(csrf, csrf_len, "%s",
		         cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "csrf_token")));
	}
	staff_reply_free(&r);
	return status;
}

int staff_tool(struct hub_fixture *f, const char *input, const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s staff %s --config %s 2>>%s/tool.log", CIVIQ_TOOL_BIN, args,
	         f->config, f->dir);
	FILE *p = popen(cmd, "w");
	assert_non_null(p);
	if (input)
		fputs(input, p);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
