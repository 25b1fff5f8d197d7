/* civiq-hub — the site's queue, its database and its HTTP API. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/sd_notify.h"
#include "hub/hub.h"
#include "store/store.h"
#ifdef CIVIQ_WITH_SYNC
#include "sync/portal_sync.h"
#endif

static void usage(FILE *out)
{
	fputs("Usage: civiq-hub --config FILE [--listen HOST:PORT] [--database FILE]\n"
	      "       civiq-hub backup --config FILE DEST      copy the live database to DEST\n"
	      "       civiq-hub restore --config FILE SRC      replace the database with SRC\n"
	      "                                                (the hub must be stopped)\n"
	      "\n"
	      "The site hub of a citizen-service centre: services, tickets, counters and calls,\n"
	      "stored in SQLite, served over HTTP(S) with live Server-Sent Events.\n"
	      "\n"
	      "  -c, --config FILE     configuration (INI), e.g. boards/sim/civiq.conf\n"
	      "  -l, --listen ADDR     address to listen on; overrides [hub] listen\n"
	      "  -d, --database FILE   database file; overrides [hub] database\n"
	      "  -v, --version         print the version\n"
	      "  -h, --help            this text\n"
	      "\n"
	      "SIGTERM or SIGINT stop the hub gracefully: requests under way are finished.\n"
	      "SIGHUP pulls the portal's bookings now (when [portal] is configured).\n"
	      "Environment: CIVIQ_LOG_LEVEL=err|warning|notice|info|debug.\n",
	      out);
}

static int run_server(const char *config, const char *listen, const char *database)
{
	struct hub h;
	char err[512];
	sigset_t set;
	int rc;

	/* Signals are taken synchronously below; no thread of the server sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

#ifdef CIVIQ_WITH_SYNC
	portal_sync_use_in_hub();
#endif
	rc = hub_start(&h, config, listen, database, err, sizeof(err));
	if (rc) {
		log_err("%s", err);
		return 1;
	}
	log_notice("hub: listening on %s (board %s), database %s", h.cfg.listen,
	           h.cfg.board[0] ? h.cfg.board : "unset", h.cfg.database);
	sd_notify_send("READY=1");
	hub_tick(&h); /* the first scheduled backup right away, not a tick later */
	for (;;) {
		struct timespec timeout = { .tv_sec = 10 };
		int sig = sigtimedwait(&set, NULL, &timeout);
		if (sig == SIGTERM || sig == SIGINT)
			break;
#ifdef CIVIQ_WITH_SYNC
		if (sig == SIGHUP && h.portal)
			portal_sync_kick(h.portal);
#endif
		hub_tick(&h);
		sd_notify_send("WATCHDOG=1");
	}
	log_notice("hub: stopping");
	sd_notify_send("STOPPING=1");
	hub_stop(&h);
	log_notice("hub: stopped");
	return 0;
}

static int run_backup(const char *config, const char *dest, int restore)
{
	struct hub_config cfg;
	char err[512];
	int rc = hub_config_load(config, &cfg, err, sizeof(err));

	if (rc) {
		log_err("%s", err);
		return 1;
	}
	if (restore) {
		rc = store_restore(dest, cfg.database, err, sizeof(err));
	} else {
		sqlite3 *db;
		rc = store_open(cfg.database, STORE_OPEN_READONLY, &db, err, sizeof(err));
		if (rc == 0) {
			rc = store_backup(db, dest, err, sizeof(err));
			store_close(db);
		}
	}
	hub_config_free(&cfg);
	if (rc) {
		log_err("%s", err);
		return 1;
	}
	log_notice("hub: %s %s", restore ? "restored from" : "backup written to", dest);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "listen", required_argument, NULL, 'l' },
		{ "database", required_argument, NULL, 'd' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *listen = NULL, *database = NULL, *verb = NULL;
	int c;

	log_set_ident("civiq-hub");
	/* One malloc arena per connection thread would multiply the hub's memory for nothing. */
	mallopt(M_ARENA_MAX, 2);
	if (argc > 1 && (!strcmp(argv[1], "backup") || !strcmp(argv[1], "restore"))) {
		verb = argv[1];
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "c:l:d:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'd':
			database = optarg;
			break;
		case 'v':
			printf("civiq-hub %s\n", CIVIQ_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!config) {
		fputs("civiq-hub: --config FILE is required (see --help)\n", stderr);
		return 2;
	}
	if (verb) {
		if (optind != argc - 1) {
			fprintf(stderr, "civiq-hub %s: give exactly one file\n", verb);
			return 2;
		}
		return run_backup(config, argv[optind], !strcmp(verb, "restore"));
	}
	if (optind != argc) {
		fprintf(stderr, "civiq-hub: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	return run_server(config, listen, database);
}
