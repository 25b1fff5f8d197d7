/* civiq-counter — a counter board: a "next" button and a small number display.
 *
 * A press of the next key calls the next ticket for this counter (the hub finishes the one
 * before) and shows its number; the recall key calls the current one again. While the hub
 * cannot be reached the display shows the error mark, the press is retried with backoff for
 * retry_window_s, and the hub is probed until it answers again.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apps/counter/counter_config.h"
#include "apps/counter/counter_link.h"
#include "common/log.h"
#include "common/sd_notify.h"
#include "hal/input.h"
#include "hal/segment.h"

/* What the display shows besides ticket numbers (docs/staff.md). */
#define SHOW_EMPTY  "----" /* nothing waits / nothing called */
#define SHOW_ERROR  "Err"  /* the hub cannot be reached; retrying */
#define SHOW_PAUSED "PAUS" /* the counter is paused in the hub */
#define SHOW_BLANK  ""     /* starting, stopped */
#define BACKOFF_MIN 500
#define INPUT_RETRY 2000

static void usage(FILE *out)
{
	fputs(
	    "Usage: civiq-counter --config FILE [--hub URL] [--token T] [--counter N]\n"
	    "                     [--input URI] [--segment URI]\n"
	    "\n"
	    "A counter board: pressing the \"next\" button calls the next ticket for the counter\n"
	    "and shows its number on a small segment display (\"----\": nobody waits, \"Err\":\n"
	    "the hub cannot be reached, \"PAUS\": the counter is paused, "
	    "\"E401\"/\"E403\"/\"E404\":\n"
	    "the hub refused the token or does not know the counter).\n"
	    "\n"
	    "  -c, --config FILE   configuration (INI, section [counter_board]), e.g.\n"
	    "                      boards/sim/counter.conf\n"
	    "  -u, --hub URL       the hub, e.g. http://127.0.0.1:8080; overrides hub_url\n"
	    "  -t, --token T       a staff-role device token; overrides token\n"
	    "  -n, --counter N     the counter's id in the hub; overrides counter\n"
	    "  -i, --input URI     buttons: evdev:/dev/input/eventN or sim:FIFO; overrides input\n"
	    "  -s, --segment URI   display: sim:FILE[?digits=N] or null:; overrides segment\n"
	    "  -v, --version       print the version\n"
	    "  -h, --help          this text\n"
	    "\n"
	    "Environment: CIVIQ_LOG_LEVEL=err|warning|notice|info|debug.\n",
	    out);
}

static atomic_bool stopping;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stopping, true);
	if (wake_pipe[1] >= 0) {
		ssize_t n = write(wake_pipe[1], "x", 1);
		(void)n;
	}
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct board {
	struct counter_config cfg;
	struct input in;
	bool in_open;
	long long in_retry_at;
	struct segment seg;
	char shown[64];
	long long cur_id; /* the ticket at the counter: id, 0 none, -1 not known */

	/* a press being retried */
	bool pending;
	enum counter_action action;
	long long before_id; /* cur_id when the press came */
	long long pressed_at, retry_at;
	int backoff_ms;
	bool reached; /* an earlier try may have reached the hub */

	bool hub_down; /* probing until the hub answers */
	long long probe_at;
	long long ignore_until; /* lockout after a call */
};

static void show(struct board *b, const char *text)
{
	if (!strcmp(b->shown, text))
		return;
	int rc = segment_show(&b->seg, text);
	if (rc)
		log_warning("counter: display: %s", strerror(-rc));
	snprintf(b->shown, sizeof(b->shown), "%s", text);
}

static int next_backoff(const struct board *b, int ms)
{
	ms = ms < BACKOFF_MIN ? BACKOFF_MIN : ms * 2;
	return ms > b->cfg.retry_max_ms ? b->cfg.retry_max_ms : ms;
}

static void went_down(struct board *b, const struct counter_result *r)
{
	if (!b->hub_down)
		log_warning("counter: hub unreachable (%s)",
		            r->err ? strerror(-r->err) : "server error");
	b->hub_down = true;
	show(b, SHOW_ERROR);
}

/* The answer settles what the counter shows. */
static void settle(struct board *b, const struct counter_result *r)
{
	char mark[16];

	if (b->hub_down)
		log_notice("counter: hub reachable again");
	b->hub_down = false;
	switch (r->outcome) {
	case COUNTER_TICKET:
		b->cur_id = r->id;
		show(b, r->number);
		break;
	case COUNTER_EMPTY:
		b->cur_id = 0;
		show(b, SHOW_EMPTY);
		break;
	case COUNTER_PAUSED:
		show(b, SHOW_PAUSED);
		break;
	case COUNTER_REJECTED:
		log_err("counter: the hub refused the request (HTTP %ld): check token and counter",
		        r->status);
		snprintf(mark, sizeof(mark), "E%03ld", r->status % 1000);
		b->cur_id = -1;
		show(b, mark);
		break;
	case COUNTER_FAILED:
		break;
	}
}

/* Looks at the counter's current ticket; true when the hub answered. */
static bool sync_current(struct board *b)
{
	struct counter_result r;

	counter_link_do(&b->cfg, COUNTER_CURRENT, &stopping, &r);
	if (r.outcome == COUNTER_FAILED) {
		went_down(b, &r);
		return false;
	}
	settle(b, &r);
	return true;
}

static void end_press(struct board *b)
{
	b->pending = false;
	b->ignore_until = now_ms() + b->cfg.lockout_ms;
}

static void try_press(struct board *b)
{
	struct counter_result r;
	long long now;

	/* A call-next that may have arrived must not be sent twice: the hub would finish the
	 * ticket it called and call another. Look first. */
	if (b->action == COUNTER_NEXT && b->reached && b->before_id >= 0) {
		counter_link_do(&b->cfg, COUNTER_CURRENT, &stopping, &r);
		if (r.outcome == COUNTER_FAILED)
			goto failed;
		bool moved = r.outcome == COUNTER_TICKET
		                 ? r.id != b->before_id
		                 : r.outcome == COUNTER_EMPTY && b->before_id;
		if (moved || r.outcome == COUNTER_REJECTED) {
			settle(b, &r);
			end_press(b);
			return;
		}
	}
	counter_link_do(&b->cfg, b->action, &stopping, &r);
	if (r.outcome != COUNTER_FAILED) {
		if (r.outcome == COUNTER_TICKET)
			log_info("counter %s: %s %s", b->cfg.counter,
			         b->action == COUNTER_NEXT ? "called" : "recalled", r.number);
		else if (r.outcome == COUNTER_EMPTY && b->action == COUNTER_NEXT)
			log_info("counter %s: nobody waits", b->cfg.counter);
		settle(b, &r);
		end_press(b);
		return;
	}
failed:
	went_down(b, &r);
	b->reached = b->reached || r.reached;
	now = now_ms();
	/* A recall that may have arrived is not repeated: it counts towards no-show. */
	if ((b->action == COUNTER_RECALL && r.reached) ||
	    now - b->pressed_at >= b->cfg.retry_window_ms) {
		log_warning("counter %s: press given up; the hub did not answer", b->cfg.counter);
		b->pending = false;
		b->probe_at = now + b->backoff_ms;
		return;
	}
	b->backoff_ms = next_backoff(b, b->backoff_ms);
	b->retry_at = now + b->backoff_ms;
}

static void press(struct board *b, enum counter_action a)
{
	long long now = now_ms();

	if (b->pending || now < b->ignore_until) {
		log_debug("counter: press ignored (%s)", b->pending ? "busy" : "lockout");
		return;
	}
	b->pending = true;
	b->action = a;
	b->before_id = b->cur_id;
	b->pressed_at = now;
	b->retry_at = now;
	b->backoff_ms = 0;
	b->reached = false;
	try_press(b);
}

static void input_reopen(struct board *b)
{
	int rc = input_open(&b->in, b->cfg.input);
	if (rc) {
		if (b->in_retry_at == 0)
			log_warning("counter: input %s: %s; retrying", b->cfg.input, strerror(-rc));
		b->in_retry_at = now_ms() + INPUT_RETRY;
		return;
	}
	if (b->in_retry_at)
		log_notice("counter: input %s is back", b->cfg.input);
	b->in_open = true;
	b->in_retry_at = 0;
}

static void read_keys(struct board *b)
{
	struct input_key_event ev;
	int rc;

	while ((rc = input_read(&b->in, &ev)) == 0) {
		if (!ev.pressed)
			continue;
		if (ev.code == b->cfg.next_key)
			press(b, COUNTER_NEXT);
		else if (b->cfg.recall_key && ev.code == b->cfg.recall_key)
			press(b, COUNTER_RECALL);
		/* presses that queued up during a call are the lockout's to drop */
		if (atomic_load(&stopping))
			return;
	}
	if (rc != -EAGAIN) {
		log_warning("counter: input %s: %s", b->cfg.input, strerror(-rc));
		input_close(&b->in);
		b->in_open = false;
		b->in_retry_at = 0;
		input_reopen(b);
	}
}

static int run(struct board *b)
{
	if (!sync_current(b))
		b->probe_at = now_ms() + (b->backoff_ms = BACKOFF_MIN);
	sd_notify_send("READY=1");
	while (!atomic_load(&stopping)) {
		long long now = now_ms(), due = now + 60000;
		struct pollfd p[2] = { { .fd = wake_pipe[0], .events = POLLIN },
			               { .fd = b->in_open ? input_fd(&b->in) : -1,
			                 .events = POLLIN } };

		if (b->pending && b->retry_at < due)
			due = b->retry_at;
		if (!b->pending && b->hub_down && b->probe_at < due)
			due = b->probe_at;
		if (!b->in_open && b->in_retry_at < due)
			due = b->in_retry_at;
		int wait = due > now ? (int)(due - now) : 0;
		if (poll(p, 2, wait) < 0 && errno != EINTR) {
			log_err("counter: poll: %s", strerror(errno));
			return 1;
		}
		if (atomic_load(&stopping))
			break;
		now = now_ms();
		if (b->in_open && (p[1].revents & (POLLIN | POLLERR | POLLHUP)))
			read_keys(b);
		if (!b->in_open && now >= b->in_retry_at)
			input_reopen(b);
		if (b->pending && now >= b->retry_at)
			try_press(b);
		else if (!b->pending && b->hub_down && now >= b->probe_at) {
			if (!sync_current(b)) {
				b->backoff_ms = next_backoff(b, b->backoff_ms);
				b->probe_at = now_ms() + b->backoff_ms;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "hub", required_argument, NULL, 'u' },
		{ "token", required_argument, NULL, 't' },
		{ "counter", required_argument, NULL, 'n' },
		{ "input", required_argument, NULL, 'i' },
		{ "segment", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *over[6] = { 0 };
	static struct board b;
	char err[1024];
	int c, rc;

	log_set_ident("civiq-counter");
	while ((c = getopt_long(argc, argv, "c:u:t:n:i:s:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'u':
			over[0] = optarg;
			break;
		case 't':
			over[1] = optarg;
			break;
		case 'n':
			over[2] = optarg;
			break;
		case 'i':
			over[3] = optarg;
			break;
		case 's':
			over[4] = optarg;
			break;
		case 'v':
			printf("civiq-counter %s\n", CIVIQ_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !config) {
		usage(stderr);
		return 2;
	}
	rc = counter_config_load(&b.cfg, config, err, sizeof(err));
	if (!rc) {
		char *dst[] = { b.cfg.hub_url, b.cfg.token, b.cfg.counter, b.cfg.input,
			        b.cfg.segment };
		size_t len[] = { sizeof(b.cfg.hub_url), sizeof(b.cfg.token), sizeof(b.cfg.counter),
			         sizeof(b.cfg.input), sizeof(b.cfg.segment) };
		for (int i = 0; i < 5; i++)
			if (over[i])
				snprintf(dst[i], len[i], "%s", over[i]);
		rc = counter_config_check(&b.cfg, err, sizeof(err));
	}
	if (rc) {
		fprintf(stderr, "civiq-counter: %s\n", err);
		return 2;
	}

	rc = segment_open(&b.seg, b.cfg.segment);
	if (rc) {
		fprintf(stderr, "civiq-counter: display %s: %s\n", b.cfg.segment, strerror(-rc));
		return 1;
	}
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK)) {
		perror("civiq-counter: pipe");
		return 1;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	b.cur_id = -1;
	show(&b, SHOW_BLANK);
	input_reopen(&b);
	log_info("counter %s: hub %s, input %s, display %s", b.cfg.counter, b.cfg.hub_url,
	         b.cfg.input, b.cfg.segment);
	rc = run(&b);

	sd_notify_send("STOPPING=1");
	show(&b, SHOW_BLANK);
	if (b.in_open)
		input_close(&b.in);
	segment_close(&b.seg);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	log_info("counter %s: stopped", b.cfg.counter);
	return rc;
}
