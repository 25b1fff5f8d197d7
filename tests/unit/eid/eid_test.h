/* eid_test.h — helpers shared by the eID tests: hex parsing and the test PKI's paths. */
#ifndef CIVIQ_TEST_EID_TEST_H
#define CIVIQ_TEST_EID_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses hex (spaces allowed) into out; returns the byte count. */
static inline size_t hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (n < cap)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

/* $CIVIQ_BUILD_DIR/test-pki/<name> */
static inline const char *pki_path(const char *name)
{
	static char buf[8][4096];
	static int i;
	const char *b = getenv("CIVIQ_BUILD_DIR");

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/test-pki%s%s", b ? b : ".", name[0] ? "/" : "", name);
	return buf[i];
}

#endif
