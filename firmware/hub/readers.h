/* readers.h — a small pool of read-only connections; WAL lets them read beside the writer. */
#ifndef CIVIQ_HUB_READERS_H
#define CIVIQ_HUB_READERS_H

#include <stddef.h>

#include <sqlite3.h>

#include "hub/stmt_cache.h"

struct hub_reader {
	sqlite3 *db;
	struct stmt_cache stmts;
};

struct hub_readers;

int hub_readers_open(const char *path, int count, struct hub_readers **out, char *err,
                     size_t errlen);
/* Waits for a free connection. */
struct hub_reader *hub_reader_acquire(struct hub_readers *p);
void hub_reader_release(struct hub_readers *p, struct hub_reader *r);
void hub_readers_close(struct hub_readers *p);

#endif
