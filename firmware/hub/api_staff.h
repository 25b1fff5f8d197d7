/* api_staff.h — the handlers of the staff client (api_staff.c, api_staff_page.c). */
#ifndef CIVIQ_HUB_API_STAFF_H
#define CIVIQ_HUB_API_STAFF_H

#include <stddef.h>
#include <stdint.h>

#include "net/http_server.h"

void api_session_create(void *ctx, struct http_request *req, struct http_response *resp);
void api_session_get(void *ctx, struct http_request *req, struct http_response *resp);
void api_session_delete(void *ctx, struct http_request *req, struct http_response *resp);
void api_audit_csv(void *ctx, struct http_request *req, struct http_response *resp);
void api_counter_current(void *ctx, struct http_request *req, struct http_response *resp);
void api_stats(void *ctx, struct http_request *req, struct http_response *resp);
void api_stats_csv(void *ctx, struct http_request *req, struct http_response *resp);
void api_service_edit(void *ctx, struct http_request *req, struct http_response *resp);
void api_counter_edit(void *ctx, struct http_request *req, struct http_response *resp);
void api_accounts_list(void *ctx, struct http_request *req, struct http_response *resp);
void api_account_add(void *ctx, struct http_request *req, struct http_response *resp);
void api_account_disable(void *ctx, struct http_request *req, struct http_response *resp);
void api_account_enable(void *ctx, struct http_request *req, struct http_response *resp);
void api_account_password(void *ctx, struct http_request *req, struct http_response *resp);
void api_staff_page(void *ctx, struct http_request *req, struct http_response *resp);
void api_staff_asset(void *ctx, struct http_request *req, struct http_response *resp);

/* The ?from=YYYY-MM-DD&to=YYYY-MM-DD days (inclusive; default the last 30 days) as Unix
 * [from, to) in local time, and a label for file names. On error answers 422 and returns
 * -EINVAL. */
int api_day_range(struct http_request *req, struct http_response *resp, int64_t *from, int64_t *to,
                  char *label, size_t label_len);

#endif
