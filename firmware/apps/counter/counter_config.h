/* counter_config.h — the [counter_board] section of a counter board's configuration. */
#ifndef CIVIQ_APPS_COUNTER_CONFIG_H
#define CIVIQ_APPS_COUNTER_CONFIG_H

#include <stddef.h>

#define COUNTER_STR_MAX 512

struct counter_config {
	char hub_url[COUNTER_STR_MAX]; /* http://127.0.0.1:8080 */
	char token[COUNTER_STR_MAX];   /* a staff-role device token */
	char ca_file[COUNTER_STR_MAX]; /* "" = the system's CAs */
	char counter[64];              /* the counter's id in the hub ("1", "3") */
	char input[COUNTER_STR_MAX];   /* input URI: evdev:/dev/input/event0, sim:FIFO */
	char segment[COUNTER_STR_MAX]; /* segment URI: sim:FILE?digits=4, null: */
	int next_key;                  /* KEY_* code of "call next" */
	int recall_key;                /* KEY_* code of "recall", 0 = none */
	int timeout_ms;                /* one request to the hub */
	int retry_max_ms;              /* backoff cap */
	int retry_window_ms;           /* a press is given up after this long without the hub */
	int lockout_ms;                /* presses this soon after a call are ignored */
};

/* Defaults, then the file's [counter_board] section (paths relative to the file). Unknown
 * keys and bad values are errors with file:line in err. Returns 0 or a negative errno. */
int counter_config_load(struct counter_config *c, const char *path, char *err, size_t errlen);

/* Checks that the required keys are set (after command-line overrides). */
int counter_config_check(const struct counter_config *c, char *err, size_t errlen);

#endif
