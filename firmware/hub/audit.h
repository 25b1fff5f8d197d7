/* audit.h — the staff audit log (table audit): who did what to which ticket number, when.
 * Rows carry logins or device names, actions, ticket labels and counters; never a citizen's
 * name. Kept for [staff] audit_retention_days, exported as CSV for supervisors. */
#ifndef CIVIQ_HUB_AUDIT_H
#define CIVIQ_HUB_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "hub/readers.h"
#include "hub/writer.h"

/* Appends one entry in its own writer operation (sign-in, sign-out, account changes). */
int audit_record(struct hub_writer *w, const char *actor, const char *action, const char *detail);
/* Appends one entry on a connection of its own (civiq-tool). */
int audit_insert(sqlite3 *db, int64_t now, const char *actor, const char *action,
                 const char *detail);
/* Deletes entries older than `before` (Unix s); returns how many or a negative errno. */
int audit_purge(sqlite3 *db, int64_t before);
/* Writes "at,actor,action,ticket,counter,detail" rows with at in [from, to) (Unix s), oldest
 * first, as RFC 4180 CSV with a header line. Cells that a spreadsheet would run as a formula
 * (= + - @ first) get a leading apostrophe. Returns rows written or a negative errno. */
int audit_write_csv(struct hub_reader *r, int64_t from, int64_t to, FILE *out);
/* One CSV cell, quoted when needed (shared with the statistics export). */
void csv_cell(FILE *out, const char *s);

#endif
