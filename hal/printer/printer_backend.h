/* printer_backend.h — what the printer backends share inside hal/printer: the backend ops
 * tables and the fault simulation of the file: and sim: URIs. Not a public header.
 */
#ifndef CIVIQ_HAL_PRINTER_BACKEND_H
#define CIVIQ_HAL_PRINTER_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "hal/printer.h"

extern const struct printer_ops printer_file_ops;
extern const struct printer_ops printer_sim_ops;
extern const struct printer_ops printer_usb_ops;

/* Simulated faults, parsed from a URI query ("status=paper_out&disconnect_after=10"). */
struct printer_fault {
	enum printer_status status;
	int disconnect_armed;
	size_t disconnect_after; /* bytes accepted before the device "disappears" */
	size_t written;          /* bytes accepted so far */
};

/* Parses the query (the text after '?', may be NULL or empty); 0 or -EINVAL. */
int printer_fault_parse(const char *query, struct printer_fault *f);
/* Decides a write of len bytes: sets *accept to how many bytes the device takes and returns
 * 0 or the error the write must report once those bytes are stored. */
int printer_fault_write(struct printer_fault *f, size_t len, size_t *accept);

/* Splits "scheme:rest?query": returns rest (after ':') copied into buf without the query,
 * and *query pointing into uri after '?' (NULL when absent); -EINVAL when it does not fit. */
int printer_uri_split(const char *uri, char *buf, size_t size, const char **query);

#endif
