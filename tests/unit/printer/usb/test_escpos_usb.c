/* The usb: printer backend against a link-time fake of libusb (-Wl,--wrap=libusb_*): the fake
 * parses a TM-T20's recorded descriptors, answers DLE EOT like the printer does, and replays
 * scripted transfer results: partial writes, timeouts, a disconnect and a replug. */
#include <errno.h>
#include <libusb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hal/printer.h"

/* Descriptors as an Epson TM-T20 (04b8:0e15) sends them: one configuration, interface 0 of
 * class 7 (printer), subclass 1, protocol 2 (bidirectional), bulk OUT 0x01, bulk IN 0x82. */
static const uint8_t tm_t20_device[18] = { 0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0xb8,
	                                   0x04, 0x15, 0x0e, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01 };
static const uint8_t tm_t20_config[32] = {
	0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01, /* config, 1 interface */
	0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00, /* interface 0, class 7 */
	0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00,             /* EP 0x01 bulk OUT, 64 */
	0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00,             /* EP 0x82 bulk IN, 64 */
};
/* A USB keyboard (046d:c31c): HID interface with an interrupt IN endpoint. */
static const uint8_t keyboard_device[18] = { 0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x08, 0x6d,
	                                     0x04, 0x1c, 0xc3, 0x00, 0x64, 0x01, 0x02, 0x00, 0x01 };
static const uint8_t keyboard_config[25] = {
	0x09, 0x02, 0x19, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32, 0x09, 0x04, 0x00, 0x00,
	0x01, 0x03, 0x01, 0x01, 0x00, 0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x0a,
};

struct libusb_context {
	int unused;
};
struct libusb_device {
	int idx;
};
struct libusb_device_handle {
	int idx;
};

#define NDEV 2
#define KBD  0
#define PRN  1

static struct {
	struct libusb_context ctx;
	struct libusb_device devs[NDEV];
	const uint8_t *dev_desc[NDEV], *cfg_desc[NDEV];
	size_t cfg_len[NDEV];
	bool plugged[NDEV];
	int kernel_driver[NDEV];
	const char *serial;
	uint8_t status[5]; /* answers to DLE EOT 1..4 */
	int open_rc, claim_rc;
	int inits, exits, opens, closes, claims, releases, detaches, attaches;
	struct {
		int rc, n; /* n < 0: everything offered */
	} out_script[16];
	int out_len, out_at, out_calls;
	uint8_t written[8192];
	size_t written_len;
	uint8_t pending[64];
	size_t pending_len;
	int in_rc; /* != 0: the next IN transfer fails with it */
} F;

static void fake_reset(void)
{
	memset(&F, 0, sizeof(F));
	F.dev_desc[KBD] = keyboard_device;
	F.cfg_desc[KBD] = keyboard_config;
	F.cfg_len[KBD] = sizeof(keyboard_config);
	F.dev_desc[PRN] = tm_t20_device;
	F.cfg_desc[PRN] = tm_t20_config;
	F.cfg_len[PRN] = sizeof(tm_t20_config);
	for (int i = 0; i < NDEV; i++) {
		F.devs[i].idx = i;
		F.plugged[i] = true;
	}
	F.kernel_driver[PRN] = 1; /* usblp is bound, as on a stock Debian */
	F.kernel_driver[KBD] = 1;
	F.serial = "X5DG012345";
	/* idle printer: fixed bits only (bit 1 and 4 set) */
	F.status[1] = F.status[2] = F.status[3] = F.status[4] = 0x12;
}

static void script_out(int rc, int n)
{
	F.out_script[F.out_len].rc = rc;
	F.out_script[F.out_len].n = n;
	F.out_len++;
}

static void unplug(void)
{
	F.plugged[PRN] = false;
}

static void replug(void)
{
	F.plugged[PRN] = true;
	F.kernel_driver[PRN] = 1; /* the kernel binds usblp again */
}

/* ---- the fake libusb ---- */

int __wrap_libusb_init(libusb_context **ctx);
void __wrap_libusb_exit(libusb_context *ctx);
ssize_t __wrap_libusb_get_device_list(libusb_context *ctx, libusb_device ***list);
void __wrap_libusb_free_device_list(libusb_device **list, int unref);
int __wrap_libusb_get_device_descriptor(libusb_device *dev, struct libusb_device_descriptor *desc);
int __wrap_libusb_get_active_config_descriptor(libusb_device *dev,
                                               struct libusb_config_descriptor **config);
int __wrap_libusb_get_config_descriptor(libusb_device *dev, uint8_t index,
                                        struct libusb_config_descriptor **config);
void __wrap_libusb_free_config_descriptor(struct libusb_config_descriptor *config);
int __wrap_libusb_open(libusb_device *dev, libusb_device_handle **h);
void __wrap_libusb_close(libusb_device_handle *h);
int __wrap_libusb_get_string_descriptor_ascii(libusb_device_handle *h, uint8_t index,
                                              unsigned char *data, int length);
int __wrap_libusb_kernel_driver_active(libusb_device_handle *h, int iface);
int __wrap_libusb_detach_kernel_driver(libusb_device_handle *h, int iface);
int __wrap_libusb_attach_kernel_driver(libusb_device_handle *h, int iface);
int __wrap_libusb_claim_interface(libusb_device_handle *h, int iface);
int __wrap_libusb_release_interface(libusb_device_handle *h, int iface);
int __wrap_libusb_set_interface_alt_setting(libusb_device_handle *h, int iface, int alt);
int __wrap_libusb_bulk_transfer(libusb_device_handle *h, unsigned char ep, unsigned char *data,
                                int length, int *transferred, unsigned int timeout);
int __wrap_libusb_clear_halt(libusb_device_handle *h, unsigned char ep);

int __wrap_libusb_init(libusb_context **ctx)
{
	F.inits++;
	*ctx = &F.ctx;
	return 0;
}

void __wrap_libusb_exit(libusb_context *ctx)
{
	assert_ptr_equal(ctx, &F.ctx);
	F.exits++;
}

ssize_t __wrap_libusb_get_device_list(libusb_context *ctx, libusb_device ***list)
{
	assert_ptr_equal(ctx, &F.ctx);
	libusb_device **l = calloc(NDEV + 1, sizeof(*l));
	ssize_t n = 0;
	for (int i = 0; i < NDEV; i++) {
		if (F.plugged[i])
			l[n++] = &F.devs[i];
	}
	*list = l;
	return n;
}

void __wrap_libusb_free_device_list(libusb_device **list, int unref)
{
	(void)unref;
	free(list);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

int __wrap_libusb_get_device_descriptor(libusb_device *dev, struct libusb_device_descriptor *d)
{
	const uint8_t *r = F.dev_desc[dev->idx];
	*d = (struct libusb_device_descriptor){
		.bLength = r[0],
		.bDescriptorType = r[1],
		.bcdUSB = le16(r + 2),
		.bDeviceClass = r[4],
		.bDeviceSubClass = r[5],
		.bDeviceProtocol = r[6],
		.bMaxPacketSize0 = r[7],
		.idVendor = le16(r + 8),
		.idProduct = le16(r + 10),
		.bcdDevice = le16(r + 12),
		.iManufacturer = r[14],
		.iProduct = r[15],
		.iSerialNumber = r[16],
		.bNumConfigurations = r[17],
	};
	return 0;
}

/* One allocation holding the parsed configuration, freed by free_config_descriptor. */
struct parsed_config {
	struct libusb_config_descriptor cfg;
	struct libusb_interface itf[4];
	struct libusb_interface_descriptor alt[4];
	struct libusb_endpoint_descriptor ep[4][4];
};

static struct libusb_config_descriptor *parse_config(const uint8_t *r, size_t len)
{
	struct parsed_config *p = calloc(1, sizeof(*p));
	int cur = -1;
	for (size_t off = 0; off + 2 <= len && r[off] >= 2; off += r[off]) {
		const uint8_t *d = r + off;
		if (d[1] == LIBUSB_DT_CONFIG) {
			p->cfg.bLength = d[0];
			p->cfg.bDescriptorType = d[1];
			p->cfg.wTotalLength = le16(d + 2);
			p->cfg.bNumInterfaces = d[4];
			p->cfg.bConfigurationValue = d[5];
			p->cfg.bmAttributes = d[7];
			p->cfg.MaxPower = d[8];
			p->cfg.interface = p->itf;
		} else if (d[1] == LIBUSB_DT_INTERFACE && cur < 3) {
			struct libusb_interface_descriptor *a = &p->alt[++cur];
			a->bLength = d[0];
			a->bDescriptorType = d[1];
			a->bInterfaceNumber = d[2];
			a->bAlternateSetting = d[3];
			a->bInterfaceClass = d[5];
			a->bInterfaceSubClass = d[6];
			a->bInterfaceProtocol = d[7];
			a->endpoint = p->ep[cur];
			p->itf[cur].altsetting = a;
			p->itf[cur].num_altsetting = 1;
		} else if (d[1] == LIBUSB_DT_ENDPOINT && cur >= 0 &&
		           p->alt[cur].bNumEndpoints < 4) {
			struct libusb_endpoint_descriptor *e =
			    &p->ep[cur][p->alt[cur].bNumEndpoints++];
			e->bLength = d[0];
			e->bDescriptorType = d[1];
			e->bEndpointAddress = d[2];
			e->bmAttributes = d[3];
			e->wMaxPacketSize = le16(d + 4);
			e->bInterval = d[6];
		}
	}
	assert_int_equal(p->cfg.wTotalLength, len);
	assert_int_equal(p->cfg.bNumInterfaces, cur + 1);
	return &p->cfg;
}

int __wrap_libusb_get_active_config_descriptor(libusb_device *dev,
                                               struct libusb_config_descriptor **config)
{
	if (!F.plugged[dev->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	*config = parse_config(F.cfg_desc[dev->idx], F.cfg_len[dev->idx]);
	return 0;
}

int __wrap_libusb_get_config_descriptor(libusb_device *dev, uint8_t index,
                                        struct libusb_config_descriptor **config)
{
	assert_int_equal(index, 0);
	return __wrap_libusb_get_active_config_descriptor(dev, config);
}

void __wrap_libusb_free_config_descriptor(struct libusb_config_descriptor *config)
{
	free(config);
}

int __wrap_libusb_open(libusb_device *dev, libusb_device_handle **h)
{
	if (F.open_rc)
		return F.open_rc;
	if (!F.plugged[dev->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	*h = malloc(sizeof(**h));
	(*h)->idx = dev->idx;
	F.opens++;
	return 0;
}

void __wrap_libusb_close(libusb_device_handle *h)
{
	F.closes++;
	free(h);
}

int __wrap_libusb_get_string_descriptor_ascii(libusb_device_handle *h, uint8_t index,
                                              unsigned char *data, int length)
{
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	if (h->idx != PRN || index != 3)
		return LIBUSB_ERROR_INVALID_PARAM;
	int n = (int)strlen(F.serial);
	if (n > length)
		n = length;
	memcpy(data, F.serial, (size_t)n);
	return n;
}

int __wrap_libusb_kernel_driver_active(libusb_device_handle *h, int iface)
{
	assert_int_equal(iface, 0);
	return F.plugged[h->idx] ? F.kernel_driver[h->idx] : LIBUSB_ERROR_NO_DEVICE;
}

int __wrap_libusb_detach_kernel_driver(libusb_device_handle *h, int iface)
{
	assert_int_equal(iface, 0);
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	F.kernel_driver[h->idx] = 0;
	F.detaches++;
	return 0;
}

int __wrap_libusb_attach_kernel_driver(libusb_device_handle *h, int iface)
{
	assert_int_equal(iface, 0);
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	F.kernel_driver[h->idx] = 1;
	F.attaches++;
	return 0;
}

int __wrap_libusb_claim_interface(libusb_device_handle *h, int iface)
{
	assert_int_equal(iface, 0);
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	if (F.claim_rc)
		return F.claim_rc;
	/* claiming while usblp holds the interface fails, as with the real kernel */
	if (F.kernel_driver[h->idx])
		return LIBUSB_ERROR_BUSY;
	F.claims++;
	return 0;
}

int __wrap_libusb_release_interface(libusb_device_handle *h, int iface)
{
	assert_int_equal(iface, 0);
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	F.releases++;
	return 0;
}

int __wrap_libusb_set_interface_alt_setting(libusb_device_handle *h, int iface, int alt)
{
	(void)h, (void)iface, (void)alt;
	fail_msg("the TM-T20 has no alternate setting to select");
	return LIBUSB_ERROR_NOT_SUPPORTED;
}

int __wrap_libusb_clear_halt(libusb_device_handle *h, unsigned char ep)
{
	(void)h, (void)ep;
	return 0;
}

int __wrap_libusb_bulk_transfer(libusb_device_handle *h, unsigned char ep, unsigned char *data,
                                int length, int *transferred, unsigned int timeout)
{
	assert_int_equal(h->idx, PRN);
	assert_true(timeout > 0);
	*transferred = 0;
	if (!F.plugged[h->idx])
		return LIBUSB_ERROR_NO_DEVICE;
	if (ep == 0x82) {
		if (F.in_rc) {
			int rc = F.in_rc;
			F.in_rc = 0;
			return rc;
		}
		if (F.pending_len == 0)
			return LIBUSB_ERROR_TIMEOUT;
		int n = (int)F.pending_len < length ? (int)F.pending_len : length;
		memcpy(data, F.pending, (size_t)n);
		memmove(F.pending, F.pending + n, F.pending_len - (size_t)n);
		F.pending_len -= (size_t)n;
		*transferred = n;
		return 0;
	}
	assert_int_equal(ep, 0x01);
	F.out_calls++;
	int rc = 0, n = length;
	if (F.out_at < F.out_len) {
		rc = F.out_script[F.out_at].rc;
		if (F.out_script[F.out_at].n >= 0 && F.out_script[F.out_at].n < n)
			n = F.out_script[F.out_at].n;
		F.out_at++;
	}
	assert_true(F.written_len + (size_t)n <= sizeof(F.written));
	memcpy(F.written + F.written_len, data, (size_t)n);
	F.written_len += (size_t)n;
	*transferred = n;
	/* a real-time status request: the printer answers on the IN endpoint */
	if (n == 3 && data[0] == 0x10 && data[1] == 0x04 && data[2] >= 1 && data[2] <= 4 &&
	    F.pending_len < sizeof(F.pending))
		F.pending[F.pending_len++] = F.status[data[2]];
	return rc;
}

/* ---- tests ---- */

static int setup(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

static void finds_printer_class_device_and_claims_it(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("usb:", &p), 0);
	/* the keyboard is skipped, the printer opened; usblp detached before claiming */
	assert_int_equal(F.opens, 1);
	assert_int_equal(F.detaches, 1);
	assert_int_equal(F.claims, 1);
	static const uint8_t ticket[] = { 0x1b, '@', 'A', ' ', '0', '4', '2', '\n', 0x1d, 'V', 1 };
	assert_int_equal(printer_write(p, ticket, sizeof(ticket), 1000), 0);
	assert_int_equal(F.written_len, sizeof(ticket));
	assert_memory_equal(F.written, ticket, sizeof(ticket));
	printer_close(p);
	/* released, usblp given back, closed, libusb shut down */
	assert_int_equal(F.releases, 1);
	assert_int_equal(F.attaches, 1);
	assert_int_equal(F.kernel_driver[PRN], 1);
	assert_int_equal(F.closes, 1);
	assert_int_equal(F.exits, F.inits);
}

static void finds_printer_by_vid_pid_and_serial(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("usb:04b8:0e15", &p), 0);
	printer_close(p);
	assert_int_equal(printer_open("usb:04B8:0E15?serial=X5DG012345", &p), 0);
	printer_close(p);
	assert_int_equal(printer_open("usb:04b8:0e15?serial=OTHER", &p), -ENODEV);
	assert_int_equal(printer_open("usb:1234:5678", &p), -ENODEV);
	/* the keyboard by its id: no printer or vendor interface with a bulk OUT */
	assert_int_equal(printer_open("usb:046d:c31c", &p), -ENODEV);
	assert_int_equal(F.exits, F.inits);
	assert_int_equal(F.opens, F.closes);
}

static void bad_usb_uris_are_refused(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("usb:04b8", &p), -EINVAL);
	assert_int_equal(printer_open("usb:04b8:0e1", &p), -EINVAL);
	assert_int_equal(printer_open("usb:zzzz:0e15", &p), -EINVAL);
	assert_int_equal(printer_open("usb:?serial=X", &p), -EINVAL); /* serial needs an id */
	assert_int_equal(printer_open("usb:04b8:0e15?colour=red", &p), -EINVAL);
	assert_int_equal(F.inits, 0);
}

static void open_reports_permission_and_busy_errors(void **state)
{
	(void)state;
	struct printer *p;
	F.open_rc = LIBUSB_ERROR_ACCESS;
	assert_int_equal(printer_open("usb:", &p), -EACCES);
	F.open_rc = 0;
	F.claim_rc = LIBUSB_ERROR_BUSY;
	assert_int_equal(printer_open("usb:", &p), -EBUSY);
	/* the kernel driver we detached is given back when claiming fails */
	assert_int_equal(F.kernel_driver[PRN], 1);
	assert_int_equal(F.opens, F.closes);
	assert_int_equal(F.exits, F.inits);
}

static void partial_writes_are_continued_in_order(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("usb:", &p), 0);
	script_out(0, 3);                    /* 3 of 10 taken */
	script_out(LIBUSB_ERROR_TIMEOUT, 2); /* timed out after 2 more */
	script_out(0, -1);                   /* the rest */
	const uint8_t data[] = "0123456789";
	assert_int_equal(printer_write(p, data, 10, 2000), 0);
	assert_int_equal(F.out_calls, 3);
	assert_int_equal(F.written_len, 10);
	assert_memory_equal(F.written, data, 10);
	printer_close(p);
}

static void stalled_printer_times_out(void **state)
{
	(void)state;
	struct printer *p;
	assert_int_equal(printer_open("usb:", &p), 0);
	script_out(LIBUSB_ERROR_TIMEOUT, 0);
	assert_int_equal(printer_write(p, (const uint8_t *)"abc", 3, 50), -ETIMEDOUT);
	script_out(LIBUSB_ERROR_IO, 0);
	assert_int_equal(printer_write(p, (const uint8_t *)"abc", 3, 50), -EIO);
	/* still connected: the next write goes through */
	assert_int_equal(printer_write(p, (const uint8_t *)"abc", 3, 50), 0);
	assert_int_equal(F.opens, 1);
	printer_close(p);
}

static enum printer_status status_with(uint8_t s1, uint8_t s2, uint8_t s4)
{
	struct printer *p;
	F.status[1] = s1;
	F.status[2] = s2;
	F.status[4] = s4;
	F.written_len = 0;
	assert_int_equal(printer_open("usb:04b8:0e15", &p), 0);
	enum printer_status st = (enum printer_status) - 1;
	assert_int_equal(printer_status(p, &st), 0);
	printer_close(p);
	/* DLE EOT 1, 2 and 4 were asked */
	static const uint8_t asked[] = { 0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4 };
	assert_int_equal(F.written_len, sizeof(asked));
	assert_memory_equal(F.written, asked, sizeof(asked));
	return st;
}

static void status_bytes_are_decoded_per_the_reference(void **state)
{
	(void)state;
	assert_int_equal(status_with(0x12, 0x12, 0x12), PRINTER_STATUS_OK);
	/* n=4 bits 2,3: roll paper near end; still online */
	assert_int_equal(status_with(0x12, 0x12, 0x1e), PRINTER_STATUS_PAPER_NEAR_END);
	/* paper out: offline (n=1 bit 3), stopped by paper end (n=2 bit 5), n=4 bits 5,6 */
	assert_int_equal(status_with(0x1a, 0x32, 0x72),
	                 PRINTER_STATUS_OFFLINE | PRINTER_STATUS_PAPER_OUT);
	/* cover open: offline, n=2 bit 2 */
	assert_int_equal(status_with(0x1a, 0x16, 0x12),
	                 PRINTER_STATUS_OFFLINE | PRINTER_STATUS_COVER_OPEN);
	/* everything at once, with near end */
	assert_int_equal(status_with(0x1a, 0x36, 0x7e),
	                 PRINTER_STATUS_OFFLINE | PRINTER_STATUS_COVER_OPEN |
	                     PRINTER_STATUS_PAPER_OUT | PRINTER_STATUS_PAPER_NEAR_END);
}

static void stale_or_missing_status_answers(void **state)
{
	(void)state;
	struct printer *p;
	enum printer_status st;
	assert_int_equal(printer_open("usb:", &p), 0);
	/* a stale byte waiting before the answer: the last well-formed byte counts */
	F.status[1] = 0x1a;
	F.pending[F.pending_len++] = 0x12;
	assert_int_equal(printer_status(p, &st), 0);
	assert_true(st & PRINTER_STATUS_OFFLINE);
	/* garbage instead of a status byte */
	F.pending[F.pending_len++] = 0xff;
	F.in_rc = 0;
	F.status[1] = 0x81;
	assert_int_equal(printer_status(p, &st), -EIO);
	/* a printer that does not answer */
	F.pending_len = 0;
	F.in_rc = LIBUSB_ERROR_TIMEOUT;
	assert_int_equal(printer_status(p, &st), -ETIMEDOUT);
	printer_close(p);
}

static void unplug_and_replug_reconnects(void **state)
{
	(void)state;
	struct printer *p;
	enum printer_status st;
	assert_int_equal(printer_open("usb:", &p), 0);
	assert_int_equal(printer_write(p, (const uint8_t *)"one\n", 4, 500), 0);

	unplug();
	assert_int_equal(printer_write(p, (const uint8_t *)"two\n", 4, 500), -ENODEV);
	assert_int_equal(F.closes, 1); /* handle dropped */
	assert_int_equal(printer_status(p, &st), 0);
	assert_int_equal(st, PRINTER_STATUS_DISCONNECTED);
	assert_int_equal(printer_write(p, (const uint8_t *)"two\n", 4, 500), -ENODEV);
	assert_int_equal(F.opens, 1);

	replug();
	assert_int_equal(printer_status(p, &st), 0);
	assert_int_equal(st, PRINTER_STATUS_OK);
	assert_int_equal(F.opens, 2);
	assert_int_equal(F.detaches, 2); /* usblp bound again on replug, detached again */
	F.written_len = 0;
	assert_int_equal(printer_write(p, (const uint8_t *)"three\n", 6, 500), 0);
	assert_memory_equal(F.written, "three\n", 6);

	/* unplugged in the middle of a status query */
	script_out(LIBUSB_ERROR_NO_DEVICE, 0);
	assert_int_equal(printer_status(p, &st), 0);
	assert_int_equal(st, PRINTER_STATUS_DISCONNECTED);
	printer_close(p);
	assert_int_equal(F.opens, F.closes);
	assert_int_equal(F.exits, F.inits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(finds_printer_class_device_and_claims_it, setup),
		cmocka_unit_test_setup(finds_printer_by_vid_pid_and_serial, setup),
		cmocka_unit_test_setup(bad_usb_uris_are_refused, setup),
		cmocka_unit_test_setup(open_reports_permission_and_busy_errors, setup),
		cmocka_unit_test_setup(partial_writes_are_continued_in_order, setup),
		cmocka_unit_test_setup(stalled_printer_times_out, setup),
		cmocka_unit_test_setup(status_bytes_are_decoded_per_the_reference, setup),
		cmocka_unit_test_setup(stale_or_missing_status_answers, setup),
		cmocka_unit_test_setup(unplug_and_replug_reconnects, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
