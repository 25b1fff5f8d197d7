#include "hub_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hub/hub.h"
#include "hub/site_ops.h"
#include "store/store.h"

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* The tests' bookings lie minutes to hours from "now"; late in the evening they would fall into
 * tomorrow and the tests would fail by the clock. So the fixture's hubs, and hub_now_ms() in
 * the test itself, run at the next 10:00 local time, whenever the suite runs: the offset goes
 * into this process's environment, which the hubs inherit. A CIVIQ_TIME_OFFSET_S already set
 * (to try another time of day) is kept. */
static int64_t fixture_time_offset_s(void)
{
	static int64_t offset = -1;
	const char *env = getenv("CIVIQ_TIME_OFFSET_S");

	if (offset >= 0)
		return offset;
	if (env) {
		offset = atoll(env);
		return offset;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	if (tm.tm_hour >= 10)
		tm.tm_mday++; /* mktime carries it into the next month or year */
	tm.tm_hour = 10;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	offset = (int64_t)(mktime(&tm) - now);
	char value[32];
	snprintf(value, sizeof(value), "%lld", (long long)offset);
	setenv("CIVIQ_TIME_OFFSET_S", value, 1);
	return offset;
}

void fixture_init(struct hub_fixture *f, const char *policy)
{
	fixture_time_offset_s();
	memset(f, 0, sizeof(*f));
	strcpy(f->dir, "/tmp/civiq-hubtest-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->config, sizeof(f->config), "%s/civiq.conf", f->dir);
	snprintf(f->db, sizeof(f->db), "%s/hub.db", f->dir);
	snprintf(f->log, sizeof(f->log), "%s/hub.log", f->dir);
	FILE *c = fopen(f->config, "w");
	assert_non_null(c);
	fprintf(c,
	        "[hub]\nboard = sim\nlisten = 127.0.0.1:1\ndatabase = hub.db\n"
	        "office_name = Testamt\n\n"
	        "[policy]\n%s\n"
	        "[service.a]\nprefix = A\nfirst = 1\nlast = 999\nname_de = Meldewesen\n"
	        "checkin_early_s = 1800\ncheckin_late_s = 600\n\n"
	        "[service.b]\nprefix = B\nfirst = 1\nlast = 99\nname_de = Ausweise\n\n"
	        "[counter.1]\nlabel = Platz 1\nservices = a, b\n\n"
	        "[counter.2]\nlabel = Platz 2\nservices = a, b\n\n"
	        "[counter.3]\nlabel = Raum 3\nservices = b\n\n"
	        "[device.kiosk-1]\nrole = kiosk\ntoken = dev-kiosk\n\n"
	        "[device.display-1]\nrole = display\ntoken = dev-display\n\n"
	        "[device.staff-1]\nrole = staff\ntoken = dev-staff\n",
	        policy ? policy : "");
	fclose(c);
}

void fixture_start(struct hub_fixture *f)
{
	char listen[32];

	if (!f->keep_port || !f->port)
		f->port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", f->port);
	snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		FILE *log = freopen(f->log, "a", stderr);
		(void)log;
		if (f->clock_ahead_s) {
			char value[32];
			snprintf(value, sizeof(value), "%lld",
			         (long long)(fixture_time_offset_s() + f->clock_ahead_s));
			setenv("CIVIQ_TIME_OFFSET_S", value, 1);
		}
		if (f->extra_env)
			putenv((char *)f->extra_env);
		execl(CIVIQ_HUB_BIN, "civiq-hub", "--config", f->config, "--listen", listen, NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		struct http_client_response r = { 0 };
		char url[128];
		snprintf(url, sizeof(url), "%s/api/v1/health", f->base);
		struct http_client_options o = { .timeout_ms = 1000, .connect_timeout_ms = 200 };
		int rc = http_client_request("GET", url, NULL, &o, &r);
		long status = r.status;
		http_client_response_free(&r);
		if (rc == 0 && status == 200)
			return;
		int wst;
		if (waitpid(f->pid, &wst, WNOHANG) == f->pid) {
			f->pid = 0;
			fail_msg("civiq-hub exited at start; see %s", f->log);
		}
		usleep(50 * 1000);
	}
	fail_msg("civiq-hub did not answer within 10 s; see %s", f->log);
}

static void stop_with(struct hub_fixture *f, int sig)
{
	int status;

	if (f->pid <= 0)
		return;
	kill(f->pid, sig);
	waitpid(f->pid, &status, 0);
	f->pid = 0;
	if (sig == SIGTERM)
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

void fixture_stop(struct hub_fixture *f)
{
	stop_with(f, SIGTERM);
}

void fixture_kill9(struct hub_fixture *f)
{
	stop_with(f, SIGKILL);
}

void fixture_cleanup(struct hub_fixture *f)
{
	char cmd[128];

	if (f->pid > 0) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
	if (getenv("CIVIQ_KEEP_TEST_DIRS"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

long hub_call(struct hub_fixture *f, const char *method, const char *path, const char *token,
              const char *body, cJSON **json)
{
	struct http_client_response r = { 0 };
	struct http_client_options o = { .bearer = token, .timeout_ms = 10000 };
	char url[512];
	long status;

	snprintf(url, sizeof(url), "%s%s", f->base, path);
	int rc = http_client_request(method, url, body, &o, &r);
	if (rc) {
		http_client_response_free(&r);
		if (json)
			*json = NULL;
		return -1;
	}
	status = r.status;
	if (json)
		*json = r.len ? cJSON_Parse(r.body) : NULL;
	http_client_response_free(&r);
	return status;
}

long long hub_issue(struct hub_fixture *f, const char *service, int priority, char *label,
                    size_t label_len)
{
	char body[128];
	cJSON *j;

	snprintf(body, sizeof(body), "{\"service\":\"%s\",\"priority\":%d}", service, priority);
	assert_int_equal(hub_call(f, "POST", "/api/v1/tickets", "dev-kiosk", body, &j), 201);
	long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "id"));
	if (label)
		snprintf(label, label_len, "%s",
		         cJSON_GetStringValue(cJSON_GetObjectItem(j, "number")));
	cJSON_Delete(j);
	return id;
}

static int64_t clock_now(void *ctx)
{
	(void)ctx;
	return hub_now_ms();
}

static int clock_day(void *ctx, int64_t t)
{
	(void)ctx;
	return hub_day_of(t);
}

static void ignore_event(void *ctx, uint64_t id, const char *type, const char *data, int64_t at)
{
	(void)ctx, (void)id, (void)type, (void)data, (void)at;
}

void fixture_load_bookings(struct hub_fixture *f, const struct hub_booking *b, size_t n)
{
	sqlite3 *db;
	char err[STORE_ERROR_MAX];
	struct hub_writer *w;
	struct hub_clock clock = { clock_now, clock_day, NULL };
	struct hub_config cfg;

	assert_int_equal(store_open(f->db, 0, &db, err, sizeof(err)), 0);
	assert_int_equal(hub_writer_start(db, &clock, ignore_event, NULL, &w), 0);
	assert_int_equal(hub_config_load(f->config, &cfg, err, sizeof(err)), 0);
	assert_int_equal(hub_apply_config(w, &cfg), 0);
	assert_int_equal(hub_bookings_upsert(w, b, n), (int)n);
	hub_writer_stop(w);
	hub_config_free(&cfg);
	store_close(db);
}

struct hub_booking fixture_booking(const char *id, const char *code, int64_t start_in_s,
                                   const char *family, const char *given, const char *born)
{
	struct hub_booking b = { 0 };
	fixture_time_offset_s();
	int64_t now = hub_now_ms() / 1000;
	snprintf(b.id, sizeof(b.id), "%s", id);
	snprintf(b.code, sizeof(b.code), "%s", code);
	snprintf(b.service, sizeof(b.service), "a");
	b.start = now + start_in_s;
	b.end = b.start + 900;
	snprintf(b.family_name, sizeof(b.family_name), "%s", family);
	snprintf(b.given_names, sizeof(b.given_names), "%s", given);
	snprintf(b.birth_date, sizeof(b.birth_date), "%s", born);
	return b;
}
