/* staff_client.h — HTTP calls as the staff page makes them (cookie, CSRF header), and staff
 * accounts made with civiq-tool, for the hub's integration tests. */
#ifndef CIVIQ_TESTS_STAFF_CLIENT_H
#define CIVIQ_TESTS_STAFF_CLIENT_H

#include "hub_fixture.h"

struct staff_reply {
	long status;
	char *body;         /* NUL-terminated, malloc'd */
	char headers[4096]; /* the raw header lines */
	cJSON *json;        /* body parsed, or NULL */
};

/* cookie: the session token or NULL; csrf: X-CSRF-Token or NULL; bearer or NULL. */
long staff_http(struct hub_fixture *f, const char *method, const char *path, const char *cookie,
                const char *csrf, const char *bearer, const char *body, struct staff_reply *out);
void staff_reply_free(struct staff_reply *r);

/* Signs in; fills the session token and the CSRF token; returns the status. */
long staff_login(struct hub_fixture *f, const char *login, const char *password, char *token,
                 size_t token_len, char *csrf, size_t csrf_len);
/* Runs civiq-tool staff with the fixture's config, `input` on stdin; returns its exit status. */
int staff_tool(struct hub_fixture *f, const char *input, const char *args);

#endif
