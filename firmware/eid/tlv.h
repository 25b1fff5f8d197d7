/* tlv.h — bounds-checked BER-TLV reading and writing (tags up to 3 bytes, lengths up to 4). */
#ifndef CIVIQ_EID_TLV_H
#define CIVIQ_EID_TLV_H

#include <stddef.h>
#include <stdint.h>

struct tlv {
	uint32_t tag;       /* tag bytes as a big-endian number: 0x7F49, 0x5F1F, 0x87 */
	const uint8_t *val; /* value, inside the parsed buffer */
	size_t len;
	const uint8_t *raw; /* the whole element: tag, length and value */
	size_t raw_len;
};

/* Reads the element at *p (not past end) and advances *p past it. 0, or -EBADMSG when the
 * element is truncated or malformed, -ENOENT when *p == end. */
int tlv_next(const uint8_t **p, const uint8_t *end, struct tlv *out);
/* Parses exactly one element spanning buf[0..len). */
int tlv_parse_one(const uint8_t *buf, size_t len, struct tlv *out);
/* Finds the first element with tag among the siblings in buf (not descending). -ENOENT. */
int tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *out);
/* Length of the element starting at buf from its header alone (for reading files in chunks):
 * sets *total to header + value length. -EBADMSG / -EAGAIN (header not complete in len). */
int tlv_total_len(const uint8_t *buf, size_t len, size_t *total);

/* A writer into a caller's buffer; any overflow sets err and later calls do nothing. */
struct tlv_buf {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int err;
};

void tlv_buf_init(struct tlv_buf *b, uint8_t *buf, size_t cap);
void tlv_put_raw(struct tlv_buf *b, const void *data, size_t len);
void tlv_put_tag(struct tlv_buf *b, uint32_t tag);
void tlv_put_len(struct tlv_buf *b, size_t len);
void tlv_put(struct tlv_buf *b, uint32_t tag, const void *val, size_t len);
/* Encoded size of a tag / a length field. */
size_t tlv_tag_size(uint32_t tag);
size_t tlv_len_size(size_t len);

#endif
