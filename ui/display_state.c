/* display_state.c — the calling display's state machine. */
#include "display_state.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void display_state_init(struct display_state *s)
{
	memset(s, 0, sizeof(*s));
	s->history_max = 8;
	s->blinks = 3;
	s->blink_ms = 1000;
}

bool display_filter_accepts(const struct display_filter *f, int counter, const char *service)
{
	bool ok = f->n_counters == 0;

	for (size_t i = 0; i < f->n_counters && !ok; i++)
		ok = f->counters[i] == counter;
	if (!ok)
		return false;
	if (f->n_services == 0 || !service || !service[0])
		return true;
	for (size_t i = 0; i < f->n_services; i++)
		if (!strcmp(f->services[i], service))
			return true;
	return false;
}

static void history_remove(struct display_state *s, const char *number)
{
	for (size_t i = 0; i < s->n_history; i++) {
		if (strcmp(s->history[i].number, number))
			continue;
		memmove(&s->history[i], &s->history[i + 1],
		        (s->n_history - i - 1) * sizeof(s->history[0]));
		s->n_history--;
		return;
	}
}

static void history_push(struct display_state *s, const struct display_call *c)
{
	size_t max = s->history_max < DISPLAY_HISTORY_MAX ? s->history_max : DISPLAY_HISTORY_MAX;

	if (max == 0)
		return;
	history_remove(s, c->number);
	if (s->n_history >= max)
		s->n_history = max - 1;
	memmove(&s->history[1], &s->history[0], s->n_history * sizeof(s->history[0]));
	s->history[0] = *c;
	s->n_history++;
}

bool display_state_call(struct display_state *s, const struct display_call *c, int64_t now)
{
	if (!display_filter_accepts(&s->filter, c->counter, c->service))
		return false;
	/* A new call ends the blinking of the previous one early. */
	if (s->has_current && strcmp(s->current.number, c->number))
		history_push(s, &s->current);
	history_remove(s, c->number);
	s->current = *c;
	s->current_since = now;
	s->has_current = true;
	if (s->blinks <= 0) {
		history_push(s, c);
		s->has_current = false;
	}
	s->version++;
	return true;
}

bool display_state_remember(struct display_state *s, const struct display_call *c)
{
	if (!display_filter_accepts(&s->filter, c->counter, c->service))
		return false;
	if (s->has_current && !strcmp(s->current.number, c->number))
		return true;
	history_push(s, c);
	s->version++;
	return true;
}

bool display_state_tick(struct display_state *s, int64_t now)
{
	if (!s->has_current || now - s->current_since < (int64_t)s->blinks * s->blink_ms)
		return false;
	history_push(s, &s->current);
	s->has_current = false;
	s->version++;
	return true;
}

bool display_state_blink_on(const struct display_state *s, int64_t now)
{
	if (!s->has_current || s->blink_ms <= 0)
		return s->has_current;
	int64_t t = now - s->current_since;
	if (t < 0)
		return true;
	return t % s->blink_ms < s->blink_ms * 6 / 10;
}

int64_t display_state_next_change(const struct display_state *s, int64_t now)
{
	if (!s->has_current || s->blink_ms <= 0)
		return -1;
	int64_t t = now - s->current_since, on = s->blink_ms * 6 / 10;
	int64_t end = (int64_t)s->blinks * s->blink_ms;
	if (t < 0)
		return -t;
	if (t >= end)
		return 0;
	int64_t phase = t % s->blink_ms;
	int64_t next = phase < on ? on - phase : s->blink_ms - phase;
	return next < end - t ? next : end - t;
}

void display_state_reload(struct display_state *s, const struct display_call *calls, size_t n,
                          uint64_t last_event_id)
{
	s->n_history = 0;
	/* Oldest first, so that the newest ends on top. */
	for (size_t i = n; i-- > 0;) {
		if (!display_filter_accepts(&s->filter, calls[i].counter, calls[i].service))
			continue;
		if (s->has_current && !strcmp(calls[i].number, s->current.number))
			continue;
		history_push(s, &calls[i]);
	}
	s->last_event_id = last_event_id;
	s->version++;
}

static bool service_shown(const struct display_state *s, const char *service)
{
	if (s->filter.n_services == 0)
		return true;
	for (size_t i = 0; i < s->filter.n_services; i++)
		if (!strcmp(s->filter.services[i], service))
			return true;
	return false;
}

void display_state_set_waiting(struct display_state *s, const char *service, const char *label,
                               int count)
{
	size_t i;

	if (!service_shown(s, service))
		return;
	for (i = 0; i < s->n_waiting; i++)
		if (!strcmp(s->waiting[i].service, service))
			break;
	if (i == s->n_waiting) {
		if (i == DISPLAY_WAITING_MAX)
			return;
		s->n_waiting++;
		copy(s->waiting[i].service, sizeof(s->waiting[i].service), service);
		s->waiting[i].label[0] = '\0';
		s->waiting[i].wait_s = -1;
	} else if (s->waiting[i].count == count &&
	           (!label || !strcmp(s->waiting[i].label, label))) {
		return;
	}
	if (label)
		copy(s->waiting[i].label, sizeof(s->waiting[i].label), label);
	s->waiting[i].count = count;
	s->version++;
}

void display_state_clear_waiting(struct display_state *s)
{
	for (size_t i = 0; i < s->n_waiting; i++)
		s->waiting[i].count = 0;
	s->version++;
}

void display_state_set_wait(struct display_state *s, const char *service, int wait_s)
{
	if (wait_s < 0)
		wait_s = -1;
	for (size_t i = 0; i < s->n_waiting; i++) {
		if (strcmp(s->waiting[i].service, service))
			continue;
		if (s->waiting[i].wait_s != wait_s) {
			s->waiting[i].wait_s = wait_s;
			s->version++;
		}
		return;
	}
}

void display_state_set_connected(struct display_state *s, bool connected)
{
	if (s->connected != connected) {
		s->connected = connected;
		s->version++;
	}
}

static void set_text(struct display_state *s, char *dst, size_t n, const char *src)
{
	if (strncmp(dst, src ? src : "", n - 1)) {
		copy(dst, n, src);
		s->version++;
	}
}

void display_state_set_message(struct display_state *s, const char *message)
{
	set_text(s, s->message, sizeof(s->message), message);
}

void display_state_set_office(struct display_state *s, const char *office)
{
	set_text(s, s->office, sizeof(s->office), office);
}

void display_state_set_ticker(struct display_state *s, const char *ticker)
{
	set_text(s, s->ticker, sizeof(s->ticker), ticker);
}

void display_state_set_opening_hours(struct display_state *s, const char *hours)
{
	copy(s->opening_hours, sizeof(s->opening_hours), hours);
}

void display_spoken_number(const char *number, char *out, size_t outlen)
{
	size_t o = 0;
	bool in_digits = false, leading = true;

	if (!outlen)
		return;
	for (const char *p = number; *p && o + 1 < outlen; p++) {
		if (isdigit((unsigned char)*p)) {
			if (!in_digits)
				leading = true;
			in_digits = true;
			/* Drop leading zeros, but keep a lone "0". */
			if (leading && *p == '0' && isdigit((unsigned char)p[1]))
				continue;
			leading = false;
		} else {
			in_digits = false;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
}
