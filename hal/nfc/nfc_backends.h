/* nfc_backends.h — the ops tables of the reader backends, for the table in nfc.c only. */
#ifndef CIVIQ_HAL_NFC_BACKENDS_H
#define CIVIQ_HAL_NFC_BACKENDS_H

#include "hal/nfc.h"

extern const struct nfc_reader_ops nfc_sim_ops;
extern const struct nfc_reader_ops nfc_vpcd_ops;
extern const struct nfc_reader_ops nfc_libnfc_ops;
extern const struct nfc_reader_ops nfc_pcsc_ops;

#endif
