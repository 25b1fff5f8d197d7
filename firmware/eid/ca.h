/* ca.h — Chip Authentication version 2 (TR-03110 part 3, B.11.2), terminal side: key agreement
 * with the chip's static key from EF.CardSecurity and the ephemeral key TA announced; the chip
 * proves it holds the private key with its token, and secure messaging restarts with the new
 * session keys. */
#ifndef CIVIQ_EID_CA_H
#define CIVIQ_EID_CA_H

#include <stddef.h>
#include <stdint.h>

struct chan;
struct eac_ctx;

/* -EBADMSG: the chip's token does not verify (not a genuine chip). */
int ca_authenticate(struct chan *c, struct eac_ctx *ctx, const uint8_t *ef_cardsecurity,
                    size_t len);

#endif
