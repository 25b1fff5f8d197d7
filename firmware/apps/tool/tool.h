/* tool.h — civiq-tool's verbs: each lives in its own source file and is listed in main.c. */
#ifndef CIVIQ_APPS_TOOL_H
#define CIVIQ_APPS_TOOL_H

#include <stdio.h>

struct tool_verb {
	const char *name;
	const char *usage;   /* one line after the verb's name */
	const char *summary; /* for --help */
	/* argv[0] is the verb's name; returns the exit status */
	int (*run)(int argc, char **argv);
};

extern const struct tool_verb tool_verb_eid;
extern const struct tool_verb tool_verb_mrz;
extern const struct tool_verb tool_verb_staff;
extern const struct tool_verb tool_verb_selftest;
extern const struct tool_verb tool_verb_provision;
extern const struct tool_verb tool_verb_flash;

/* Writes s as a JSON string literal (quotes included). */
void json_string(FILE *f, const char *s);

#endif
