/* catalog.h — a gettext message catalog (.mo file compiled by msgfmt) read directly, so the
 * kiosk can switch language per citizen without setlocale() or installed system locales.
 */
#ifndef CIVIQ_UI_CATALOG_H
#define CIVIQ_UI_CATALOG_H

#include <stddef.h>

struct ui_catalog;

/* Loads a .mo file: 0, -ENOENT, -EINVAL (not a .mo file), -ENOMEM. */
int ui_catalog_load(const char *path, struct ui_catalog **out);
void ui_catalog_free(struct ui_catalog *c);
/* The translation of msgid, or msgid itself when there is none (or c is NULL). */
const char *ui_catalog_get(const struct ui_catalog *c, const char *msgid);
/* Number of messages (the header entry included). */
size_t ui_catalog_count(const struct ui_catalog *c);

/* Marks a string for extraction by xgettext without translating it here. */
#define N_(s) s

#endif
