/* escpos_usb.c — the usb: backend: an ESC/POS printer on USB through libusb.
 *
 * Finds the printer by VID:PID (and serial) or as the first device with a printer-class
 * interface (class 7), detaches a bound kernel driver (usblp), claims the interface, writes on
 * the bulk OUT endpoint and reads real-time status (DLE EOT n) on the bulk IN endpoint. When
 * the device goes away (LIBUSB_ERROR_NO_DEVICE) the handle is dropped and the next call looks
 * for the printer again, so a replugged printer is picked up without restarting.
 */
#include <errno.h>
#include <libusb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "printer_backend.h"

#define USB_DEFAULT_TIMEOUT_MS 5000
#define USB_STATUS_TIMEOUT_MS  500
#define USB_SERIAL_MAX         128

struct usb_printer {
	libusb_context *ctx;
	libusb_device_handle *h;
	int vid, pid; /* -1: any printer-class device */
	char serial[USB_SERIAL_MAX];
	int iface, alt;
	uint8_t ep_out, ep_in; /* ep_in 0: no status channel */
	bool detached;         /* we detached a kernel driver: reattach on release */
};

static int from_libusb(int rc)
{
	switch (rc) {
	case LIBUSB_SUCCESS:
		return 0;
	case LIBUSB_ERROR_ACCESS:
		return -EACCES;
	case LIBUSB_ERROR_BUSY:
		return -EBUSY;
	case LIBUSB_ERROR_NO_DEVICE:
	case LIBUSB_ERROR_NOT_FOUND:
		return -ENODEV;
	case LIBUSB_ERROR_TIMEOUT:
		return -ETIMEDOUT;
	case LIBUSB_ERROR_NO_MEM:
		return -ENOMEM;
	case LIBUSB_ERROR_NOT_SUPPORTED:
		return -ENOTSUP;
	default:
		return -EIO;
	}
}

static int parse_hex4(const char *s, size_t n, int *out)
{
	if (n != 4)
		return -EINVAL;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -EINVAL;
		v = v * 16 + d;
	}
	*out = v;
	return 0;
}

/* "" or "VID:PID"; query "serial=..." */
static int parse_uri(struct usb_printer *u, const char *uri)
{
	char rest[64];
	const char *query;
	if (printer_uri_split(uri, rest, sizeof(rest), &query) < 0)
		return -EINVAL;
	u->vid = u->pid = -1;
	if (rest[0]) {
		const char *colon = strchr(rest, ':');
		if (!colon || parse_hex4(rest, (size_t)(colon - rest), &u->vid) < 0 ||
		    parse_hex4(colon + 1, strlen(colon + 1), &u->pid) < 0)
			return -EINVAL;
	}
	if (query) {
		if (strncmp(query, "serial=", 7) != 0 || !query[7] || u->vid < 0 ||
		    strlen(query + 7) >= sizeof(u->serial) || strchr(query, '&'))
			return -EINVAL;
		snprintf(u->serial, sizeof(u->serial), "%s", query + 7);
	}
	return 0;
}

/* Picks the interface to print on: class 7 (printer), or with an explicit VID:PID also a
 * vendor-specific interface, as long as it has a bulk OUT endpoint. */
static bool pick_interface(const struct libusb_config_descriptor *cfg, bool explicit_id,
                           struct usb_printer *u)
{
	for (int i = 0; i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface *itf = &cfg->interface[i];
		for (int a = 0; a < itf->num_altsetting; a++) {
			const struct libusb_interface_descriptor *d = &itf->altsetting[a];
			bool ok = d->bInterfaceClass == LIBUSB_CLASS_PRINTER ||
			          (explicit_id && d->bInterfaceClass == LIBUSB_CLASS_VENDOR_SPEC);
			if (!ok)
				continue;
			uint8_t out = 0, in = 0;
			for (int e = 0; e < d->bNumEndpoints; e++) {
				const struct libusb_endpoint_descriptor *ep = &d->endpoint[e];
				if ((ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) !=
				    LIBUSB_TRANSFER_TYPE_BULK)
					continue;
				if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
					if (!in)
						in = ep->bEndpointAddress;
				} else if (!out) {
					out = ep->bEndpointAddress;
				}
			}
			if (!out)
				continue;
			u->iface = d->bInterfaceNumber;
			u->alt = d->bAlternateSetting;
			u->ep_out = out;
			u->ep_in = in;
			return true;
		}
	}
	return false;
}

static bool serial_matches(libusb_device_handle *h, uint8_t index, const char *want)
{
	unsigned char got[USB_SERIAL_MAX];
	if (!index)
		return false;
	int n = libusb_get_string_descriptor_ascii(h, index, got, sizeof(got) - 1);
	if (n < 0)
		return false;
	got[n] = '\0';
	return strcmp((const char *)got, want) == 0;
}

static int claim(struct usb_printer *u, libusb_device_handle *h)
{
	u->detached = false;
	if (libusb_kernel_driver_active(h, u->iface) == 1) {
		int rc = libusb_detach_kernel_driver(h, u->iface);
		if (rc < 0)
			return from_libusb(rc);
		u->detached = true;
	}
	int rc = libusb_claim_interface(h, u->iface);
	if (rc == 0 && u->alt != 0)
		rc = libusb_set_interface_alt_setting(h, u->iface, u->alt);
	if (rc < 0) {
		if (u->detached)
			libusb_attach_kernel_driver(h, u->iface);
		u->detached = false;
		return from_libusb(rc);
	}
	return 0;
}

/* Looks for the printer and claims it; 0, -ENODEV when absent, or why it could not be used. */
static int connect_printer(struct usb_printer *u)
{
	libusb_device **list;
	ssize_t n = libusb_get_device_list(u->ctx, &list);
	if (n < 0)
		return from_libusb((int)n);
	int result = -ENODEV;
	for (ssize_t i = 0; i < n && !u->h; i++) {
		struct libusb_device_descriptor dd;
		if (libusb_get_device_descriptor(list[i], &dd) < 0)
			continue;
		if (u->vid >= 0 && (dd.idVendor != u->vid || dd.idProduct != u->pid))
			continue;
		struct libusb_config_descriptor *cfg;
		if (libusb_get_active_config_descriptor(list[i], &cfg) < 0 &&
		    libusb_get_config_descriptor(list[i], 0, &cfg) < 0)
			continue;
		bool found = pick_interface(cfg, u->vid >= 0, u);
		libusb_free_config_descriptor(cfg);
		if (!found)
			continue;
		libusb_device_handle *h;
		int rc = libusb_open(list[i], &h);
		if (rc < 0) {
			result = from_libusb(rc);
			continue;
		}
		if (u->serial[0] && !serial_matches(h, dd.iSerialNumber, u->serial)) {
			libusb_close(h);
			continue;
		}
		rc = claim(u, h);
		if (rc < 0) {
			libusb_close(h);
			result = rc;
			continue;
		}
		u->h = h;
		result = 0;
		log_info("printer: usb %04x:%04x connected (interface %d, out 0x%02x, in 0x%02x%s)",
		         dd.idVendor, dd.idProduct, u->iface, u->ep_out, u->ep_in,
		         u->detached ? ", kernel driver detached" : "");
	}
	libusb_free_device_list(list, 1);
	return result;
}

static void release(struct usb_printer *u)
{
	if (!u->h)
		return;
	libusb_release_interface(u->h, u->iface);
	if (u->detached)
		libusb_attach_kernel_driver(u->h, u->iface);
	libusb_close(u->h);
	u->h = NULL;
	u->detached = false;
}

static int ensure_connected(struct usb_printer *u)
{
	return u->h ? 0 : connect_printer(u);
}

/* The device went away: drop the handle so the next call looks for it again. */
static int gone(struct usb_printer *u)
{
	if (u->h)
		log_warning("printer: usb device disconnected");
	release(u);
	return -ENODEV;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int usb_open(struct printer *p, const char *uri)
{
	struct usb_printer *u = calloc(1, sizeof(*u));
	if (!u)
		return -ENOMEM;
	int rc = parse_uri(u, uri);
	if (rc == 0)
		rc = from_libusb(libusb_init(&u->ctx));
	if (rc == 0) {
		rc = connect_printer(u);
		if (rc < 0)
			libusb_exit(u->ctx);
	}
	if (rc < 0) {
		free(u);
		return rc;
	}
	p->priv = u;
	return 0;
}

static int bulk_out(struct usb_printer *u, const uint8_t *buf, size_t len, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t done = 0;
	while (done < len) {
		long long left = deadline - now_ms();
		int chunk = len - done > 0x10000 ? 0x10000 : (int)(len - done);
		int n = 0;
		int rc = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)buf + done, chunk,
		                              &n, (unsigned)(left > 0 ? left : 1));
		if (n > 0)
			done += (size_t)n;
		if (rc == 0 || rc == LIBUSB_ERROR_INTERRUPTED)
			continue;
		if (rc == LIBUSB_ERROR_NO_DEVICE)
			return gone(u);
		if (rc == LIBUSB_ERROR_TIMEOUT) {
			/* partial progress: keep going while time is left */
			if (n > 0 && done < len && deadline - now_ms() > 0)
				continue;
			return -ETIMEDOUT;
		}
		if (rc == LIBUSB_ERROR_PIPE)
			libusb_clear_halt(u->h, u->ep_out);
		return -EIO;
	}
	return 0;
}

static int usb_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	struct usb_printer *u = p->priv;
	int rc = ensure_connected(u);
	if (rc < 0)
		return rc;
	return bulk_out(u, buf, len, timeout_ms > 0 ? timeout_ms : USB_DEFAULT_TIMEOUT_MS);
}

/* DLE EOT n; the answer is one byte with bits 1 and 4 set, 0 and 7 clear. */
static int query(struct usb_printer *u, uint8_t n, uint8_t *out)
{
	const uint8_t cmd[3] = { 0x10, 0x04, n };
	int rc = bulk_out(u, cmd, sizeof(cmd), USB_STATUS_TIMEOUT_MS);
	if (rc < 0)
		return rc;
	unsigned char in[64];
	int got = 0;
	rc = libusb_bulk_transfer(u->h, u->ep_in, in, sizeof(in), &got, USB_STATUS_TIMEOUT_MS);
	if (rc == LIBUSB_ERROR_NO_DEVICE)
		return gone(u);
	if (rc < 0 && got <= 0)
		return from_libusb(rc);
	/* Take the last well-formed byte: anything before it is stale. */
	for (int i = got - 1; i >= 0; i--) {
		if ((in[i] & 0x93) == 0x12) {
			*out = in[i];
			return 0;
		}
	}
	return -EIO;
}

static int usb_status(struct printer *p, enum printer_status *out)
{
	struct usb_printer *u = p->priv;
	*out = PRINTER_STATUS_OK;
	int rc = ensure_connected(u);
	if (rc == -ENODEV) {
		*out = PRINTER_STATUS_DISCONNECTED;
		return 0;
	}
	if (rc < 0)
		return rc;
	if (!u->ep_in)
		return -ENOTSUP;
	uint8_t s1, s2, s4;
	if ((rc = query(u, 1, &s1)) < 0 || (rc = query(u, 2, &s2)) < 0 ||
	    (rc = query(u, 4, &s4)) < 0) {
		if (rc == -ENODEV) {
			*out = PRINTER_STATUS_DISCONNECTED;
			return 0;
		}
		return rc;
	}
	enum printer_status st = PRINTER_STATUS_OK;
	if (s1 & 0x08) /* n=1 bit 3: offline */
		st |= PRINTER_STATUS_OFFLINE;
	if (s2 & 0x04) /* n=2 bit 2: cover open */
		st |= PRINTER_STATUS_COVER_OPEN;
	if ((s2 & 0x20) || (s4 & 0x60) == 0x60) /* n=2 bit 5: stopped, paper end; n=4 5,6 */
		st |= PRINTER_STATUS_PAPER_OUT;
	if ((s4 & 0x0c) == 0x0c) /* n=4 bits 2,3: roll paper near-end */
		st |= PRINTER_STATUS_PAPER_NEAR_END;
	*out = st;
	return 0;
}

static void usb_close(struct printer *p)
{
	struct usb_printer *u = p->priv;
	if (!u)
		return;
	release(u);
	libusb_exit(u->ctx);
	free(u);
	p->priv = NULL;
}

const struct printer_ops printer_usb_ops = {
	.scheme = "usb",
	.open = usb_open,
	.write = usb_write,
	.status = usb_status,
	.close = usb_close,
};
