/* sim.c — the sim: backend: an in-memory printer with fault injection (printer_backend.h),
 * so every printing flow, failures included, runs in tests.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "printer_backend.h"

struct sim_printer {
	uint8_t *data;
	size_t len, cap;
	struct printer_fault fault;
};

static int sim_open(struct printer *p, const char *uri)
{
	char rest[64];
	const char *query;
	struct printer_fault fault;
	if (printer_uri_split(uri, rest, sizeof(rest), &query) < 0 || rest[0] != '\0')
		return -EINVAL;
	if (printer_fault_parse(query, &fault) < 0)
		return -EINVAL;
	struct sim_printer *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fault = fault;
	p->priv = s;
	return 0;
}

static int sim_store(struct sim_printer *s, const uint8_t *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (s->len + len > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		while (cap < s->len + len)
			cap *= 2;
		uint8_t *d = realloc(s->data, cap);
		if (!d)
			return -ENOMEM;
		s->data = d;
		s->cap = cap;
	}
	memcpy(s->data + s->len, buf, len);
	s->len += len;
	return 0;
}

static int sim_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	(void)timeout_ms;
	struct sim_printer *s = p->priv;
	size_t accept;
	int verdict = printer_fault_write(&s->fault, len, &accept);
	int rc = sim_store(s, buf, accept);
	return rc < 0 ? rc : verdict;
}

static int sim_status(struct printer *p, enum printer_status *out)
{
	struct sim_printer *s = p->priv;
	*out = s->fault.status;
	return 0;
}

static void sim_close(struct printer *p)
{
	struct sim_printer *s = p->priv;
	if (!s)
		return;
	free(s->data);
	free(s);
	p->priv = NULL;
}

const struct printer_ops printer_sim_ops = {
	.scheme = "sim",
	.open = sim_open,
	.write = sim_write,
	.status = sim_status,
	.close = sim_close,
};

const uint8_t *printer_sim_output(struct printer *p, size_t *len)
{
	if (!p || p->ops != &printer_sim_ops) {
		*len = 0;
		return NULL;
	}
	struct sim_printer *s = p->priv;
	*len = s->len;
	return s->data;
}

int printer_sim_set_status(struct printer *p, enum printer_status st)
{
	if (!p || p->ops != &printer_sim_ops)
		return -ENOTSUP;
	struct sim_printer *s = p->priv;
	if (st & (PRINTER_STATUS_PAPER_OUT | PRINTER_STATUS_COVER_OPEN))
		st |= PRINTER_STATUS_OFFLINE;
	s->fault.status = st;
	return 0;
}
