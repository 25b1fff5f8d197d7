/* The system checks of civiq-tool selftest: clock, data partition, free space, identity. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

#include "selftest.h"

/* Anything earlier is a board that booted without a clock and without a time server. */
#define SANE_EPOCH 1704067200 /* 2024-01-01 */

void selftest_set(struct selftest_check *c, enum selftest_result r, const char *hint,
                  const char *fmt, ...)
{
	va_list ap;

	c->result = r;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	snprintf(c->hint, sizeof(c->hint), "%s", hint ? hint : "");
}

const char *selftest_board_name(const struct selftest *t)
{
	return ini_get(&t->board, "board", "name", "?");
}

const char *selftest_role(const struct selftest *t)
{
	return ini_get(&t->board, "board", "role", "?");
}

void selftest_clock(const struct selftest *t, struct selftest_check *c)
{
	const char *flag = ini_get(&t->board, "time", "synced_flag", NULL);
	int has_rtc = !strcmp(ini_get(&t->board, "board", "rtc", "no"), "yes");
	struct timex tx = { 0 };
	time_t now = time(NULL);
	char when[32];
	int state;

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	if (now < SANE_EPOCH) {
		selftest_set(c, SELFTEST_FAIL,
		             "the board needs a time server: check the network and NTP in "
		             "/etc/systemd/timesyncd.conf",
		             "the time is %s: unknown", when);
		return;
	}
	if (flag && access(flag, F_OK) == 0) {
		selftest_set(c, SELFTEST_PASS, NULL, "synchronised (%s), %s", flag, when);
		return;
	}
	state = adjtimex(&tx);
	if (state >= 0 && state != TIME_ERROR && !(tx.status & STA_UNSYNC)) {
		selftest_set(c, SELFTEST_PASS, NULL, "kernel clock synchronised, %s", when);
		return;
	}
	if (has_rtc)
		selftest_set(c, SELFTEST_SKIP, NULL,
		             "no time synchronisation on this machine; real-time clock says %s",
		             when);
	else
		selftest_set(c, SELFTEST_FAIL,
		             "no real-time clock: check the network and the time server "
		             "(timedatectl timesync-status)",
		             "not synchronised, %s", when);
}

void selftest_data(const struct selftest *t, struct selftest_check *c)
{
	char path[PATH_MAX + 32];
	struct stat st;
	int fd, n;

	if (stat(t->data_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		selftest_set(c, SELFTEST_FAIL,
		             "the data partition (label civiq-data) is not mounted: check "
		             "/etc/fstab and `lsblk -f`",
		             "%s: %s", t->data_dir,
		             stat(t->data_dir, &st) < 0 ? strerror(errno) : "not a directory");
		return;
	}
	n = snprintf(path, sizeof(path), "%s/.selftest-XXXXXX", t->data_dir);
	if (n < 0 || (size_t)n >= sizeof(path) || (fd = mkstemp(path)) < 0) {
		selftest_set(c, SELFTEST_FAIL,
		             "the data partition is read-only or full: run fsck on it "
		             "(`journalctl -k | grep EXT4`)",
		             "%s: cannot write: %s", t->data_dir, strerror(errno));
		return;
	}
	n = (int)write(fd, "civiq selftest\n", 15);
	if (n != 15 || fsync(fd) < 0) {
		int err = n < 0 ? errno : EIO;
		close(fd);
		unlink(path);
		selftest_set(c, SELFTEST_FAIL, "the SD card may be failing: replace it",
		             "%s: write failed: %s", t->data_dir, strerror(err));
		return;
	}
	close(fd);
	unlink(path);
	selftest_set(c, SELFTEST_PASS, NULL, "%s: writable", t->data_dir);
}

void selftest_space(const struct selftest *t, struct selftest_check *c)
{
	const unsigned long long min_free = 32ull << 20; /* the hub's database and its snapshots */
	struct statvfs vfs;
	unsigned long long total, avail;

	if (statvfs(t->data_dir, &vfs) < 0) {
		selftest_set(c, SELFTEST_FAIL, "the data partition is not mounted", "%s: %s",
		             t->data_dir, strerror(errno));
		return;
	}
	total = (unsigned long long)vfs.f_blocks * vfs.f_frsize;
	avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	if (avail < min_free || (total && avail * 20 < total))
		selftest_set(c, SELFTEST_FAIL,
		             "free space on the data partition: old backups in backup/, or grow it",
		             "%s: %llu MiB free of %llu MiB", t->data_dir, avail >> 20,
		             total >> 20);
	else
		selftest_set(c, SELFTEST_PASS, NULL, "%s: %llu MiB free of %llu MiB", t->data_dir,
		             avail >> 20, total >> 20);
}

void selftest_identity(const struct selftest *t, struct selftest_check *c)
{
	char path[PATH_MAX + 32], err[INI_ERROR_MAX];
	struct ini id;

	if (!strcmp(selftest_board_name(t), "sim")) {
		selftest_set(c, SELFTEST_SKIP, NULL, "sim board: development identity in %s",
		             t->conf_path[0] ? t->conf_path : "civiq.conf");
		return;
	}
	snprintf(path, sizeof(path), "%s/identity/identity.conf", t->data_dir);
	if (ini_load(&id, path, err, sizeof(err)) < 0) {
		selftest_set(c, SELFTEST_FAIL,
		             "the board is not provisioned: run civiq-tool provision", "%s", err);
		return;
	}
	selftest_set(c, SELFTEST_PASS, NULL, "device %s, role %s, site %s",
	             ini_get(&id, "identity", "device", "?"), ini_get(&id, "identity", "role", "?"),
	             ini_get(&id, "identity", "site", "?"));
	ini_free(&id);
}
