/* flash_copy.c — copies the mapped blocks of an image to the target and reads them back past
 * the page cache, comparing SHA-256 digests per range. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "flash.h"

#define CHUNK   (1u << 20)
#define ALIGNED 4096

struct copy {
	const struct flash_map *m;
	flash_progress_fn progress;
	void *ctx;
	uint64_t total, done;
	unsigned char *buf; /* CHUNK bytes, ALIGNED for O_DIRECT */
	char *err;
	size_t errlen;
};

static int fail(struct copy *c, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct copy *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static int is_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* Byte span [*off, *off + *len) of range r within the image. */
static void span(const struct flash_map *m, const struct flash_range *r, uint64_t *off,
                 uint64_t *len)
{
	uint64_t end = (r->last + 1) * (uint64_t)m->block_size;

	*off = r->first * (uint64_t)m->block_size;
	if (end > m->image_size)
		end = m->image_size;
	*len = end > *off ? end - *off : 0;
}

static int read_full(int fd, unsigned char *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const unsigned char *buf, size_t len, uint64_t off)
{
	size_t put = 0;

	while (put < len) {
		ssize_t n = pwrite(fd, buf + put, len - put, (off_t)(off + put));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		put += (size_t)n;
	}
	return 0;
}

/* Hashes [off, off+len) of fd into md; with out >= 0 also writes it there (sparse when the
 * target is a fresh file). */
static int pass(struct copy *c, int in, int out, int sparse, uint64_t off, uint64_t len,
                unsigned char md[32], const char *phase, struct flash_stats *st)
{
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	int rc = 0;

	if (!h || !EVP_DigestInit_ex(h, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(h);
		return -ENOMEM;
	}
	while (len > 0 && rc == 0) {
		/* O_DIRECT reads want aligned lengths: read whole aligned chunks, hash what counts
		 */
		size_t n = len < CHUNK ? (size_t)len : CHUNK;
		size_t want = out < 0 ? (n + ALIGNED - 1) / ALIGNED * ALIGNED : n;
		if ((rc = read_full(in, c->buf, want, off)) == -EIO && want != n)
			rc = read_full(in, c->buf, n, off); /* a short last block of a file */
		if (rc < 0)
			break;
		EVP_DigestUpdate(h, c->buf, n);
		if (out >= 0) {
			if (sparse && is_zero(c->buf, n))
				st->skipped += n;
			else if ((rc = write_full(out, c->buf, n, off)) == 0)
				st->written += n;
		}
		off += n;
		len -= n;
		c->done += n;
		if (c->progress)
			c->progress(phase, c->done, c->total, c->ctx);
	}
	if (rc == 0)
		EVP_DigestFinal_ex(h, md, NULL);
	EVP_MD_CTX_free(h);
	return rc;
}

static int open_target(struct copy *c, const char *target, int *is_file)
{
	struct stat st;
	uint64_t size = 0;
	int fd;

	*is_file = stat(target, &st) < 0 || S_ISREG(st.st_mode);
	/* O_EXCL on a block device fails while anything has it mounted */
	fd = *is_file ? open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)
	              : open(target, O_WRONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0)
		return fail(c, -errno, "%s: %s", target, strerror(errno));
	if (*is_file) {
		/* a fresh sparse file of the image's size: unmapped blocks read as zeros */
		if (ftruncate(fd, 0) < 0 || ftruncate(fd, (off_t)c->m->image_size) < 0) {
			int e = errno;
			close(fd);
			return fail(c, -e, "%s: %s", target, strerror(e));
		}
	} else if (ioctl(fd, BLKGETSIZE64, &size) == 0 && size < c->m->image_size) {
		close(fd);
		return fail(c, -ENOSPC, "%s holds %llu MiB, the image needs %llu MiB", target,
		            (unsigned long long)(size >> 20),
		            (unsigned long long)(c->m->image_size >> 20));
	}
	return fd;
}

/* Opens the target for reading with the page cache out of the way. */
static int open_readback(const char *target, int is_file, struct flash_stats *st)
{
	int fd = open(target, O_RDONLY | O_DIRECT | O_CLOEXEC);

	st->direct = fd >= 0;
	if (fd < 0) { /* tmpfs and some file systems refuse O_DIRECT */
		fd = open(target, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
	}
	if (!is_file)
		ioctl(fd, BLKFLSBUF, 0);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	return fd;
}

int flash_write(const char *image, const char *target, const struct flash_map *m,
                flash_progress_fn progress, void *ctx, struct flash_stats *st, char *err,
                size_t errlen)
{
	struct copy c = { .m = m, .progress = progress, .ctx = ctx, .err = err, .errlen = errlen };
	unsigned char(*md)[32] = NULL, back[32];
	int in = -1, out = -1, is_file = 1, rc = 0;
	struct stat ist;

	memset(st, 0, sizeof(*st));
	if ((in = open(image, O_RDONLY | O_CLOEXEC)) < 0 || fstat(in, &ist) < 0)
		return fail(&c, -errno, "%s: %s", image, strerror(errno));
	if ((uint64_t)ist.st_size != m->image_size) {
		close(in);
		return fail(&c, -EINVAL, "%s has %llu bytes, its block map says %llu", image,
		            (unsigned long long)ist.st_size, (unsigned long long)m->image_size);
	}
	for (size_t i = 0; i < m->n_ranges; i++) {
		uint64_t off, len;
		span(m, &m->ranges[i], &off, &len);
		c.total += len;
	}
	if (posix_memalign((void **)&c.buf, ALIGNED, CHUNK) ||
	    !(md = calloc(m->n_ranges + 1, 32))) {
		rc = fail(&c, -ENOMEM, "out of memory");
		goto out;
	}
	if ((out = open_target(&c, target, &is_file)) < 0) {
		rc = out;
		goto out;
	}
	st->skipped = m->image_size - c.total;
	for (size_t i = 0; i < m->n_ranges && rc == 0; i++) {
		uint64_t off, len;
		span(m, &m->ranges[i], &off, &len);
		rc = pass(&c, in, out, is_file, off, len, md[i], "writing", st);
		if (rc < 0)
			fail(&c, rc, "writing %s: %s", target, strerror(-rc));
		else if (m->ranges[i].has_sha256 && memcmp(md[i], m->ranges[i].sha256, 32))
			rc = fail(&c, -EBADMSG,
			          "%s: blocks %llu-%llu differ from the block map: damaged image "
			          "or wrong .bmap",
			          image, (unsigned long long)m->ranges[i].first,
			          (unsigned long long)m->ranges[i].last);
	}
	if (rc == 0 && fsync(out) < 0)
		rc = fail(&c, -errno, "%s: sync: %s", target, strerror(errno));
	close(out);
	out = -1;
	if (rc < 0)
		goto out;
	if ((out = open_readback(target, is_file, st)) < 0) {
		rc = fail(&c, out, "%s: %s", target, strerror(-out));
		goto out;
	}
	c.done = 0;
	for (size_t i = 0; i < m->n_ranges && rc == 0; i++) {
		uint64_t off, len;
		span(m, &m->ranges[i], &off, &len);
		if ((rc = pass(&c, out, -1, 0, off, len, back, "verifying", st)) < 0)
			fail(&c, rc, "reading back %s: %s", target, strerror(-rc));
		else if (memcmp(back, md[i], 32))
			rc = fail(
			    &c, -EIO,
			    "%s: blocks %llu-%llu read back differ from the image: the card or "
			    "reader is failing",
			    target, (unsigned long long)m->ranges[i].first,
			    (unsigned long long)m->ranges[i].last);
	}
out:
	if (out >= 0)
		close(out);
	close(in);
	free(c.buf);
	free(md);
	return rc;
}
