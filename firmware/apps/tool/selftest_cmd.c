/* civiq-tool selftest: checks every device and service a board depends on and prints one line
 * per check (pass, fail with a hint, or skip when it does not apply); exit 1 on any failure.
 *   civiq-tool selftest [--board DIR|NAME] [--config FILE] [--data DIR] [--hub URL]
 *                       [--timeout-ms N] [--json]
 * The board file is DIR/board.conf (default /etc/civiq); the programs' configuration (hub URL,
 * device token, site CA) is --config, else civiq.conf next to board.conf. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "selftest.h"
#include "tool.h"

#define DEFAULT_BOARD_DIR "/etc/civiq"

static const struct {
	const char *name;
	void (*run)(const struct selftest *t, struct selftest_check *c);
} checks[] = {
	{ "printer", selftest_printer }, { "reader", selftest_reader },
	{ "audio", selftest_audio },     { "display", selftest_display },
#ifdef CIVIQ_TOOL_NET
	{ "hub", selftest_hub },         { "token", selftest_hub_token },
#endif
	{ "clock", selftest_clock },     { "data", selftest_data },
	{ "space", selftest_space },     { "identity", selftest_identity },
};

#define N_CHECKS (sizeof(checks) / sizeof(checks[0]))

static const char *result_name(enum selftest_result r)
{
	return r == SELFTEST_PASS ? "pass" : r == SELFTEST_FAIL ? "FAIL" : "skip";
}

static int is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* path relative to the folder of `file` unless absolute */
static void resolve(char *out, size_t cap, const char *file, const char *path)
{
	char copy[PATH_MAX];

	if (path[0] == '/') {
		snprintf(out, cap, "%s", path);
		return;
	}
	snprintf(copy, sizeof(copy), "%s", file);
	snprintf(out, cap, "%s/%s", dirname(copy), path);
}

/* Hub URL, device token and CA from the section of the board's program. */
static void hub_settings(struct selftest *t)
{
	const char *role = selftest_role(t);
	const char *section = !strcmp(role, "kiosk") ? "kiosk" : "display";
	const char *url = ini_get(&t->conf, section, "hub_url", NULL);
	const char *ca = ini_get(&t->conf, section, "ca_file", NULL);

	if (!strcmp(role, "hub")) {
		const char *health = ini_get(&t->board, "health", "url", NULL);
		const char *listen = ini_get(&t->conf, "hub", "listen", NULL);
		if (health && strstr(health, "/api/v1/health"))
			snprintf(t->hub_url, sizeof(t->hub_url), "%.*s",
			         (int)(strstr(health, "/api/v1/health") - health), health);
		else if (listen)
			snprintf(t->hub_url, sizeof(t->hub_url), "http://%s", listen);
		return;
	}
	if (url && !t->hub_url[0])
		snprintf(t->hub_url, sizeof(t->hub_url), "%s", url);
	snprintf(t->token, sizeof(t->token), "%s", ini_get(&t->conf, section, "token", ""));
	snprintf(t->token_role, sizeof(t->token_role), "%s", section);
	if (ca)
		resolve(t->ca_file, sizeof(t->ca_file), t->conf_path, ca);
}

static int load(struct selftest *t, const char *board, const char *config)
{
	char err[INI_ERROR_MAX], dir[PATH_MAX];

	if (strchr(board, '/') || is_dir(board))
		snprintf(dir, sizeof(dir), "%s", board);
	else
		snprintf(dir, sizeof(dir), "%s", DEFAULT_BOARD_DIR);
	if ((size_t)snprintf(t->board_path, sizeof(t->board_path), "%s/board.conf", dir) >=
	    sizeof(t->board_path)) {
		fprintf(stderr, "civiq-tool: selftest: path too long\n");
		return -1;
	}
	if (ini_load(&t->board, t->board_path, err, sizeof(err)) < 0) {
		fprintf(stderr, "civiq-tool: selftest: %s\n", err);
		return -1;
	}
	if (!strchr(board, '/') && !is_dir(board) && strcmp(board, selftest_board_name(t))) {
		fprintf(stderr, "civiq-tool: selftest: this is board %s (%s), not %s\n",
		        selftest_board_name(t), t->board_path, board);
		return -1;
	}
	if (!config) {
		if ((size_t)snprintf(t->conf_path, sizeof(t->conf_path), "%s/civiq.conf", dir) >=
		        sizeof(t->conf_path) ||
		    access(t->conf_path, F_OK) != 0)
			t->conf_path[0] = 0;
	} else {
		snprintf(t->conf_path, sizeof(t->conf_path), "%s", config);
	}
	if (t->conf_path[0] && ini_load(&t->conf, t->conf_path, err, sizeof(err)) < 0) {
		fprintf(stderr, "civiq-tool: selftest: %s\n", err);
		return -1;
	}
	if (!t->conf_path[0] && ini_parse(&t->conf, "<none>", "", 0, err, sizeof(err)) < 0)
		return -1;
	if (!t->data_dir[0])
		snprintf(t->data_dir, sizeof(t->data_dir), "%s",
		         ini_get(&t->board, "storage", "data", "/var/lib/civiq"));
	hub_settings(t);
	return 0;
}

static void print_json(const struct selftest *t, const struct selftest_check *res, int failed)
{
	printf("{\"board\":");
	json_string(stdout, selftest_board_name(t));
	printf(",\"role\":");
	json_string(stdout, selftest_role(t));
	printf(",\"ok\":%s,\"checks\":[", failed ? "false" : "true");
	for (size_t i = 0; i < N_CHECKS; i++) {
		printf("%s{\"name\":\"%s\",\"result\":\"%s\",\"detail\":", i ? "," : "",
		       res[i].name,
		       res[i].result == SELFTEST_PASS   ? "pass"
		       : res[i].result == SELFTEST_FAIL ? "fail"
		                                        : "skip");
		json_string(stdout, res[i].detail);
		if (res[i].hint[0]) {
			printf(",\"hint\":");
			json_string(stdout, res[i].hint);
		}
		putchar('}');
	}
	printf("]}\n");
}

static void print_table(const struct selftest *t, const struct selftest_check *res, int counts[3])
{
	printf("civiq selftest: board %s, role %s\n", selftest_board_name(t), selftest_role(t));
	printf("%-9s %-6s %s\n", "check", "result", "detail");
	for (size_t i = 0; i < N_CHECKS; i++) {
		printf("%-9s %-6s %s", res[i].name, result_name(res[i].result), res[i].detail);
		if (res[i].result == SELFTEST_FAIL && res[i].hint[0])
			printf(" -- hint: %s", res[i].hint);
		putchar('\n');
	}
	printf("%d passed, %d failed, %d skipped\n", counts[SELFTEST_PASS], counts[SELFTEST_FAIL],
	       counts[SELFTEST_SKIP]);
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: civiq-tool selftest [--board DIR|NAME] [--config FILE] [--data DIR] "
	        "[--hub URL] [--timeout-ms N] [--json]\n");
	return 2;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ "data", required_argument, NULL, 'd' },
		{ "hub", required_argument, NULL, 'u' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct selftest t;
	struct selftest_check res[N_CHECKS];
	const char *board = DEFAULT_BOARD_DIR, *config = NULL;
	int json = 0, c, counts[3] = { 0 };

	memset(&t, 0, sizeof(t));
	t.timeout_ms = 2000;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			board = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'd':
			snprintf(t.data_dir, sizeof(t.data_dir), "%s", optarg);
			break;
		case 'u':
			snprintf(t.hub_url, sizeof(t.hub_url), "%s", optarg);
			break;
		case 't':
			t.timeout_ms = atoi(optarg);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			printf("civiq-tool selftest: checks the board's devices and services\n");
			return 0;
		default:
			return usage();
		}
	}
	if (optind != argc || t.timeout_ms <= 0)
		return usage();
	if (load(&t, board, config) < 0) {
		ini_free(&t.board);
		return 2;
	}
	for (size_t i = 0; i < N_CHECKS; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].name = checks[i].name;
		checks[i].run(&t, &res[i]);
		counts[res[i].result]++;
	}
	if (json)
		print_json(&t, res, counts[SELFTEST_FAIL]);
	else
		print_table(&t, res, counts);
	ini_free(&t.board);
	ini_free(&t.conf);
	return counts[SELFTEST_FAIL] ? 1 : 0;
}

const struct tool_verb tool_verb_selftest = {
	.name = "selftest",
	.usage = "[--board DIR|NAME] [--config FILE] [--data DIR] [--hub URL] [--json]",
	.summary =
	    "check the board's printer, reader, audio, display, hub, clock and data partition",
	.run = run,
};
