#include "eid/tlv.h"

#include <errno.h>
#include <string.h>

int tlv_next(const uint8_t **p, const uint8_t *end, struct tlv *out)
{
	const uint8_t *s = *p, *q = *p;
	uint32_t tag;
	size_t len;

	if (q >= end)
		return -ENOENT;
	tag = *q++;
	if ((tag & 0x1F) == 0x1F) {
		int n = 0;
		do {
			if (q >= end || ++n > 2)
				return -EBADMSG;
			tag = (tag << 8) | *q;
		} while (*q++ & 0x80);
	}
	if (q >= end)
		return -EBADMSG;
	len = *q++;
	if (len & 0x80) {
		size_t n = len & 0x7F;
		if (n == 0 || n > 4 || (size_t)(end - q) < n)
			return -EBADMSG;
		len = 0;
		while (n--)
			len = (len << 8) | *q++;
	}
	if ((size_t)(end - q) < len)
		return -EBADMSG;
	out->tag = tag;
	out->val = q;
	out->len = len;
	out->raw = s;
	out->raw_len = (size_t)(q - s) + len;
	*p = q + len;
	return 0;
}

int tlv_parse_one(const uint8_t *buf, size_t len, struct tlv *out)
{
	const uint8_t *p = buf;
	int rc = tlv_next(&p, buf + len, out);

	if (rc < 0)
		return rc == -ENOENT ? -EBADMSG : rc;
	return p == buf + len ? 0 : -EBADMSG;
}

int tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *out)
{
	const uint8_t *p = buf, *end = buf + len;
	int rc;

	while ((rc = tlv_next(&p, end, out)) == 0) {
		if (out->tag == tag)
			return 0;
	}
	return rc == -ENOENT ? -ENOENT : rc;
}

int tlv_total_len(const uint8_t *buf, size_t len, size_t *total)
{
	size_t i = 0, l;

	if (len < 1)
		return -EAGAIN;
	if ((buf[i++] & 0x1F) == 0x1F) {
		int n = 0;
		do {
			if (i >= len)
				return -EAGAIN;
			if (++n > 2)
				return -EBADMSG;
		} while (buf[i++] & 0x80);
	}
	if (i >= len)
		return -EAGAIN;
	l = buf[i++];
	if (l & 0x80) {
		size_t n = l & 0x7F;
		if (n == 0 || n > 4)
			return -EBADMSG;
		if (len - i < n)
			return -EAGAIN;
		l = 0;
		while (n--)
			l = (l << 8) | buf[i++];
	}
	*total = i + l;
	return 0;
}

void tlv_buf_init(struct tlv_buf *b, uint8_t *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->err = 0;
}

void tlv_put_raw(struct tlv_buf *b, const void *data, size_t len)
{
	if (b->err)
		return;
	if (b->cap - b->len < len) {
		b->err = -ENOBUFS;
		return;
	}
	if (len)
		memmove(b->buf + b->len, data, len);
	b->len += len;
}

size_t tlv_tag_size(uint32_t tag)
{
	return tag > 0xFFFF ? 3 : tag > 0xFF ? 2 : 1;
}

size_t tlv_len_size(size_t len)
{
	return len < 0x80 ? 1 : len <= 0xFF ? 2 : len <= 0xFFFF ? 3 : 4;
}

void tlv_put_tag(struct tlv_buf *b, uint32_t tag)
{
	uint8_t t[3];
	size_t n = tlv_tag_size(tag);

	for (size_t i = 0; i < n; i++)
		t[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	tlv_put_raw(b, t, n);
}

void tlv_put_len(struct tlv_buf *b, size_t len)
{
	uint8_t l[4];
	size_t n = tlv_len_size(len);

	if (n == 1) {
		l[0] = (uint8_t)len;
	} else {
		l[0] = (uint8_t)(0x80 | (n - 1));
		for (size_t i = 1; i < n; i++)
			l[i] = (uint8_t)(len >> (8 * (n - 1 - i)));
	}
	tlv_put_raw(b, l, n);
}

void tlv_put(struct tlv_buf *b, uint32_t tag, const void *val, size_t len)
{
	tlv_put_tag(b, tag);
	tlv_put_len(b, len);
	tlv_put_raw(b, val, len);
}
