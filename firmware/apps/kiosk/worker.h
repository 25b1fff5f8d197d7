/* worker.h — carries out the flow's requests (hub calls, card reads, printing) on a thread of
 * its own, so the screen keeps drawing, and hands the answers back as flow events. */
#ifndef CIVIQ_APPS_KIOSK_WORKER_H
#define CIVIQ_APPS_KIOSK_WORKER_H

#include <stdbool.h>

#include "kiosk/kiosk_config.h"
#include "kiosk/kiosk_flow.h"

struct worker;
struct kiosk_offline;

/* wake(ctx) is called from the worker thread after an answer was queued. */
int worker_start(const struct kiosk_config *cfg, struct kiosk_offline *offline,
                 void (*wake)(void *ctx), void *ctx, struct worker **out);
void worker_stop(struct worker *w);
/* Queues a request (the worker wipes its copy of a CAN after use). */
void worker_submit(struct worker *w, const struct kiosk_request *r);
/* The next answer, if any. */
bool worker_poll(struct worker *w, struct kiosk_event *ev);
/* Stops a wait for a card that the citizen no longer needs. */
void worker_cancel_card_wait(struct worker *w);
/* Whether a card reader is configured and open. */
bool worker_has_reader(const struct worker *w);
/* Whether the last hub call failed for want of the hub. */
bool worker_offline(const struct worker *w);

#endif
