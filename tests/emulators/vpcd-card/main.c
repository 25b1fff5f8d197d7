/* vpcd-card: a virtual nPA or ePassport that connects to a vpcd reader (civiq's vpcd: backend
 * or pcscd's vpcd driver) and answers over the socket, with faults on demand. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcd_card.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: vpcd-card [--host H] [--port P] [--card npa|epass] [--pki DIR] "
	           "[--can N] [--sessions N]\n"
	           "                 [--fault remove|zero-len|huge-len|truncated|short|silent] "
	           "[--fault-after N] [--connect-timeout MS] [--quiet]\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "card", required_argument, NULL, 'c' },
		{ "pki", required_argument, NULL, 'k' },
		{ "can", required_argument, NULL, 'n' },
		{ "sessions", required_argument, NULL, 's' },
		{ "fault", required_argument, NULL, 'f' },
		{ "fault-after", required_argument, NULL, 'a' },
		{ "connect-timeout", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vpcd_card_opts o = { 0 };
	int c, rc;

	o.card.kind = SIM_CARD_NPA;
	o.card.pki_dir = getenv("CIVIQ_SIM_PKI");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			o.host = optarg;
			break;
		case 'p':
			o.port = atoi(optarg);
			break;
		case 'c':
			if (!strcmp(optarg, "epass"))
				o.card.kind = SIM_CARD_EPASS;
			else if (strcmp(optarg, "npa") != 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'k':
			o.card.pki_dir = optarg;
			break;
		case 'n':
			o.card.can = optarg;
			break;
		case 's':
			o.sessions = (unsigned)atoi(optarg);
			break;
		case 'f':
			if (vpcd_card_fault_parse(optarg, &o.fault) < 0) {
				usage(stderr);
				return 2;
			}
			break;
		case 'a':
			o.fault_after = (unsigned)atoi(optarg);
			break;
		case 't':
			o.connect_timeout_ms = atoi(optarg);
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	rc = vpcd_card_run(&o);
	if (rc < 0) {
		fprintf(stderr, "vpcd-card: %s\n", strerror(-rc));
		return 1;
	}
	return 0;
}
