/* net_test_util.c — a small blocking HTTP/1.1 reader for tests. */
#include "net_test_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int tu_connect(struct tu_conn *c, int port)
{
	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	struct timeval tv = { .tv_sec = 5 };
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int rc = -errno;
		close(c->fd);
		c->fd = -1;
		return rc;
	}
	return 0;
}

int tu_send(struct tu_conn *c, const char *text)
{
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t n = send(c->fd, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	return 0;
}

static int fill(struct tu_conn *c)
{
	if (c->len == sizeof(c->buf))
		return -1;
	ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
	if (n <= 0)
		return -1;
	c->len += (size_t)n;
	return 0;
}

static void take(struct tu_conn *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

/* Index just past "\r\n" of the first line in the buffer, filling as needed. */
static int line_end(struct tu_conn *c, size_t *end)
{
	for (;;) {
		char *p = memmem(c->buf, c->len, "\r\n", 2);
		if (p) {
			*end = (size_t)(p - c->buf) + 2;
			return 0;
		}
		if (fill(c) < 0)
			return -1;
	}
}

static int body_bytes(struct tu_conn *c, struct tu_response *r, size_t n)
{
	while (c->len < n)
		if (fill(c) < 0)
			return -1;
	if (r->body_len + n >= sizeof(r->body))
		return -1;
	memcpy(r->body + r->body_len, c->buf, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	take(c, n);
	return 0;
}

int tu_read_response(struct tu_conn *c, struct tu_response *r)
{
	memset(r, 0, sizeof(*r));
	char *hend;
	while (!(hend = memmem(c->buf, c->len, "\r\n\r\n", 4)))
		if (fill(c) < 0)
			return -1;
	size_t hlen = (size_t)(hend - c->buf) + 4;
	if (hlen >= sizeof(r->headers))
		return -1;
	memcpy(r->headers, c->buf, hlen);
	r->headers[hlen] = '\0';
	take(c, hlen);
	if (sscanf(r->headers, "HTTP/1.%*d %d", &r->status) != 1)
		return -1;
	char value[64];
	if (tu_header(r, "Content-Length", value, sizeof(value)))
		return body_bytes(c, r, strtoul(value, NULL, 10));
	if (!tu_header(r, "Transfer-Encoding", value, sizeof(value)))
		return 0;
	for (;;) { /* chunked */
		size_t end;
		if (line_end(c, &end) < 0)
			return -1;
		size_t size = strtoul(c->buf, NULL, 16);
		take(c, end);
		if (size == 0) {
			if (line_end(c, &end) < 0)
				return -1;
			take(c, end);
			return 0;
		}
		if (body_bytes(c, r, size) < 0 || line_end(c, &end) < 0)
			return -1;
		take(c, end);
	}
}

const char *tu_header(const struct tu_response *r, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *line = strstr(r->headers, "\r\n");
	while (line && line[2] != '\r') {
		line += 2;
		if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
			const char *v = line + nlen + 1;
			while (*v == ' ')
				v++;
			size_t n = strcspn(v, "\r");
			snprintf(out, size, "%.*s", (int)n, v);
			return out;
		}
		line = strstr(line, "\r\n");
	}
	return NULL;
}

void tu_close(struct tu_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

char *tu_tmpdir(void)
{
	char *path = strdup("/tmp/civiq-net-XXXXXX");
	if (path && !mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}
