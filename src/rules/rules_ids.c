/*
 * Rule ids as text: "R2-2.5" <-> RULE_A2_2_P5, and the digest and seed
 * texts of each, read from the generated table in rule_texts.c.
 */
#include <string.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

const char *
rules_id_name(enum rules_id id)
{
	if (id < 0 || id >= RULES_ID_COUNT)
		return NULL;
	return rules_text_table[id].id;
}

const char *
rules_id_digest(enum rules_id id)
{
	if (id < 0 || id >= RULES_ID_COUNT)
		return NULL;
	return rules_text_table[id].digest;
}

const char *
rules_id_seed(enum rules_id id)
{
	if (id < 0 || id >= RULES_ID_COUNT)
		return NULL;
	return rules_text_table[id].seed;
}

int
rules_id_parse(const char *s, enum rules_id *out)
{
	int i;

	if (s == NULL || (s[0] != 'R' && s[0] != 'r'))
		return -1;
	for (i = 0; i < RULES_ID_COUNT; i++) {
		const char *name = rules_text_table[i].id;
		if (strcmp(name + 1, s + 1) == 0) {
			*out = (enum rules_id)i;
			return 0;
		}
	}
	return -1;
}
