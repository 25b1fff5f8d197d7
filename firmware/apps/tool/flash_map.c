/* flash_map.c — the block map of an image and the checks on a flash target. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "flash.h"

#define BMAP_MAX (64u << 20)

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* The number between <tag> and </tag> after p, or -1. */
static long long tag_number(const char *text, const char *tag)
{
	char open[64];
	const char *p;

	snprintf(open, sizeof(open), "<%s>", tag);
	if (!(p = strstr(text, open)))
		return -1;
	return strtoll(p + strlen(open), NULL, 10);
}

static int hex_digest(const char *hex, size_t hexlen, unsigned char out[32])
{
	if (hexlen != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int parse_ranges(struct flash_map *m, const char *text, uint64_t blocks)
{
	const char *p = text;
	size_t cap = 0;

	while ((p = strstr(p, "<Range"))) {
		const char *gt = strchr(p, '>'), *sum = strstr(p, "chksum=\"");
		char *end;
		struct flash_range r = { 0 };

		if (!gt)
			return -1;
		if (sum && sum < gt) {
			const char *q = strchr(sum + 8, '"');
			if (!q || hex_digest(sum + 8, (size_t)(q - sum - 8), r.sha256) < 0)
				return -1;
			r.has_sha256 = 1;
		}
		r.first = strtoull(gt + 1, &end, 10);
		while (*end == ' ')
			end++;
		r.last = *end == '-' ? strtoull(end + 1, &end, 10) : r.first;
		if (r.last < r.first || r.last >= blocks ||
		    (m->n_ranges && r.first <= m->ranges[m->n_ranges - 1].last))
			return -1;
		if (m->n_ranges == cap) {
			struct flash_range *n;
			cap = cap ? 2 * cap : 64;
			if (!(n = realloc(m->ranges, cap * sizeof(*n))))
				return -1;
			m->ranges = n;
		}
		m->ranges[m->n_ranges++] = r;
		p = gt;
	}
	return 0;
}

int flash_map_load_bmap(struct flash_map *m, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text, *body;
	size_t n;
	long long size, bs, blocks;

	memset(m, 0, sizeof(*m));
	if (!f)
		return fail(err, errlen, -errno, "%s: %s", path, strerror(errno));
	text = malloc(BMAP_MAX + 1);
	n = text ? fread(text, 1, BMAP_MAX, f) : 0;
	fclose(f);
	if (!text)
		return fail(err, errlen, -ENOMEM, "out of memory");
	text[n] = 0;
	/* the comment before <bmap> names the tags too */
	body = strstr(text, "<bmap version=\"");
	size = body ? tag_number(body, "ImageSize") : -1;
	bs = body ? tag_number(body, "BlockSize") : -1;
	blocks = body ? tag_number(body, "BlocksCount") : -1;
	if (!body || size < 0 || bs <= 0 || bs > (1 << 24) || blocks < 0 ||
	    (size + bs - 1) / bs != blocks) {
		free(text);
		return fail(err, errlen, -EINVAL, "%s: not a block map", path);
	}
	if (strstr(text, "<ChecksumType>") &&
	    !strstr(text, "<ChecksumType> sha256 </ChecksumType>")) {
		free(text);
		return fail(err, errlen, -EINVAL, "%s: only sha256 checksums are supported", path);
	}
	m->image_size = (uint64_t)size;
	m->block_size = (uint32_t)bs;
	m->from_bmap = 1;
	if (parse_ranges(m, body, (uint64_t)blocks) < 0) {
		free(text);
		flash_map_free(m);
		return fail(err, errlen, -EINVAL, "%s: malformed <Range>", path);
	}
	free(text);
	return 0;
}

int flash_map_whole(struct flash_map *m, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->image_size = size;
	m->block_size = 4096;
	if (!size)
		return 0;
	if (!(m->ranges = calloc(1, sizeof(*m->ranges))))
		return -ENOMEM;
	m->ranges[0].last = (size - 1) / m->block_size;
	m->n_ranges = 1;
	return 0;
}

void flash_map_free(struct flash_map *m)
{
	free(m->ranges);
	m->ranges = NULL;
	m->n_ranges = 0;
}

/* Whether a device number belongs to the disk set (the whole disk and its partitions). */
static int in_set(dev_t d, const dev_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == d)
			return 1;
	return 0;
}

static int read_dev(const char *path, dev_t *out)
{
	FILE *f = fopen(path, "r");
	unsigned ma, mi;
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%u:%u", &ma, &mi) == 2;
	fclose(f);
	*out = makedev(ma, mi);
	return ok ? 0 : -1;
}

/* The whole disk of a block device and its partitions, from sysfs; at least the device itself. */
static size_t disk_set(dev_t d, dev_t *set, size_t cap, int *held)
{
	char path[2 * PATH_MAX], disk[PATH_MAX];
	size_t n = 0;
	DIR *dir;
	struct dirent *e;
	struct stat st;

	set[n++] = d;
	*held = 0;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(d), minor(d));
	if (!realpath(path, disk))
		return n;
	snprintf(path, sizeof(path), "%s/partition", disk);
	if (stat(path, &st) == 0) { /* a partition: its parent is the disk */
		char *slash = strrchr(disk, '/');
		if (slash)
			*slash = 0;
		snprintf(path, sizeof(path), "%s/dev", disk);
		if (read_dev(path, &set[0]) < 0)
			set[0] = d;
		set[n++] = d;
	}
	if (!(dir = opendir(disk)))
		return n;
	while ((e = readdir(dir)) && n < cap) {
		dev_t p;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%.200s/partition", disk, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%.200s/dev", disk, e->d_name);
		if (read_dev(path, &p) == 0 && !in_set(p, set, n))
			set[n++] = p;
		snprintf(path, sizeof(path), "%s/%.200s/holders", disk, e->d_name);
		DIR *h = opendir(path);
		struct dirent *he;
		while (h && (he = readdir(h)))
			if (he->d_name[0] != '.')
				*held = 1;
		if (h)
			closedir(h);
	}
	closedir(dir);
	return n;
}

/* The mount point of the first mount whose device is in the set, from mountinfo. */
static int mounted(const char *proc_dir, const dev_t *set, size_t n, char *where, size_t cap)
{
	char path[512], line[4096], mnt[2048];
	unsigned ma, mi;
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "%s/self/mountinfo", proc_dir);
	if (!(f = fopen(path, "r")))
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %u:%u %*s %2047s", &ma, &mi, mnt) == 3 &&
		    in_set(makedev(ma, mi), set, n)) {
			snprintf(where, cap, "%s", mnt);
			found = 1;
		}
	fclose(f);
	return found;
}

static int swapped(const char *proc_dir, const dev_t *set, size_t n)
{
	char path[512], line[1024], dev[512];
	FILE *f;
	struct stat st;
	int found = 0;

	snprintf(path, sizeof(path), "%s/swaps", proc_dir);
	if (!(f = fopen(path, "r")))
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%511s", dev) == 1 && stat(dev, &st) == 0 && S_ISBLK(st.st_mode) &&
		    in_set(st.st_rdev, set, n))
			found = 1;
	fclose(f);
	return found;
}

int flash_check_target(const char *target, const char *image, const char *proc_dir, char *err,
                       size_t errlen)
{
	struct stat st, im, root;
	dev_t set[128];
	size_t n;
	char where[2048];
	int held;

	if (stat(target, &st) < 0)
		return errno == ENOENT
		           ? 0
		           : fail(err, errlen, -errno, "%s: %s", target, strerror(errno));
	if (stat(image, &im) == 0 && im.st_dev == st.st_dev && im.st_ino == st.st_ino)
		return fail(err, errlen, -EINVAL, "%s is the image itself", target);
	if (S_ISREG(st.st_mode))
		return 0;
	if (!S_ISBLK(st.st_mode))
		return fail(err, errlen, -EINVAL, "%s is neither a block device nor a file",
		            target);
	n = disk_set(st.st_rdev, set, sizeof(set) / sizeof(set[0]), &held);
	if (stat("/", &root) == 0 && in_set(root.st_dev, set, n))
		return fail(err, errlen, -EBUSY, "%s holds the running system", target);
	if (mounted(proc_dir, set, n, where, sizeof(where)))
		return fail(err, errlen, -EBUSY, "%s (or a partition of its disk) is mounted on %s",
		            target, where);
	if (swapped(proc_dir, set, n))
		return fail(err, errlen, -EBUSY, "%s is used as swap", target);
	if (held)
		return fail(err, errlen, -EBUSY, "%s is in use (device-mapper, RAID or LVM)",
		            target);
	return 0;
}
