/* The "pcsc:" reader backend: any PC/SC reader through pcsc-lite (the certified German eID
 * readers are PC/SC devices).
 *   pcsc:                the first reader pcscd lists
 *   pcsc:<reader name>   that reader (the full name, or the start of it)
 * Card insertion and removal come from SCardGetStatusChange; commands longer than the reader
 * takes (SCARD_ATTR_MAXINPUT; short APDUs when it does not say) are refused, and a plain
 * extended READ BINARY is split into short reads for such readers. A restarted pcscd is
 * reconnected on the next wait for a card. PC/SC has no per-APDU timeout: the reader's driver
 * bounds each exchange. The socket is pcsc-lite's default or $PCSCLITE_CSOCK_NAME.
 */
#include <errno.h>
#include <reader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <winscard.h>

#include "../nfc_apdu.h"
#include "../nfc_backends.h"
#include "common/log.h"
#include "hal/nfc.h"

#define PCSC_SHORT_MAX 261 /* CLA INS P1 P2 Lc 255 bytes Le */
#define PCSC_WAIT_STEP 500
#define PCSC_SETTLE_MS 1500

struct pcsc_reader {
	SCARDCONTEXT ctx;
	int have_ctx;
	char *wanted; /* NULL: the first reader */
	char name[256];
	SCARDHANDLE card;
	int connected;
	DWORD proto;
	size_t max_cmd;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int pcsc_errno(LONG rv)
{
	switch (rv) {
	case SCARD_S_SUCCESS:
		return 0;
	case SCARD_W_REMOVED_CARD:
	case SCARD_E_NO_SMARTCARD:
	case SCARD_W_RESET_CARD:
	case SCARD_W_UNPOWERED_CARD:
	case SCARD_W_UNRESPONSIVE_CARD:
		return -ENOMEDIUM;
	case SCARD_E_TIMEOUT:
		return -ETIMEDOUT;
	case SCARD_E_INSUFFICIENT_BUFFER:
		return -ENOBUFS;
	case SCARD_E_NO_SERVICE:
	case SCARD_E_SERVICE_STOPPED:
	case SCARD_E_READER_UNAVAILABLE:
	case SCARD_E_UNKNOWN_READER:
	case SCARD_E_NO_READERS_AVAILABLE:
	case SCARD_E_INVALID_HANDLE:
		return -ENODEV;
	case SCARD_E_PROTO_MISMATCH:
	case SCARD_F_COMM_ERROR:
	case SCARD_E_NOT_TRANSACTED:
		return -EPROTO;
	default:
		return -EIO;
	}
}

static void disconnect(struct pcsc_reader *p, DWORD how)
{
	if (!p->connected)
		return;
	SCardDisconnect(p->card, how);
	p->connected = 0;
}

static void drop_context(struct pcsc_reader *p)
{
	disconnect(p, SCARD_LEAVE_CARD);
	if (p->have_ctx)
		SCardReleaseContext(p->ctx);
	p->have_ctx = 0;
	p->name[0] = 0;
}

/* Establishes the context and finds the reader; -ENODEV when pcscd or the reader is missing. */
static int find_reader(struct pcsc_reader *p)
{
	DWORD len = 0;
	char *list, *r;
	LONG rv;

	if (!p->have_ctx) {
		rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &p->ctx);
		if (rv != SCARD_S_SUCCESS)
			return -ENODEV;
		p->have_ctx = 1;
	}
	if (p->name[0])
		return 0;
	rv = SCardListReaders(p->ctx, NULL, NULL, &len);
	if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED) {
		drop_context(p);
		return -ENODEV;
	}
	if (rv != SCARD_S_SUCCESS || len == 0)
		return -ENODEV;
	list = calloc(1, len + 1);
	if (!list)
		return -ENOMEM;
	rv = SCardListReaders(p->ctx, NULL, list, &len);
	for (r = list; rv == SCARD_S_SUCCESS && *r; r += strlen(r) + 1) {
		if (!p->wanted || !strncmp(r, p->wanted, strlen(p->wanted))) {
			snprintf(p->name, sizeof(p->name), "%s", r);
			break;
		}
	}
	free(list);
	if (!p->name[0])
		return -ENODEV;
	log_info("pcsc: reader \"%s\"", p->name);
	return 0;
}

static int pcsc_open(struct nfc_reader *r, const char *uri)
{
	struct pcsc_reader *p = calloc(1, sizeof(*p));
	int rc;

	if (!p)
		return -ENOMEM;
	if (uri[5]) {
		p->wanted = strdup(uri + 5);
		if (!p->wanted) {
			free(p);
			return -ENOMEM;
		}
	}
	rc = find_reader(p);
	if (rc < 0) {
		log_err("pcsc: no reader %s%s(is pcscd running?)", p->wanted ? p->wanted : "",
		        p->wanted ? " " : "");
		drop_context(p);
		free(p->wanted);
		free(p);
		return rc;
	}
	r->priv = p;
	return 0;
}

static int connect_card(struct pcsc_reader *p, struct nfc_card_info *info)
{
	BYTE atr[MAX_ATR_SIZE], attr[4];
	DWORD atr_len = sizeof(atr), state, proto, name_len = 0, attr_len = sizeof(attr);
	LONG rv;

	rv = SCardConnect(p->ctx, p->name, SCARD_SHARE_EXCLUSIVE,
	                  SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_T0, &p->card, &p->proto);
	if (rv != SCARD_S_SUCCESS)
		return pcsc_errno(rv);
	p->connected = 1;
	rv = SCardStatus(p->card, NULL, &name_len, &state, &proto, atr, &atr_len);
	if (rv != SCARD_S_SUCCESS) {
		disconnect(p, SCARD_LEAVE_CARD);
		return pcsc_errno(rv);
	}
	p->max_cmd = PCSC_SHORT_MAX;
	if (SCardGetAttrib(p->card, SCARD_ATTR_MAXINPUT, attr, &attr_len) == SCARD_S_SUCCESS &&
	    attr_len == 4) {
		size_t v = (size_t)attr[0] | (size_t)attr[1] << 8 | (size_t)attr[2] << 16 |
		           (size_t)attr[3] << 24;
		if (v > PCSC_SHORT_MAX)
			p->max_cmd = v;
	}
	memset(info, 0, sizeof(*info));
	info->atr_len = atr_len < NFC_ATR_MAX ? atr_len : NFC_ATR_MAX;
	memcpy(info->atr, atr, info->atr_len);
	log_info("pcsc: card connected (T=%d, commands up to %zu bytes)",
	         p->proto == SCARD_PROTOCOL_T1 ? 1 : 0, p->max_cmd);
	return 0;
}

static int pcsc_wait_card(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info)
{
	struct pcsc_reader *p = r->priv;
	long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
	SCARD_READERSTATE rs;
	int rc, had_reader = 0;

	disconnect(p, SCARD_RESET_CARD); /* a fresh session for the next card */
	memset(&rs, 0, sizeof(rs));
	rs.dwCurrentState = SCARD_STATE_UNAWARE;
	for (;;) {
		long long left = deadline < 0 ? PCSC_WAIT_STEP : deadline - now_ms();
		LONG rv;

		if (left < 0)
			left = 0;
		rc = find_reader(p);
		if (rc == 0) {
			had_reader = 1;
			rs.szReader = p->name;
			rv = SCardGetStatusChange(
			    p->ctx, (DWORD)(left > PCSC_WAIT_STEP ? PCSC_WAIT_STEP : left), &rs, 1);
			if (rv == SCARD_S_SUCCESS) {
				rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
				if ((rs.dwEventState & SCARD_STATE_PRESENT) &&
				    !(rs.dwEventState & SCARD_STATE_MUTE)) {
					rc = connect_card(p, info);
					if (rc == 0)
						return 0;
				}
			} else if (rv != SCARD_E_TIMEOUT) {
				log_warning("pcsc: %s", pcsc_stringify_error(rv));
				drop_context(p); /* pcscd restarted or the reader went away */
				rs.dwCurrentState = SCARD_STATE_UNAWARE;
			}
		} else {
			struct timespec ts = { 0, 100000000L };
			nanosleep(&ts, NULL);
		}
		if (deadline >= 0 && now_ms() >= deadline)
			return had_reader ? -ETIMEDOUT : -ENODEV;
	}
}

/* After a failed exchange that does not say why: whether the card left (pcscd polls some
 * readers, so its view may lag by a poll period). */
static int card_gone(struct pcsc_reader *p)
{
	SCARD_READERSTATE rs = { .szReader = p->name, .dwCurrentState = SCARD_STATE_PRESENT };
	long long deadline = now_ms() + PCSC_SETTLE_MS;

	while (now_ms() < deadline) {
		LONG rv = SCardGetStatusChange(p->ctx, PCSC_SETTLE_MS, &rs, 1);
		if (rv != SCARD_S_SUCCESS)
			return rv != SCARD_E_TIMEOUT;
		if (!(rs.dwEventState & SCARD_STATE_PRESENT) ||
		    (rs.dwEventState & SCARD_STATE_MUTE))
			return 1;
		rs.dwCurrentState = rs.dwEventState & ~SCARD_STATE_CHANGED;
	}
	return 0;
}

static int exchange(void *ctx, const uint8_t *apdu, size_t len, uint8_t *resp, size_t *resp_len,
                    int timeout_ms)
{
	struct pcsc_reader *p = ctx;
	const SCARD_IO_REQUEST *pci = p->proto == SCARD_PROTOCOL_T1 ? SCARD_PCI_T1 : SCARD_PCI_T0;
	DWORD n =
	    (DWORD)(*resp_len < MAX_BUFFER_SIZE_EXTENDED ? *resp_len : MAX_BUFFER_SIZE_EXTENDED);
	LONG rv;
	int rc;

	(void)timeout_ms;
	rv = SCardTransmit(p->card, pci, apdu, (DWORD)len, NULL, resp, &n);
	if (rv != SCARD_S_SUCCESS) {
		rc = pcsc_errno(rv);
		log_debug("pcsc: transmit: %s", pcsc_stringify_error(rv));
		if ((rc == -EPROTO || rc == -EIO) && card_gone(p))
			rc = -ENOMEDIUM;
		if (rc == -ENOMEDIUM || rc == -ENODEV)
			disconnect(p, SCARD_LEAVE_CARD);
		if (rc == -ENODEV)
			drop_context(p);
		return rc;
	}
	if (n < 2) {
		log_debug("pcsc: response of %lu bytes", (unsigned long)n);
		return card_gone(p) ? -ENOMEDIUM : -EPROTO;
	}
	*resp_len = n;
	return 0;
}

static int pcsc_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                           size_t *resp_len, int timeout_ms)
{
	struct pcsc_reader *p = r->priv;

	if (!p->have_ctx)
		return -ENODEV;
	if (!p->connected)
		return -ENOMEDIUM;
	if (p->max_cmd <= PCSC_SHORT_MAX && nfc_apdu_is_extended_read(apdu, len))
		return nfc_apdu_split_read(exchange, p, apdu, resp, resp_len, timeout_ms);
	if (len > p->max_cmd)
		return -EMSGSIZE;
	return exchange(p, apdu, len, resp, resp_len, timeout_ms);
}

static int pcsc_card_present(struct nfc_reader *r)
{
	struct pcsc_reader *p = r->priv;
	SCARD_READERSTATE rs = { .szReader = p->name, .dwCurrentState = SCARD_STATE_UNAWARE };
	LONG rv;

	if (!p->have_ctx || !p->name[0])
		return -ENODEV;
	rv = SCardGetStatusChange(p->ctx, 0, &rs, 1);
	if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
		return pcsc_errno(rv) == -ENODEV ? -ENODEV : 0;
	if (!(rs.dwEventState & SCARD_STATE_PRESENT)) {
		disconnect(p, SCARD_LEAVE_CARD);
		return 0;
	}
	return 1;
}

static void pcsc_close(struct nfc_reader *r)
{
	struct pcsc_reader *p = r->priv;

	if (!p)
		return;
	disconnect(p, SCARD_RESET_CARD);
	drop_context(p);
	free(p->wanted);
	free(p);
	r->priv = NULL;
}

const struct nfc_reader_ops nfc_pcsc_ops = {
	.open = pcsc_open,
	.wait_card = pcsc_wait_card,
	.transceive = pcsc_transceive,
	.card_present = pcsc_card_present,
	.close = pcsc_close,
};
