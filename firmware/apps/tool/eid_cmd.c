/* civiq-tool eid read: reads an ID card or passport and prints the identity.
 *   civiq-tool eid read --reader URI --can NNNNNN [--json] [--config FILE]
 * The config's [eid] section names the on-site reading terminal (terminal_chain = DV and
 * terminal certificate files, terminal_key, terminal_description) and csca_dir; without a
 * terminal the ICAO application is read after PACE. Relative paths are relative to the file. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ini.h"
#include "eid/eid_read.h"
#include "eid/mrz.h"
#include "hal/nfc.h"
#include "tool.h"

struct eid_config {
	char chain_buf[3][4096];
	const char *chain[4];
	char key[4096], desc[4096], csca[4096];
	int has_terminal, has_desc, has_csca;
};

static void resolve(char *out, size_t cap, const char *base_dir, const char *path)
{
	size_t d = strlen(base_dir), p = strlen(path);

	out[0] = 0;
	if (path[0] == '/') {
		if (p < cap)
			memcpy(out, path, p + 1);
		return;
	}
	if (d + 1 + p < cap) {
		memcpy(out, base_dir, d);
		out[d] = '/';
		memcpy(out + d + 1, path, p + 1);
	}
}

static int load_config(const char *path, struct eid_config *cfg)
{
	char err[INI_ERROR_MAX], dir[4096], *copy;
	struct ini ini;
	const char *v;
	int n = 0;

	memset(cfg, 0, sizeof(*cfg));
	if (!path)
		return 0;
	if (ini_load(&ini, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "civiq-tool: %s\n", err);
		return -EINVAL;
	}
	copy = strdup(path);
	snprintf(dir, sizeof(dir), "%s", copy ? dirname(copy) : ".");
	free(copy);
	if ((v = ini_get(&ini, "eid", "terminal_chain", NULL))) {
		char list[4096], *save = NULL;
		snprintf(list, sizeof(list), "%s", v);
		for (char *t = strtok_r(list, " \t,", &save); t && n < 3;
		     t = strtok_r(NULL, " \t,", &save)) {
			resolve(cfg->chain_buf[n], sizeof(cfg->chain_buf[n]), dir, t);
			cfg->chain[n] = cfg->chain_buf[n];
			n++;
		}
		cfg->chain[n] = NULL;
	}
	if ((v = ini_get(&ini, "eid", "terminal_key", NULL)))
		resolve(cfg->key, sizeof(cfg->key), dir, v);
	if ((v = ini_get(&ini, "eid", "terminal_description", NULL))) {
		resolve(cfg->desc, sizeof(cfg->desc), dir, v);
		cfg->has_desc = 1;
	}
	if ((v = ini_get(&ini, "eid", "csca_dir", NULL))) {
		resolve(cfg->csca, sizeof(cfg->csca), dir, v);
		cfg->has_csca = 1;
	}
	cfg->has_terminal = n > 0 && cfg->key[0];
	ini_free(&ini);
	if (n > 0 && !cfg->key[0]) {
		fprintf(stderr, "civiq-tool: %s: [eid] terminal_chain needs terminal_key\n", path);
		return -EINVAL;
	}
	return 0;
}

static void describe_terminal(const struct eid_config *cfg)
{
	struct ta_description d;

	if (eid_terminal_describe(cfg->chain, cfg->has_desc ? cfg->desc : NULL, &d) < 0) {
		fprintf(stderr, "civiq-tool: the terminal certificate cannot be decoded\n");
		return;
	}
	fprintf(stderr, "reader: %s (%s)\npurpose: %s\nreads: %s\ncertificate valid %s to %s\n",
	        d.provider, d.holder, d.purpose[0] ? d.purpose : "-", d.rights, d.valid_from,
	        d.valid_until);
}

static void print_identity(const struct eid_identity *id, int json)
{
	const char *auth = id->verified ? "verified" : "unverified";

	if (!json) {
		printf("family name:   %s\ngiven names:   %s\ndate of birth: %s%s\n"
		       "document:      %s (%s)\nauthenticity:  %s\n",
		       id->family_name, id->given_names, id->birth_date,
		       id->birth_date_partial ? " (partial)" : "", id->document_type,
		       eid_source_name(id->source), auth);
		return;
	}
	printf("{\"family_name\":");
	json_string(stdout, id->family_name);
	printf(",\"given_names\":");
	json_string(stdout, id->given_names);
	printf(",\"birth_date\":");
	json_string(stdout, id->birth_date);
	if (id->birth_date_partial)
		printf(",\"birth_date_partial\":true");
	printf(",\"document_type\":");
	json_string(stdout, id->document_type);
	printf(",\"source\":\"%s\",\"authenticity\":\"%s\"}\n", eid_source_name(id->source), auth);
}

static int cmd_read(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "can", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "config", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *uri = NULL, *can = NULL, *config = NULL;
	struct eid_read_options opt = { 0 };
	struct eid_identity id;
	struct nfc_reader *r;
	struct eid_config cfg;
	int json = 0, c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			uri = optarg;
			break;
		case 'c':
			can = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'f':
			config = optarg;
			break;
		case 'h':
			printf("usage: civiq-tool eid read --reader URI --can NNNNNN [--json] "
			       "[--config FILE]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (!uri || !can || optind != argc) {
		fprintf(stderr, "usage: civiq-tool eid read --reader URI --can NNNNNN [--json] "
		                "[--config FILE]\n");
		return 2;
	}
	if (strlen(can) != 6 || strspn(can, "0123456789") != 6) {
		fprintf(stderr, "civiq-tool: the CAN is the 6-digit number on the card's front\n");
		return 2;
	}
	if (load_config(config, &cfg) < 0)
		return 2;
	rc = nfc_reader_open(uri, &r);
	if (rc < 0) {
		fprintf(stderr, "civiq-tool: cannot open reader %s: %s\n", uri,
		        rc == -ENOENT ? "no such reader type" : strerror(-rc));
		return 1;
	}
	opt.can = can;
	if (cfg.has_terminal) {
		opt.terminal_chain = cfg.chain;
		opt.terminal_key = cfg.key;
		if (!json)
			describe_terminal(&cfg);
	}
	opt.csca_dir = cfg.has_csca ? cfg.csca : NULL;
	rc = eid_read_identity(r, &opt, &id);
	nfc_reader_close(r);
	if (rc < 0) {
		fprintf(stderr, "civiq-tool: %s\n", eid_strerror(rc));
		return 1;
	}
	print_identity(&id, json);
	if (!id.verified)
		fprintf(stderr, "civiq-tool: authenticity unverified: %s\n", id.unverified_reason);
	eid_identity_wipe(&id);
	return 0;
}

static int run(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "read"))
		return cmd_read(argc - 1, argv + 1);
	fprintf(stderr, "usage: civiq-tool eid read --reader URI --can NNNNNN [--json]\n");
	return 2;
}

const struct tool_verb tool_verb_eid = {
	.name = "eid",
	.usage = "read --reader URI --can NNNNNN [--json] [--config FILE]",
	.summary = "read name and date of birth from an ID card or passport (sim:npa, sim:epass)",
	.run = run,
};
