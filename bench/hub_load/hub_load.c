/* civiq-bench-hub — durable ticket operations per second against a real hub over loopback with
 * 1, 10 and 50 clients, next to the raw fsync rate of the same disk; call-next → SSE latency;
 * the hub's RSS idle and under load. Prints figures; asserts nothing.
 *
 *   civiq-bench-hub [seconds-per-phase]      (default 3) */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

/* Raw fdatasync rate of 4 KiB appends in dir: what one durable commit at a time can reach. */
static void fsync_rate(const char *dir, double seconds, double *rate, double *p50, double *p99)
{
	char path[256];
	char block[4096];
	static double lat[200000];
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/fsync.bin", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	memset(block, 'x', sizeof(block));
	double start = now_s();
	while (now_s() - start < seconds && n < 200000) {
		double t = now_s();
		if (write(fd, block, sizeof(block)) != (ssize_t)sizeof(block))
			break;
		fdatasync(fd);
		lat[n++] = now_s() - t;
	}
	*rate = (double)n / (now_s() - start);
	*p50 = pct(lat, n, 0.5);
	*p99 = pct(lat, n, 0.99);
	close(fd);
	unlink(path);
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	getsockname(fd, (struct sockaddr *)&a, &len);
	close(fd);
	return ntohs(a.sin_port);
}

static char base[64];
static pid_t hub_pid;

static size_t sink(char *p, size_t s, size_t n, void *u)
{
	(void)p, (void)u;
	return s * n;
}

static long request(CURL *c, const char *method, const char *path, const char *token,
                    const char *body)
{
	char url[256], auth[64];
	struct curl_slist *h = NULL;
	long code = 0;

	snprintf(url, sizeof(url), "%s%s", base, path);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	return code;
}

static long rss_kb(void)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)hub_pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

/* CPU seconds (user + system) in a /proc stat file: utime and stime are fields 14 and 15,
 * counted after the parenthesised name, which may contain spaces. */
static double stat_cpu(const char *path, char *name, size_t name_len)
{
	char buf[512];
	unsigned long ut = 0, st = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (!open || !close ||
	    sscanf(close + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	snprintf(name, name_len, "%.*s", (int)(close - open - 1), open + 1);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The hub's CPU seconds: the whole process (exited connection threads included) and its writer
 * thread alone. */
static void hub_cpu(double *all, double *writer)
{
	char path[320], name[32];

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)hub_pid);
	*all = stat_cpu(path, name, sizeof(name));
	*writer = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)hub_pid);
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d));) {
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", (int)hub_pid, e->d_name);
		double s = e->d_name[0] == '.' ? -1 : stat_cpu(path, name, sizeof(name));
		if (s >= 0 && !strcmp(name, "civiq-writer"))
			*writer = s;
	}
	if (d)
		closedir(d);
}

struct worker {
	int counter;
	double seconds;
	double interval; /* paced: seconds between two operations of this client; 0: flat out */
	double offset;   /* paced: this client's first send, spreading the clients evenly */
	double *lat;
	size_t n, cap;
	long errors;
};

static atomic_bool go;

/* Sends one operation; records its latency from `since` (its send time, or when paced its
 * scheduled time, so a stalled hub is not hidden by clients that stopped sending). */
static void operation(CURL *c, struct worker *w, bool ticket, double since)
{
	char path[64];
	long code;

	if (ticket) {
		code = request(c, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"a\"}");
	} else {
		snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", w->counter);
		code = request(c, "POST", path, "dev-staff", NULL);
	}
	if (code == 201 || code == 200 || code == 204)
		w->lat[w->n++] = now_s() - since;
	else
		w->errors++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	CURL *c = curl_easy_init();
	while (!atomic_load(&go))
		sched_yield();
	double start = now_s(), next = start + w->offset;
	/* A kiosk's ticket, then a counter's call: the queue stays as short as in an office. */
	for (bool ticket = true; now_s() - start < w->seconds && w->n + 1 <= w->cap;
	     ticket = !ticket) {
		if (w->interval > 0) {
			for (double t; (t = next - now_s()) > 0;)
				usleep((useconds_t)(t * 1e6));
			operation(c, w, ticket, next);
			next += w->interval;
		} else {
			operation(c, w, ticket, now_s());
		}
	}
	curl_easy_cleanup(c);
	return NULL;
}

/* rate: operations per second of all clients together, paced; 0: each client flat out. Returns
 * the operations per second reached. */
static double phase(int clients, double rate, double seconds, double fsync_hz, double fsync_p99,
                    long *peak_rss)
{
	pthread_t th[64];
	struct worker w[64];
	size_t total = 0;
	long errors = 0;

	atomic_store(&go, false);
	for (int i = 0; i < clients; i++) {
		w[i] = (struct worker){ .counter = 1 + i % 2, .seconds = seconds, .cap = 200000 };
		if (rate > 0) {
			w[i].interval = clients / rate;
			w[i].offset = w[i].interval * i / clients;
		}
		w[i].lat = malloc(w[i].cap * sizeof(double));
		pthread_create(&th[i], NULL, work, &w[i]);
	}
	double cpu0, writer0, cpu1, writer1;
	hub_cpu(&cpu0, &writer0);
	double start = now_s();
	atomic_store(&go, true);
	long peak = 0;
	while (now_s() - start < seconds) {
		usleep(100000);
		long r = rss_kb();
		if (r > peak)
			peak = r;
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(th[i], NULL);
		total += w[i].n;
		errors += w[i].errors;
	}
	double elapsed = now_s() - start;
	hub_cpu(&cpu1, &writer1);
	double *all = malloc((total ? total : 1) * sizeof(double));
	size_t k = 0;
	for (int i = 0; i < clients; i++) {
		memcpy(all + k, w[i].lat, w[i].n * sizeof(double));
		k += w[i].n;
		free(w[i].lat);
	}
	double reached = (double)total / elapsed;
	double p99 = pct(all, total, 0.99);
	printf("  %2d clients%s: %7.0f ops/s (%.2f x fsync rate), p50 %6.2f ms, p99 %6.2f ms "
	       "(goal at 50: <= %.2f ms), errors %ld\n",
	       clients, rate > 0 ? " paced" : "", reached, reached / fsync_hz,
	       pct(all, total, 0.5) * 1e3, p99 * 1e3, (2 * fsync_p99 + 0.002) * 1e3, errors);
	printf("              hub CPU per operation %.0f us (of it the writer thread %.0f us; its "
	       "share of one core %.0f %%)\n",
	       (cpu1 - cpu0) / (double)total * 1e6, (writer1 - writer0) / (double)total * 1e6,
	       (writer1 - writer0) / elapsed * 100);
	free(all);
	if (peak > *peak_rss)
		*peak_rss = peak;
	return reached;
}

/* --- call-next to SSE receipt --- */
static atomic_int sse_seen;
static double sse_at[1000];
static atomic_bool sse_stop;

static size_t on_sse(char *p, size_t s, size_t n, void *u)
{
	(void)u;
	size_t len = s * n;
	/* Count "event: called" lines; the stream is ours, lines do not straddle writes often,
	 * and a split line only loses one sample. */
	for (char *q = p; (q = memmem(q, len - (size_t)(q - p), "event: called", 13)); q += 13) {
		int i = atomic_fetch_add(&sse_seen, 1);
		if (i < 1000)
			sse_at[i] = now_s();
	}
	return atomic_load(&sse_stop) ? 0 : len;
}

static void *sse_main(void *arg)
{
	(void)arg;
	CURL *c = curl_easy_init();
	char url[128];
	struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer dev-display");
	snprintf(url, sizeof(url), "%s/api/v1/events", base);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_sse);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_perform(c);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

static void sse_latency(void)
{
	enum { N = 200 };
	double returned[N], lat[N];
	pthread_t th;
	CURL *c = curl_easy_init();
	int n = 0;

	pthread_create(&th, NULL, sse_main, NULL);
	usleep(300000);
	for (int i = 0; i < N; i++) {
		request(c, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"b\"}");
		int before = atomic_load(&sse_seen);
		request(c, "POST", "/api/v1/counters/3/call-next", "dev-staff", NULL);
		returned[i] = now_s();
		double deadline = now_s() + 1;
		while (atomic_load(&sse_seen) <= before && now_s() < deadline)
			usleep(50);
		if (atomic_load(&sse_seen) > before && before < 1000)
			lat[n++] = sse_at[before] - returned[i];
	}
	atomic_store(&sse_stop, true);
	request(c, "POST", "/api/v1/tickets", "dev-kiosk", "{\"service\":\"b\"}");
	request(c, "POST", "/api/v1/counters/3/call-next", "dev-staff", NULL);
	pthread_join(th, NULL);
	curl_easy_cleanup(c);
	/* Negative: the event arrived before the HTTP answer did. */
	printf(
	    "call-next returned -> SSE event at a subscriber (%d samples): p50 %.3f ms, p99 %.3f "
	    "ms (goal p99 < 10 ms)\n",
	    n, pct(lat, (size_t)n, 0.5) * 1e3, pct(lat, (size_t)n, 0.99) * 1e3);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3;
	char dir[] = "/tmp/civiq-bench-XXXXXX", conf[128], listen[32];
	double hz, p50, p99;
	long peak = 0;

	if (!mkdtemp(dir))
		return 1;
	fsync_rate(dir, 2, &hz, &p50, &p99);
	printf("disk (%s): fdatasync of 4 KiB appends: %.0f/s, p50 %.2f ms, p99 %.2f ms\n", dir, hz,
	       p50 * 1e3, p99 * 1e3);

	snprintf(conf, sizeof(conf), "%s/civiq.conf", dir);
	FILE *f = fopen(conf, "w");
	fprintf(f, "[hub]\nboard = sim\ndatabase = hub.db\n[service.a]\nprefix = A\nlast = 9999\n"
	           "[service.b]\nprefix = B\nlast = 9999\n[counter.1]\nservices = "
	           "a\n[counter.2]\nservices = a\n"
	           "[counter.3]\nservices = b\n"
	           "[device.k]\nrole = kiosk\ntoken = dev-kiosk\n[device.d]\nrole = display\n"
	           "token = dev-display\n[device.s]\nrole = staff\ntoken = dev-staff\n");
	fclose(f);
	int port = free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", port);
	curl_global_init(CURL_GLOBAL_ALL);
	hub_pid = fork();
	if (hub_pid == 0) {
		setenv("CIVIQ_LOG_LEVEL", "warning", 1);
		execl(CIVIQ_HUB_BIN, "civiq-hub", "--config", conf, "--listen", listen, NULL);
		_exit(127);
	}
	CURL *c = curl_easy_init();
	for (int i = 0; i < 100 && request(c, "GET", "/api/v1/health", "x", NULL) != 200; i++)
		usleep(50000);
	curl_easy_cleanup(c);
	sleep(1);
	printf("hub RSS idle: %ld kB\n", rss_kb());
	printf(
	    "durable operations (POST tickets + POST call-next, each answered after fsync), %.0f s "
	    "per phase:\n",
	    seconds);
	int levels[] = { 1, 10, 50 };
	double saturated = 0;
	for (int i = 0; i < 3; i++)
		saturated = phase(levels[i], 0, seconds, hz, p99, &peak);
	/* Flat out, 50 clients queue behind each other (Little's law: latency = clients / rate),
	 * so the latency above is the load generator's, not the hub's. Paced, as devices in an
	 * office send, the latency is what one operation costs with 49 others in flight. */
	printf("paced: 50 clients sending together at a fixed total rate, latency from the "
	       "scheduled send:\n");
	phase(50, 1000, seconds, hz, p99, &peak);
	phase(50, saturated / 2, seconds, hz, p99, &peak);
	printf("hub RSS peak under load: %ld kB (goal < 20 MB)\n", peak);
	sse_latency();
	kill(hub_pid, SIGTERM);
	waitpid(hub_pid, NULL, 0);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return 0;
}
