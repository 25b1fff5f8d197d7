/* vpcd_card.h — the card side of vsmartcard's virtual-reader protocol, played by the virtual
 * cards of hal/nfc/sim: connects to a listening reader (civiq's vpcd: backend, or pcscd's vpcd
 * driver) and answers control codes and APDUs over a real TCP socket, with faults on demand. */
#ifndef CIVIQ_TESTS_VPCD_CARD_H
#define CIVIQ_TESTS_VPCD_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "sim_card.h"

enum vpcd_card_fault {
	VPCD_FAULT_NONE,
	VPCD_FAULT_REMOVE,    /* close the connection instead of answering */
	VPCD_FAULT_ZERO_LEN,  /* answer with a zero length prefix */
	VPCD_FAULT_HUGE_LEN,  /* announce 65535 bytes, send a few, close */
	VPCD_FAULT_TRUNCATED, /* announce 200 bytes, send 10, close */
	VPCD_FAULT_SHORT,     /* a 1-byte response (no status word); the card stays */
	VPCD_FAULT_SILENT,    /* never answer; wait for the reader to hang up */
};

struct vpcd_card_opts {
	const char *host; /* default 127.0.0.1 */
	int port;         /* default 35963 */
	struct sim_card_config card;
	unsigned sessions; /* connections to serve, one after the other; 0: 1 */
	/* in the first session only: the fault instead of the answer to APDU number fault_after+1
	 */
	enum vpcd_card_fault fault;
	unsigned fault_after;
	int connect_timeout_ms; /* retrying while the reader is not listening yet; 0: 10 s */
	int quiet;              /* no progress lines on stderr */
};

/* Serves the sessions; 0 when all were served, or a negative errno (-ETIMEDOUT: no reader). */
int vpcd_card_run(const struct vpcd_card_opts *o);
/* Full ATR (3B 8n 80 01 + historical bytes + TCK) for a contactless card's historical bytes. */
size_t vpcd_card_atr(const uint8_t *hist, size_t hist_len, uint8_t *out, size_t cap);
const char *vpcd_card_fault_name(enum vpcd_card_fault f);
int vpcd_card_fault_parse(const char *name, enum vpcd_card_fault *out);

#endif
