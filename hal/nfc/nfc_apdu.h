/* nfc_apdu.h — APDU helpers shared by the reader backends (not a public interface): readers
 * with small frames or without extended-length support split a plain extended READ BINARY
 * into short reads. */
#ifndef CIVIQ_HAL_NFC_APDU_H
#define CIVIQ_HAL_NFC_APDU_H

#include <stddef.h>
#include <stdint.h>

typedef int (*nfc_exchange_fn)(void *ctx, const uint8_t *apdu, size_t len, uint8_t *resp,
                               size_t *resp_len, int timeout_ms);

/* 1 for READ BINARY (B0) without secure messaging and with an extended Le other than 256
 * (00 B0 P1 P2 00 LeH LeL), else 0. */
int nfc_apdu_is_extended_read(const uint8_t *apdu, size_t len);
/* Sends such a READ BINARY as short reads of up to 256 bytes through fn, joined: the data read
 * and the last status word, as the card would answer the extended read. Stops at the end of
 * the file (a short answer) or at a status word other than 9000. */
int nfc_apdu_split_read(nfc_exchange_fn fn, void *ctx, const uint8_t *apdu, uint8_t *resp,
                        size_t *resp_len, int timeout_ms);

#endif
