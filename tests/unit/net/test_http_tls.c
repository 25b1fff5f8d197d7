#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/event_bus.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "net_test_util.h"

struct fixture {
	char *dir;
	char cert[256], key[256];
	struct http_server *server;
	struct event_bus *bus;
	int port;
};

static void h_hello(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	http_response_body(resp, "text/plain", "hello over tls", 14);
}

static void h_events(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct fixture *f = ctx;
	http_response_sse(resp, f->bus, http_sse_last_event_id(req), NULL, NULL);
}

static const struct http_route routes[] = {
	{ "GET", "/hello", h_hello, 0 },
	{ "GET", "/events", h_events, 0 },
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->dir = tu_tmpdir();
	assert_non_null(f->dir);
	snprintf(f->cert, sizeof(f->cert), "%s/cert.pem", f->dir);
	snprintf(f->key, sizeof(f->key), "%s/key.pem", f->dir);
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	         "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
	         "-keyout %s -out %s -days 1 -subj /CN=localhost "
	         "-addext subjectAltName=IP:127.0.0.1,DNS:localhost >/dev/null 2>&1",
	         f->key, f->cert);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(event_bus_new(8, NULL, NULL, &f->bus), 0);
	struct http_server_config cfg = {
		.listen = "127.0.0.1:0",
		.tls_cert_file = f->cert,
		.tls_key_file = f->key,
		.routes = routes,
		.n_routes = 2,
		.ctx = f,
	};
	assert_int_equal(http_server_start(&cfg, &f->server), 0);
	f->port = http_server_port(f->server);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_server_stop(f->server);
	event_bus_free(f->bus);
	unlink(f->cert);
	unlink(f->key);
	rmdir(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void https_request_verified_with_the_ca_file(void **state)
{
	struct fixture *f = *state;
	char url[128];
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/hello", f->port);
	struct http_client_options opt = { .ca_file = f->cert };
	struct http_client_response r;
	assert_int_equal(http_client_request("GET", url, NULL, &opt, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "hello over tls");
	http_client_response_free(&r);
	/* localhost is in the certificate too */
	snprintf(url, sizeof(url), "https://localhost:%d/hello", f->port);
	assert_int_equal(http_client_request("GET", url, NULL, &opt, &r), 0);
	assert_int_equal(r.status, 200);
	http_client_response_free(&r);
}

static void unverifiable_server_is_refused(void **state)
{
	struct fixture *f = *state;
	char url[128];
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/hello", f->port);
	struct http_client_response r;
	/* the system's CAs do not know the self-signed certificate */
	assert_int_equal(http_client_request("GET", url, NULL, NULL, &r), -EPROTO);
	/* plain HTTP to the TLS port gets no HTTP answer */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hello", f->port);
	struct http_client_options opt = { .timeout_ms = 2000 };
	assert_true(http_client_request("GET", url, NULL, &opt, &r) < 0);
}

static int take_event(void *ctx, const struct event *ev)
{
	uint64_t *id = ctx;
	*id = ev->id;
	return 1;
}

static void sse_over_tls(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(event_bus_publish(f->bus, 41, "called", "{}", 0), 0);
	char url[128];
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/events", f->port);
	struct http_client_options opt = { .ca_file = f->cert };
	uint64_t id = 0;
	assert_int_equal(http_client_sse(url, &opt, 0, take_event, &id, 5000), 0);
	assert_int_equal(id, 41);
}

static void missing_key_file_is_refused(void **state)
{
	struct fixture *f = *state;
	struct http_server *s = NULL;
	struct http_server_config cfg = { .listen = "127.0.0.1:0",
		                          .tls_cert_file = f->cert,
		                          .tls_key_file = "/nonexistent/key.pem" };
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
	cfg.tls_key_file = f->dir; /* a directory: unreadable as a key */
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
	cfg.tls_key_file = f->cert; /* a certificate is no key */
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
	cfg.tls_key_file = NULL; /* one without the other */
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(https_request_verified_with_the_ca_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(unverifiable_server_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(sse_over_tls, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_key_file_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
