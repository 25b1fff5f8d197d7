/* login_limit.h — refuses sign-in attempts after repeated failures, per key (the client's
 * address, the login name). In memory: a restart forgets, which is acceptable for a limit
 * measured in minutes. */
#ifndef CIVIQ_HUB_LOGIN_LIMIT_H
#define CIVIQ_HUB_LOGIN_LIMIT_H

#include <stdint.h>

struct login_limit;

/* After `attempts` failures of a key within `window_s`, the key is refused for `window_s`
 * from the last of them. 0, -ENOMEM. */
int login_limit_new(int attempts, int window_s, struct login_limit **out);
void login_limit_free(struct login_limit *l);
/* 0 when the key may try now, else the seconds until it may (for Retry-After). */
int login_limit_check(struct login_limit *l, const char *key, int64_t now);
void login_limit_fail(struct login_limit *l, const char *key, int64_t now);
/* A successful sign-in clears the key's failures. */
void login_limit_reset(struct login_limit *l, const char *key);

#endif
