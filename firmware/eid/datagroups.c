#include "eid/datagroups.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "eid/mrz.h"
#include "eid/tlv.h"

static int outer(const uint8_t *dg, size_t len, uint32_t tag, struct tlv *inner)
{
	struct tlv t;
	int rc = tlv_parse_one(dg, len, &t);

	if (rc < 0)
		return rc;
	if (t.tag != tag)
		return -EBADMSG;
	return tlv_parse_one(t.val, t.len, inner);
}

/* Checks that s is well-formed UTF-8 without control characters. */
static int valid_utf8(const uint8_t *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint8_t c = s[i];
		size_t n = c < 0x80             ? 0
		           : (c & 0xE0) == 0xC0 ? 1
		           : (c & 0xF0) == 0xE0 ? 2
		           : (c & 0xF8) == 0xF0 ? 3
		                                : 4;
		if (n == 4 || (n == 0 && c < 0x20) || c == 0x7F || (n == 1 && c < 0xC2))
			return 0;
		if (len - i <= n && n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		}
		i += n + 1;
	}
	return 1;
}

int dg_decode_text(const uint8_t *dg, size_t len, int dg_number, char *out, size_t cap)
{
	struct tlv s;
	int rc;

	if (cap)
		out[0] = 0;
	if (dg_number < 1 || dg_number > 31)
		return -EINVAL;
	rc = outer(dg, len, 0x60u | (uint32_t)dg_number, &s);
	if (rc < 0)
		return rc;
	if (s.tag != 0x0C && s.tag != 0x13 && s.tag != 0x16)
		return -EBADMSG;
	if (!valid_utf8(s.val, s.len))
		return -EBADMSG;
	if (s.len >= cap)
		return -ENOBUFS;
	memcpy(out, s.val, s.len);
	out[s.len] = 0;
	return 0;
}

static int two(const uint8_t *p, int *out)
{
	if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') {
		*out = (p[0] - '0') * 10 + (p[1] - '0');
		return 1;
	}
	if ((p[0] == ' ' && p[1] == ' ') || (p[0] == '<' && p[1] == '<')) {
		*out = 0;
		return 1;
	}
	return 0;
}

int dg_decode_date(const uint8_t *dg, size_t len, struct eid_date *out)
{
	static const int mdays[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tlv s;
	int rc, c, y;

	memset(out, 0, sizeof(*out));
	rc = outer(dg, len, 0x68, &s);
	if (rc < 0)
		return rc;
	if ((s.tag != 0x12 && s.tag != 0x13 && s.tag != 0x0C) || s.len != 8)
		return -EBADMSG;
	if (!two(s.val, &c) || !two(s.val + 2, &y) || !two(s.val + 4, &out->month) ||
	    !two(s.val + 6, &out->day) || s.val[0] == ' ' || s.val[0] == '<' || s.val[2] == ' ' ||
	    s.val[2] == '<')
		return -EBADMSG;
	out->year = c * 100 + y;
	if (out->month > 12 || (out->month == 0 && out->day != 0) || out->day > mdays[out->month] ||
	    out->year == 0) {
		memset(out, 0, sizeof(*out));
		return -EBADMSG;
	}
	return 0;
}

int eid_date_format(const struct eid_date *d, char out[11])
{
	unsigned y = (unsigned)d->year % 10000, m = (unsigned)d->month % 100,
	         dd = (unsigned)d->day % 100;

	if (m == 0) {
		snprintf(out, 11, "%04u", y);
		return 1;
	}
	if (dd == 0) {
		snprintf(out, 11, "%04u-%02u", y, m);
		return 1;
	}
	snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
	return 0;
}

int dg1_decode_mrz(const uint8_t *dg, size_t len, struct mrz *out, char *err, size_t errlen)
{
	char text[100];
	struct tlv s;
	size_t n = 0, w;
	int rc;

	rc = outer(dg, len, 0x61, &s);
	if (rc < 0 || s.tag != 0x5F1F) {
		snprintf(err, errlen, "DG1 is malformed");
		return rc < 0 ? rc : -EBADMSG;
	}
	w = s.len == 90 ? 30 : s.len == 72 ? 36 : s.len == 88 ? 44 : 0;
	if (!w) {
		snprintf(err, errlen, "DG1 holds no MRZ of a known size");
		return -EBADMSG;
	}
	for (size_t i = 0; i < s.len; i++) {
		if (i && i % w == 0)
			text[n++] = '\n';
		text[n++] = (char)s.val[i];
	}
	text[n] = 0;
	rc = mrz_parse(text, out, err, errlen);
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}
