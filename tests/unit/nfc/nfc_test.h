/* nfc_test.h — helpers shared by the reader-backend tests: a free loopback port, the test
 * PKI's paths and a full eID read through any reader URI. */
#ifndef CIVIQ_TEST_NFC_TEST_H
#define CIVIQ_TEST_NFC_TEST_H

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "eid/eid_read.h"
#include "hal/nfc.h"

/* A loopback TCP port that was free a moment ago. */
static inline int nfc_test_free_port(void)
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

/* $CIVIQ_BUILD_DIR/test-pki/<name> */
static inline const char *nfc_test_pki(const char *name)
{
	static char buf[8][4096];
	static int i;
	const char *b = getenv("CIVIQ_BUILD_DIR");

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/test-pki%s%s", b ? b : ".", name[0] ? "/" : "", name);
	return buf[i];
}

/* On-site read (PACE, TA, CA, eID application, Passive Authentication) through r. */
static inline int nfc_test_onsite_read(struct nfc_reader *r, struct eid_identity *id)
{
	const char *chain[3] = { NULL, NULL, NULL };
	struct eid_read_options opt = { 0 };

	chain[0] = nfc_test_pki("dv.cvcert");
	chain[1] = nfc_test_pki("term.cvcert");
	opt.can = "123456";
	opt.terminal_chain = chain;
	opt.terminal_key = nfc_test_pki("term.pkcs8");
	opt.csca_dir = nfc_test_pki("csca");
	opt.card_timeout_ms = 5000;
	opt.apdu_timeout_ms = 3000;
	return eid_read_identity(r, &opt, id);
}

#endif
