/*
 * Paths under the state directory (state.h): the directory joined with
 * one of the STATE_* relative names; and removing a directory tree (a
 * half-made state or backup, a benchmark's temporary state).
 */
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

#include "madoguchi/state.h"
#include "madoguchi/util.h"

char *
state_path(const char *state_dir, const char *rel)
{
	return xasprintf("%s/%s", state_dir, rel);
}

static int
util_rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(path) == -1 ? -1 : 0;
}

int
util_rmtree(const char *dir)
{
	return nftw(dir, util_rm_cb, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}
