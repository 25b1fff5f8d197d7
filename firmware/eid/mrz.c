#include "eid/mrz.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int char_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '<')
		return 0;
	return -1;
}

int mrz_check_digit(const char *s, size_t len)
{
	static const int weight[3] = { 7, 3, 1 };
	int sum = 0;

	for (size_t i = 0; i < len; i++) {
		int v = char_value(s[i]);
		if (v < 0)
			return -1;
		sum += v * weight[i % 3];
	}
	return sum % 10;
}

/* Copies a field, fillers removed at the end and single fillers inside as spaces. */
static void field(char *out, size_t cap, const char *s, size_t len)
{
	size_t n = len;

	while (n > 0 && s[n - 1] == '<')
		n--;
	if (n >= cap)
		n = cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = s[i] == '<' ? ' ' : s[i];
	out[n] = 0;
}

static void names(struct mrz *m, const char *s, size_t len)
{
	const char *sep = NULL;

	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] == '<' && s[i + 1] == '<') {
			sep = s + i;
			break;
		}
	}
	if (!sep) {
		field(m->family_name, sizeof(m->family_name), s, len);
		m->given_names[0] = 0;
		return;
	}
	field(m->family_name, sizeof(m->family_name), s, (size_t)(sep - s));
	field(m->given_names, sizeof(m->given_names), sep + 2, len - (size_t)(sep - s) - 2);
}

static int check(const char *what, const char *s, size_t len, char digit, char *err, size_t errlen)
{
	int want = mrz_check_digit(s, len);
	int have = char_value(digit);

	if (want < 0) {
		snprintf(err, errlen, "invalid character in the %s", what);
		return -EINVAL;
	}
	if (have < 0 || have > 9 || have != want) {
		snprintf(err, errlen, "check digit of the %s is '%c', expected %d", what, digit,
		         want);
		return -EINVAL;
	}
	return 0;
}

static int check_date(const char *what, const char *s, char *err, size_t errlen)
{
	for (int i = 0; i < 6; i++) {
		if (!isdigit((unsigned char)s[i])) {
			snprintf(err, errlen, "the %s is not a date", what);
			return -EINVAL;
		}
	}
	int mm = (s[2] - '0') * 10 + (s[3] - '0'), dd = (s[4] - '0') * 10 + (s[5] - '0');
	if (mm < 1 || mm > 12 || dd < 1 || dd > 31) {
		snprintf(err, errlen, "the %s is not a valid date", what);
		return -EINVAL;
	}
	return 0;
}

/* Splits text into up to 3 lines of at most 44 characters. */
static int split_lines(const char *text, char lines[3][46], size_t len[3], char *err, size_t errlen)
{
	int n = 0;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		while (l > 0 && isspace((unsigned char)p[l - 1]))
			l--;
		while (l > 0 && isspace((unsigned char)*p)) {
			p++;
			l--;
		}
		if (l > 0) {
			if (n == 3 || l > 44) {
				snprintf(err, errlen, "not an MRZ: too many or too long lines");
				return -EINVAL;
			}
			for (size_t i = 0; i < l; i++) {
				char c = (char)toupper((unsigned char)p[i]);
				if (char_value(c) < 0) {
					snprintf(err, errlen, "invalid character in line %d",
					         n + 1);
					return -EINVAL;
				}
				lines[n][i] = c;
			}
			lines[n][l] = 0;
			len[n++] = l;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return n;
}

static int parse_td1(struct mrz *m, char l[3][46], char *err, size_t errlen)
{
	char comp[60];
	int rc;

	m->format = MRZ_TD1;
	field(m->document_code, sizeof(m->document_code), l[0], 2);
	field(m->issuer, sizeof(m->issuer), l[0] + 2, 3);
	field(m->document_number, sizeof(m->document_number), l[0] + 5, 9);
	m->document_number_check = l[0][14];
	field(m->optional1, sizeof(m->optional1), l[0] + 15, 15);
	memcpy(m->birth_date, l[1], 6);
	m->birth_date_check = l[1][6];
	m->sex = l[1][7];
	memcpy(m->expiry_date, l[1] + 8, 6);
	m->expiry_date_check = l[1][14];
	field(m->nationality, sizeof(m->nationality), l[1] + 15, 3);
	field(m->optional2, sizeof(m->optional2), l[1] + 18, 11);
	names(m, l[2], 30);
	if ((rc = check("document number", l[0] + 5, 9, l[0][14], err, errlen)) < 0 ||
	    (rc = check_date("date of birth", l[1], err, errlen)) < 0 ||
	    (rc = check("date of birth", l[1], 6, l[1][6], err, errlen)) < 0 ||
	    (rc = check_date("date of expiry", l[1] + 8, err, errlen)) < 0 ||
	    (rc = check("date of expiry", l[1] + 8, 6, l[1][14], err, errlen)) < 0)
		return rc;
	memcpy(comp, l[0] + 5, 25);
	memcpy(comp + 25, l[1], 7);
	memcpy(comp + 32, l[1] + 8, 7);
	memcpy(comp + 39, l[1] + 18, 11);
	return check("composite check", comp, 50, l[1][29], err, errlen);
}

static int parse_td23(struct mrz *m, char l[3][46], size_t w, char *err, size_t errlen)
{
	char comp[60];
	size_t opt = w == 44 ? 14 : 7;
	int rc;

	m->format = w == 44 ? MRZ_TD3 : MRZ_TD2;
	field(m->document_code, sizeof(m->document_code), l[0], 2);
	field(m->issuer, sizeof(m->issuer), l[0] + 2, 3);
	names(m, l[0] + 5, w - 5);
	field(m->document_number, sizeof(m->document_number), l[1], 9);
	m->document_number_check = l[1][9];
	field(m->nationality, sizeof(m->nationality), l[1] + 10, 3);
	memcpy(m->birth_date, l[1] + 13, 6);
	m->birth_date_check = l[1][19];
	m->sex = l[1][20];
	memcpy(m->expiry_date, l[1] + 21, 6);
	m->expiry_date_check = l[1][27];
	field(m->optional1, sizeof(m->optional1), l[1] + 28, opt);
	if ((rc = check("document number", l[1], 9, l[1][9], err, errlen)) < 0 ||
	    (rc = check_date("date of birth", l[1] + 13, err, errlen)) < 0 ||
	    (rc = check("date of birth", l[1] + 13, 6, l[1][19], err, errlen)) < 0 ||
	    (rc = check_date("date of expiry", l[1] + 21, err, errlen)) < 0 ||
	    (rc = check("date of expiry", l[1] + 21, 6, l[1][27], err, errlen)) < 0)
		return rc;
	if (w == 44 && (rc = check("personal number", l[1] + 28, 14, l[1][42], err, errlen)) < 0)
		return rc;
	memcpy(comp, l[1], 10);
	memcpy(comp + 10, l[1] + 13, 7);
	memcpy(comp + 17, l[1] + 21, w - 22);
	return check("composite check", comp, 17 + w - 22, l[1][w - 1], err, errlen);
}

int mrz_parse(const char *text, struct mrz *out, char *err, size_t errlen)
{
	char lines[3][46];
	size_t len[3] = { 0 };
	int n, rc;

	memset(out, 0, sizeof(*out));
	n = split_lines(text, lines, len, err, errlen);
	if (n < 0)
		return n;
	if (n == 3 && len[0] == 30 && len[1] == 30 && len[2] == 30)
		rc = parse_td1(out, lines, err, errlen);
	else if (n == 2 && len[0] == len[1] && (len[0] == 36 || len[0] == 44))
		rc = parse_td23(out, lines, len[0], err, errlen);
	else {
		snprintf(err, errlen, "not an MRZ: expected 3 lines of 30 or 2 lines of 36 or 44");
		rc = -EINVAL;
	}
	OPENSSL_cleanse(lines, sizeof(lines));
	if (rc < 0)
		mrz_wipe(out);
	return rc;
}

int mrz_bac_info(const struct mrz *m, char out[25])
{
	size_t n = strlen(m->document_number);

	if (n > 9)
		return -EINVAL;
	memset(out, '<', 9);
	memcpy(out, m->document_number, n);
	out[9] = m->document_number_check;
	memcpy(out + 10, m->birth_date, 6);
	out[16] = m->birth_date_check;
	memcpy(out + 17, m->expiry_date, 6);
	out[23] = m->expiry_date_check;
	out[24] = 0;
	return 0;
}

void mrz_date_iso(const char yymmdd[7], int is_birth, char out[11])
{
	int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
	time_t now = time(NULL);
	struct tm tm;
	int century;

	gmtime_r(&now, &tm);
	if (is_birth)
		century = yy > (tm.tm_year % 100) ? 1900 : 2000;
	else
		century = yy >= 70 ? 1900 : 2000;
	snprintf(out, 11, "%04d-%.2s-%.2s", century + yy, yymmdd + 2, yymmdd + 4);
}

void mrz_wipe(struct mrz *m)
{
	OPENSSL_cleanse(m, sizeof(*m));
}
