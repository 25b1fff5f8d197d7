/* civiq-tool mrz parse: MRZ lines on stdin, the fields as JSON on stdout. */
#include <stdio.h>
#include <string.h>

#include "eid/mrz.h"
#include "tool.h"

static const char *format_name(enum mrz_format f)
{
	return f == MRZ_TD1 ? "TD1" : f == MRZ_TD2 ? "TD2" : "TD3";
}

static void field(const char *key, const char *val, int last)
{
	printf("\"%s\":", key);
	json_string(stdout, val);
	if (!last)
		putchar(',');
}

static int run(int argc, char **argv)
{
	char text[1024], err[MRZ_ERR_MAX], birth[11], expiry[11], sex[2];
	size_t n;
	struct mrz m;

	if (argc != 2 || strcmp(argv[1], "parse") != 0) {
		fprintf(stderr, "usage: civiq-tool mrz parse < lines\n");
		return 2;
	}
	n = fread(text, 1, sizeof(text) - 1, stdin);
	text[n] = 0;
	if (mrz_parse(text, &m, err, sizeof(err)) < 0) {
		fprintf(stderr, "civiq-tool: mrz: %s\n", err);
		return 1;
	}
	mrz_date_iso(m.birth_date, 1, birth);
	mrz_date_iso(m.expiry_date, 0, expiry);
	sex[0] = m.sex == '<' ? 0 : m.sex;
	sex[1] = 0;
	putchar('{');
	field("format", format_name(m.format), 0);
	field("document_code", m.document_code, 0);
	field("issuer", m.issuer, 0);
	field("document_number", m.document_number, 0);
	field("family_name", m.family_name, 0);
	field("given_names", m.given_names, 0);
	field("birth_date", birth, 0);
	field("sex", sex, 0);
	field("expiry_date", expiry, 0);
	field("nationality", m.nationality, 0);
	field("optional_data", m.optional1, 1);
	printf("}\n");
	mrz_wipe(&m);
	memset(text, 0, sizeof(text));
	return 0;
}

const struct tool_verb tool_verb_mrz = {
	.name = "mrz",
	.usage = "parse < lines",
	.summary = "check and decode a machine readable zone (TD1, TD2, TD3)",
	.run = run,
};
