/* chan.h — the channel to one card: plain or secure messaging, command chaining for long data,
 * counters for the benchmark. Logs APDU headers and status words only, never data fields. */
#ifndef CIVIQ_EID_CHAN_H
#define CIVIQ_EID_CHAN_H

#include <stddef.h>
#include <stdint.h>

#include "eid/apdu.h"
#include "eid/sm.h"

struct nfc_reader;

/* Largest plain data in one command or response, so that a protected APDU and its protected
 * response stay within 223 data bytes and 262-byte reader frames. */
#define CHAN_CHUNK 0xBF

struct chan_stats {
	unsigned apdus;
	size_t bytes_out, bytes_in;
};

struct chan {
	struct nfc_reader *reader;
	struct sm_ctx sm; /* kind SM_NONE: plain */
	int timeout_ms;
	struct chan_stats stats;
};

void chan_init(struct chan *c, struct nfc_reader *reader, int timeout_ms);
/* Sends a command (chained in CHAN_CHUNK pieces when longer), through secure messaging when
 * set. Returns 0 with the response data and SW, or a negative errno for transport and secure
 * messaging failures (-EBADMSG: the response failed its MAC check). */
int chan_transmit(struct chan *c, const struct apdu *cmd, uint8_t *resp, size_t cap,
                  size_t *resp_len, uint16_t *sw);
/* chan_transmit, then any SW but 9000 becomes its errno (apdu_sw_errno). */
int chan_command(struct chan *c, const struct apdu *cmd, uint8_t *resp, size_t cap,
                 size_t *resp_len, uint16_t *sw);
/* SELECT by file id (P1 02, under the current DF) or application id (P1 04). */
int chan_select_ef(struct chan *c, uint16_t fid);
int chan_select_aid(struct chan *c, const uint8_t *aid, size_t len);
/* Reads a whole transparent EF: by short file identifier (sfi 1..30) or, with sfi 0, the
 * currently selected EF. The length comes from the file's outer TLV. *out is malloc'd; free it
 * with OPENSSL_clear_free(*out, *len) when it may hold personal data. */
int chan_read_file(struct chan *c, int sfi, uint8_t **out, size_t *len);

#endif
