/* http_router.c — matching a method and a path against the route table. */
#include "net/http_internal.h"

#include <string.h>

/* Matches a whole path; records params when m is not NULL. Returns the number of literal
 * characters matched, or -1. */
static int pattern_match(const char *pattern, const char *path, struct http_route_match *m)
{
	const char *p = pattern, *q = path;
	int literals = 0;
	size_t n_params = 0;
	while (*p && *q) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return -1;
			const char *end = strchrnul(q, '/');
			if (end == q || n_params == HTTP_MAX_PARAMS)
				return -1;
			if (m) {
				m->params[n_params].name = p + 1;
				m->params[n_params].name_len = (size_t)(close - p - 1);
				m->params[n_params].offset = (size_t)(q - path);
				m->params[n_params].len = (size_t)(end - q);
			}
			n_params++;
			p = close + 1;
			q = end;
			continue;
		}
		if (*p != *q)
			return -1;
		literals++;
		p++;
		q++;
	}
	if (*p || *q)
		return -1;
	if (m)
		m->n_params = n_params;
	return literals;
}

static void allow_add(struct http_route_match *m, const char *method)
{
	size_t mlen = strlen(method), used = strlen(m->allow);
	/* Already listed? */
	for (const char *s = m->allow; (s = strstr(s, method)) != NULL; s += mlen) {
		bool starts = s == m->allow || s[-1] == ' ';
		if (starts && (s[mlen] == ',' || s[mlen] == '\0'))
			return;
	}
	if (used + mlen + 3 > sizeof(m->allow))
		return;
	if (used)
		strcat(m->allow, ", ");
	strcat(m->allow, method);
}

static const struct http_route *best(const struct http_route *routes, size_t n_routes,
                                     const char *method, const char *path)
{
	const struct http_route *found = NULL;
	int found_score = -1;
	for (size_t i = 0; i < n_routes; i++) {
		if (strcmp(routes[i].method, method) != 0)
			continue;
		int score = pattern_match(routes[i].pattern, path, NULL);
		if (score > found_score) {
			found = &routes[i];
			found_score = score;
		}
	}
	return found;
}

void http_router_match(const struct http_route *routes, size_t n_routes, const char *method,
                       const char *path, struct http_route_match *m)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < n_routes; i++) {
		if (pattern_match(routes[i].pattern, path, NULL) < 0)
			continue;
		m->path_known = true;
		allow_add(m, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			allow_add(m, "HEAD");
	}
	m->route = best(routes, n_routes, method, path);
	if (!m->route && strcmp(method, "HEAD") == 0)
		m->route = best(routes, n_routes, "GET", path);
	if (m->route)
		pattern_match(m->route->pattern, path, m);
}
