/* The card side of the vpcd protocol, backed by a virtual card. */
#include "vpcd_card.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vpcd_proto.h"

static const char *const fault_names[] = {
	"none", "remove", "zero-len", "huge-len", "truncated", "short", "silent",
};

const char *vpcd_card_fault_name(enum vpcd_card_fault f)
{
	return (unsigned)f < sizeof(fault_names) / sizeof(fault_names[0]) ? fault_names[f] : "?";
}

int vpcd_card_fault_parse(const char *name, enum vpcd_card_fault *out)
{
	for (size_t i = 0; i < sizeof(fault_names) / sizeof(fault_names[0]); i++)
		if (!strcmp(name, fault_names[i])) {
			*out = (enum vpcd_card_fault)i;
			return 0;
		}
	return -EINVAL;
}

size_t vpcd_card_atr(const uint8_t *hist, size_t hist_len, uint8_t *out, size_t cap)
{
	uint8_t tck = 0;
	size_t n = 0;

	if (hist_len > 15 || cap < hist_len + 5)
		return 0;
	out[n++] = 0x3B;
	out[n++] = (uint8_t)(0x80 | hist_len);
	out[n++] = 0x80;
	out[n++] = 0x01;
	memcpy(out + n, hist, hist_len);
	n += hist_len;
	for (size_t i = 1; i < n; i++)
		tck ^= out[i];
	out[n++] = tck;
	return n;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int connect_reader(const struct vpcd_card_opts *o)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	int waited = 0, limit = o->connect_timeout_ms ? o->connect_timeout_ms : 10000, one = 1;
	char port[8];

	snprintf(port, sizeof(port), "%d", o->port ? o->port : VPCD_DEFAULT_PORT);
	if (getaddrinfo(o->host ? o->host : "127.0.0.1", port, &hints, &res) != 0)
		return -EINVAL;
	for (;;) {
		int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			break;
		if (connect(fd, res->ai_addr, res->ai_addrlen) == 0) {
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			freeaddrinfo(res);
			return fd;
		}
		close(fd);
		if (waited >= limit)
			break;
		sleep_ms(20);
		waited += 20;
	}
	freeaddrinfo(res);
	return -ETIMEDOUT;
}

static int send_all(int fd, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EPIPE;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_msg(int fd, const uint8_t *payload, size_t len)
{
	uint8_t frame[VPCD_MSG_MAX + 2];
	int n = vpcd_encode(payload, len, frame, sizeof(frame));

	return n < 0 ? n : send_all(fd, frame, (size_t)n);
}

/* 1 with a message, 0 when the reader hung up, or a negative errno. */
static int recv_msg(int fd, struct vpcd_decoder *d, size_t *len)
{
	for (;;) {
		uint8_t chunk[512];
		size_t want = vpcd_decoder_want(d);
		int rc, one = 1;
		ssize_t got;

		/* acknowledge at once: vpcd writes the length and the APDU separately, and a
		 * delayed ACK would hold the second write back behind Nagle's algorithm */
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
		got = recv(fd, chunk, want < sizeof(chunk) ? want : sizeof(chunk), 0);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return 0;
		rc = vpcd_decoder_feed(d, chunk, (size_t)got, len);
		if (rc != 0)
			return rc;
	}
}

/* The fault instead of an answer; 1 when the session ends with it, 0 when the card stays. */
static int play_fault(int fd, enum vpcd_card_fault f)
{
	static const uint8_t zero[] = { 0, 0 }, huge[] = { 0xFF, 0xFF, 0x90, 0x00, 0x90 },
	                     truncated[] = { 0, 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
	                     shortr[] = { 0, 1, 0x90 };
	uint8_t b;

	switch (f) {
	case VPCD_FAULT_ZERO_LEN:
		send_all(fd, zero, sizeof(zero));
		break;
	case VPCD_FAULT_HUGE_LEN:
		send_all(fd, huge, sizeof(huge));
		break;
	case VPCD_FAULT_TRUNCATED:
		send_all(fd, truncated, sizeof(truncated));
		break;
	case VPCD_FAULT_SHORT:
		send_all(fd, shortr, sizeof(shortr));
		return 0; /* the card stays */
	case VPCD_FAULT_SILENT:
		while (recv(fd, &b, 1, 0) > 0)
			;
		break;
	default:
		break;
	}
	return 1;
}

static int serve(int fd, struct sim_card *card, const struct vpcd_card_opts *o, int faulty)
{
	uint8_t *msg = malloc(VPCD_MSG_MAX), resp[4096];
	struct vpcd_decoder d;
	unsigned apdus = 0;
	enum vpcd_ctrl ctrl;
	size_t len, rlen, hist_len;
	const uint8_t *hist;
	int rc = 0;

	if (!msg)
		return -ENOMEM;
	vpcd_decoder_init(&d, msg, VPCD_MSG_MAX);
	while ((rc = recv_msg(fd, &d, &len)) == 1) {
		switch (vpcd_classify(msg, len, &ctrl)) {
		case VPCD_MSG_CTRL:
			if (ctrl == VPCD_CTRL_ATR) {
				hist = sim_card_atr(card, &hist_len);
				rlen = vpcd_card_atr(hist, hist_len, resp, sizeof(resp));
				rc = send_msg(fd, resp, rlen);
			} else {
				sim_card_reset(card);
			}
			break;
		case VPCD_MSG_APDU:
			if (faulty && o->fault != VPCD_FAULT_NONE && apdus == o->fault_after) {
				if (!o->quiet)
					fprintf(stderr, "vpcd-card: fault %s after %u APDUs\n",
					        vpcd_card_fault_name(o->fault), apdus);
				if (play_fault(fd, o->fault))
					goto out;
				apdus++;
				break;
			}
			apdus++;
			rlen = sizeof(resp);
			if (sim_card_process_apdu(card, msg, len, resp, &rlen) < 0) {
				resp[0] = 0x6F;
				resp[1] = 0x00;
				rlen = 2;
			}
			rc = send_msg(fd, resp, rlen);
			break;
		default:
			rc = -EPROTO;
			break;
		}
		if (rc < 0)
			break;
	}
out:
	free(msg);
	return rc < 0 ? rc : 0;
}

int vpcd_card_run(const struct vpcd_card_opts *o)
{
	unsigned sessions = o->sessions ? o->sessions : 1;
	struct sim_card *card = sim_card_new(&o->card);
	int rc = 0;

	if (!card)
		return -errno;
	for (unsigned s = 0; s < sessions; s++) {
		int fd = connect_reader(o);
		if (fd < 0) {
			rc = fd;
			break;
		}
		if (!o->quiet)
			fprintf(stderr, "vpcd-card: connected (session %u)\n", s + 1);
		sim_card_reset(card);
		rc = serve(fd, card, o, s == 0);
		close(fd);
		if (rc < 0 && rc != -EPIPE)
			break;
		rc = 0;
	}
	sim_card_free(card);
	return rc;
}
