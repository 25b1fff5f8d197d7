/* civiq-tool staff — staff accounts of the hub (docs/staff.md). Works on the hub's database
 * directly, also while the hub runs: disabling an account or setting its password ends its
 * sessions at once. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "hub/accounts.h"
#include "hub/audit.h"
#include "hub/hub_config.h"
#include "hub/password.h"
#include "store/store.h"
#include "tool.h"

#define DEFAULT_CONFIG "/etc/civiq/civiq.conf"

static void usage(FILE *f)
{
	fputs("usage: civiq-tool staff add LOGIN [--role staff|supervisor]\n"
	      "       civiq-tool staff disable|enable|reset-password LOGIN\n"
	      "       civiq-tool staff list [--json]\n"
	      "options: --config FILE (the hub's; default " DEFAULT_CONFIG ")\n"
	      "         --database FILE (instead of the config's [hub] database)\n"
	      "The password is read from standard input (asked twice on a terminal); at least 8\n"
	      "characters. 'passwd' is another name for reset-password.\n",
	      f);
}

/* One line from stdin into buf, without echo on a terminal. */
static int read_line(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;

	if (tty) {
		fputs(prompt, stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *ok = fgets(buf, (int)len, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -EIO;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int read_password(char *buf, size_t len)
{
	char again[PASSWORD_MAX_LEN + 2];

	if (read_line("New password: ", buf, len)) {
		fprintf(stderr, "civiq-tool staff: no password on standard input\n");
		return -EIO;
	}
	if (isatty(STDIN_FILENO)) {
		int rc = read_line("Again: ", again, sizeof(again));
		int same = rc == 0 && strcmp(buf, again) == 0;
		OPENSSL_cleanse(again, sizeof(again));
		if (!same) {
			fprintf(stderr, "civiq-tool staff: the passwords differ\n");
			return -EINVAL;
		}
	}
	if (strlen(buf) < PASSWORD_MIN_LEN || strlen(buf) > PASSWORD_MAX_LEN) {
		fprintf(stderr, "civiq-tool staff: a password has %d to %d characters\n",
		        PASSWORD_MIN_LEN, PASSWORD_MAX_LEN);
		return -EINVAL;
	}
	return 0;
}

static int new_hash(int log2n, char *hash, size_t len)
{
	char pw[PASSWORD_MAX_LEN + 2];
	int rc = read_password(pw, sizeof(pw));

	if (rc == 0)
		rc = password_hash(pw, log2n, PASSWORD_DEFAULT_R, PASSWORD_DEFAULT_P, hash, len);
	OPENSSL_cleanse(pw, sizeof(pw));
	return rc;
}

static void print_row(void *ctx, const struct staff_account *a)
{
	bool json = *(bool *)ctx;
	static bool first = true;
	char created[32];
	time_t t = (time_t)a->created_at;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (json) {
		printf("%s\n  {\"login\": ", first ? "" : ",");
		json_string(stdout, a->login);
		printf(", \"role\": \"%s\", \"disabled\": %s, \"created_at\": \"%s\"}",
		       staff_role_name(a->role), a->disabled ? "true" : "false", created);
	} else {
		printf("%-24s %-10s %-8s %s\n", a->login, staff_role_name(a->role),
		       a->disabled ? "disabled" : "active", created);
	}
	first = false;
}

static int fail(const char *what, const char *login, int rc)
{
	if (rc == -ENOENT)
		fprintf(stderr, "civiq-tool staff: no account '%s'\n", login);
	else if (rc == -EEXIST)
		fprintf(stderr, "civiq-tool staff: the login '%s' is taken\n", login);
	else
		fprintf(stderr, "civiq-tool staff: %s failed: %s\n", what, strerror(-rc));
	return 1;
}

static int run_verb(sqlite3 *db, const char *verb, const char *login, const char *role_s, bool json,
                    int log2n)
{
	char hash[PASSWORD_HASH_MAX];
	int64_t now = (int64_t)time(NULL);
	enum staff_role role = STAFF_ROLE_STAFF;
	int rc;

	if (!strcmp(verb, "list")) {
		if (json)
			printf("[");
		rc = staff_account_list(db, print_row, &json);
		if (json)
			printf("\n]\n");
		return rc ? fail("list", "", rc) : 0;
	}
	if (!staff_login_valid(login)) {
		fprintf(stderr, "civiq-tool staff: a login is 1-63 of a-z A-Z 0-9 . _ - @\n");
		return 2;
	}
	if (!strcmp(verb, "add")) {
		if (staff_role_parse(role_s, &role)) {
			fprintf(stderr, "civiq-tool staff: the role is staff or supervisor\n");
			return 2;
		}
		if (new_hash(log2n, hash, sizeof(hash)))
			return 1;
		rc = staff_account_add(db, login, role, hash, now);
	} else if (!strcmp(verb, "disable") || !strcmp(verb, "enable")) {
		rc = staff_account_set_disabled(db, login, !strcmp(verb, "disable"));
	} else if (!strcmp(verb, "reset-password") || !strcmp(verb, "passwd")) {
		struct staff_account a;
		rc = staff_account_get(db, login, &a);
		if (rc)
			return fail(verb, login, rc);
		if (new_hash(log2n, hash, sizeof(hash)))
			return 1;
		rc = staff_account_set_password(db, login, hash, now);
		verb = "reset-password";
	} else {
		usage(stderr);
		return 2;
	}
	OPENSSL_cleanse(hash, sizeof(hash));
	if (rc)
		return fail(verb, login, rc);
	char action[40];
	snprintf(action, sizeof(action), "staff_%s", verb);
	audit_insert(db, now, "civiq-tool", action, login);
	fprintf(stderr, "civiq-tool staff: %s %s\n", verb, login);
	return 0;
}

static int staff_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "database", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *config = NULL, *database = NULL, *role = "staff";
	bool json = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:d:r:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'd':
			database = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "list") && optind + 1 >= argc)) {
		usage(stderr);
		return 2;
	}
	const char *verb = argv[optind], *login = optind + 1 < argc ? argv[optind + 1] : "";

	struct hub_config cfg;
	char err[HUB_CONFIG_ERROR_MAX];
	int log2n = PASSWORD_DEFAULT_LN;
	char path[1024];
	if (!database) {
		if (hub_config_load(config ? config : DEFAULT_CONFIG, &cfg, err, sizeof(err))) {
			fprintf(stderr, "civiq-tool staff: %s\n", err);
			return 1;
		}
		snprintf(path, sizeof(path), "%s", cfg.database);
		log2n = cfg.staff.scrypt_log2n;
		hub_config_free(&cfg);
		database = path;
	}
	sqlite3 *db;
	char serr[STORE_ERROR_MAX];
	if (store_open(database, STORE_OPEN_NO_CHECK, &db, serr, sizeof(serr))) {
		fprintf(stderr, "civiq-tool staff: %s\n", serr);
		return 1;
	}
	int rc = run_verb(db, verb, login, role, json, log2n);
	store_close(db);
	return rc;
}

const struct tool_verb tool_verb_staff = {
	.name = "staff",
	.usage = "add|disable|enable|reset-password|list [LOGIN] [--config FILE|--database FILE]",
	.summary = "manage the hub's staff accounts (password from stdin)",
	.run = staff_run,
};
