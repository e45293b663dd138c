/*
 * Paths under the state directory (state.h): the directory joined with
 * one of the STATE_* relative names.
 */
#include "madoguchi/state.h"
#include "madoguchi/util.h"

char *
state_path(const char *state_dir, const char *rel)
{
	return xasprintf("%s/%s", state_dir, rel);
}
