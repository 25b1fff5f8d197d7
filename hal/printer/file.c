/* file.c — the file: backend: appends the raw ESC/POS stream to a file, with the simulated
 * faults of printer_backend.h. `file:/tmp/ticket.bin`, `file:out.bin?status=paper_out`.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "printer_backend.h"

struct file_printer {
	int fd;
	struct printer_fault fault;
};

static int file_open(struct printer *p, const char *uri)
{
	char path[PATH_MAX];
	const char *query;
	struct printer_fault fault;
	if (printer_uri_split(uri, path, sizeof(path), &query) < 0 || path[0] == '\0')
		return -EINVAL;
	if (printer_fault_parse(query, &fault) < 0)
		return -EINVAL;
	struct file_printer *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		int err = -errno;
		free(f);
		return err;
	}
	f->fault = fault;
	p->priv = f;
	return 0;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -EIO;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int file_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	(void)timeout_ms;
	struct file_printer *f = p->priv;
	size_t accept;
	int verdict = printer_fault_write(&f->fault, len, &accept);
	int rc = write_all(f->fd, buf, accept);
	return rc < 0 ? rc : verdict;
}

static int file_status(struct printer *p, enum printer_status *out)
{
	struct file_printer *f = p->priv;
	*out = f->fault.status;
	return 0;
}

static void file_close(struct printer *p)
{
	struct file_printer *f = p->priv;
	if (!f)
		return;
	close(f->fd);
	free(f);
	p->priv = NULL;
}

const struct printer_ops printer_file_ops = {
	.scheme = "file",
	.open = file_open,
	.write = file_write,
	.status = file_status,
	.close = file_close,
};
