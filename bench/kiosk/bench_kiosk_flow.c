/* civiq-bench-kiosk-flow: tap-to-ticket times through the real program — civiq-kiosk
 * (headless, software renderer) with the sim:npa card and the file printer against a real
 * civiq-hub on loopback — and the peak RSS of the whole civiq-kiosk process after every
 * screen in every language.
 *   civiq-bench-kiosk-flow [runs] [WxH]   (default 20 runs, 1920x1080)
 *
 * The times come from the kiosk's own script (`mark` before the tap, `lap` once the screen it
 * waited for is drawn): walk-in "tap service → result drawn" and "→ ticket bytes written";
 * ID card "consent → card detected, CAN keypad drawn", "CAN confirmed → checked-in screen
 * drawn" and "→ ticket bytes written". Each card run checks in a fresh booking of the
 * specimen card's holder (the hub is stopped, the booking replaced, the hub started). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "hub/checkin_ops.h"
#include "hub/hub.h"
#include "hub/site_ops.h"
#include "net/http_client.h"
#include "store/store.h"

#define LAPS_MAX 16
#define RUNS_MAX 200

static char dir[] = "/tmp/civiq-bench-kiosk-XXXXXX";
static char conf[128], base[64], size[32] = "1920x1080";
static pid_t hub_pid;

struct lap {
	char name[32];
	double ms[RUNS_MAX];
	int n;
};
static struct lap laps[LAPS_MAX];
static int n_laps;

static void die(const char *what)
{
	fprintf(stderr, "civiq-bench-kiosk-flow: %s (files in %s)\n", what, dir);
	if (hub_pid > 0)
		kill(hub_pid, SIGKILL);
	exit(1);
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

/* Booking `i` of the specimen's holder becomes the only one that is not cancelled (the hub
 * is stopped meanwhile: the bench writes the database itself). */
static void book(int i)
{
	char db[160], err[STORE_ERROR_MAX];
	sqlite3 *s;
	struct hub_writer *w;
	struct hub_clock clock = { clock_now, clock_day, NULL };
	struct hub_config cfg;
	struct hub_booking b[2];

	memset(b, 0, sizeof(b));
	for (int k = 0; k < 2; k++) {
		int n = i - 1 + k;
		int64_t now = hub_now_ms() / 1000;
		snprintf(b[k].id, sizeof(b[k].id), "bk-%d", n);
		snprintf(b[k].code, sizeof(b[k].code), "BENCH-%d", n);
		snprintf(b[k].service, sizeof(b[k].service), "a");
		b[k].start = now + 600;
		b[k].end = b[k].start + 900;
		snprintf(b[k].family_name, sizeof(b[k].family_name), "Mustermann");
		snprintf(b[k].given_names, sizeof(b[k].given_names), "Erika");
		snprintf(b[k].birth_date, sizeof(b[k].birth_date), "1964-08-12");
		b[k].cancelled = k == 0;
	}
	snprintf(db, sizeof(db), "%s/hub.db", dir);
	if (store_open(db, 0, &s, err, sizeof(err)) ||
	    hub_writer_start(s, &clock, ignore_event, NULL, &w))
		die("cannot open the hub database");
	if (hub_config_load(conf, &cfg, err, sizeof(err)) || hub_apply_config(w, &cfg))
		die("cannot apply the hub config");
	if (hub_bookings_upsert(w, i ? b : b + 1, i ? 2 : 1) != (i ? 2 : 1))
		die("cannot store the booking");
	hub_writer_stop(w);
	hub_config_free(&cfg);
	store_close(s);
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		die("no free port");
	close(fd);
	return ntohs(a.sin_port);
}

static void hubproc_start(void)
{
	char listen[32], log[160];
	int port = free_port();

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
	snprintf(log, sizeof(log), "%s/hub.log", dir);
	hub_pid = fork();
	if (hub_pid < 0)
		die("fork");
	if (hub_pid == 0) {
		if (!freopen(log, "a", stderr))
			_exit(126);
		setenv("CIVIQ_LOG_LEVEL", "warning", 1);
		execl(CIVIQ_HUB_BIN, "civiq-hub", "--config", conf, "--listen", listen, NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		struct http_client_response r = { 0 };
		struct http_client_options o = { .timeout_ms = 1000, .connect_timeout_ms = 200 };
		char url[128];
		snprintf(url, sizeof(url), "%s/api/v1/health", base);
		int rc = http_client_request("GET", url, NULL, &o, &r);
		long status = r.status;
		http_client_response_free(&r);
		if (rc == 0 && status == 200)
			return;
		usleep(50 * 1000);
	}
	die("civiq-hub did not start");
}

static void hubproc_stop(void)
{
	if (hub_pid <= 0)
		return;
	kill(hub_pid, SIGTERM);
	waitpid(hub_pid, NULL, 0);
	hub_pid = 0;
}

static long proc_kb(pid_t pid, const char *key)
{
	char path[64], line[256];
	long v = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static void add_lap(const char *name, double ms)
{
	int i;
	for (i = 0; i < n_laps && strcmp(laps[i].name, name); i++)
		;
	if (i == n_laps) {
		if (n_laps == LAPS_MAX)
			return;
		snprintf(laps[n_laps++].name, sizeof(laps[0].name), "%s", name);
	}
	if (laps[i].n < RUNS_MAX)
		laps[i].ms[laps[i].n++] = ms;
}

/* Runs civiq-kiosk with `script`; collects its laps; returns the process's peak RSS (kB),
 * read from /proc while it runs (the script ends with a pause for the last reading). */
static long kiosk_run(const char *script)
{
	char path[160], out[160], log[160], line[256];
	long peak = 0;
	int st;

	snprintf(path, sizeof(path), "%s/kiosk.script", dir);
	snprintf(out, sizeof(out), "%s/kiosk.out", dir);
	snprintf(log, sizeof(log), "%s/kiosk.log", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write the script");
	fputs(script, f);
	fclose(f);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (!freopen(out, "w", stdout) || !freopen(log, "a", stderr))
			_exit(126);
		setenv("SDL_VIDEODRIVER", "dummy", 1);
		setenv("CIVIQ_LOG_LEVEL", "warning", 1);
		unsetenv("CIVIQ_SIM_PKI");
		execl(CIVIQ_KIOSK_BIN, "civiq-kiosk", "--config", conf, "--hub", base, "--headless",
		      "--size", size, "--script", path, NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, WNOHANG) == 0) {
		long kb = proc_kb(pid, "VmHWM:");
		if (kb > peak)
			peak = kb;
		usleep(20 * 1000);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		die("civiq-kiosk: the script failed; see kiosk.log");
	f = fopen(out, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char name[32];
		double ms;
		if (sscanf(line, "lap %31s %lf", name, &ms) == 2)
			add_lap(name, ms);
	}
	if (f)
		fclose(f);
	return peak;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *name, const char *what)
{
	for (int i = 0; i < n_laps; i++) {
		struct lap *l = &laps[i];
		if (strcmp(l->name, name))
			continue;
		qsort(l->ms, (size_t)l->n, sizeof(double), cmp);
		int p95 = (l->n * 95 + 99) / 100 - 1;
		printf("  %-52s median %7.1f ms  p95 %7.1f ms  max %7.1f ms  (%d runs)\n", what,
		       l->ms[l->n / 2], l->ms[p95 < 0 ? 0 : p95], l->ms[l->n - 1], l->n);
	}
}

static const char walkin[] = "tap start\nwait language\ntap lang de\nwait choice\n"
                             "tap no_appointment\nwait services\nmark\ntap service 0\n"
                             "wait result\nlap walkin_screen\nwait printed\nlap walkin_ticket\n"
                             "expect number\ntap ok\nwait idle\n";

static const char card[] = "tap start\nwait language\ntap lang de\nwait choice\n"
                           "tap appointment\nwait method\ntap card\nwait consent\nmark\n"
                           "tap consent_yes\nwait can\nlap card_detected\ntap key 1\n"
                           "tap key 2\ntap key 3\ntap key 4\ntap key 5\ntap key 6\nmark\n"
                           "tap ok\nwait result 30\nlap checkin_screen\nwait printed\n"
                           "lap checkin_ticket\nexpect number\n";

/* Every screen in one language: walk-in (services, working, result), a code that is not
 * booked (code keypad, error), the scanner screen, the ID card (consent, place card, CAN,
 * reading, then "already checked in": the card runs checked the booking in) and large
 * text. */
static void all_screens(char *buf, size_t len, const char *lang)
{
	snprintf(buf, len,
	         "tap start\nwait language\ntap lang %s\nwait choice\ntap no_appointment\n"
	         "wait services\ntap service 1\nwait result\nwait printed\ntap ok\nwait idle\n"
	         "tap start\nwait language\ntap lang %s\nwait choice\ntap large_text\n"
	         "tap appointment\nwait method\ntap scan\nwait scan\ntap back\nwait method\n"
	         "tap code\nwait code\ntap key N\ntap key O\ntap key P\ntap key E\ntap key 4\n"
	         "tap key 2\ntap ok\nwait error\ntap home\nwait idle\n"
	         "tap start\nwait language\ntap lang %s\nwait choice\ntap appointment\n"
	         "wait method\ntap card\nwait consent\ntap consent_yes\nwait can\ntap key 1\n"
	         "tap key 2\ntap key 3\ntap key 4\ntap key 5\ntap key 6\ntap ok\n"
	         "wait error 30\nexpect error already_checked_in\ntap home\nwait idle\n",
	         lang, lang, lang);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	static char script[64 * 1024];
	struct stat sb;
	char tickets[160];

	if (runs < 1 || runs > RUNS_MAX ||
	    (argc > 2 && snprintf(size, sizeof(size), "%s", argv[2]) >= (int)sizeof(size))) {
		fprintf(stderr, "usage: civiq-bench-kiosk-flow [runs 1..%d] [WxH]\n", RUNS_MAX);
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(conf, sizeof(conf), "%s/civiq.conf", dir);
	FILE *f = fopen(conf, "w");
	if (!f)
		die("cannot write the config");
	fprintf(f, "[hub]\nboard = sim\ndatabase = hub.db\noffice_name = Bürgerbüro Musterstadt\n\n"
	           "[service.a]\nprefix = A\nfirst = 1\nlast = 999\nname_de = Meldewesen\n"
	           "checkin_early_s = 1800\ncheckin_late_s = 600\n\n"
	           "[service.b]\nprefix = B\nfirst = 1\nlast = 999\nname_de = Ausweise\n\n"
	           "[counter.1]\nlabel = Platz 1\nservices = a, b\n\n"
	           "[device.kiosk-1]\nrole = kiosk\ntoken = dev-kiosk\n\n"
	           "[kiosk]\ntoken = dev-kiosk\nname = kiosk-1\nreader = sim:npa\n"
	           "printer = file:tickets.bin\nqr_base = https://example.org/t/\n"
	           "journal = journal.db\nlease_size = 20\n");
	fclose(f);
	if (chdir(dir))
		die("chdir");
	snprintf(tickets, sizeof(tickets), "%s/tickets.bin", dir);

	book(0);
	hubproc_start();
	/* walk-in: one kiosk process, `runs` tickets */
	script[0] = 0;
	for (int i = 0; i < runs; i++)
		strcat(script, walkin);
	kiosk_run(script);
	long walkin_bytes = stat(tickets, &sb) == 0 ? (long)sb.st_size : 0;
	/* ID card: a fresh booking per run */
	for (int i = 0; i < runs; i++) {
		if (i) {
			hubproc_stop();
			book(i);
			hubproc_start();
		}
		kiosk_run(card);
	}
	/* every screen in every language, then the process's peak RSS */
	static const char *const langs[] = { "de", "en", "tr", "ar", "uk", "ru" };
	script[0] = 0;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		char one[4096];
		all_screens(one, sizeof(one), langs[i]);
		strcat(script, one);
	}
	strcat(script, "sleep 300\n");
	long rss = kiosk_run(script);
	hubproc_stop();

	printf("civiq-kiosk %s, software renderer, sim:npa card, file printer, civiq-hub on "
	       "loopback\n",
	       size);
	printf("walk-in (%ld bytes of ESC/POS per ticket):\n", walkin_bytes / runs);
	report("walkin_screen", "tap on the service -> number drawn");
	report("walkin_ticket", "tap on the service -> ticket bytes written");
	printf("ID card (card on the reader, CAN 123456):\n");
	report("card_detected", "consent -> card detected, CAN keypad drawn");
	report("checkin_screen", "CAN confirmed -> checked-in screen drawn");
	report("checkin_ticket", "CAN confirmed -> ticket bytes written");
	printf("civiq-kiosk RSS after all 14 screens in 6 languages: peak %ld kB (%.1f MB, goal "
	       "< 60 MB)\n",
	       rss, (double)rss / 1024);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
