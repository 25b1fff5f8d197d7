/* net_test_util.h — raw HTTP over loopback for the net tests: what curl would hide (keep-alive,
 * announced lengths without a body, chunked uploads). */
#ifndef CIVIQ_TESTS_NET_TEST_UTIL_H
#define CIVIQ_TESTS_NET_TEST_UTIL_H

#include <stddef.h>

struct tu_conn {
	int fd;
	char buf[65536];
	size_t len;
};

struct tu_response {
	int status;
	char headers[8192]; /* raw header lines */
	char body[65536];
	size_t body_len;
};

/* Connects to 127.0.0.1:port with a 5 s receive timeout. 0 or -errno. */
int tu_connect(struct tu_conn *c, int port);
int tu_send(struct tu_conn *c, const char *text);
/* Reads one response (Content-Length or chunked body). 0, or -1 on EOF/timeout/garbage. */
int tu_read_response(struct tu_conn *c, struct tu_response *r);
/* The value of a header in r (case-insensitive), copied into out; NULL if absent. */
const char *tu_header(const struct tu_response *r, const char *name, char *out, size_t size);
void tu_close(struct tu_conn *c);

/* A fresh temporary directory (malloc'd path). */
char *tu_tmpdir(void);

#endif
