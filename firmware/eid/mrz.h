/* mrz.h — the machine readable zone of travel documents (ICAO Doc 9303 parts 4-6): TD1 (ID
 * cards, 3x30), TD2 (2x36) and TD3 (passports, 2x44), with every check digit verified. */
#ifndef CIVIQ_EID_MRZ_H
#define CIVIQ_EID_MRZ_H

#include <stddef.h>

enum mrz_format { MRZ_TD1 = 1, MRZ_TD2, MRZ_TD3 };

struct mrz {
	enum mrz_format format;
	char document_code[3];    /* "ID", "P", "I" (fillers removed) */
	char issuer[4];           /* "D" */
	char document_number[10]; /* fillers removed */
	char document_number_check;
	char birth_date[7]; /* YYMMDD as printed */
	char birth_date_check;
	char sex; /* 'M', 'F' or '<' */
	char expiry_date[7];
	char expiry_date_check;
	char nationality[4];
	char family_name[40]; /* fillers as spaces */
	char given_names[40];
	char optional1[16];
	char optional2[16];
};

#define MRZ_ERR_MAX 96

/* Parses MRZ text (lines separated by newlines, surrounding blanks ignored). 0, or -EINVAL with
 * a message naming the failing part ("check digit of the date of birth is 4, expected 5"). */
int mrz_parse(const char *text, struct mrz *out, char *err, size_t errlen);
/* The ICAO check digit (weights 7-3-1) of len characters; -1 for a character not in [0-9A-Z<]. */
int mrz_check_digit(const char *s, size_t len);
/* The BAC key seed input: document number (padded with '<' to 9) + check digit, birth date +
 * check digit, expiry date + check digit. out needs 25 bytes. */
int mrz_bac_info(const struct mrz *m, char out[25]);
/* YYMMDD to YYYY-MM-DD: birth dates take the century that does not lie in the future,
 * expiry dates the 20th century only from 70 on. */
void mrz_date_iso(const char yymmdd[7], int is_birth, char out[11]);
void mrz_wipe(struct mrz *m);

#endif
