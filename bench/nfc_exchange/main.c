/* bench/nfc_exchange: APDU round-trip times and full on-site reads of the virtual nPA through
 * each reader rig: vpcd: (the card over TCP), libnfc: through libnfc's pn532_uart driver to the
 * PN532 emulator (paced at 115200 baud, and unpaced), and pcsc: when a reader name is given
 * (bench/nfc_exchange/run.sh starts a private pcscd with the vpcd driver for it). For the
 * PN532 it prints the bytes on the wire and their UART floor (bytes x 10 / 115200 s).
 *   civiq-bench-nfc-exchange PKI_DIR [ROUNDS] [PCSC_READER] */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "eid/eid_read.h"
#include "hal/nfc.h"
#include "pn532_emu.h"
#include "vpcd_card.h"

static const char *pki;
static int rounds = 5;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Round trips of one APDU: mean and 95th percentile in ms. */
static int round_trips(struct nfc_reader *r, const char *what, const uint8_t *apdu, size_t len)
{
	enum { N = 100 };
	double t[N], sum = 0;
	uint8_t resp[300];

	for (int i = 0; i < N; i++) {
		size_t n = sizeof(resp);
		double t0 = now_s();
		if (nfc_transceive(r, apdu, len, resp, &n, 3000) < 0)
			return -1;
		t[i] = (now_s() - t0) * 1e3;
		sum += t[i];
	}
	qsort(t, N, sizeof(t[0]), cmp_double);
	printf("  %-34s mean %7.3f ms   p95 %7.3f ms\n", what, sum / N, t[N * 95 / 100]);
	return 0;
}

static int measure(const char *name, const char *uri, struct pn532_emu *emu, unsigned baud)
{
	static const uint8_t select[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1C };
	static const uint8_t read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
	char dv[4096], term[4096], key[4096], csca[4096];
	const char *chain[] = { dv, term, NULL };
	struct pn532_emu_stats s0, s1;
	struct nfc_card_info info;
	struct nfc_reader *r;
	double total = 0;

	snprintf(dv, sizeof(dv), "%s/dv.cvcert", pki);
	snprintf(term, sizeof(term), "%s/term.cvcert", pki);
	snprintf(key, sizeof(key), "%s/term.pkcs8", pki);
	snprintf(csca, sizeof(csca), "%s/csca", pki);
	if (nfc_reader_open(uri, &r) < 0) {
		fprintf(stderr, "nfc_exchange: cannot open %s\n", uri);
		return -1;
	}
	printf("%s (%s)\n", name, uri);
	if (nfc_wait_card(r, 10000, &info) < 0 ||
	    round_trips(r, "SELECT EF.CardAccess (7 -> 2 B)", select, sizeof(select)) < 0 ||
	    round_trips(r, "READ BINARY EF.CardAccess", read, sizeof(read)) < 0) {
		fprintf(stderr, "nfc_exchange: exchange failed on %s\n", uri);
		nfc_reader_close(r);
		return -1;
	}
	for (int i = 0; i < rounds; i++) {
		struct chan_stats st = { 0 };
		struct eid_read_options opt = { .can = "123456",
			                        .terminal_chain = chain,
			                        .terminal_key = key,
			                        .csca_dir = csca,
			                        .stats = &st };
		struct eid_identity id;
		double t0;
		int rc;

		if (emu)
			pn532_emu_get_stats(emu, &s0);
		t0 = now_s();
		rc = eid_read_identity(r, &opt, &id);
		total += now_s() - t0;
		eid_identity_wipe(&id);
		if (rc < 0) {
			fprintf(stderr, "nfc_exchange: read failed: %s\n", eid_strerror(rc));
			nfc_reader_close(r);
			return -1;
		}
		if (i == rounds - 1) {
			printf("  on-site read: %.3f s mean of %d, %u APDUs, %zu B out, %zu B in\n",
			       total / rounds, rounds, st.apdus, st.bytes_out, st.bytes_in);
			if (emu) {
				size_t wire;
				pn532_emu_get_stats(emu, &s1);
				wire = (s1.bytes_in - s0.bytes_in) + (s1.bytes_out - s0.bytes_out);
				printf("  PN532 wire: %zu B (frames, ACKs, polling); UART floor at "
				       "115200 baud %.3f s%s\n",
				       wire, (double)wire * 10 / 115200,
				       baud ? "" : " (unpaced run)");
			}
		}
	}
	nfc_reader_close(r);
	return 0;
}

static void *card_main(void *arg)
{
	vpcd_card_run(arg);
	return NULL;
}

static void *emu_main(void *arg)
{
	pn532_emu_run(arg);
	return NULL;
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int bench_vpcd(void)
{
	struct vpcd_card_opts o = { 0 };
	pthread_t t;
	char uri[64];
	int rc;

	o.port = free_port();
	o.quiet = 1;
	o.card.kind = SIM_CARD_NPA;
	o.card.pki_dir = pki;
	snprintf(uri, sizeof(uri), "vpcd:127.0.0.1:%d", o.port);
	if (pthread_create(&t, NULL, card_main, &o) != 0)
		return -1;
	rc = measure("vpcd: virtual card over loopback TCP", uri, NULL, 0);
	pthread_join(t, NULL); /* the reader's close ends the card's session */
	return rc;
}

static int bench_pn532(unsigned baud)
{
	struct pn532_emu_opts o = { 0 };
	struct pn532_emu *emu;
	pthread_t t;
	char uri[300], name[96];
	int rc;

	o.quiet = 1;
	o.baud = baud;
	o.card.kind = SIM_CARD_NPA;
	o.card.pki_dir = pki;
	emu = pn532_emu_new(&o);
	if (!emu || pthread_create(&t, NULL, emu_main, emu) != 0)
		return -1;
	snprintf(uri, sizeof(uri), "libnfc:pn532_uart:%s", pn532_emu_path(emu));
	snprintf(name, sizeof(name), "libnfc: pn532_uart to the PN532 emulator, %s",
	         baud ? "115200 baud" : "unpaced");
	rc = measure(name, uri, emu, baud);
	pn532_emu_stop(emu);
	pthread_join(t, NULL);
	pn532_emu_free(emu);
	return rc;
}

int main(int argc, char **argv)
{
	char uri[300];
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: civiq-bench-nfc-exchange PKI_DIR [ROUNDS] [PCSC_READER]\n");
		return 2;
	}
	pki = argv[1];
	if (argc > 2)
		rounds = atoi(argv[2]) > 0 ? atoi(argv[2]) : rounds;
	setenv("LIBNFC_AUTO_SCAN", "false", 0);
	setenv("LIBNFC_INTRUSIVE_SCAN", "false", 0);
	setenv("LIBNFC_LOG_LEVEL", "0", 0);
	rc |= bench_vpcd();
	rc |= bench_pn532(115200);
	rc |= bench_pn532(0);
	if (argc > 3) {
		snprintf(uri, sizeof(uri), "pcsc:%s", argv[3]);
		rc |= measure("pcsc: pcscd with vsmartcard's vpcd driver", uri, NULL, 0);
	}
	return rc ? 1 : 0;
}
