/* staff_assets.h — the staff client's files (firmware/hub/staff), embedded at build time by
 * embed_assets.cmake, so the hub serves them without anything on disk. */
#ifndef CIVIQ_HUB_STAFF_ASSETS_H
#define CIVIQ_HUB_STAFF_ASSETS_H

#include <stddef.h>

struct staff_asset {
	const char *name; /* "index.html", "app.js" ... */
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

extern const struct staff_asset staff_assets[];
extern const size_t staff_n_assets;

/* The asset of that name, or NULL. */
const struct staff_asset *staff_asset_find(const char *name);

#endif
