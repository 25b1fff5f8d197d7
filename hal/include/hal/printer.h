/* hal/printer.h — a ticket printer, whatever it is attached to.
 *
 * A printer takes a raw ESC/POS byte stream (hal/printer/escpos.h builds one) and, where the
 * backend can ask the device, reports paper and cover state. Backends are chosen by URI:
 *
 *   usb:                       first USB printer-class device (interface class 7)
 *   usb:04b8:0e15              that VID:PID (hex)
 *   usb:04b8:0e15?serial=X     that VID:PID with that serial number
 *   file:/path/out.bin         appends the raw stream to a file (tests, the demo)
 *   sim:                       keeps the stream in memory (tests)
 *
 * file: and sim: simulate faults with query parameters, e.g.
 * `sim:?status=paper_out,cover_open&disconnect_after=100`:
 *   status=near_end|paper_out|cover_open|offline[,...]  what status() reports; paper_out,
 *                              cover_open and offline also make write() fail
 *   disconnect_after=N         the device "disappears" after N bytes: the write that crosses
 *                              N fails with -ENODEV, status reports DISCONNECTED
 *
 * Errors are 0 or a negative errno; printer_strerror() words them for a printer:
 *   -ENODEV     device not found / unplugged (usb: the next call looks for it again)
 *   -ETIMEDOUT  the printer stopped taking data (offline, buffer full)
 *   -ENOSPC     paper out (when the backend knows it)
 *   -EIO        cover open, offline or another I/O failure
 *   -EINVAL     bad URI; -EPROTONOSUPPORT unknown or not-built scheme; -ENOTSUP missing op
 */
#ifndef CIVIQ_HAL_PRINTER_H
#define CIVIQ_HAL_PRINTER_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/* Flags; PRINTER_STATUS_OK (0) when none is set. */
enum printer_status {
	PRINTER_STATUS_OK = 0,
	PRINTER_STATUS_PAPER_NEAR_END = 1 << 0, /* roll near its end: still prints */
	PRINTER_STATUS_PAPER_OUT = 1 << 1,
	PRINTER_STATUS_COVER_OPEN = 1 << 2,
	PRINTER_STATUS_OFFLINE = 1 << 3,      /* printer reports offline (error, cover, paper) */
	PRINTER_STATUS_DISCONNECTED = 1 << 4, /* no device to talk to */
};

/* True when a ticket can be printed in this state (near-end still prints). */
static inline int printer_status_can_print(enum printer_status s)
{
	return (s & ~PRINTER_STATUS_PAPER_NEAR_END) == 0;
}

struct printer;

struct printer_ops {
	const char *scheme; /* URI scheme the backend answers, without ':' */
	int (*open)(struct printer *p, const char *uri);
	/* Sends all of buf within timeout_ms (<= 0: backend default); 0 or negative errno. */
	int (*write)(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms);
	int (*status)(struct printer *p, enum printer_status *out); /* optional */
	void (*close)(struct printer *p);
};

struct printer {
	const struct printer_ops *ops;
	void *priv; /* backend state, owned by the backend */
};

/* Opens the backend the URI's scheme names; *out is freed with printer_close(). */
int printer_open(const char *uri, struct printer **out);
/* Closes and frees; NULL is a no-op. */
void printer_close(struct printer *p);
/* A static message for a negative errno returned by this API. */
const char *printer_strerror(int err);
/* Writes "paper_out,cover_open" (or "ok") into buf; returns buf. */
const char *printer_status_format(enum printer_status s, char *buf, size_t size);
/* The backend table: NULL-terminated, in the order printer_open() consults it. */
const struct printer_ops *const *printer_backends(void);

static inline int printer_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	return p->ops->write ? p->ops->write(p, buf, len, timeout_ms) : -ENOTSUP;
}

static inline int printer_status(struct printer *p, enum printer_status *out)
{
	return p->ops->status ? p->ops->status(p, out) : -ENOTSUP;
}

/* sim: only — what was written so far (NULL and 0 for other backends), and fault injection
 * at run time (the same flags as the URI's status=). */
const uint8_t *printer_sim_output(struct printer *p, size_t *len);
int printer_sim_set_status(struct printer *p, enum printer_status s);

#endif
