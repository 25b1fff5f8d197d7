/* The "sim:" reader backend: a virtual card in a virtual field, with failure injection.
 *   sim:npa | sim:epass [?option&option...]
 *   pki=DIR          test PKI (tests/eid/make-test-pki); default $CIVIQ_SIM_PKI if set
 *   can=N, pin=N     the card's CAN / PIN (default 123456)
 *   remove_after=N   the card leaves the field after the Nth APDU
 *   corrupt_mac=N    the last byte before the status word of the Nth response is flipped
 *   slow_ms=N        the card takes N ms per APDU (longer than the caller's timeout: -ETIMEDOUT)
 *   bad_signature=1  security objects signed outside the CSCA set
 *   bad_dg_hash=1    EF.SOD carries a wrong hash of DG1
 *   absent=1         no card in the field
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../nfc_backends.h"
#include "hal/nfc.h"
#include "sim_card.h"

struct sim_reader {
	struct sim_card *card;
	unsigned apdus;
	unsigned remove_after, corrupt_mac;
	int slow_ms, absent, removed;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int parse_uint(const char *v, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (!*v || *end || n > 1000000)
		return -EINVAL;
	*out = (unsigned)n;
	return 0;
}

static int sim_open(struct nfc_reader *r, const char *uri)
{
	struct sim_card_config cfg = { 0 };
	struct sim_reader *s;
	char *opts, *save = NULL, *kv, *copy;
	const char *kind = uri + 4;
	unsigned v;
	int rc = 0;

	if (strncmp(kind, "npa", 3) == 0 && (kind[3] == 0 || kind[3] == '?'))
		cfg.kind = SIM_CARD_NPA;
	else if (strncmp(kind, "epass", 5) == 0 && (kind[5] == 0 || kind[5] == '?'))
		cfg.kind = SIM_CARD_EPASS;
	else
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	copy = strdup(uri);
	if (!s || !copy) {
		free(s);
		free(copy);
		return -ENOMEM;
	}
	cfg.pki_dir = getenv("CIVIQ_SIM_PKI");
	opts = strchr(copy, '?');
	for (kv = opts ? strtok_r(opts + 1, "&", &save) : NULL; kv && rc == 0;
	     kv = strtok_r(NULL, "&", &save)) {
		char *val = strchr(kv, '=');
		if (!val) {
			rc = -EINVAL;
			break;
		}
		*val++ = 0;
		if (!strcmp(kv, "pki"))
			cfg.pki_dir = val;
		else if (!strcmp(kv, "can"))
			cfg.can = val;
		else if (!strcmp(kv, "pin"))
			cfg.pin = val;
		else if (!strcmp(kv, "remove_after"))
			rc = parse_uint(val, &s->remove_after);
		else if (!strcmp(kv, "corrupt_mac"))
			rc = parse_uint(val, &s->corrupt_mac);
		else if (!strcmp(kv, "slow_ms") && (rc = parse_uint(val, &v)) == 0)
			s->slow_ms = (int)v;
		else if (!strcmp(kv, "bad_signature") && (rc = parse_uint(val, &v)) == 0)
			cfg.bad_signature = (int)v;
		else if (!strcmp(kv, "bad_dg_hash") && (rc = parse_uint(val, &v)) == 0)
			cfg.bad_dg_hash = (int)v;
		else if (!strcmp(kv, "absent") && (rc = parse_uint(val, &v)) == 0)
			s->absent = (int)v;
		else if (rc == 0)
			rc = -EINVAL;
	}
	if (rc == 0) {
		s->card = sim_card_new(&cfg);
		if (!s->card)
			rc = -errno;
	}
	free(copy);
	if (rc < 0) {
		free(s);
		return rc;
	}
	r->priv = s;
	return 0;
}

static int sim_wait_card(struct nfc_reader *r, int timeout_ms, struct nfc_card_info *info)
{
	struct sim_reader *s = r->priv;
	const uint8_t *atr;

	if (s->absent || s->removed) {
		if (timeout_ms > 0)
			sleep_ms(timeout_ms < 50 ? timeout_ms : 50);
		return -ETIMEDOUT;
	}
	sim_card_reset(s->card);
	memset(info, 0, sizeof(*info));
	memcpy(info->uid, "\x08\x12\x34\x56", 4); /* random-UID style, as the nPA */
	info->uid_len = 4;
	atr = sim_card_atr(s->card, &info->atr_len);
	memcpy(info->atr, atr, info->atr_len);
	return 0;
}

static int sim_transceive(struct nfc_reader *r, const uint8_t *apdu, size_t len, uint8_t *resp,
                          size_t *resp_len, int timeout_ms)
{
	struct sim_reader *s = r->priv;
	int rc;

	if (s->absent || s->removed)
		return -ENOMEDIUM;
	s->apdus++;
	if (s->remove_after && s->apdus > s->remove_after) {
		s->removed = 1;
		return -ENOMEDIUM;
	}
	if (s->slow_ms) {
		if (timeout_ms >= 0 && s->slow_ms > timeout_ms) {
			sleep_ms(timeout_ms);
			return -ETIMEDOUT;
		}
		sleep_ms(s->slow_ms);
	}
	rc = sim_card_process_apdu(s->card, apdu, len, resp, resp_len);
	if (rc < 0)
		return -EPROTO;
	if (s->corrupt_mac == s->apdus && *resp_len > 2)
		resp[*resp_len - 3] ^= 0x01;
	return 0;
}

static int sim_card_present(struct nfc_reader *r)
{
	struct sim_reader *s = r->priv;

	return !(s->absent || s->removed);
}

static void sim_close(struct nfc_reader *r)
{
	struct sim_reader *s = r->priv;

	if (!s)
		return;
	sim_card_free(s->card);
	free(s);
	r->priv = NULL;
}

const struct nfc_reader_ops nfc_sim_ops = {
	.open = sim_open,
	.wait_card = sim_wait_card,
	.transceive = sim_transceive,
	.card_present = sim_card_present,
	.close = sim_close,
};
