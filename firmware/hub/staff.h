/* staff.h — who is asking: device tokens and staff sessions, CSRF, and the hub's sign-in state.
 *
 * The authorize hook (hub_authorize, authz.c) runs before routing for every request:
 *   1. public routes (health, /t/..., /staff page, sign-in) pass;
 *   2. "Authorization: Bearer" with a device token, else the session cookie; neither: 401;
 *   3. a request authenticated by cookie that may change state (not GET/HEAD/OPTIONS) must
 *      carry the session's token in X-CSRF-Token: else 403 csrf_failed;
 *   4. the route's roles: else 403 forbidden.
 * docs/staff.md describes the whole scheme.
 */
#ifndef CIVIQ_HUB_STAFF_H
#define CIVIQ_HUB_STAFF_H

#include <pthread.h>
#include <stdbool.h>

#include "hub/hub.h"
#include "hub/sessions.h"

#define ROUTE_SUPERVISOR HUB_ROLE_SUPERVISOR
#define CSRF_HEADER      "X-CSRF-Token"

/* What the hook stores per request (http_request_auth). Starts with the device view, so
 * handlers that only need a name and a role read it as a struct hub_device_config. */
struct hub_auth {
	struct hub_device_config who; /* name: device or login; role: role bits */
	bool session;                 /* signed in with the cookie */
	struct staff_session s;       /* when session */
};

struct login_limit;

struct hub_staff {
	struct login_limit *limit;
	pthread_mutex_t lock;
	pthread_cond_t kdf_free;
	int kdf_busy; /* scrypt derivations running: at most STAFF_KDF_SLOTS (memory) */
};
#define STAFF_KDF_SLOTS 2

int hub_staff_start(struct hub *h);
void hub_staff_stop(struct hub *h);
/* Expired sessions and audit entries past the retention are deleted. */
void hub_staff_housekeeping(struct hub *h);

void hub_auth_free(void *auth);
/* The request's auth (never NULL inside a handler of a non-public route). */
const struct hub_auth *hub_request_auth(const struct http_request *req);

/* One scrypt derivation at a time per slot: waits for a free one. */
void hub_staff_kdf_enter(struct hub *h);
void hub_staff_kdf_leave(struct hub *h);

#endif
