/* authz.c — the authorize hook: device tokens, staff sessions, CSRF, roles. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "common/log.h"
#include "hub/api.h"
#include "hub/audit.h"
#include "hub/login_limit.h"
#include "hub/staff.h"

int hub_staff_start(struct hub *h)
{
	struct hub_staff *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	if (login_limit_new(h->cfg.staff.login_attempts, h->cfg.staff.login_window_s, &s->limit)) {
		free(s);
		return -ENOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->kdf_free, NULL);
	h->staff = s;
	return 0;
}

void hub_staff_stop(struct hub *h)
{
	struct hub_staff *s = h->staff;

	if (!s)
		return;
	login_limit_free(s->limit);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->kdf_free);
	free(s);
	h->staff = NULL;
}

void hub_staff_kdf_enter(struct hub *h)
{
	pthread_mutex_lock(&h->staff->lock);
	while (h->staff->kdf_busy >= STAFF_KDF_SLOTS)
		pthread_cond_wait(&h->staff->kdf_free, &h->staff->lock);
	h->staff->kdf_busy++;
	pthread_mutex_unlock(&h->staff->lock);
}

void hub_staff_kdf_leave(struct hub *h)
{
	pthread_mutex_lock(&h->staff->lock);
	h->staff->kdf_busy--;
	pthread_cond_signal(&h->staff->kdf_free);
	pthread_mutex_unlock(&h->staff->lock);
}

void hub_auth_free(void *auth)
{
	if (auth)
		OPENSSL_cleanse(auth, sizeof(struct hub_auth));
	free(auth);
}

const struct hub_auth *hub_request_auth(const struct http_request *req)
{
	return http_request_auth(req);
}

static const struct hub_device_config *device_of(struct hub *h, const char *header)
{
	const struct hub_device_config *who = NULL;

	if (!header || strncasecmp(header, "Bearer ", 7))
		return NULL;
	const char *token = header + 7;
	size_t len = strlen(token);
	/* Every token is compared, so the time taken does not tell which one was close. */
	for (size_t i = 0; i < h->cfg.n_devices; i++) {
		const struct hub_device_config *d = &h->cfg.devices[i];
		if (strlen(d->token) == len && CRYPTO_memcmp(d->token, token, len) == 0)
			who = d;
	}
	return who;
}

static bool safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS");
}

static int unauthorized(struct http_response *resp)
{
	http_response_header(resp, "WWW-Authenticate", "Bearer realm=\"civiq\"");
	http_response_error(resp, 401, "unauthorized",
	                    "Sign in at /staff or send a valid bearer token.");
	return 1;
}

/* The session behind the request's cookie, into a; false when there is none or it is not
 * live. */
static bool session_of(struct hub *h, struct http_request *req, struct hub_auth *a)
{
	const char *token = http_request_cookie(req, SESSION_COOKIE);
	if (!token)
		return false;
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int rc = session_lookup(r, token, hub_now_ms() / 1000, &a->s);
	hub_reader_release(h->readers, r);
	if (rc)
		return false;
	a->session = true;
	snprintf(a->who.name, sizeof(a->who.name), "%s", a->s.login);
	a->who.role = HUB_ROLE_STAFF;
	if (a->s.role == STAFF_ROLE_SUPERVISOR)
		a->who.role |= HUB_ROLE_SUPERVISOR;
	return true;
}

int hub_authorize(void *ctx, struct http_request *req, const struct http_route *route, void **auth,
                  struct http_response *resp)
{
	struct hub *h = ctx;
	const struct hub_device_config *dev =
	    device_of(h, http_request_header(req, "Authorization"));
	struct hub_auth *a = calloc(1, sizeof(*a));

	if (!a) {
		http_response_error(resp, 503, "storage_unavailable", "Out of memory.");
		return 1;
	}
	*auth = a;
	if (dev) {
		a->who = *dev;
		OPENSSL_cleanse(a->who.token, sizeof(a->who.token));
	} else if (!session_of(h, req, a)) {
		if (route && route->flags == ROUTE_PUBLIC)
			return 0;
		return unauthorized(resp);
	}
	if (route && route->flags == ROUTE_PUBLIC)
		return 0;
	if (a->session && !safe_method(http_request_method(req))) {
		const char *sent = http_request_header(req, CSRF_HEADER);
		size_t len = strlen(a->s.csrf);
		if (!sent || strlen(sent) != len || CRYPTO_memcmp(sent, a->s.csrf, len) != 0) {
			http_response_error(resp, 403, "csrf_failed",
			                    "The request lacks this session's X-CSRF-Token.");
			return 1;
		}
	}
	if (route && !(route->flags & (int)a->who.role)) {
		http_response_error(resp, 403, "forbidden", "The %s role may not do this.",
		                    hub_role_name(a->who.role));
		return 1;
	}
	return 0;
}
