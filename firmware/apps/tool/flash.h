/* flash.h — writing a disk image to an SD card, eMMC or a file: the block map (bmaptool's
 * .bmap), the safety checks on the target, the copy and the read-back verification. */
#ifndef CIVIQ_APPS_TOOL_FLASH_H
#define CIVIQ_APPS_TOOL_FLASH_H

#include <stddef.h>
#include <stdint.h>

#define FLASH_ERR_MAX 512

struct flash_range {
	uint64_t first, last; /* blocks, inclusive */
	unsigned char sha256[32];
	int has_sha256;
};

/* What to copy: every range of blocks of block_size bytes (the last block may be short). */
struct flash_map {
	uint64_t image_size;
	uint32_t block_size;
	struct flash_range *ranges;
	size_t n_ranges;
	int from_bmap; /* 0: one range over the whole image */
};

/* Reads a bmap file (format 1.x/2.x, sha256 or no checksums); -EINVAL on a malformed file. */
int flash_map_load_bmap(struct flash_map *m, const char *path, char *err, size_t errlen);
/* One range covering an image of `size` bytes. */
int flash_map_whole(struct flash_map *m, uint64_t size);
void flash_map_free(struct flash_map *m);

/* Refuses a target that must not be written: a directory or character device, the image itself,
 * a block device that holds the running system, is mounted, swap or held by device-mapper.
 * Mount and swap tables are read from proc_dir ("/proc" normally). 0 or -EBUSY/-EINVAL with
 * the reason in err. */
int flash_check_target(const char *target, const char *image, const char *proc_dir, char *err,
                       size_t errlen);

/* Progress: called with bytes done and the total of the current phase. */
typedef void (*flash_progress_fn)(const char *phase, uint64_t done, uint64_t total, void *ctx);

struct flash_stats {
	uint64_t written; /* bytes written */
	uint64_t skipped; /* bytes the map let us skip */
	int direct;       /* read back with O_DIRECT (else: caches dropped with fadvise) */
};

/* Copies the mapped ranges of image to target, syncs, and reads them back from the device
 * (bypassing the page cache) comparing SHA-256 per range; with a bmap, the image's data is
 * checked against the map's checksums too. A regular-file target is made sparse. */
int flash_write(const char *image, const char *target, const struct flash_map *m,
                flash_progress_fn progress, void *ctx, struct flash_stats *st, char *err,
                size_t errlen);

#endif
