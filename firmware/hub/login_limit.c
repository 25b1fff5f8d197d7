/* login_limit.c — a small fixed table; when full, the entry idle longest is reused. */
#include "hub/login_limit.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS   256
#define KEY_MAX 96

struct slot {
	char key[KEY_MAX];
	int fails;
	int64_t first, last; /* of the failures counted */
};

struct login_limit {
	pthread_mutex_t lock;
	int attempts, window_s;
	struct slot slots[SLOTS];
};

int login_limit_new(int attempts, int window_s, struct login_limit **out)
{
	struct login_limit *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	pthread_mutex_init(&l->lock, NULL);
	l->attempts = attempts > 0 ? attempts : 5;
	l->window_s = window_s > 0 ? window_s : 300;
	*out = l;
	return 0;
}

void login_limit_free(struct login_limit *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static struct slot *find(struct login_limit *l, const char *key)
{
	for (int i = 0; i < SLOTS; i++)
		if (l->slots[i].key[0] && !strncmp(l->slots[i].key, key, KEY_MAX - 1))
			return &l->slots[i];
	return NULL;
}

/* Forgets a slot whose failures are older than the window. */
static void expire(struct login_limit *l, struct slot *s, int64_t now)
{
	if (s && s->key[0] && now - s->last >= l->window_s)
		memset(s, 0, sizeof(*s));
}

int login_limit_check(struct login_limit *l, const char *key, int64_t now)
{
	int wait = 0;

	pthread_mutex_lock(&l->lock);
	struct slot *s = find(l, key);
	expire(l, s, now);
	if (s && s->key[0] && s->fails >= l->attempts)
		wait = (int)(s->last + l->window_s - now);
	pthread_mutex_unlock(&l->lock);
	return wait > 0 ? wait : 0;
}

void login_limit_fail(struct login_limit *l, const char *key, int64_t now)
{
	pthread_mutex_lock(&l->lock);
	struct slot *s = find(l, key);
	expire(l, s, now);
	if (!s || !s->key[0]) {
		struct slot *oldest = &l->slots[0];
		for (int i = 0; i < SLOTS; i++) {
			if (!l->slots[i].key[0]) {
				oldest = &l->slots[i];
				break;
			}
			if (l->slots[i].last < oldest->last)
				oldest = &l->slots[i];
		}
		s = oldest;
		memset(s, 0, sizeof(*s));
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->first = now;
	}
	s->fails++;
	s->last = now;
	pthread_mutex_unlock(&l->lock);
}

void login_limit_reset(struct login_limit *l, const char *key)
{
	pthread_mutex_lock(&l->lock);
	struct slot *s = find(l, key);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&l->lock);
}
