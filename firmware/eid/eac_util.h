/* eac_util.h — small glue between byte buffers and OpenPACE's BUF_MEM and OIDs. */
#ifndef CIVIQ_EID_EAC_UTIL_H
#define CIVIQ_EID_EAC_UTIL_H

#include <openssl/buffer.h>
#include <stddef.h>
#include <stdint.h>

/* A new BUF_MEM holding a copy of data (NULL on allocation failure). */
BUF_MEM *eac_buf(const uint8_t *data, size_t len);
/* The DER content octets (without tag and length) of the OID with this NID, for DO 80. */
int eac_oid_body(int nid, uint8_t *out, size_t cap, size_t *len);
/* Reads a whole file (certificates, keys); *out is malloc'd. */
int eac_read_file(const char *path, uint8_t **out, size_t *len);

#endif
