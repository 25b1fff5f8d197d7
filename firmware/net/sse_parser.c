/* sse_parser.c — the event-stream interpretation, a line at a time. */
#include "net/sse_parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sse_parser_init(struct sse_parser *p, sse_event_fn on_event, void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->on_event = on_event;
	p->ctx = ctx;
	p->retry_ms = -1;
	strcpy(p->type, "message");
}

void sse_parser_free(struct sse_parser *p)
{
	free(p->line);
	free(p->data);
	p->line = p->data = NULL;
	p->line_len = p->line_cap = p->data_len = p->data_cap = 0;
}

static int grow(char **buf, size_t *cap, size_t need, size_t limit)
{
	if (need > limit)
		return -EMSGSIZE;
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	char *q = realloc(*buf, n);
	if (!q)
		return -ENOMEM;
	*buf = q;
	*cap = n;
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void reset_event(struct sse_parser *p)
{
	p->data_len = 0;
	p->has_data = false;
	strcpy(p->type, "message");
}

static int dispatch(struct sse_parser *p)
{
	if (!p->has_data) {
		reset_event(p);
		return 0;
	}
	/* The data buffer ends in the "\n" of its last line: drop it. */
	if (p->data_len > 0)
		p->data_len--;
	int rc = grow(&p->data, &p->data_cap, p->data_len + 1, SSE_EVENT_MAX + 1);
	if (rc)
		return rc;
	p->data[p->data_len] = '\0';
	struct event ev = { .id = p->last_id, .data = p->data, .at = 0 };
	memcpy(ev.type, p->type, sizeof(ev.type));
	reset_event(p);
	return p->on_event ? p->on_event(p->ctx, &ev) : 0;
}

static int process_field(struct sse_parser *p, const char *name, size_t name_len, const char *value,
                         size_t value_len)
{
	if (name_len == 4 && memcmp(name, "data", 4) == 0) {
		int rc = grow(&p->data, &p->data_cap, p->data_len + value_len + 2, SSE_EVENT_MAX);
		if (rc)
			return rc;
		memcpy(p->data + p->data_len, value, value_len);
		p->data_len += value_len;
		p->data[p->data_len++] = '\n';
		p->has_data = true;
	} else if (name_len == 5 && memcmp(name, "event", 5) == 0) {
		/* Types too long for struct event are cut; civiq's types are short. */
		size_t n = value_len < EVENT_TYPE_MAX - 1 ? value_len : EVENT_TYPE_MAX - 1;
		memcpy(p->type, value, n);
		p->type[n] = '\0';
		if (n == 0)
			strcpy(p->type, "message");
	} else if (name_len == 2 && memcmp(name, "id", 2) == 0) {
		if (memchr(value, '\0', value_len))
			return 0;
		/* civiq ids are decimal numbers; anything else counts as "no id". */
		uint64_t id = 0;
		if (all_digits(value, value_len) && value_len <= 19) {
			for (size_t i = 0; i < value_len; i++)
				id = id * 10 + (uint64_t)(value[i] - '0');
		}
		p->last_id = id;
	} else if (name_len == 5 && memcmp(name, "retry", 5) == 0) {
		/* The value is not NUL-terminated: digits are summed here rather than by strtol. */
		if (all_digits(value, value_len) && value_len <= 9) {
			long ms = 0;
			for (size_t i = 0; i < value_len; i++)
				ms = ms * 10 + (value[i] - '0');
			p->retry_ms = ms;
		}
	}
	return 0;
}

static int process_line(struct sse_parser *p, const char *line, size_t len)
{
	if (len == 0)
		return dispatch(p);
	if (line[0] == ':')
		return 0;
	const char *colon = memchr(line, ':', len);
	if (!colon)
		return process_field(p, line, len, "", 0);
	size_t name_len = (size_t)(colon - line);
	const char *value = colon + 1;
	size_t value_len = len - name_len - 1;
	if (value_len > 0 && *value == ' ') {
		value++;
		value_len--;
	}
	return process_field(p, line, name_len, value, value_len);
}

int sse_parser_feed(struct sse_parser *p, const char *buf, size_t len)
{
	size_t i = 0;
	if (!p->started && len > 0) {
		/* A UTF-8 byte-order mark may open the stream; this parser only skips a whole one
		 * that arrives in the first chunk. */
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			i = 3;
		p->started = true;
	}
	while (i < len) {
		if (p->after_cr) {
			p->after_cr = false;
			if (buf[i] == '\n') {
				i++;
				continue;
			}
		}
		const char *start = buf + i;
		size_t rest = len - i, n = 0;
		while (n < rest && start[n] != '\n' && start[n] != '\r')
			n++;
		if (n == rest) {
			/* No line end yet: keep the piece. */
			int rc = grow(&p->line, &p->line_cap, p->line_len + n + 1, SSE_LINE_MAX);
			if (rc)
				return rc;
			memcpy(p->line + p->line_len, start, n);
			p->line_len += n;
			return 0;
		}
		if (start[n] == '\r')
			p->after_cr = true;
		i += n + 1;
		int rc;
		if (p->line_len > 0) {
			rc = grow(&p->line, &p->line_cap, p->line_len + n + 1, SSE_LINE_MAX);
			if (rc)
				return rc;
			memcpy(p->line + p->line_len, start, n);
			size_t total = p->line_len + n;
			p->line_len = 0;
			rc = process_line(p, p->line, total);
		} else {
			if (n > SSE_LINE_MAX)
				return -EMSGSIZE;
			rc = process_line(p, start, n);
		}
		if (rc)
			return rc;
	}
	return 0;
}
