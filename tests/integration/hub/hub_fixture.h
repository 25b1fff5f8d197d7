/* hub_fixture.h — a real civiq-hub process on a loopback port of its own, for tests. */
#ifndef CIVIQ_TESTS_HUB_FIXTURE_H
#define CIVIQ_TESTS_HUB_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#include "hub/checkin_ops.h"
#include "net/http_client.h"

struct hub_fixture {
	char dir[64]; /* temp folder: config, database, log */
	char config[128];
	char db[128];
	char log[128];
	char base[64]; /* http://127.0.0.1:PORT */
	int port;
	pid_t pid;
	const char *extra_env; /* "NAME=value" for the hub process, or NULL */
	int64_t
	    clock_ahead_s; /* the hub's clock runs this far ahead of the test's (expiry, purge) */
	bool keep_port;    /* restart on the same port (clients that know the URL) */
};

/* Creates the folder and a config (sim board, services a/b, counters 1-3, dev tokens) with
 * `policy` appended as the [policy] section's body (may be NULL). */
void fixture_init(struct hub_fixture *f, const char *policy);
/* Starts the hub (on a new free port, or the last one when keep_port is set) and waits until
 * /api/v1/health answers. */
void fixture_start(struct hub_fixture *f);
/* SIGTERM and wait (graceful), or SIGKILL (crash). */
void fixture_stop(struct hub_fixture *f);
void fixture_kill9(struct hub_fixture *f);
/* Stops the hub if running and removes the folder. */
void fixture_cleanup(struct hub_fixture *f);

/* One request; returns the HTTP status, *json the parsed body (caller frees; NULL if none). */
long hub_call(struct hub_fixture *f, const char *method, const char *path, const char *token,
              const char *body, cJSON **json);
/* POST /api/v1/tickets for service with the kiosk token; returns the ticket id (asserts 201). */
long long hub_issue(struct hub_fixture *f, const char *service, int priority, char *label,
                    size_t label_len);

/* A booking of service "a" starting start_in_s from now, 15 minutes long. */
struct hub_booking fixture_booking(const char *id, const char *code, int64_t start_in_s,
                                   const char *family, const char *given, const char *born);
/* Loads bookings into the fixture's database the way the portal sync does (hub stopped). */
void fixture_load_bookings(struct hub_fixture *f, const struct hub_booking *b, size_t n);

#endif
