/* civiq-tool flash: writes a disk image to an SD card, an eMMC or a file.
 *   civiq-tool flash --image IMG --target DEV|FILE [--bmap FILE | --no-bmap] [--yes] [--json]
 * Uses IMG.bmap when it exists (only the mapped blocks are written, and they are checked
 * against the map's SHA-256), reads everything written back past the page cache and compares,
 * refuses the disk of the running system and mounted or otherwise busy disks, and asks before
 * writing a device unless --yes. --device is another name for --target. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flash.h"
#include "tool.h"

struct progress {
	int on;
	int last_pct;
	const char *phase;
};

static void show_progress(const char *phase, uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;
	int pct = total ? (int)(done * 100 / total) : 100;

	if (!p->on || (pct == p->last_pct && phase == p->phase))
		return;
	p->last_pct = pct;
	p->phase = phase;
	fprintf(stderr, "\r%-9s [%-40.*s] %3d%% %llu/%llu MiB", phase, pct * 40 / 100,
	        "########################################", pct, (unsigned long long)(done >> 20),
	        (unsigned long long)(total >> 20));
	if (done == total)
		fputc('\n', stderr);
}

static int confirm(const char *image, const char *target, uint64_t size)
{
	char answer[16];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "civiq-tool: flash: %s exists; give --yes to overwrite it\n",
		        target);
		return 0;
	}
	fprintf(stderr, "Write %s (%llu MiB) to %s? Everything on %s is lost. Type yes: ", image,
	        (unsigned long long)(size >> 20), target, target);
	return fgets(answer, sizeof(answer), stdin) && !strcmp(answer, "yes\n");
}

static int usage(void)
{
	fprintf(stderr, "usage: civiq-tool flash --image IMG --target DEV|FILE [--bmap FILE | "
	                "--no-bmap] [--yes] [--json]\n");
	return 2;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "target", required_argument, NULL, 't' },
		{ "device", required_argument, NULL, 't' },
		{ "bmap", required_argument, NULL, 'b' },
		{ "no-bmap", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *image = NULL, *target = NULL, *bmap = NULL;
	char err[FLASH_ERR_MAX], auto_bmap[4096];
	int yes = 0, json = 0, no_bmap = 0, c, rc;
	struct flash_map m;
	struct flash_stats st;
	struct progress prog = { .last_pct = -1 };
	struct stat ts, is;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			image = optarg;
			break;
		case 't':
			target = optarg;
			break;
		case 'b':
			bmap = optarg;
			break;
		case 'n':
			no_bmap = 1;
			break;
		case 'y':
			yes = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			return usage(), 0;
		default:
			return usage();
		}
	}
	if (optind != argc || !image || !target || (bmap && no_bmap))
		return usage();
	if (stat(image, &is) < 0 || !S_ISREG(is.st_mode)) {
		fprintf(stderr, "civiq-tool: flash: %s: not an image file\n", image);
		return 1;
	}
	if (!bmap && !no_bmap &&
	    (size_t)snprintf(auto_bmap, sizeof(auto_bmap), "%s.bmap", image) < sizeof(auto_bmap) &&
	    access(auto_bmap, R_OK) == 0)
		bmap = auto_bmap;
	rc = bmap ? flash_map_load_bmap(&m, bmap, err, sizeof(err))
	          : flash_map_whole(&m, (uint64_t)is.st_size);
	if (rc < 0) {
		fprintf(stderr, "civiq-tool: flash: %s\n", bmap ? err : strerror(-rc));
		return 1;
	}
	if ((rc = flash_check_target(target, image, "/proc", err, sizeof(err))) < 0) {
		fprintf(stderr, "civiq-tool: flash: refused: %s\n", err);
		flash_map_free(&m);
		return 1;
	}
	/* a new file needs no confirmation; an existing file or a device does */
	if (!yes && stat(target, &ts) == 0 && (!S_ISREG(ts.st_mode) || ts.st_size > 0) &&
	    !confirm(image, target, m.image_size)) {
		flash_map_free(&m);
		return 1;
	}
	prog.on = !json && isatty(STDERR_FILENO);
	rc = flash_write(image, target, &m, show_progress, &prog, &st, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "%sciviq-tool: flash: %s\n", prog.on ? "\n" : "", err);
		flash_map_free(&m);
		return 1;
	}
	if (json) {
		printf("{\"image\":");
		json_string(stdout, image);
		printf(",\"target\":");
		json_string(stdout, target);
		printf(",\"bmap\":%s,\"image_size\":%llu,\"written\":%llu,\"skipped\":%llu,"
		       "\"verified\":true,\"direct_io\":%s}\n",
		       bmap ? "true" : "false", (unsigned long long)m.image_size,
		       (unsigned long long)st.written, (unsigned long long)st.skipped,
		       st.direct ? "true" : "false");
	} else {
		printf("flashed %s to %s: %llu MiB written, %llu MiB skipped%s, verified (%s)\n",
		       image, target, (unsigned long long)(st.written >> 20),
		       (unsigned long long)(st.skipped >> 20), bmap ? " (bmap)" : "",
		       st.direct ? "read back with O_DIRECT" : "read back after dropping caches");
	}
	flash_map_free(&m);
	return 0;
}

const struct tool_verb tool_verb_flash = {
	.name = "flash",
	.usage = "--image IMG --target DEV|FILE [--bmap FILE | --no-bmap] [--yes] [--json]",
	.summary = "write an image to an SD card or eMMC (bmap-aware), verified by read-back",
	.run = run,
};
