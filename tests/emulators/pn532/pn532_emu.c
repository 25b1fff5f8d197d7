/* The PN532 emulator: pty handling, pacing, and the chip's commands. */
#include "pn532_emu.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pn532_frame.h"

/* PN532 command codes */
enum {
	CMD_DIAGNOSE = 0x00,
	CMD_GET_FIRMWARE = 0x02,
	CMD_GET_STATUS = 0x04,
	CMD_READ_REG = 0x06,
	CMD_WRITE_REG = 0x08,
	CMD_SET_PARAMS = 0x12,
	CMD_SAM_CONFIG = 0x14,
	CMD_POWER_DOWN = 0x16,
	CMD_RF_CONFIG = 0x32,
	CMD_IN_DATA_EXCHANGE = 0x40,
	CMD_IN_COMM_THRU = 0x42,
	CMD_IN_DESELECT = 0x44,
	CMD_IN_LIST_PASSIVE = 0x4A,
	CMD_IN_RELEASE = 0x52,
	CMD_IN_SELECT = 0x54,
};

#define ST_OK      0x00
#define ST_TIMEOUT 0x01 /* the target did not answer */
#define ST_MI      0x40
#define ST_BAD_CTX 0x27 /* no target activated */

struct pn532_emu {
	struct pn532_emu_opts o;
	struct sim_card *card;
	int master, slave; /* slave kept open so the master never sees a hang-up */
	char path[256];
	int stop_pipe[2];
	pthread_mutex_t lock;
	struct pn532_emu_stats st;
	uint8_t regs[0x10000];
	uint8_t mx_rty_passive;
	int in_field, activated;
	long long card_back_at, replug_at; /* monotonic ms, 0: not pending */
	int faults_done;                   /* bit per fault */
	uint8_t last[PN532_FRAME_DATA_MAX + 16];
	size_t last_len;
	uint8_t pending[4096]; /* card response not yet sent (MI chaining) */
	size_t pending_len, pending_off;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pace(const struct pn532_emu *e, size_t bytes)
{
	long long ns;
	struct timespec ts;

	if (!e->o.baud)
		return;
	ns = (long long)bytes * 10 * 1000000000LL / e->o.baud;
	ts.tv_sec = (time_t)(ns / 1000000000LL);
	ts.tv_nsec = (long)(ns % 1000000000LL);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void say(const struct pn532_emu *e, const char *msg, unsigned n)
{
	if (!e->o.quiet)
		fprintf(stderr, "pn532-emu: %s (%u)\n", msg, n);
}

static int open_pty(struct pn532_emu *e)
{
	struct termios t;
	char tmp[300];

	e->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (e->master < 0 || grantpt(e->master) < 0 || unlockpt(e->master) < 0)
		return -errno;
	if (ptsname_r(e->master, e->path, sizeof(e->path)) != 0)
		return -errno;
	e->slave = open(e->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (e->slave < 0)
		return -errno;
	if (tcgetattr(e->slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(e->slave, TCSANOW, &t);
	}
	if (e->o.link) {
		snprintf(tmp, sizeof(tmp), "%s.new", e->o.link);
		unlink(tmp);
		if (symlink(e->path, tmp) < 0 || rename(tmp, e->o.link) < 0)
			return -errno;
	}
	return 0;
}

static void close_pty(struct pn532_emu *e)
{
	if (e->master >= 0)
		close(e->master);
	if (e->slave >= 0)
		close(e->slave);
	e->master = e->slave = -1;
}

struct pn532_emu *pn532_emu_new(const struct pn532_emu_opts *o)
{
	struct pn532_emu *e = calloc(1, sizeof(*e));
	int rc;

	if (!e)
		return NULL;
	e->o = *o;
	e->master = e->slave = -1;
	e->stop_pipe[0] = e->stop_pipe[1] = -1;
	e->in_field = !o->absent;
	e->mx_rty_passive = 0xFF;
	pthread_mutex_init(&e->lock, NULL);
	e->card = sim_card_new(&o->card);
	if (!e->card || pipe2(e->stop_pipe, O_CLOEXEC | O_NONBLOCK) < 0 || (rc = open_pty(e)) < 0) {
		rc = errno;
		pn532_emu_free(e);
		errno = rc ? rc : EIO;
		return NULL;
	}
	return e;
}

const char *pn532_emu_path(const struct pn532_emu *e)
{
	return e->o.link ? e->o.link : e->path;
}

void pn532_emu_stop(struct pn532_emu *e)
{
	ssize_t w = write(e->stop_pipe[1], "x", 1);
	(void)w;
}

void pn532_emu_get_stats(struct pn532_emu *e, struct pn532_emu_stats *out)
{
	pthread_mutex_lock(&e->lock);
	*out = e->st;
	pthread_mutex_unlock(&e->lock);
}

void pn532_emu_free(struct pn532_emu *e)
{
	if (!e)
		return;
	close_pty(e);
	if (e->stop_pipe[0] >= 0)
		close(e->stop_pipe[0]);
	if (e->stop_pipe[1] >= 0)
		close(e->stop_pipe[1]);
	if (e->o.link)
		unlink(e->o.link);
	sim_card_free(e->card);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

static void send_raw(struct pn532_emu *e, const uint8_t *b, size_t n)
{
	pace(e, n);
	while (n && e->master >= 0) {
		ssize_t w = write(e->master, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
		pthread_mutex_lock(&e->lock);
		e->st.bytes_out += (size_t)w;
		pthread_mutex_unlock(&e->lock);
	}
}

static void respond(struct pn532_emu *e, uint8_t cmd, const uint8_t *data, size_t len)
{
	e->last_len = pn532_frame_build(PN532_TFI_CHIP, (uint8_t)(cmd + 1), data, len, e->last,
	                                sizeof(e->last));
	send_raw(e, e->last, e->last_len);
}

/* Target data for InListPassiveTarget, as the chip reports it after activation (RATS/ATTRIB). */
static size_t target_data(struct pn532_emu *e, uint8_t *out)
{
	size_t n = 0, hist_len;
	const uint8_t *hist = sim_card_atr(e->card, &hist_len);

	out[n++] = 1; /* Tg */
	if (!e->o.type_b) {
		static const uint8_t head[] = { 0x00, 0x08, 0x20, 0x04, 0x08, 0x12, 0x34, 0x56 };
		memcpy(out + n, head, sizeof(head)); /* SENS_RES, SEL_RES (ISO 14443-4), NFCID1 */
		n += sizeof(head);
		out[n++] = (uint8_t)(5 + hist_len); /* ATS: TL T0 TA TB TC historical bytes */
		out[n++] = 0x78;                    /* TA, TB, TC present; FSCI 8 (256 bytes) */
		out[n++] = 0x80;
		out[n++] = 0x70;
		out[n++] = 0x02;
		memcpy(out + n, hist, hist_len);
		n += hist_len;
	} else {
		static const uint8_t atqb[] = {
			0x50, 0x12, 0x34, 0x56, 0x78, /* PUPI */
			0x00, 0x00, 0x00, 0x00,       /* application data */
			0x00, 0x81, 0x71,             /* bit rates, FSCI 8 + ISO 14443-4, FWI 7 */
			0x01, 0x00,                   /* ATTRIB_RES */
		};
		memcpy(out + n, atqb, sizeof(atqb));
		n += sizeof(atqb);
	}
	return n;
}

static int fault_now(struct pn532_emu *e, unsigned after, int bit)
{
	if (!after || (e->faults_done & bit) || e->st.apdus != after)
		return 0;
	e->faults_done |= bit;
	return 1;
}

/* InDataExchange: 1 when the session ends (unplugged). */
static int data_exchange(struct pn532_emu *e, const uint8_t *p, size_t n)
{
	uint8_t resp[PN532_DEP_MAX + 1];
	size_t len, chunk;

	if (n < 1)
		return respond(e, CMD_IN_DATA_EXCHANGE, (const uint8_t[]){ ST_BAD_CTX }, 1), 0;
	if (!e->activated || !e->in_field) {
		uint8_t st = e->activated ? ST_TIMEOUT : ST_BAD_CTX;
		respond(e, CMD_IN_DATA_EXCHANGE, &st, 1);
		return 0;
	}
	if (n == 1 && e->pending_off < e->pending_len) {
		/* the host fetches the rest of a chained (MI) response */
	} else {
		pthread_mutex_lock(&e->lock);
		if (n - 1 > e->st.max_data_in)
			e->st.max_data_in = n - 1;
		pthread_mutex_unlock(&e->lock);
		if (fault_now(e, e->o.remove_after, 1)) {
			say(e, "card leaves the field at APDU", e->st.apdus + 1);
			e->in_field = e->activated = 0;
			if (e->o.return_ms)
				e->card_back_at = now_ms() + e->o.return_ms;
			respond(e, CMD_IN_DATA_EXCHANGE, (const uint8_t[]){ ST_TIMEOUT }, 1);
			return 0;
		}
		if (fault_now(e, e->o.silent_after, 2)) {
			say(e, "no answer to APDU", e->st.apdus + 1);
			return 0;
		}
		if (fault_now(e, e->o.unplug_after, 4)) {
			say(e, "unplugged at APDU", e->st.apdus + 1);
			return 1;
		}
		len = sizeof(e->pending);
		if (sim_card_process_apdu(e->card, p + 1, n - 1, e->pending, &len) < 0) {
			e->pending[0] = 0x6F;
			e->pending[1] = 0x00;
			len = 2;
		}
		e->pending_len = len;
		e->pending_off = 0;
		pthread_mutex_lock(&e->lock);
		e->st.apdus++;
		pthread_mutex_unlock(&e->lock);
	}
	chunk = e->pending_len - e->pending_off;
	resp[0] = ST_OK;
	if (chunk > PN532_DEP_MAX) {
		chunk = PN532_DEP_MAX;
		resp[0] |= ST_MI;
	}
	memcpy(resp + 1, e->pending + e->pending_off, chunk);
	e->pending_off += chunk;
	pthread_mutex_lock(&e->lock);
	if (chunk > e->st.max_data_out)
		e->st.max_data_out = chunk;
	pthread_mutex_unlock(&e->lock);
	if (fault_now(e, e->o.garbage_after ? e->o.garbage_after + 1 : 0, 8)) {
		say(e, "garbage answer to APDU", e->st.apdus);
		e->last_len = pn532_frame_build(PN532_TFI_CHIP, CMD_IN_DATA_EXCHANGE + 1, resp,
		                                chunk + 1, e->last, sizeof(e->last));
		e->last[e->last_len - 2] ^= 0x5A; /* break the data checksum */
		send_raw(e, e->last, e->last_len);
		return 0;
	}
	respond(e, CMD_IN_DATA_EXCHANGE, resp, chunk + 1);
	return 0;
}

/* One command from the host; 1 when the reader is to be unplugged. */
static int command(struct pn532_emu *e, const uint8_t *f, size_t len)
{
	uint8_t cmd = f[1], out[PN532_FRAME_DATA_MAX];
	const uint8_t *p = f + 2;
	size_t n = len - 2, o = 0;

	pace(e, len + 7);
	pthread_mutex_lock(&e->lock);
	e->st.commands++;
	pthread_mutex_unlock(&e->lock);
	send_raw(e, pn532_ack_frame, sizeof(pn532_ack_frame));
	switch (cmd) {
	case CMD_DIAGNOSE:
		if (n >= 1 && p[0] == 0x06) {
			out[o++] = e->activated && e->in_field ? ST_OK : ST_TIMEOUT;
		} else {
			memcpy(out, p, n); /* communication line test: the data comes back */
			o = n;
		}
		break;
	case CMD_GET_FIRMWARE:
		memcpy(out, (const uint8_t[]){ 0x32, 0x01, 0x06, 0x07 }, 4);
		o = 4;
		break;
	case CMD_GET_STATUS:
		out[o++] = 0x00;
		out[o++] = e->activated ? 1 : 0;
		out[o++] = e->activated ? 1 : 0;
		if (e->activated) {
			memcpy(out + o, (const uint8_t[]){ 0x01, 0x00, 0x00, 0x00 }, 4);
			o += 4;
		}
		out[o++] = 0x00;
		break;
	case CMD_READ_REG:
		for (size_t i = 0; i + 1 < n && o < sizeof(out); i += 2)
			out[o++] = e->regs[(size_t)p[i] << 8 | p[i + 1]];
		break;
	case CMD_WRITE_REG:
		for (size_t i = 0; i + 2 < n; i += 3)
			e->regs[(size_t)p[i] << 8 | p[i + 1]] = p[i + 2];
		break;
	case CMD_RF_CONFIG:
		if (n >= 4 && p[0] == 0x05)
			e->mx_rty_passive = p[3];
		break;
	case CMD_SET_PARAMS:
	case CMD_SAM_CONFIG:
		break;
	case CMD_POWER_DOWN:
		out[o++] = ST_OK;
		break;
	case CMD_IN_LIST_PASSIVE:
		if (n < 2) {
			send_raw(e, pn532_error_frame, sizeof(pn532_error_frame));
			return 0;
		}
		if (e->in_field &&
		    ((p[1] == 0x00 && !e->o.type_b) || (p[1] == 0x03 && e->o.type_b))) {
			out[o++] = 1;
			o += target_data(e, out + o);
			sim_card_reset(e->card);
			e->activated = 1;
			e->pending_len = e->pending_off = 0;
		} else {
			out[o++] = 0;
			e->activated = 0;
		}
		break;
	case CMD_IN_DATA_EXCHANGE:
		return data_exchange(e, p, n);
	case CMD_IN_COMM_THRU:
		if (e->activated && e->in_field) {
			out[o++] = ST_OK;
			memcpy(out + o, p,
			       n < 4 ? n : 4); /* R(ACK)/S-block presence pings come back */
			o += n < 4 ? n : 4;
		} else {
			out[o++] = ST_TIMEOUT;
		}
		break;
	case CMD_IN_DESELECT:
	case CMD_IN_RELEASE:
		e->activated = 0;
		out[o++] = ST_OK;
		break;
	case CMD_IN_SELECT:
		out[o++] = e->in_field ? ST_OK : ST_TIMEOUT;
		break;
	default:
		send_raw(e, pn532_error_frame, sizeof(pn532_error_frame));
		return 0;
	}
	respond(e, cmd, out, o);
	return 0;
}

int pn532_emu_run(struct pn532_emu *e)
{
	struct pn532_decoder d;

	pn532_decoder_init(&d);
	for (;;) {
		struct pollfd p[2] = { { .fd = e->stop_pipe[0], .events = POLLIN },
			               { .fd = e->master, .events = POLLIN } };
		uint8_t buf[512];
		long long now = now_ms();
		ssize_t got;
		int rc;

		if (e->card_back_at && now >= e->card_back_at) {
			e->card_back_at = 0;
			e->in_field = 1;
			say(e, "card back in the field", 0);
		}
		if (e->replug_at && now >= e->replug_at) {
			e->replug_at = 0;
			if ((rc = open_pty(e)) < 0)
				return rc;
			pn532_decoder_init(&d);
			say(e, "plugged back in", 0);
		}
		rc = poll(p, e->master >= 0 ? 2 : 1, 10);
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (p[0].revents)
			return 0;
		if (rc <= 0 || e->master < 0 || !(p[1].revents & POLLIN))
			continue;
		got = read(e->master, buf, sizeof(buf));
		if (got <= 0)
			continue;
		pthread_mutex_lock(&e->lock);
		e->st.bytes_in += (size_t)got;
		pthread_mutex_unlock(&e->lock);
		for (ssize_t i = 0; i < got; i++) {
			enum pn532_event ev = pn532_decoder_feed(&d, buf[i]);
			if (ev == PN532_EV_FRAME && d.len >= 2 && d.data[0] == PN532_TFI_HOST) {
				if (command(e, d.data, d.len)) {
					close_pty(e);
					if (e->o.replug_ms)
						e->replug_at = now_ms() + e->o.replug_ms;
					break;
				}
			} else if (ev == PN532_EV_NACK && e->last_len) {
				e->st.nacks++;
				send_raw(e, e->last, e->last_len);
			} else if (ev == PN532_EV_BAD) {
				pthread_mutex_lock(&e->lock);
				e->st.bad_frames++;
				pthread_mutex_unlock(&e->lock);
			}
		}
	}
}
