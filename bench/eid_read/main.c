/* bench/eid_read: a full on-site read (PACE + TA + CA + DG4/DG5/DG8 + PA) against the virtual
 * nPA. Prints APDU count, bytes each way, host CPU time per read (reader and card together, and
 * an estimate of the reader's share) and the air-time floor of those bytes at 106 kbit/s.
 *   eid_read PKI_DIR [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eid/eid_read.h"
#include "hal/nfc.h"

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char uri[4096], dv[4096], term[4096], key[4096], csca[4096];
	int rounds = argc > 2 ? atoi(argv[2]) : 20;
	struct chan_stats st = { 0 };
	double t_read = 0, t_open = 0;

	if (argc < 2 || rounds < 1) {
		fprintf(stderr, "usage: eid_read PKI_DIR [ROUNDS]\n");
		return 2;
	}
	snprintf(uri, sizeof(uri), "sim:npa?pki=%s", argv[1]);
	snprintf(dv, sizeof(dv), "%s/dv.cvcert", argv[1]);
	snprintf(term, sizeof(term), "%s/term.cvcert", argv[1]);
	snprintf(key, sizeof(key), "%s/term.pkcs8", argv[1]);
	snprintf(csca, sizeof(csca), "%s/csca", argv[1]);
	const char *chain[] = { dv, term, NULL };
	for (int i = 0; i < rounds; i++) {
		struct nfc_reader *r;
		struct eid_identity id;
		struct eid_read_options opt = { .can = "123456",
			                        .terminal_chain = chain,
			                        .terminal_key = key,
			                        .csca_dir = csca,
			                        .stats = &st };
		double t0 = cpu_s();
		if (nfc_reader_open(uri, &r) < 0) {
			fprintf(stderr, "eid_read: cannot open %s\n", uri);
			return 1;
		}
		double t1 = cpu_s();
		int rc = eid_read_identity(r, &opt, &id);
		double t2 = cpu_s();
		nfc_reader_close(r);
		int verified = rc == 0 && id.verified;
		eid_identity_wipe(&id);
		if (!verified) {
			fprintf(stderr, "eid_read: read failed or unverified: %s\n",
			        eid_strerror(rc));
			return 1;
		}
		t_open += t1 - t0;
		t_read += t2 - t1;
	}
	double bits = (double)(st.bytes_out + st.bytes_in) * 8;
	printf("full on-site read (PACE+TA+CA+DG4/5/8+PA) against sim:npa, %d rounds\n", rounds);
	printf("  APDUs:                 %u\n", st.apdus);
	printf("  bytes reader->card:    %zu\n", st.bytes_out);
	printf("  bytes card->reader:    %zu\n", st.bytes_in);
	printf("  CPU per read:          %.2f ms (reader and virtual card together)\n",
	       t_read / rounds * 1e3);
	printf("  card personalisation:  %.2f ms per open (not part of a read)\n",
	       t_open / rounds * 1e3);
	printf("  air-time floor:        %.1f ms at 106 kbit/s (payload bits only)\n",
	       bits / 106000.0 * 1e3);
	return 0;
}
