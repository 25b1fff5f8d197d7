#include "eid/eac_util.h"

#include <errno.h>
#include <openssl/objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

BUF_MEM *eac_buf(const uint8_t *data, size_t len)
{
	BUF_MEM *b = BUF_MEM_new();

	if (!b || !BUF_MEM_grow(b, len ? len : 1)) {
		BUF_MEM_free(b);
		return NULL;
	}
	if (len)
		memcpy(b->data, data, len);
	b->length = len;
	return b;
}

int eac_oid_body(int nid, uint8_t *out, size_t cap, size_t *len)
{
	const ASN1_OBJECT *obj = OBJ_nid2obj(nid);
	size_t n;

	if (!obj)
		return -EINVAL;
	n = OBJ_length(obj);
	if (n == 0 || n > cap)
		return -ENOBUFS;
	memcpy(out, OBJ_get0_data(obj), n);
	*len = n;
	return 0;
}

int eac_read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!f)
		return -errno;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		rc = -EIO;
	} else if (n > 1 << 20) {
		rc = -EFBIG;
	} else if (!(buf = malloc((size_t)n + 1))) {
		rc = -ENOMEM;
	} else if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		rc = -EIO;
	}
	fclose(f);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = (size_t)n;
	return 0;
}
