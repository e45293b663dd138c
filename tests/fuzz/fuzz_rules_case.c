/*
 * Fuzz target for the rules JSON case reader (libFuzzer entry point). Any
 * input must either be refused with a one-line error naming a field of
 * "case", or give a case that decides, renders and round-trips through
 * rules_case_to_json. Built with clang -fsanitize=fuzzer by `make
 * fuzz-rules`; the normal build links it into the corpus replay test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_case c, back;
	struct rules_decision d;
	struct rules_error err;
	char *json;

	memset(&err, 0, sizeof(err));
	if (rules_case_from_json((const char *)data, size, &c, &err) == -1) {
		if (strncmp(err.field, "case", 4) != 0 || err.message[0] == '\0' ||
		    strchr(err.field, '\n') != NULL ||
		    strchr(err.message, '\n') != NULL)
			abort();
		return 0;
	}
	if (rules_decide(&c, &d, &err) == -1)
		abort();	/* the reader validated it */
	free(rules_decision_to_json(&d, 0));
	json = rules_case_to_json(&c, 0);
	if (json == NULL || rules_case_from_json(json, strlen(json), &back,
	    &err) == -1)
		abort();	/* what we write we must read */
	free(json);
	return 0;
}
