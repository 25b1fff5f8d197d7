/* civiq-counter against a real hub: the call button calls, the segment display shows
 * (boards/sim/counter.conf, with the hub URL and the sim files of this test). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hub_fixture.h"

struct ctx {
	struct hub_fixture f;
	char buttons[160], seg[160], log[160];
	pid_t pid;
};

static long long mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void counter_start(struct ctx *c, const char *counter)
{
	char input[200], segment[200];

	snprintf(input, sizeof(input), "sim:%s", c->buttons);
	snprintf(segment, sizeof(segment), "sim:%s?digits=4", c->seg);
	if (c->pid > 0) { /* left over from a failed test */
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	unlink(c->seg);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		FILE *log = freopen(c->log, "a", stderr);
		(void)log;
		execl(CIVIQ_COUNTER_BIN, "civiq-counter", "--config",
		      CIVIQ_SOURCE_DIR "/boards/sim/counter.conf", "--hub", c->f.base, "--counter",
		      counter, "--input", input, "--segment", segment, NULL);
		_exit(127);
	}
}

/* SIGTERM; asserts a clean exit within 5 s. */
static void counter_stop(struct ctx *c)
{
	int st = 0;

	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(c->pid, &st, WNOHANG) == c->pid) {
			c->pid = 0;
			assert_true(WIFEXITED(st));
			assert_int_equal(WEXITSTATUS(st), 0);
			return;
		}
		usleep(10 * 1000);
	}
	fail_msg("civiq-counter did not stop within 5 s of SIGTERM");
}

static void shown(struct ctx *c, char *out, size_t n)
{
	FILE *f = fopen(c->seg, "r");
	out[0] = '\0';
	if (!f)
		return;
	if (!fgets(out, (int)n, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

/* Waits until the display shows `want` (exactly, as fitted to four characters). */
static void wait_shown(struct ctx *c, const char *want)
{
	char now[64] = "";
	long long until = mono_ms() + 15000;

	while (mono_ms() < until) {
		shown(c, now, sizeof(now));
		if (!strcmp(now, want))
			return;
		usleep(20 * 1000);
	}
	fail_msg("display shows '%s', expected '%s' (log: %s)", now, want, c->log);
}

/* "A 042" as a four-digit display shows it (spaces go first): "A042" */
static const char *fitted(const char *label)
{
	static char out[16];
	size_t n = 0;
	for (; *label && n + 1 < sizeof(out); label++)
		if (*label != ' ')
			out[n++] = *label;
	out[n] = '\0';
	return out;
}

static void press(struct ctx *c, const char *lines)
{
	int fd = -1;
	/* the counter creates the FIFO when it starts */
	for (int i = 0; i < 500 && fd < 0; i++) {
		fd = open(c->buttons, O_WRONLY | O_NONBLOCK);
		if (fd < 0)
			usleep(10 * 1000);
	}
	assert_true(fd >= 0);
	assert_int_equal(write(fd, lines, strlen(lines)), (ssize_t)strlen(lines));
	close(fd);
}

static const char *ticket_status(struct ctx *c, long long id, cJSON **keep)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/tickets/%lld", id);
	assert_int_equal(hub_call(&c->f, "GET", path, "dev-staff", NULL, keep), 200);
	return cJSON_GetStringValue(cJSON_GetObjectItem(*keep, "status"));
}

/* Calls (and so finishes) tickets at the counter until nobody waits for it. */
static void drain(struct ctx *c, int counter)
{
	char path[64];
	long st;
	snprintf(path, sizeof(path), "/api/v1/counters/%d/call-next", counter);
	for (int i = 0;
	     i < 50 && (st = hub_call(&c->f, "POST", path, "dev-staff", "{}", NULL)) == 200; i++)
		;
	assert_int_equal(st, 204);
}

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	fixture_init(&c->f, NULL);
	c->f.keep_port = true;
	snprintf(c->buttons, sizeof(c->buttons), "%s/buttons", c->f.dir);
	snprintf(c->seg, sizeof(c->seg), "%s/segment", c->f.dir);
	snprintf(c->log, sizeof(c->log), "%s/counter.log", c->f.dir);
	fixture_start(&c->f);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	fixture_cleanup(&c->f);
	free(c);
	return 0;
}

static void press_calls_the_next_ticket_to_this_counter(void **state)
{
	struct ctx *c = *state;
	char label[16];
	cJSON *j;

	long long id = hub_issue(&c->f, "a", 0, label, sizeof(label));
	assert_string_equal(label, "A 001");
	counter_start(c, "2");
	wait_shown(c, "----"); /* nothing called at counter 2 yet */
	press(c, "press KEY_ENTER\nrelease KEY_ENTER\n");
	wait_shown(c, "A001");

	assert_string_equal(ticket_status(c, id, &j), "called");
	cJSON_Delete(j);
	assert_int_equal(
	    hub_call(&c->f, "GET", "/api/v1/counters/2/current", "dev-staff", NULL, &j), 200);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(j, "number")), "A 001");
	cJSON_Delete(j);
	/* the calling display learns it too */
	assert_int_equal(hub_call(&c->f, "GET", "/api/v1/display", "dev-display", NULL, &j), 200);
	cJSON *call = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "calls"), 0);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(call, "number")), "A 001");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(call, "counter")), 2);
	cJSON_Delete(j);

	/* a restarted board shows what is at its counter */
	counter_stop(c);
	wait_shown(c, "    ");
	counter_start(c, "2");
	wait_shown(c, "A001");
	counter_stop(c);
}

static void empty_queue_shows_dashes_and_recall_repeats_the_call(void **state)
{
	struct ctx *c = *state;
	char label[16];
	cJSON *j;

	long long id = hub_issue(&c->f, "b", 0, label, sizeof(label));
	counter_start(c, "3");
	wait_shown(c, "----");
	press(c, "KEY_ENTER\n");
	assert_string_equal(label, "B 01"); /* service b numbers 1..99: fits as it is */
	wait_shown(c, "B 01");
	usleep(1600 * 1000); /* the board's lockout after a call */
	press(c, "KEY_R\n");
	for (int i = 0; i < 500; i++) {
		ticket_status(c, id, &j);
		int calls = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "calls"));
		cJSON_Delete(j);
		if (calls == 2)
			break;
		assert_true(i < 499);
		usleep(10 * 1000);
	}
	usleep(1600 * 1000);
	press(c, "KEY_ENTER\n"); /* finishes B 001; nobody else waits for counter 3 */
	wait_shown(c, "----");
	assert_string_equal(ticket_status(c, id, &j), "finished");
	cJSON_Delete(j);
	counter_stop(c);
}

static void presses_during_the_lockout_call_only_once(void **state)
{
	struct ctx *c = *state;
	char first[16], second[16];
	cJSON *j;

	counter_start(c, "1");
	wait_shown(c, "----");
	long long a = hub_issue(&c->f, "a", 0, first, sizeof(first));
	long long b = hub_issue(&c->f, "a", 0, second, sizeof(second));
	press(c, "KEY_ENTER\nKEY_ENTER\nKEY_ENTER\n");
	wait_shown(c, fitted(first));
	usleep(500 * 1000);
	assert_string_equal(ticket_status(c, a, &j), "called");
	cJSON_Delete(j);
	assert_string_equal(ticket_status(c, b, &j), "waiting");
	cJSON_Delete(j);
	counter_stop(c);
}

static void hub_down_shows_the_error_mark_and_the_press_is_retried(void **state)
{
	struct ctx *c = *state;
	char label[16];
	cJSON *j;

	drain(c, 1);
	long long id = hub_issue(&c->f, "a", 0, label, sizeof(label));
	counter_start(c, "1");
	wait_shown(c, "----");
	fixture_stop(&c->f);
	press(c, "KEY_ENTER\n");
	wait_shown(c, " Err");
	fixture_start(&c->f); /* same port */
	wait_shown(c, fitted(label));
	assert_string_equal(ticket_status(c, id, &j), "called");
	cJSON_Delete(j);
	counter_stop(c);

	/* a board that starts while the hub is down shows the mark until the hub answers */
	fixture_stop(&c->f);
	counter_start(c, "1");
	wait_shown(c, " Err");
	fixture_start(&c->f);
	wait_shown(c, fitted(label));
	counter_stop(c);
}

static void unknown_counter_shows_the_status_code(void **state)
{
	struct ctx *c = *state;

	counter_start(c, "99");
	wait_shown(c, "E404");
	counter_stop(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(press_calls_the_next_ticket_to_this_counter),
		cmocka_unit_test(empty_queue_shows_dashes_and_recall_repeats_the_call),
		cmocka_unit_test(presses_during_the_lockout_call_only_once),
		cmocka_unit_test(hub_down_shows_the_error_mark_and_the_press_is_retried),
		cmocka_unit_test(unknown_counter_shows_the_status_code),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
