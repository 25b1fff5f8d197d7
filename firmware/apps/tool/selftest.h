/* selftest.h — civiq-tool selftest: the checks of one board, each a function that fills one
 * result line (pass / fail / skip, what was seen, and for a failure what to do about it). */
#ifndef CIVIQ_APPS_TOOL_SELFTEST_H
#define CIVIQ_APPS_TOOL_SELFTEST_H

#include <limits.h>

#include "common/ini.h"

enum selftest_result { SELFTEST_PASS, SELFTEST_FAIL, SELFTEST_SKIP };

#define SELFTEST_TEXT_MAX 320

struct selftest_check {
	const char *name;
	enum selftest_result result;
	char detail[SELFTEST_TEXT_MAX];
	char hint[SELFTEST_TEXT_MAX]; /* what a technician does about a failure */
};

/* What the checks look at: the board file, the programs' configuration, and where things are. */
struct selftest {
	struct ini board; /* board.conf */
	struct ini conf;  /* civiq.conf (empty when the board has none) */
	char board_path[PATH_MAX];
	char conf_path[PATH_MAX]; /* "" when there is none */
	char data_dir[PATH_MAX];
	char hub_url[512];
	char token[256];
	char token_role[16]; /* the configuration section the token came from: kiosk, display */
	char ca_file[PATH_MAX];
	int timeout_ms; /* per device or network operation */
};

void selftest_set(struct selftest_check *c, enum selftest_result r, const char *hint,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Each check fills *c; a check that does not apply to the board says skip. */
void selftest_printer(const struct selftest *t, struct selftest_check *c);
void selftest_reader(const struct selftest *t, struct selftest_check *c);
void selftest_audio(const struct selftest *t, struct selftest_check *c);
void selftest_display(const struct selftest *t, struct selftest_check *c);
void selftest_hub(const struct selftest *t, struct selftest_check *c);
void selftest_hub_token(const struct selftest *t, struct selftest_check *c);
void selftest_clock(const struct selftest *t, struct selftest_check *c);
void selftest_data(const struct selftest *t, struct selftest_check *c);
void selftest_space(const struct selftest *t, struct selftest_check *c);
void selftest_identity(const struct selftest *t, struct selftest_check *c);

/* The board's name ([board] name) and role. */
const char *selftest_board_name(const struct selftest *t);
const char *selftest_role(const struct selftest *t);

#endif
