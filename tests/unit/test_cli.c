/* `madoguchi init` and `madoguchi clerk` as an admin runs them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/store.h"
#include "testlib.h"

static void
test_init_twice(void)
{
	char *dir = test_mkdtemp("init"), *out, want[32];
	struct stat sb;
	int st;

	out = test_output(&st, "%s init --demo %s/var 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "初期化しました"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "デモ住民記録を登録"));
	free(out);
	out = test_output(&st, "cd %s/var && stat -c %%a madoguchi.db "
	    "ssh/ssh_host_ed25519_key demo_id_ed25519 . | tr '\\n' ' '", dir);
	CU_ASSERT_STRING_EQUAL(out, "600 600 600 700 ");
	free(out);
	out = test_output(&st, "sqlite3 %s/var/madoguchi.db "
	    "'PRAGMA journal_mode; PRAGMA user_version'", dir);
	snprintf(want, sizeof(want), "wal\n%d\n", store_schema_latest());
	CU_ASSERT_STRING_EQUAL(out, want);
	free(out);
	/* Again: nothing changes and it says so. */
	out = test_output(&st, "%s init --demo %s/var 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "変更はありません"));
	CU_ASSERT_PTR_NULL(strstr(out, "作成"));
	free(out);
	/* The demo key is a key OpenSSH reads. */
	CU_ASSERT_EQUAL(test_system("ssh-keygen -y -f %s/var/demo_id_ed25519 "
	    ">/dev/null 2>&1", dir), 0);
	CU_ASSERT_EQUAL(stat(dir, &sb), 0);
	test_rmtree(dir);
	free(dir);
}

static void
test_init_bad_dirs(void)
{
	char *dir = test_mkdtemp("initbad"), *out;
	int st;

	test_system("touch %s/file", dir);
	out = test_output(&st, "%s init %s/file 2>&1", test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ディレクトリではありません"));
	free(out);
	out = test_output(&st, "%s init /proc/madoguchi-x 2>&1",
	    test_prog("madoguchi"));
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "作成できません"));
	free(out);
	/* Commands on a state dir that was never made say what to do. */
	out = test_output(&st, "%s clerk list --state %s/none 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "madoguchi init"));
	free(out);
	test_rmtree(dir);
	free(dir);
}

static void
test_clerk_commands(void)
{
	char *dir = test_mkdtemp("clerk"), *out;
	const char *m = test_prog("madoguchi");
	int st;

	CU_ASSERT_EQUAL_FATAL(test_system("%s init %s >/dev/null && "
	    "ssh-keygen -q -t ed25519 -N '' -f %s/k", m, dir, dir), 0);
	out = test_output(&st, "%s clerk add sato --key %s/k.pub --role clerk "
	    "--window shonai --name '佐藤 花子' --state %s 2>&1", m, dir, dir);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "SHA256:"));
	free(out);
	out = test_output(&st, "%s clerk list --state %s", m, dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "sato"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "佐藤 花子"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "有効"));
	free(out);
	/* The same key twice, a private key given as the public one. */
	out = test_output(&st, "%s clerk add ito --key %s/k.pub --role clerk "
	    "--window shonai --state %s 2>&1", m, dir, dir);
	CU_ASSERT_EQUAL(st, 1);
	free(out);
	out = test_output(&st, "%s clerk add ito --key %s/k --role clerk "
	    "--window shonai --state %s 2>&1", m, dir, dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "OpenSSH"));
	free(out);
	out = test_output(&st, "%s clerk add ito --key %s/k.pub --role chief "
	    "--window shonai --state %s 2>&1", m, dir, dir);
	CU_ASSERT_EQUAL(st, 2);
	free(out);
	CU_ASSERT_EQUAL(test_system("%s clerk disable sato --state %s >/dev/null",
	    m, dir), 0);
	out = test_output(&st, "%s clerk list --state %s", m, dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "停止中"));
	free(out);
	CU_ASSERT_EQUAL(test_system("%s clerk disable nobody --state %s "
	    "2>/dev/null", m, dir), 1);
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo cli_tests[] = {
	{ "init --demo twice changes nothing the second time", test_init_twice },
	{ "init on a file or an unwritable place", test_init_bad_dirs },
	{ "clerk add, list, disable", test_clerk_commands },
	CU_TEST_INFO_NULL
};
TEST_SUITE(cli, "cli.init_clerk", cli_tests)
