/* The "vpcd:" reader backend: civiq is the reader side of vsmartcard's virtual-reader
 * protocol and listens; a virtual card (vicc, the test card) or a phone's remote-reader app
 * connects and is the card.
 *   vpcd:                  127.0.0.1, port 35963 (vsmartcard's default)
 *   vpcd:<host>:<port>     listen there ("[::1]:35963" for IPv6); anything but a loopback
 *                          address is logged as a warning: whoever reaches it can be the card
 * A connection is a card in the field; its end (or a broken message, or no answer in time) is
 * the card leaving it. The next connection is the next card.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../nfc_backends.h"
#include "common/log.h"
#include "hal/nfc.h"
#include "vpcd_proto.h"

#define VPCD_ATR_TIMEOUT_MS 2000

struct vpcd_reader {
	int listen_fd;
	int fd; /* the card's connection, or -1 */
	uint8_t *buf;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until the deadline (< 0: forever). 1 ready, 0 timed out. */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };

	for (;;) {
		int left = -1, rc;

		if (deadline >= 0) {
			long long d = deadline - now_ms();
			left = d < 0 ? 0 : (int)(d > 60000 ? 60000 : d);
		}
		rc = poll(&p, 1, left);
		if (rc > 0)
			return 1;
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc == 0 && deadline >= 0 && now_ms() >= deadline)
			return 0;
	}
}

static void drop_card(struct vpcd_reader *v, const char *why)
{
	if (v->fd < 0)
		return;
	log_info("vpcd: card connection closed (%s)", why);
	close(v->fd);
	v->fd = -1;
}

static int send_msg(struct vpcd_reader *v, const uint8_t *payload, size_t len)
{
	int n = vpcd_encode(payload, len, v->buf, VPCD_MSG_MAX + 2);
	size_t off = 0;

	if (n < 0)
		return n;
	while (off < (size_t)n) {
		ssize_t w = send(v->fd, v->buf + off, (size_t)n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			drop_card(v, "send failed");
			return -ENOMEDIUM;
		}
		off += (size_t)w;
	}
	return 0;
}

/* Receives one message into v->buf within timeout_ms; drops the connection on any failure. */
static int recv_msg(struct vpcd_reader *v, size_t cap, size_t *len, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	struct vpcd_decoder d;
	int rc;

	vpcd_decoder_init(&d, v->buf, cap);
	for (;;) {
		uint8_t chunk[512];
		size_t want = vpcd_decoder_want(&d);
		ssize_t got;

		rc = wait_fd(v->fd, POLLIN, deadline);
		if (rc == 0) {
			drop_card(v, "no answer in time");
			return -ETIMEDOUT;
		}
		if (rc < 0)
			break;
		got = recv(v->fd, chunk, want < sizeof(chunk) ? want : sizeof(chunk), 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			drop_card(v, got == 0 ? "card left" : "receive failed");
			return -ENOMEDIUM;
		}
		rc = vpcd_decoder_feed(&d, chunk, (size_t)got, len);
		if (rc == 1)
			return 0;
		if (rc < 0) {
			log_warning("vpcd: malformed message from the card (length %zu)", d.len);
			drop_card(v, "malformed message");
			return -EPROTO;
		}
	}
	drop_card(v, "receive failed");
	return -ENOMEDIUM;
}

static int is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >>
		        24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
	return 0;
}

/* "host:port", "[v6]:port" or "" into host and port strings. */
static int parse_addr(const char *spec, char *host, size_t hcap, char *port, size_t pcap)
{
	const char *colon, *h = spec;
	size_t hlen;
	char *end;
	unsigned long p;

	if (!*spec) {
		snprintf(host, hcap, "127.0.0.1");
		snprintf(port, pcap, "%d", VPCD_DEFAULT_PORT);
		return 0;
	}
	colon = strrchr(spec, ':');
	if (!colon)
		return -EINVAL;
	hlen = (size_t)(colon - spec);
	if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen >= hcap)
		return -EINVAL;
	if (hlen == 0)
		snprintf(host, hcap, "127.0.0.1");
	else {
		memcpy(host, h, hlen);
		host[hlen] = 0;
	}
	p = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || p == 0 || p > 65535)
		return -EINVAL;
	snprintf(port, pcap, "%lu", p);
	return 0;
}

static int vpcd_open(struct nfc_reader *r, const char *uri)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
	struct addrinfo *res = NULL;
	struct vpcd_reader *v;
	char host[256], port[8];
	int rc, one = 1, fd;

	rc = parse_addr(uri + 5, host, sizeof(host), port, sizeof(port));
	if (rc < 0)
		return rc;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		log_err("vpcd: cannot resolve %s: %s", host, gai_strerror(rc));
		return -EINVAL;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 4) < 0) {
		rc = -errno;
		log_err("vpcd: cannot listen on %s:%s: %s", host, port, strerror(-rc));
		close(fd);
		goto out;
	}
	if (!is_loopback(res->ai_addr))
		log_warning("vpcd: listening on %s:%s, not a loopback address: whoever reaches it "
		            "can act as the card",
		            host, port);
	v = calloc(1, sizeof(*v));
	if (v)
		v->buf = malloc(VPCD_MSG_MAX + 2);
	if (!v || !v->buf) {
		if (v)
			free(v);
		close(fd);
		rc = -ENOMEM;
		goto out;
	}
	v->listen_fd = fd;
	v->fd = -1;
	r->priv = v;
	log_info("vpcd: waiting for a card on %s:%s", host, port);
	rc = 0;
out:
	freeaddrinfo(res);
	return rc;
}

/* Powers the connected card up (or resets it) and reads its ATR. */
static int power_up(struct vpcd_reader *v, uint8_t code, struct nfc_card_info *info)
{
	uint8_t ctrl = code, atr = VPCD_CTRL_ATR;
	size_t n;
	int rc;

	if ((rc = send_msg(v, &ctrl, 1)) < 0 || (rc = send_msg(v, &atr, 1)) < 0)
		return rc;
	rc = recv_msg(v, NFC_ATR_MAX, &n, VPCD_ATR_TIMEOUT_MS);
	if (rc < 0)
		return rc;
	memset(info, 0, sizeof(*info));
	memcpy(info->atr, v->buf, n);
	info->atr_len = n;
	return 0;
}

static int vpcd_wait_card(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info)
{
	struct vpcd_reader *v = r->priv;
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int rc, one = 1;

	if (v->fd >= 0 && power_up(v, VPCD_CTRL_RESET, info) == 0)
		return 0;
	for (;;) {
		rc = wait_fd(v->listen_fd, POLLIN, deadline);
		if (rc == 0)
			return -ETIMEDOUT;
		if (rc < 0)
			return rc == -EBADF ? -ENODEV : rc;
		v->fd = accept4(v->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (v->fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			return -ENODEV;
		}
		setsockopt(v->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		log_info("vpcd: card connected");
		if (power_up(v, VPCD_CTRL_ON, info) == 0)
			return 0;
		/* the card went away or spoke garbage while powering up: wait for the next one */
	}
}

static int vpcd_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                           size_t *resp_len, int timeout_ms)
{
	struct vpcd_reader *v = r->priv;
	size_t n, cap = *resp_len < VPCD_MSG_MAX ? *resp_len : VPCD_MSG_MAX;
	int rc;

	if (v->fd < 0)
		return -ENOMEDIUM;
	if (len < 4 || len > VPCD_MSG_MAX)
		return -EINVAL;
	if ((rc = send_msg(v, apdu, len)) < 0)
		return rc;
	rc = recv_msg(v, cap, &n, timeout_ms);
	if (rc < 0)
		return rc;
	if (n < 2) {
		drop_card(v, "response without status word");
		return -EPROTO;
	}
	memcpy(resp, v->buf, n);
	*resp_len = n;
	return 0;
}

static int vpcd_card_present(struct nfc_reader *r)
{
	struct vpcd_reader *v = r->priv;
	struct pollfd p;
	uint8_t b;

	if (v->fd < 0)
		return 0;
	p = (struct pollfd){ .fd = v->fd, .events = POLLIN };
	if (poll(&p, 1, 0) <= 0)
		return 1;
	if (p.revents & (POLLHUP | POLLERR) || recv(v->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
		drop_card(v, "card left");
		return 0;
	}
	return 1;
}

static void vpcd_close(struct nfc_reader *r)
{
	struct vpcd_reader *v = r->priv;
	uint8_t off = VPCD_CTRL_OFF;

	if (!v)
		return;
	if (v->fd >= 0) {
		send_msg(v, &off, 1);
		close(v->fd);
	}
	close(v->listen_fd);
	free(v->buf);
	free(v);
	r->priv = NULL;
}

const struct nfc_reader_ops nfc_vpcd_ops = {
	.open = vpcd_open,
	.wait_card = vpcd_wait_card,
	.transceive = vpcd_transceive,
	.card_present = vpcd_card_present,
	.close = vpcd_close,
};
