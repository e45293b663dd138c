/*
 * Test switches (issue 14 item 6): environment variables that bend a
 * program for tests (a fixed date, a crash at step N, a lower screen
 * limit). Each is read only through util_test_switch, which honours it
 * only when the environment also says MADOGUCHI_TESTING=1; a switch in
 * effect is logged once per process. The table is the whole list (the SSH
 * server passes these on to the UI only under the same condition).
 */
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"

const char *const util_test_switch_table[] = {
	"MADOGUCHI_TODAY",		/* YYYY-MM-DD: today for the rules */
	"MADOGUCHI_CA_CRASH_AT",	/* N: the CA's init dies at step N */
	"MADOGUCHI_UI_MAX_SCREENS",	/* N: fewer screens open at once */
	NULL
};

int
util_testing(void)
{
	const char *t = getenv(UTIL_ENV_TESTING);

	return t != NULL && strcmp(t, "1") == 0;
}

const char *
util_test_switch(const char *name)
{
	static unsigned logged;
	const char *v;
	size_t i;

	for (i = 0; util_test_switch_table[i] != NULL; i++)
		if (strcmp(util_test_switch_table[i], name) == 0)
			break;
	if (util_test_switch_table[i] == NULL)
		fatalx("%s: %s is not a test switch", __func__, name);
	if ((v = getenv(name)) == NULL || !util_testing())
		return NULL;
	if (!(logged & (1U << i))) {
		logged |= 1U << i;
		log_info("test switch %s=%s in effect (%s=1)", name, v,
		    UTIL_ENV_TESTING);
	}
	return v;
}
