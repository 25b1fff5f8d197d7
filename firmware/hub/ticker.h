/* ticker.h — the ticker line of the calling displays: a short text staff set on the hub
 * (PUT /api/v1/display/ticker), kept in the database across restarts and sent to the displays
 * with a `ticker` event, so every screen changes at once. */
#ifndef CIVIQ_HUB_TICKER_H
#define CIVIQ_HUB_TICKER_H

#include <stddef.h>
#include <stdint.h>

#include "hub/queue_ops.h"
#include "hub/readers.h"
#include "hub/writer.h"
#include "net/http_server.h"

#define HUB_TICKER_MAX 240 /* bytes of UTF-8, NUL excluded */

/* Whether `text` may be shown: at most HUB_TICKER_MAX bytes of valid UTF-8 without control
 * characters. "" (no ticker) is valid. */
bool hub_ticker_valid(const char *text);

/* Stores the text (""clears it), emits `ticker` {"text","at"} and writes the audit log.
 * Returns 0, -EINVAL for an invalid text, or a negative errno of the store. */
int hub_ticker_set(struct hub_writer *w, const char *text, const struct hub_actor *actor);

/* The current text ("" when none was set) and when it was set (0: never). */
int hub_ticker_get(struct hub_reader *r, char *out, size_t outlen, int64_t *updated_at);

/* PUT /api/v1/display/ticker {"text":"..."} → 200 {"text","updated_at"}. */
void api_display_ticker_put(void *ctx, struct http_request *req, struct http_response *resp);

#endif
