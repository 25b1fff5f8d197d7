/* bidi.c — visual runs of a line with FriBidi; see bidi.h. */
#include "bidi.h"

#include <errno.h>
#include <string.h>

#ifdef CIVIQ_HAVE_FRIBIDI
#include <fribidi.h>

bool ui_bidi_available(void)
{
	return true;
}

int ui_bidi_visual_runs(const char *s, bool rtl, struct ui_bidi_run *runs, int max)
{
	FriBidiChar u[UI_BIDI_TEXT_MAX];
	FriBidiCharType types[UI_BIDI_TEXT_MAX];
	FriBidiBracketType brackets[UI_BIDI_TEXT_MAX];
	FriBidiLevel levels[UI_BIDI_TEXT_MAX], line_levels[UI_BIDI_TEXT_MAX];
	FriBidiStrIndex map[UI_BIDI_TEXT_MAX];
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
	size_t offset[UI_BIDI_TEXT_MAX + 1], bytes = strlen(s);
	int vis_of[UI_BIDI_TEXT_MAX], n = 0, nruns = 0;

	/* code point i starts at byte offset[i] (continuation bytes are 10xxxxxx) */
	for (size_t b = 0; b < bytes; b++) {
		if (((unsigned char)s[b] & 0xC0) == 0x80)
			continue;
		if (n == UI_BIDI_TEXT_MAX)
			return -EINVAL;
		offset[n++] = b;
	}
	offset[n] = bytes;
	if (n == 0)
		return 0;
	if (fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, s, (FriBidiStrIndex)bytes, u) != n)
		return -EINVAL;
	fribidi_get_bidi_types(u, n, types);
	fribidi_get_bracket_types(u, n, types, brackets);
	if (!fribidi_get_par_embedding_levels_ex(types, brackets, n, &base, levels))
		return -EINVAL;
	for (int i = 0; i < n; i++)
		map[i] = i;
	memcpy(line_levels, levels, (size_t)n * sizeof(levels[0]));
	if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, types, n, 0, base, line_levels, NULL, map))
		return -EINVAL;
	/* map[visual] = logical. A logical stretch of one level occupies one visual stretch:
	 * the runs are those stretches, ordered by their leftmost visual position. */
	for (int v = 0; v < n; v++)
		vis_of[map[v]] = v;
	int first[UI_BIDI_TEXT_MAX], lvl[UI_BIDI_TEXT_MAX], from[UI_BIDI_TEXT_MAX],
	    to[UI_BIDI_TEXT_MAX];
	for (int i = 0; i < n;) {
		int j = i, vpos = vis_of[i];
		while (j < n && levels[j] == levels[i]) {
			if (vis_of[j] < vpos)
				vpos = vis_of[j];
			j++;
		}
		first[nruns] = vpos;
		lvl[nruns] = levels[i];
		from[nruns] = i;
		to[nruns] = j;
		nruns++;
		i = j;
	}
	if (nruns > max)
		return -E2BIG;
	/* visual order: by leftmost position (few runs: selection is enough) */
	for (int k = 0; k < nruns; k++) {
		int best = -1;
		for (int r = 0; r < nruns; r++)
			if (first[r] >= 0 && (best < 0 || first[r] < first[best]))
				best = r;
		runs[k].start = offset[from[best]];
		runs[k].len = offset[to[best]] - offset[from[best]];
		runs[k].level = lvl[best];
		first[best] = -1;
	}
	return nruns;
}

#else

bool ui_bidi_available(void)
{
	return false;
}

int ui_bidi_visual_runs(const char *s, bool rtl, struct ui_bidi_run *runs, int max)
{
	(void)rtl;
	if (!*s)
		return 0;
	if (max < 1)
		return -E2BIG;
	runs[0].start = 0;
	runs[0].len = strlen(s);
	runs[0].level = 0;
	return 1;
}

#endif
