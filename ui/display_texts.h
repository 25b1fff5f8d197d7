/* display_texts.h — the calling display's own words, per language (de, en, tr, fr), and how a
 * waiting time is put on screen. Service names and counter labels come from the hub. */
#ifndef CIVIQ_UI_DISPLAY_TEXTS_H
#define CIVIQ_UI_DISPLAY_TEXTS_H

#include <stdbool.h>
#include <stddef.h>

struct display_texts {
	const char *lang;
	const char *call;   /* title of the current call */
	const char *number; /* history column titles */
	const char *counter;
	const char *waiting;       /* side panel title */
	const char *wait_for_call; /* shown while nobody is called */
	const char *lost;          /* connection lost mark */
	const char *closed;        /* default message outside opening hours */
	const char *wait;          /* "Wartezeit" before an estimate */
	const char *wait_short;    /* estimates under 5 minutes */
	const char *wait_about;    /* before the minutes: "ca. " */
	const char *wait_unit;     /* after them: " Min." */
	const char *wait_long;     /* estimates of 3 hours and more */
};

/* The texts of `lang`; German for NULL or a language without texts (see *found). */
const struct display_texts *display_texts_get(const char *lang, bool *found);

/* "ca. 25 Min.": the estimate rounded to 5 minutes, "unter 5 Min." below 5, "über 3 Std." from
 * 3 hours; "" for a negative estimate (none known). */
void display_format_wait(const struct display_texts *t, int wait_s, char *out, size_t outlen);

#endif
