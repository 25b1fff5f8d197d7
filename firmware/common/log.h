/* log.h — the one logging function: leveled, journald-friendly lines on stderr.
 *
 * Lines start with the syslog priority in angle brackets ("<6>"), which journald reads as the
 * level when a program runs under systemd. Callers log ticket numbers, never names: nothing that
 * identifies a citizen may be passed to these functions.
 */
#ifndef CIVIQ_COMMON_LOG_H
#define CIVIQ_COMMON_LOG_H

enum log_level {
	LOG_LEVEL_ERR = 3,
	LOG_LEVEL_WARNING = 4,
	LOG_LEVEL_NOTICE = 5,
	LOG_LEVEL_INFO = 6,
	LOG_LEVEL_DEBUG = 7,
};

/* Messages above this level are dropped; the default is INFO, or CIVIQ_LOG_LEVEL=debug etc. */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "err", "warning", "notice", "info", "debug"; returns -EINVAL for anything else. */
int log_level_parse(const char *name, enum log_level *out);
/* Tags every line with the program's name ("civiq-hub"). */
void log_set_ident(const char *ident);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)     log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_notice(...)  log_msg(LOG_LEVEL_NOTICE, __VA_ARGS__)
#define log_info(...)    log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)   log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
