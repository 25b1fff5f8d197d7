/* pn532_emu.h — a PN532 on a pseudo-terminal, speaking the HSU frame protocol, with a virtual
 * card of hal/nfc/sim in its field: libnfc's own pn532_uart driver connects to the pty (wake-up,
 * SAMConfiguration, Diagnose, GetFirmwareVersion, registers, RFConfiguration,
 * InListPassiveTarget for type A and B, InDataExchange with MI chaining, ACK/NACK, error
 * frames), so tests run the real libnfc code path. Faults on demand: the card leaves the field,
 * garbage frames, silence, the reader unplugged and plugged back (a new pty behind the same
 * symlink). */
#ifndef CIVIQ_TESTS_PN532_EMU_H
#define CIVIQ_TESTS_PN532_EMU_H

#include <stddef.h>

#include "sim_card.h"

struct pn532_emu_opts {
	struct sim_card_config card;
	int type_b;       /* the card answers as ISO 14443 type B (else type A) */
	int absent;       /* no card in the field at the start */
	unsigned baud;    /* pace every byte as on a UART at this rate; 0: no pacing */
	const char *link; /* a symlink kept pointing at the current pty (for replugging) */
	/* each fault happens once, instead of the answer to APDU number N+1 (N = ..._after) */
	unsigned remove_after;  /* the card leaves the field (0: never) ... */
	int return_ms;          /* ... and is back after this long (0: stays away) */
	unsigned garbage_after; /* a response frame with a wrong checksum */
	unsigned silent_after;  /* no response frame */
	unsigned unplug_after;  /* the pty goes away ... */
	int replug_ms;          /* ... and a new one appears behind the link after this long */
	int quiet;
};

struct pn532_emu_stats {
	unsigned commands, apdus, bad_frames, nacks;
	size_t bytes_in, bytes_out;       /* on the wire, both ways */
	size_t max_data_in, max_data_out; /* largest InDataExchange data, command and response */
};

struct pn532_emu;

/* Opens the pty (and the link); NULL on failure with errno set. */
struct pn532_emu *pn532_emu_new(const struct pn532_emu_opts *o);
/* The path a driver opens: the link when given, else /dev/pts/N. */
const char *pn532_emu_path(const struct pn532_emu *e);
/* Serves until pn532_emu_stop(); 0 or a negative errno. */
int pn532_emu_run(struct pn532_emu *e);
/* From any thread or a signal handler. */
void pn532_emu_stop(struct pn532_emu *e);
void pn532_emu_get_stats(struct pn532_emu *e, struct pn532_emu_stats *out);
void pn532_emu_free(struct pn532_emu *e);

#endif
