/* pn532-emu: a PN532 with a virtual card on a pseudo-terminal. Prints the path to open
 * (libnfc connstring pn532_uart:<path>) on stdout, then serves until SIGTERM or SIGINT. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pn532_emu.h"

static struct pn532_emu *emu;

static void on_signal(int sig)
{
	(void)sig;
	if (emu)
		pn532_emu_stop(emu);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: pn532-emu [--card npa|epass] [--type a|b] [--pki DIR] [--can N] "
	           "[--baud N] [--link PATH] [--absent]\n"
	           "                [--remove-after N [--return-ms MS]] [--garbage-after N] "
	           "[--silent-after N]\n"
	           "                [--unplug-after N [--replug-ms MS]] [--stats] [--quiet]\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "card", required_argument, NULL, 'c' },
		{ "type", required_argument, NULL, 't' },
		{ "pki", required_argument, NULL, 'k' },
		{ "can", required_argument, NULL, 'n' },
		{ "baud", required_argument, NULL, 'b' },
		{ "link", required_argument, NULL, 'l' },
		{ "absent", no_argument, NULL, 'a' },
		{ "remove-after", required_argument, NULL, 'r' },
		{ "return-ms", required_argument, NULL, 'R' },
		{ "garbage-after", required_argument, NULL, 'g' },
		{ "silent-after", required_argument, NULL, 's' },
		{ "unplug-after", required_argument, NULL, 'u' },
		{ "replug-ms", required_argument, NULL, 'U' },
		{ "stats", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pn532_emu_opts o = { 0 };
	struct pn532_emu_stats st;
	struct sigaction sa = { .sa_handler = on_signal };
	int c, rc, stats = 0;

	o.card.kind = SIM_CARD_NPA;
	o.card.pki_dir = getenv("CIVIQ_SIM_PKI");
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (!strcmp(optarg, "epass"))
				o.card.kind = SIM_CARD_EPASS;
			else if (strcmp(optarg, "npa") != 0)
				goto bad;
			break;
		case 't':
			if (!strcmp(optarg, "b"))
				o.type_b = 1;
			else if (strcmp(optarg, "a") != 0)
				goto bad;
			break;
		case 'k':
			o.card.pki_dir = optarg;
			break;
		case 'n':
			o.card.can = optarg;
			break;
		case 'b':
			o.baud = (unsigned)atoi(optarg);
			break;
		case 'l':
			o.link = optarg;
			break;
		case 'a':
			o.absent = 1;
			break;
		case 'r':
			o.remove_after = (unsigned)atoi(optarg);
			break;
		case 'R':
			o.return_ms = atoi(optarg);
			break;
		case 'g':
			o.garbage_after = (unsigned)atoi(optarg);
			break;
		case 's':
			o.silent_after = (unsigned)atoi(optarg);
			break;
		case 'u':
			o.unplug_after = (unsigned)atoi(optarg);
			break;
		case 'U':
			o.replug_ms = atoi(optarg);
			break;
		case 'S':
			stats = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	emu = pn532_emu_new(&o);
	if (!emu) {
		perror("pn532-emu");
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("%s\n", pn532_emu_path(emu));
	fflush(stdout);
	rc = pn532_emu_run(emu);
	if (stats) {
		pn532_emu_get_stats(emu, &st);
		fprintf(stderr,
		        "pn532-emu: %u commands, %u APDUs, %zu bytes in, %zu bytes out, largest "
		        "data %zu in / %zu out, %u bad frames\n",
		        st.commands, st.apdus, st.bytes_in, st.bytes_out, st.max_data_in,
		        st.max_data_out, st.bad_frames);
	}
	pn532_emu_free(emu);
	return rc < 0 ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
