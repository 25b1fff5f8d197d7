/* sd_notify.h — tells systemd that a service is ready and alive (Type=notify, WatchdogSec),
 * without linking libsystemd: a datagram to $NOTIFY_SOCKET. A no-op outside systemd. */
#ifndef CIVIQ_COMMON_SD_NOTIFY_H
#define CIVIQ_COMMON_SD_NOTIFY_H

/* state: "READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=...". 1 sent, 0 no socket, -errno. */
int sd_notify_send(const char *state);

#endif
