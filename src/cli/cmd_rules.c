/*
 * `madoguchi rules check FILE|-`: one case as JSON in, one decision as JSON
 * out (exit 0 for accept and reject alike, 2 with one line naming the field
 * for a malformed case). `madoguchi rules explain RULE-ID` prints a rule's
 * digest text and the seed's own paragraph; `madoguchi rules list` lists
 * every rule id with its digest text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/util.h"
#include "cli.h"

#define RULES_CASE_MAX (1024 * 1024)	/* a case is a few hundred bytes */

/* Read all of f into a new buffer (caller frees); NULL if too large. */
static char *
slurp(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = xmalloc(cap);

	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > RULES_CASE_MAX) {
			free(buf);
			return NULL;
		}
		if (n == cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
	}
	*len = n;
	return buf;
}

static int
rules_check(const char *path)
{
	struct rules_case c;
	struct rules_decision d;
	struct rules_error err;
	FILE *f = stdin;
	char *text, *out;
	size_t len = 0;
	int failed;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "r")) == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return 1;
	}
	text = slurp(f, &len);
	failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (text == NULL) {
		cli_error("case: larger than %d bytes", RULES_CASE_MAX);
		return 2;
	}
	if (failed) {
		cli_error("%s: read error", path);
		free(text);
		return 1;
	}
	memset(&err, 0, sizeof(err));
	if (rules_case_from_json(text, len, &c, &err) == -1 ||
	    rules_decide(&c, &d, &err) == -1) {
		cli_error("%s: %s", err.field, err.message);
		free(text);
		return 2;
	}
	free(text);
	if ((out = rules_decision_to_json(&d, 1)) == NULL)
		fatalx("%s: out of memory", __func__);
	printf("%s\n", out);
	free(out);
	return 0;
}

static int
rules_explain(const char *id_text)
{
	enum rules_id id;

	if (rules_id_parse(id_text, &id) == -1) {
		cli_error("unknown rule id '%s' (madoguchi rules list shows them)",
		    id_text);
		return 2;
	}
	printf("%s\n\n%s\n\n%s\n", rules_id_name(id), rules_id_digest(id),
	    rules_id_seed(id));
	return 0;
}

static int
rules_list(void)
{
	int i;

	for (i = 0; i < RULES_ID_COUNT; i++)
		printf("%s\t%s\n", rules_id_name((enum rules_id)i),
		    rules_id_digest((enum rules_id)i));
	return 0;
}

int
cmd_rules(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return rules_check(argv[2]);
	if (argc == 3 && strcmp(argv[1], "explain") == 0)
		return rules_explain(argv[2]);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return rules_list();
	cli_error("usage: madoguchi rules check FILE|- | explain RULE-ID | list");
	return 2;
}
