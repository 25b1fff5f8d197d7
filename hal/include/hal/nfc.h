/* nfc.h — a contactless card reader, whatever it is attached to (PN532, PC/SC, a virtual card).
 *
 * A reader is opened from a URI whose scheme picks the backend from one table in hal/nfc/nfc.c
 * ("sim:npa", "sim:epass"; others as they are built in). All calls return 0 or a negative errno:
 * -ENODEV the reader is gone, -ENOMEDIUM no card / the card was removed, -ETIMEDOUT the card did
 * not answer in time, -EPROTO the card or reader sent garbage, -ENOTSUP the backend lacks the op.
 */
#ifndef CIVIQ_HAL_NFC_H
#define CIVIQ_HAL_NFC_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define NFC_UID_MAX 10
#define NFC_ATR_MAX 33

struct nfc_card_info {
	uint8_t uid[NFC_UID_MAX];
	size_t uid_len;
	uint8_t atr[NFC_ATR_MAX]; /* ATR or ATS historical bytes, as the backend knows them */
	size_t atr_len;
};

struct nfc_reader;

struct nfc_reader_ops {
	int (*open)(struct nfc_reader *r, const char *uri);
	/* Waits up to timeout_ms (< 0: forever) for an ISO 14443-4 card and activates it. */
	int (*wait_card)(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info);
	/* Sends one APDU and receives the response (data + SW1 SW2). *resp_len holds the capacity
	 * of resp on entry and the length received on return. */
	int (*transceive)(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
	                  size_t *resp_len, int timeout_ms);
	/* 1 when a card is in the field, 0 when not, or a negative errno. */
	int (*card_present)(struct nfc_reader *r);
	void (*close)(struct nfc_reader *r);
};

struct nfc_reader {
	const struct nfc_reader_ops *ops;
	void *priv; /* backend state, owned by the backend */
};

/* Opens the reader a URI names; *out is freed by nfc_reader_close(). -ENOENT: no backend for
 * the URI's scheme (or it was not built in); -EINVAL: malformed URI or options. */
int nfc_reader_open(const char *uri, struct nfc_reader **out);
/* Closes the reader and frees it; NULL is a no-op. */
void nfc_reader_close(struct nfc_reader *r);
/* The schemes compiled in, NULL-terminated (for --help texts). */
const char *const *nfc_reader_schemes(void);

static inline int nfc_wait_card(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info)
{
	return r->ops->wait_card ? r->ops->wait_card(r, timeout_ms, info) : -ENOTSUP;
}

static inline int nfc_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len,
                                 uint8_t *resp, size_t *resp_len, int timeout_ms)
{
	return r->ops->transceive ? r->ops->transceive(r, apdu, len, resp, resp_len, timeout_ms)
	                          : -ENOTSUP;
}

static inline int nfc_card_present(struct nfc_reader *r)
{
	return r->ops->card_present ? r->ops->card_present(r) : -ENOTSUP;
}

#endif
