/* numbering.c — walks the range cyclically from the last issued number. */
#include "core/numbering.h"

#include <errno.h>
#include <stdio.h>

int numbering_validate_range(const struct number_range *r)
{
	if (!r || r->first < 1 || r->last < r->first || r->last > NUMBER_MAX)
		return -EINVAL;
	return 0;
}

/* The first candidate after last_issued, in range. */
static int start_after(const struct number_range *r, int last_issued)
{
	if (last_issued < r->first || last_issued >= r->last)
		return r->first;
	return last_issued + 1;
}

int numbering_next(const struct number_range *r, int last_issued, number_taken_fn taken, void *ctx)
{
	if (numbering_validate_range(r) < 0 || !taken)
		return -EINVAL;
	int size = r->last - r->first + 1;
	int n = start_after(r, last_issued);
	for (int i = 0; i < size; i++) {
		if (!taken(ctx, n))
			return n;
		n = n == r->last ? r->first : n + 1;
	}
	return -ENOSPC;
}

/* Length of the run of free numbers starting at n, at most `want`, not crossing r->last. */
static int free_run(const struct number_range *r, int n, int want, number_taken_fn taken, void *ctx)
{
	int len = 0;
	while (len < want && n + len <= r->last && !taken(ctx, n + len))
		len++;
	return len;
}

int numbering_lease_block(const struct number_range *r, int last_issued, int size,
                          number_taken_fn taken, void *ctx, struct number_block *out)
{
	if (numbering_validate_range(r) < 0 || !taken || !out || size < 1)
		return -EINVAL;
	int range_size = r->last - r->first + 1;
	if (size > range_size)
		return -ENOSPC;
	int start = start_after(r, last_issued);
	/* Visit every start once in cyclic order; a run that stops early lets us skip past the
	 * number that stopped it, but only within the current lap. */
	int visited = 0;
	int s = start;
	while (visited < range_size) {
		int step = r->last - s + 1; /* too close to the end: go round */
		if (s + size - 1 <= r->last) {
			int len = free_run(r, s, size, taken, ctx);
			if (len == size) {
				out->first = s;
				out->last = s + size - 1;
				return 0;
			}
			step = len + 1; /* s+len is taken: no block can start in s..s+len */
		}
		if (s + step > r->last) {
			visited += r->last - s + 1;
			s = r->first;
		} else {
			visited += step;
			s += step;
		}
	}
	return -ENOSPC;
}

static int digits(int v)
{
	int d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

int ticket_format_label(char prefix, int number, const struct number_range *r, char *out,
                        size_t outlen)
{
	if (numbering_validate_range(r) < 0 || !out || number < r->first || number > r->last)
		return -EINVAL;
	if (prefix != '\0' && (prefix <= ' ' || prefix > '~'))
		return -EINVAL;
	int len;
	if (prefix)
		len = snprintf(out, outlen, "%c %0*d", prefix, digits(r->last), number);
	else
		len = snprintf(out, outlen, "%0*d", digits(r->last), number);
	if (len < 0 || (size_t)len >= outlen) {
		if (outlen)
			out[0] = '\0';
		return -ENOSPC;
	}
	return len;
}

/* Days from civil and back: H. Hinnant's algorithms for the proleptic Gregorian calendar,
 * eras of 400 years so that the arithmetic works for any year. */
int service_day_from_local(int year, int month, int mday)
{
	int y = month <= 2 ? year - 1 : year;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                                  /* [0, 399] */
	int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1; /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void service_day_to_civil(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	if (y)
		*y = yoe + era * 400 + (mm <= 2);
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

bool civil_date_valid(int year, int month, int mday)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12 || mday < 1)
		return false;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	int max = days[month - 1] + (month == 2 && leap);
	return mday <= max;
}
