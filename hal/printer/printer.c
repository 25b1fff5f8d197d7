/* printer.c — the backend table, printer_open() by URI scheme, messages, fault simulation. */
#include "hal/printer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer_backend.h"

/* The one table: compiled-in backends, consulted in order. */
static const struct printer_ops *const backends[] = {
#ifdef CIVIQ_PRINTER_USB
	&printer_usb_ops,
#endif
	&printer_file_ops,
	&printer_sim_ops,
	NULL,
};

const struct printer_ops *const *printer_backends(void)
{
	return backends;
}

int printer_open(const char *uri, struct printer **out)
{
	*out = NULL;
	if (!uri)
		return -EINVAL;
	const char *colon = strchr(uri, ':');
	if (!colon)
		return -EINVAL;
	size_t n = (size_t)(colon - uri);
	for (size_t i = 0; backends[i]; i++) {
		const struct printer_ops *ops = backends[i];
		if (strlen(ops->scheme) != n || strncmp(ops->scheme, uri, n) != 0)
			continue;
		struct printer *p = calloc(1, sizeof(*p));
		if (!p)
			return -ENOMEM;
		p->ops = ops;
		int rc = ops->open(p, uri);
		if (rc < 0) {
			free(p);
			return rc;
		}
		*out = p;
		return 0;
	}
	return -EPROTONOSUPPORT;
}

void printer_close(struct printer *p)
{
	if (!p)
		return;
	if (p->ops->close)
		p->ops->close(p);
	free(p);
}

const char *printer_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -ENODEV:
		return "printer not found or unplugged";
	case -ETIMEDOUT:
		return "printer stopped taking data (offline or buffer full)";
	case -ENOSPC:
		return "printer is out of paper";
	case -EIO:
		return "printer I/O error (cover open, offline or transfer failed)";
	case -EINVAL:
		return "invalid printer URI or argument";
	case -EPROTONOSUPPORT:
		return "unknown printer URI scheme or backend not built";
	case -ENOTSUP:
		return "operation not supported by this printer backend";
	case -EACCES:
		return "no permission to open the printer (udev rule?)";
	case -EBUSY:
		return "printer interface is claimed by another program";
	case -ENOMEM:
		return "out of memory";
	default:
		return "printer error";
	}
}

static const struct {
	enum printer_status flag;
	const char *name;
} status_names[] = {
	{ PRINTER_STATUS_PAPER_NEAR_END, "near_end" },   { PRINTER_STATUS_PAPER_OUT, "paper_out" },
	{ PRINTER_STATUS_COVER_OPEN, "cover_open" },     { PRINTER_STATUS_OFFLINE, "offline" },
	{ PRINTER_STATUS_DISCONNECTED, "disconnected" },
};

#define N_STATUS_NAMES (sizeof(status_names) / sizeof(status_names[0]))

const char *printer_status_format(enum printer_status s, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (s == PRINTER_STATUS_OK) {
		snprintf(buf, size, "ok");
		return buf;
	}
	size_t used = 0;
	for (size_t i = 0; i < N_STATUS_NAMES; i++) {
		if (!(s & status_names[i].flag))
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? "," : "",
		                 status_names[i].name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

int printer_uri_split(const char *uri, char *buf, size_t size, const char **query)
{
	const char *rest = strchr(uri, ':');
	if (!rest)
		return -EINVAL;
	rest++;
	const char *q = strchr(rest, '?');
	size_t n = q ? (size_t)(q - rest) : strlen(rest);
	if (n >= size)
		return -EINVAL;
	memcpy(buf, rest, n);
	buf[n] = '\0';
	*query = q ? q + 1 : NULL;
	return 0;
}

static int parse_status_list(const char *v, size_t len, enum printer_status *out)
{
	*out = PRINTER_STATUS_OK;
	while (len > 0) {
		const char *comma = memchr(v, ',', len);
		size_t n = comma ? (size_t)(comma - v) : len;
		size_t i;
		for (i = 0; i < N_STATUS_NAMES; i++) {
			if (strlen(status_names[i].name) == n &&
			    strncmp(status_names[i].name, v, n) == 0)
				break;
		}
		if (i == N_STATUS_NAMES && !(n == 2 && strncmp(v, "ok", 2) == 0))
			return -EINVAL;
		if (i < N_STATUS_NAMES)
			*out |= status_names[i].flag;
		if (!comma)
			break;
		len -= n + 1;
		v = comma + 1;
	}
	/* Paper out and an open cover take the printer offline, as the device reports it. */
	if (*out & (PRINTER_STATUS_PAPER_OUT | PRINTER_STATUS_COVER_OPEN))
		*out |= PRINTER_STATUS_OFFLINE;
	return 0;
}

int printer_fault_parse(const char *query, struct printer_fault *f)
{
	memset(f, 0, sizeof(*f));
	while (query && *query) {
		const char *amp = strchr(query, '&');
		size_t n = amp ? (size_t)(amp - query) : strlen(query);
		const char *eq = memchr(query, '=', n);
		if (!eq)
			return -EINVAL;
		size_t klen = (size_t)(eq - query);
		const char *v = eq + 1;
		size_t vlen = n - klen - 1;
		if (klen == 6 && strncmp(query, "status", 6) == 0) {
			if (parse_status_list(v, vlen, &f->status) < 0)
				return -EINVAL;
		} else if (klen == 16 && strncmp(query, "disconnect_after", 16) == 0) {
			char num[24];
			char *end;
			if (vlen == 0 || vlen >= sizeof(num))
				return -EINVAL;
			memcpy(num, v, vlen);
			num[vlen] = '\0';
			errno = 0;
			unsigned long long x = strtoull(num, &end, 10);
			if (*end || errno || num[0] == '-')
				return -EINVAL;
			f->disconnect_armed = 1;
			f->disconnect_after = (size_t)x;
		} else {
			return -EINVAL;
		}
		query = amp ? amp + 1 : NULL;
	}
	return 0;
}

int printer_fault_write(struct printer_fault *f, size_t len, size_t *accept)
{
	*accept = 0;
	if (f->status & PRINTER_STATUS_DISCONNECTED)
		return -ENODEV;
	if (f->status & PRINTER_STATUS_PAPER_OUT)
		return -ENOSPC;
	if (f->status & (PRINTER_STATUS_COVER_OPEN | PRINTER_STATUS_OFFLINE))
		return -EIO;
	if (f->disconnect_armed && f->written + len > f->disconnect_after) {
		*accept = f->disconnect_after - f->written;
		f->written += *accept;
		f->status |= PRINTER_STATUS_DISCONNECTED;
		return -ENODEV;
	}
	*accept = len;
	f->written += len;
	return 0;
}
