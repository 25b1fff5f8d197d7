/* identity.c — strict UTF-8 decoding, ICAO 9303 transliteration, the tag's input string. */
#include "core/identity.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/numbering.h"

#define SEP " " /* what a separator maps to */

/* Decodes one code point; returns its length in bytes, or 0 for invalid UTF-8 (overlong
 * forms, surrogates, values above U+10FFFF, truncated sequences). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

struct latin_range {
	uint16_t lo, hi;
	const char *to;
};

/* Latin-1 Supplement and Latin Extended-A (and a few from Extended-B), by ICAO 9303 part 3. */
static const struct latin_range latin[] = {
	{ 0x00c0, 0x00c3, "A" },  { 0x00c4, 0x00c4, "AE" }, { 0x00c5, 0x00c5, "AA" },
	{ 0x00c6, 0x00c6, "AE" }, { 0x00c7, 0x00c7, "C" },  { 0x00c8, 0x00cb, "E" },
	{ 0x00cc, 0x00cf, "I" },  { 0x00d0, 0x00d0, "D" },  { 0x00d1, 0x00d1, "N" },
	{ 0x00d2, 0x00d5, "O" },  { 0x00d6, 0x00d6, "OE" }, { 0x00d8, 0x00d8, "OE" },
	{ 0x00d9, 0x00db, "U" },  { 0x00dc, 0x00dc, "UE" }, { 0x00dd, 0x00dd, "Y" },
	{ 0x00de, 0x00de, "TH" }, { 0x00df, 0x00df, "SS" }, { 0x00e0, 0x00e3, "A" },
	{ 0x00e4, 0x00e4, "AE" }, { 0x00e5, 0x00e5, "AA" }, { 0x00e6, 0x00e6, "AE" },
	{ 0x00e7, 0x00e7, "C" },  { 0x00e8, 0x00eb, "E" },  { 0x00ec, 0x00ef, "I" },
	{ 0x00f0, 0x00f0, "D" },  { 0x00f1, 0x00f1, "N" },  { 0x00f2, 0x00f5, "O" },
	{ 0x00f6, 0x00f6, "OE" }, { 0x00f8, 0x00f8, "OE" }, { 0x00f9, 0x00fb, "U" },
	{ 0x00fc, 0x00fc, "UE" }, { 0x00fd, 0x00fd, "Y" },  { 0x00fe, 0x00fe, "TH" },
	{ 0x00ff, 0x00ff, "Y" },  { 0x0100, 0x0105, "A" },  { 0x0106, 0x010d, "C" },
	{ 0x010e, 0x0111, "D" },  { 0x0112, 0x011b, "E" },  { 0x011c, 0x0123, "G" },
	{ 0x0124, 0x0127, "H" },  { 0x0128, 0x0131, "I" },  { 0x0132, 0x0133, "IJ" },
	{ 0x0134, 0x0135, "J" },  { 0x0136, 0x0138, "K" },  { 0x0139, 0x0142, "L" },
	{ 0x0143, 0x014b, "N" },  { 0x014c, 0x0151, "O" },  { 0x0152, 0x0153, "OE" },
	{ 0x0154, 0x0159, "R" },  { 0x015a, 0x0161, "S" },  { 0x0162, 0x0167, "T" },
	{ 0x0168, 0x0173, "U" },  { 0x0174, 0x0175, "W" },  { 0x0176, 0x0178, "Y" },
	{ 0x0179, 0x017e, "Z" },  { 0x017f, 0x017f, "S" },  { 0x0218, 0x0219, "S" },
	{ 0x021a, 0x021b, "T" },  { 0x1e9e, 0x1e9e, "SS" },
};

static bool is_separator(uint32_t cp)
{
	switch (cp) {
	case ' ':
	case '\t':
	case '-':
	case '<':
	case '\'':
	case '`':
	case '.':
	case ',':
	case 0x00a0: /* no-break space */
	case 0x00b4: /* acute accent */
	case 0x02bc: /* modifier letter apostrophe */
	case 0x2018:
	case 0x2019: /* quotation marks used as apostrophes */
		return true;
	default:
		return cp >= 0x2010 && cp <= 0x2015; /* hyphens and dashes */
	}
}

/* The replacement of one code point: letters, SEP, "" (dropped), or NULL (not allowed).
 * `prev` is the previous code point, for combining marks. */
static const char *transliterate(uint32_t cp, uint32_t prev, char ascii[2])
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
		ascii[0] = (char)(cp & ~0x20u);
		ascii[1] = '\0';
		return ascii;
	}
	if (is_separator(cp))
		return SEP;
	if (cp >= 0x0300 && cp <= 0x036f) { /* combining marks: decomposed input */
		uint32_t base = prev & ~0x20u;
		if (cp == 0x0308 && (base == 'A' || base == 'O' || base == 'U'))
			return "E";
		if (cp == 0x030a && base == 'A')
			return "A";
		return "";
	}
	for (size_t i = 0; i < sizeof(latin) / sizeof(latin[0]); i++) {
		if (cp >= latin[i].lo && cp <= latin[i].hi)
			return latin[i].to;
	}
	return NULL;
}

/* identity_normalise() but an empty result is 0, not an error. */
static int normalise(const char *utf8, char *out, size_t outlen)
{
	if (!utf8 || !out || outlen == 0)
		return -EINVAL;
	const unsigned char *s = (const unsigned char *)utf8;
	size_t len = 0;
	bool pending_sep = false;
	uint32_t prev = 0;
	int err = 0;
	while (*s) {
		uint32_t cp;
		size_t n = utf8_decode(s, &cp);
		if (n == 0) {
			err = -EINVAL;
			break;
		}
		s += n;
		char ascii[2];
		const char *to = transliterate(cp, prev, ascii);
		prev = cp;
		if (!to) {
			err = -EILSEQ;
			break;
		}
		if (strcmp(to, SEP) == 0) {
			pending_sep = len > 0;
			continue;
		}
		size_t need = strlen(to) + (pending_sep && *to ? 1 : 0);
		if (len + need >= outlen) {
			err = -ENOSPC;
			break;
		}
		if (pending_sep && *to) {
			out[len++] = ' ';
			pending_sep = false;
		}
		memcpy(out + len, to, strlen(to));
		len += strlen(to);
	}
	if (err) {
		explicit_bzero(out, len < outlen ? len + 1 : outlen);
		out[0] = '\0';
		return err;
	}
	out[len] = '\0';
	return (int)len;
}

int identity_normalise(const char *utf8, char *out, size_t outlen)
{
	int rc = normalise(utf8, out, outlen);
	return rc == 0 ? -EINVAL : rc;
}

/* YYYY-MM-DD, YYYY-MM or YYYY, digits only, a real date. */
static bool birth_date_valid(const char *d)
{
	size_t n = strlen(d);
	if (n != 4 && n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	if (y < 1)
		return false;
	if (n == 4)
		return true;
	int m = (d[5] - '0') * 10 + (d[6] - '0');
	if (n == 7)
		return m >= 1 && m <= 12;
	return civil_date_valid(y, m, (d[8] - '0') * 10 + (d[9] - '0'));
}

int identity_tag_input(const char *family, const char *given_names, const char *birth_date,
                       char *out, size_t outlen)
{
	if (!family || !birth_date || !out || outlen == 0)
		return -EINVAL;
	out[0] = '\0';
	if (!birth_date_valid(birth_date))
		return -EINVAL;
	char fam[IDENTITY_NAME_MAX], given[IDENTITY_NAME_MAX] = "";
	int rc = identity_normalise(family, fam, sizeof(fam));
	if (rc >= 0 && given_names && *given_names) {
		int g = normalise(given_names, given, sizeof(given)); /* may be empty */
		if (g < 0)
			rc = g;
		char *space = strchr(given, ' ');
		if (space)
			*space = '\0';
	}
	if (rc >= 0) {
		int n = snprintf(out, outlen, "%s|%s|%s", fam, given, birth_date);
		if (n < 0 || (size_t)n >= outlen) {
			explicit_bzero(out, outlen);
			rc = -ENOSPC;
		} else {
			rc = n;
		}
	}
	explicit_bzero(fam, sizeof(fam));
	explicit_bzero(given, sizeof(given));
	return rc;
}
