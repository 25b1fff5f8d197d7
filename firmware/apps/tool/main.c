/* civiq-tool — the technician's and developer's command line. One verb per source file; this
 * file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "tool.h"

static const struct tool_verb *const verbs[] = {
#ifdef CIVIQ_TOOL_EID
	&tool_verb_eid,      &tool_verb_mrz,
#endif
#ifdef CIVIQ_TOOL_STAFF
	&tool_verb_staff,
#endif
	&tool_verb_selftest, &tool_verb_provision, &tool_verb_flash, NULL,
};

static void usage(FILE *f)
{
	fprintf(f, "usage: civiq-tool VERB [options]\n\nverbs:\n");
	for (size_t i = 0; verbs[i]; i++)
		fprintf(f, "  %s %s\n      %s\n", verbs[i]->name, verbs[i]->usage,
		        verbs[i]->summary);
	fprintf(f, "  version\n      print the version\n"
	           "\nJSON goes to stdout with --json, errors to stderr; the exit status is 0 on "
	           "success.\n");
}

int main(int argc, char **argv)
{
	log_set_ident("civiq-tool");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("civiq-tool %s\n", CIVIQ_VERSION);
		return 0;
	}
	for (size_t i = 0; verbs[i]; i++) {
		if (!strcmp(argv[1], verbs[i]->name))
			return verbs[i]->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "civiq-tool: unknown verb '%s' (see civiq-tool --help)\n", argv[1]);
	return 2;
}
