/* The "libnfc:" reader backend: PN532/PN533/ACR122 and the other libnfc devices.
 *   libnfc:                   libnfc's default device (LIBNFC_DEFAULT_DEVICE, libnfc.conf)
 *   libnfc:<connstring>       e.g. libnfc:pn532_uart:/dev/ttyS1 or pn532_uart:/dev/ttyS1:115200
 *   ...?timeout_ms=N          per-APDU timeout when the caller gives none (default 3000)
 * Polls ISO 14443 type A and B, keeps ISO 14443-4 cards, exchanges APDUs through
 * nfc_initiator_transceive_bytes (the chip does the ISO-DEP block chaining). PN53x frames carry
 * at most 262 bytes of data and libnfc 1.8 overruns its stack on a longer command, so commands
 * are checked here and plain extended-length READ BINARY is split into short reads. A reader
 * that stops answering is closed and opened again on the next wait for a card (unplug/replug).
 */
#include <errno.h>
#include <nfc/nfc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../nfc_apdu.h"
#include "../nfc_backends.h"
#include "common/log.h"
#include "hal/nfc.h"

#define LIBNFC_FRAME_MAX       262 /* data bytes in one PN53x InDataExchange, either way */
#define LIBNFC_DEFAULT_TIMEOUT 3000
#define LIBNFC_POLL_MS         50

struct libnfc_reader {
	nfc_context *ctx;
	nfc_device *dev;
	char *connstring; /* NULL: the default device */
	int timeout_ms;
	int have_target;
	nfc_target target;
	int lost_logged;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void drop_device(struct libnfc_reader *l, const char *why)
{
	if (!l->dev)
		return;
	log_warning("libnfc: reader lost (%s)", why);
	nfc_close(l->dev);
	l->dev = NULL;
	l->have_target = 0;
}

static int open_device(struct libnfc_reader *l)
{
	if (l->dev)
		return 0;
	l->dev = nfc_open(l->ctx, l->connstring);
	if (!l->dev) {
		if (!l->lost_logged)
			log_err("libnfc: cannot open reader %s",
			        l->connstring ? l->connstring : "(default device)");
		l->lost_logged = 1;
		return -ENODEV;
	}
	if (nfc_initiator_init(l->dev) < 0 ||
	    nfc_device_set_property_bool(l->dev, NP_INFINITE_SELECT, false) < 0 ||
	    nfc_device_set_property_bool(l->dev, NP_AUTO_ISO14443_4, true) < 0) {
		log_err("libnfc: cannot initialise %s: %s", nfc_device_get_name(l->dev),
		        nfc_strerror(l->dev));
		nfc_close(l->dev);
		l->dev = NULL;
		return -ENODEV;
	}
	log_info("libnfc: reader %s ready", nfc_device_get_name(l->dev));
	l->lost_logged = 0;
	return 0;
}

static int libnfc_open(struct nfc_reader *r, const char *uri)
{
	struct libnfc_reader *l = calloc(1, sizeof(*l));
	const char *spec = uri + 7, *q = strchr(spec, '?');
	int rc;

	if (!l)
		return -ENOMEM;
	l->timeout_ms = LIBNFC_DEFAULT_TIMEOUT;
	if (q) {
		char *end;
		long v;
		if (strncmp(q + 1, "timeout_ms=", 11) != 0)
			goto bad;
		v = strtol(q + 12, &end, 10);
		if (!q[12] || *end || v <= 0 || v > 600000)
			goto bad;
		l->timeout_ms = (int)v;
	}
	if (q ? q > spec : *spec) {
		size_t n = q ? (size_t)(q - spec) : strlen(spec);
		if (n >= sizeof(nfc_connstring))
			goto bad;
		l->connstring = strndup(spec, n);
		if (!l->connstring) {
			free(l);
			return -ENOMEM;
		}
	}
	nfc_init(&l->ctx);
	if (!l->ctx) {
		free(l->connstring);
		free(l);
		return -ENOMEM;
	}
	rc = open_device(l);
	if (rc < 0) {
		nfc_exit(l->ctx);
		free(l->connstring);
		free(l);
		return rc;
	}
	r->priv = l;
	return 0;
bad:
	free(l);
	return -EINVAL;
}

/* Historical bytes of an ATS (without TL): T0, then TA/TB/TC as T0 announces. */
static size_t ats_historical(const uint8_t *ats, size_t len, uint8_t *out, size_t cap)
{
	size_t off = 1;

	if (len < 1)
		return 0;
	off += !!(ats[0] & 0x10) + !!(ats[0] & 0x20) + !!(ats[0] & 0x40);
	if (off >= len)
		return 0;
	len -= off;
	if (len > cap)
		len = cap;
	memcpy(out, ats + off, len);
	return len;
}

/* One poll of type A then type B; 1 with an ISO 14443-4 card activated, 0 with none. */
static int poll_once(struct libnfc_reader *l, struct nfc_card_info *info)
{
	static const nfc_modulation mods[] = {
		{ .nmt = NMT_ISO14443A, .nbr = NBR_106 },
		{ .nmt = NMT_ISO14443B, .nbr = NBR_106 },
	};

	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		nfc_target t;
		int rc = nfc_initiator_select_passive_target(l->dev, mods[i], NULL, 0, &t);

		if (rc == 0 || rc == NFC_ETIMEOUT || rc == NFC_ERFTRANS)
			continue;
		if (rc < 0)
			return rc;
		memset(info, 0, sizeof(*info));
		if (mods[i].nmt == NMT_ISO14443A) {
			const nfc_iso14443a_info *a = &t.nti.nai;
			if (!(a->btSak & 0x20)) { /* not ISO 14443-4: no APDUs */
				nfc_initiator_deselect_target(l->dev);
				continue;
			}
			info->uid_len = a->szUidLen < NFC_UID_MAX ? a->szUidLen : NFC_UID_MAX;
			memcpy(info->uid, a->abtUid, info->uid_len);
			info->atr_len =
			    ats_historical(a->abtAts, a->szAtsLen, info->atr, NFC_ATR_MAX);
		} else {
			const nfc_iso14443b_info *b = &t.nti.nbi;
			if (!(b->abtProtocolInfo[1] & 0x01)) {
				nfc_initiator_deselect_target(l->dev);
				continue;
			}
			info->uid_len = 4;
			memcpy(info->uid, b->abtPupi, 4);
			memcpy(info->atr, b->abtApplicationData, 4);
			memcpy(info->atr + 4, b->abtProtocolInfo, 3);
			info->atr_len = 7;
		}
		l->target = t;
		l->have_target = 1;
		log_info("libnfc: ISO 14443-4 card, type %s",
		         mods[i].nmt == NMT_ISO14443A ? "A" : "B");
		return 1;
	}
	return 0;
}

static int libnfc_wait_card(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info)
{
	struct libnfc_reader *l = r->priv;
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	int rc, had_device = 0;

	l->have_target = 0;
	for (;;) {
		rc = open_device(l);
		if (rc == 0) {
			had_device = 1;
			rc = poll_once(l, info);
			if (rc == 1)
				return 0;
			if (rc < 0)
				drop_device(l, nfc_strerror(l->dev));
		}
		if (deadline >= 0 && now_ms() >= deadline)
			return l->dev || had_device ? -ETIMEDOUT : -ENODEV;
		sleep_ms(LIBNFC_POLL_MS);
	}
}

/* Maps a libnfc error of an exchange to the hal/nfc errno, looking at the card or the reader
 * when the error alone does not say which of them failed. */
static int exchange_error(struct libnfc_reader *l, int res)
{
	int present;

	switch (res) {
	case NFC_EOVFLOW:
		return -ENOBUFS;
	case NFC_EINVARG:
		return -EINVAL;
	case NFC_ETGRELEASED:
		l->have_target = 0;
		return -ENOMEDIUM;
	case NFC_ETIMEOUT:
	case NFC_ERFTRANS:
	case NFC_EIO:
	case NFC_ECHIP:
		break;
	default:
		drop_device(l, nfc_strerror(l->dev));
		return -ENODEV;
	}
	present = nfc_initiator_target_is_present(l->dev, &l->target);
	if (present == NFC_SUCCESS)
		return res == NFC_ETIMEOUT ? -ETIMEDOUT : -EPROTO;
	if (present == NFC_EIO || present == NFC_ETIMEOUT || present == NFC_ENOTSUCHDEV) {
		drop_device(l, "no answer");
		return -ENODEV;
	}
	l->have_target = 0;
	return -ENOMEDIUM;
}

static int exchange(struct libnfc_reader *l, const uint8_t *apdu, size_t len, uint8_t *resp,
                    size_t *resp_len, int timeout_ms)
{
	size_t cap = *resp_len < LIBNFC_FRAME_MAX ? *resp_len : LIBNFC_FRAME_MAX;
	int res;

	if (len > LIBNFC_FRAME_MAX)
		return -EMSGSIZE;
	res = nfc_initiator_transceive_bytes(l->dev, apdu, len, resp, cap, timeout_ms);
	if (res < 0)
		return exchange_error(l, res);
	if (res < 2)
		return -EPROTO;
	*resp_len = (size_t)res;
	return 0;
}

static int exchange_cb(void *ctx, const uint8_t *apdu, size_t len, uint8_t *resp, size_t *resp_len,
                       int timeout_ms)
{
	return exchange(ctx, apdu, len, resp, resp_len, timeout_ms);
}

static int libnfc_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                             size_t *resp_len, int timeout_ms)
{
	struct libnfc_reader *l = r->priv;

	if (!l->dev)
		return -ENODEV;
	if (!l->have_target)
		return -ENOMEDIUM;
	if (timeout_ms <= 0)
		timeout_ms = l->timeout_ms;
	if (nfc_apdu_is_extended_read(apdu, len))
		return nfc_apdu_split_read(exchange_cb, l, apdu, resp, resp_len, timeout_ms);
	return exchange(l, apdu, len, resp, resp_len, timeout_ms);
}

static int libnfc_card_present(struct nfc_reader *r)
{
	struct libnfc_reader *l = r->priv;
	int rc;

	if (!l->dev)
		return -ENODEV;
	if (!l->have_target)
		return 0;
	rc = nfc_initiator_target_is_present(l->dev, &l->target);
	if (rc == NFC_SUCCESS)
		return 1;
	if (rc == NFC_EIO || rc == NFC_ENOTSUCHDEV) {
		drop_device(l, "no answer");
		return -ENODEV;
	}
	l->have_target = 0;
	return 0;
}

static void libnfc_close(struct nfc_reader *r)
{
	struct libnfc_reader *l = r->priv;

	if (!l)
		return;
	if (l->dev) {
		if (l->have_target)
			nfc_initiator_deselect_target(l->dev);
		nfc_idle(l->dev);
		nfc_close(l->dev);
	}
	nfc_exit(l->ctx);
	free(l->connstring);
	free(l);
	r->priv = NULL;
}

const struct nfc_reader_ops nfc_libnfc_ops = {
	.open = libnfc_open,
	.wait_card = libnfc_wait_card,
	.transceive = libnfc_transceive,
	.card_present = libnfc_card_present,
	.close = libnfc_close,
};
