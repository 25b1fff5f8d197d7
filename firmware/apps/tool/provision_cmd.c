/* civiq-tool provision: gives a board its identity on the data partition (never in a rootfs
 * slot, which an update replaces).
 *   civiq-tool provision --role kiosk|display --site S --device NAME --hub-url URL
 *       [--counter N] [--reader URI] [--printer URI] [--ca FILE] [--root DIR]
 *       [--rotate-token] [--force] [--json]
 *   civiq-tool provision --role hub --site S --device NAME --hub-config FILE [--root DIR] ...
 * Writes into ROOT/identity/ (ROOT: the data partition, default /var/lib/civiq):
 *   identity.conf  [identity] site, device, role, hub_url, counter, reader, printer, ca_file
 *   civiq.conf     the programs' configuration for the role, with the device token
 *                  (/etc/civiq/civiq.conf on the board links here)
 *   site-ca.pem    the site CA the hub's TLS certificate chains to (--ca)
 *   device.key     the device's private key (EC P-256), made once and kept
 * Re-running with the same identity changes nothing and prints the hub's line again; another
 * identity needs --force; --rotate-token issues a new token and keeps the rest. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "common/ini.h"
#include "provision.h"
#include "tool.h"

static int usage(void)
{
	fprintf(
	    stderr,
	    "usage: civiq-tool provision --role kiosk|display|hub --site S --device NAME\n"
	    "           [--hub-url URL] [--counter N] [--reader URI] [--printer URI] [--ca FILE]\n"
	    "           [--hub-config FILE] [--root DIR] [--rotate-token] [--force] [--json]\n");
	return 2;
}

static int make_token(char *out, size_t cap)
{
	unsigned char raw[PROVISION_TOKEN_BYTES];
	static const char hex[] = "0123456789abcdef";

	if (cap < 2 * sizeof(raw) + 1 || getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -EIO;
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * sizeof(raw)] = 0;
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

/* The device key, made once: a later provisioning keeps it (the hub may know its public half). */
static int make_device_key(const char *dir)
{
	char path[PATH_MAX];
	EVP_PKEY *key;
	FILE *f;
	int fd, ok;

	if (provision_path(path, sizeof(path), dir, "device.key") < 0)
		return -ENAMETOOLONG;
	if (access(path, F_OK) == 0)
		return 0;
	if (!(key = EVP_EC_gen("P-256")))
		return -EIO;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd >= 0)
		provision_chgrp(fd);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		int err = -errno;
		if (fd >= 0)
			close(fd);
		EVP_PKEY_free(key);
		return err;
	}
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	EVP_PKEY_free(key);
	if (fclose(f) != 0 || !ok) {
		unlink(path);
		return -EIO;
	}
	return 0;
}

static void print_result(const struct provision *p, int json, const char *what)
{
	char block[512];

	provision_hub_block(p, block, sizeof(block));
	if (json) {
		printf("{\"device\":");
		json_string(stdout, p->device);
		printf(",\"role\":");
		json_string(stdout, p->role);
		printf(",\"site\":");
		json_string(stdout, p->site);
		printf(",\"dir\":");
		json_string(stdout, p->dir);
		printf(",\"result\":\"%s\",\"hub_config\":", what);
		json_string(stdout, block);
		printf("}\n");
		return;
	}
	printf("%s: %s (%s) for site %s in %s\n", what, p->device, p->role, p->site, p->dir);
	if (block[0])
		printf("add to the hub's civiq.conf and restart the hub:\n\n%s\n", block);
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "site", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "hub-url", required_argument, NULL, 'u' },
		{ "counter", required_argument, NULL, 'n' },
		{ "reader", required_argument, NULL, 'R' },
		{ "printer", required_argument, NULL, 'P' },
		{ "ca", required_argument, NULL, 'a' },
		{ "hub-config", required_argument, NULL, 'H' },
		{ "root", required_argument, NULL, 'o' },
		{ "rotate-token", no_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct provision want, have;
	const char *root = "/var/lib/civiq", *ca = NULL, *hub_config = NULL, *what;
	int json = 0, rotate = 0, force = 0, c, rc, had, same;
	char err[512];

	memset(&want, 0, sizeof(want));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			snprintf(want.role, sizeof(want.role), "%s", optarg);
			break;
		case 's':
			snprintf(want.site, sizeof(want.site), "%s", optarg);
			break;
		case 'd':
			snprintf(want.device, sizeof(want.device), "%s", optarg);
			break;
		case 'u':
			snprintf(want.hub_url, sizeof(want.hub_url), "%s", optarg);
			break;
		case 'n':
			snprintf(want.counter, sizeof(want.counter), "%s", optarg);
			break;
		case 'R':
			snprintf(want.reader, sizeof(want.reader), "%s", optarg);
			break;
		case 'P':
			snprintf(want.printer, sizeof(want.printer), "%s", optarg);
			break;
		case 'a':
			ca = optarg;
			break;
		case 'H':
			hub_config = optarg;
			break;
		case 'o':
			root = optarg;
			break;
		case 't':
			rotate = 1;
			break;
		case 'f':
			force = 1;
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
	if (optind != argc)
		return usage();
	if (provision_path(want.dir, sizeof(want.dir), root, "identity") < 0)
		return usage();
	if (ca)
		snprintf(want.ca_file, sizeof(want.ca_file), "site-ca.pem");
	if (provision_validate(&want, hub_config, err, sizeof(err)) < 0) {
		fprintf(stderr, "civiq-tool: provision: %s\n", err);
		return 2;
	}
	if (mkdir(root, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "civiq-tool: provision: %s: %s\n", root, strerror(errno));
		return 1;
	}
	if (mkdir(want.dir, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "civiq-tool: provision: %s: %s\n", want.dir, strerror(errno));
		return 1;
	}
	had = provision_load(&have, want.dir) == 0;
	same = had && provision_same(&have, &want) &&
	       (!ca || provision_same_file(want.dir, "site-ca.pem", ca)) &&
	       (!hub_config || provision_same_file(want.dir, "civiq.conf", hub_config));
	if (had && !same && !force) {
		fprintf(stderr,
		        "civiq-tool: provision: %s is already provisioned as %s (%s, site %s) with "
		        "other settings; --force replaces them\n",
		        want.dir, have.device, have.role, have.site);
		return 1;
	}
	/* the token stays with the device name unless it is rotated */
	if (had && !strcmp(have.device, want.device) && have.token[0] && !rotate)
		snprintf(want.token, sizeof(want.token), "%s", have.token);
	else if (strcmp(want.role, "hub") && make_token(want.token, sizeof(want.token)) < 0) {
		fprintf(stderr, "civiq-tool: provision: no random numbers\n");
		return 1;
	}
	what = !had   ? "provisioned"
	       : same ? (rotate && strcmp(want.role, "hub") ? "token rotated" : "unchanged")
	              : "replaced";
	if (strcmp(what, "unchanged")) {
		rc = provision_write(&want, ca, hub_config, err, sizeof(err));
		if (rc == 0 && (rc = make_device_key(want.dir)) < 0)
			snprintf(err, sizeof(err), "device key: %s", strerror(-rc));
		if (rc < 0) {
			fprintf(stderr, "civiq-tool: provision: %s\n", err);
			OPENSSL_cleanse(&want, sizeof(want));
			return 1;
		}
	}
	print_result(&want, json, what);
	OPENSSL_cleanse(&want, sizeof(want));
	OPENSSL_cleanse(&have, sizeof(have));
	return 0;
}

const struct tool_verb tool_verb_provision = {
	.name = "provision",
	.usage = "--role R --site S --device NAME [--hub-url URL] [--root DIR] [--force] ...",
	.summary = "write the board's identity and device token to the data partition",
	.run = run,
};
