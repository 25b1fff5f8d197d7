/* datagroups.h — decoders for the data groups check-in reads: the eID application's DG4 (given
 * names), DG5 (family names) and DG8 (date of birth, possibly partial), and the ICAO DG1 (the
 * MRZ). Inputs are whole files as read from the card; everything is bounds-checked. */
#ifndef CIVIQ_EID_DATAGROUPS_H
#define CIVIQ_EID_DATAGROUPS_H

#include <stddef.h>
#include <stdint.h>

struct mrz;

struct eid_date {
	int year;
	int month; /* 0: unknown */
	int day;   /* 0: unknown */
};

/* DG4/DG5 (and other text DGs): the tag is 0x60 | dg; the inner string may be a UTF8String,
 * PrintableString or IA5String. Writes a NUL-terminated UTF-8 string. -EBADMSG / -ENOBUFS. */
int dg_decode_text(const uint8_t *dg, size_t len, int dg_number, char *out, size_t cap);
/* DG8: "YYYYMMDD" with unknown month/day as spaces, "00" or "<<". -EBADMSG. */
int dg_decode_date(const uint8_t *dg, size_t len, struct eid_date *out);
/* Formats YYYY-MM-DD, YYYY-MM or YYYY; returns 1 when the date is partial. out needs 11. */
int eid_date_format(const struct eid_date *d, char out[11]);
/* DG1 of an eMRTD: tag 61 with 5F1F holding the MRZ characters. */
int dg1_decode_mrz(const uint8_t *dg, size_t len, struct mrz *out, char *err, size_t errlen);

#endif
