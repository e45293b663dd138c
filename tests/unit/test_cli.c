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

/* An admin's mistakes, each said in Japanese naming the option as the
 * command takes it, with the exit status scripts rely on. '@' stands for
 * a state dir with the clerk sato, the key files k and k2, and bad.csv. */
static const struct {
	const char	*args;
	int		 status;
	const char	*says;
} cli_mistake_table[] = {
	{ "frobnicate", 2, "frobnicate というコマンドはありません" },
	{ "clerk add ito --key @/k2.pub --role chief --window shonai "
	  "--state @", 2, "--role: clerk, supervisor, admin のどれかです" },
	{ "clerk add ito --key @/k2.pub --role clerk --window tokyo "
	  "--state @", 2, "--window: citizens, shonai, shinsenri, embassy, "
	  "via_municipality のどれかです" },
	{ "clerk add Ito --key @/k2.pub --role clerk --window shonai "
	  "--state @", 2, "LOGIN: Ito は使えません (a-z 0-9 _ . - の" },
	{ "clerk add sato --key @/k2.pub --role clerk --window shonai "
	  "--state @", 1, "職員 sato は登録済みです" },
	{ "clerk add ito --key @/k.pub --role clerk --window shonai "
	  "--state @", 1, "は職員 sato の鍵として登録済みです" },
	{ "clerk add ito --key @/none.pub --role clerk --window shonai "
	  "--state @", 1, "--key: 公開鍵ファイル @/none.pub を読めません "
	  "(ありません)" },
	{ "clerk add ito --key @/k --role clerk --window shonai --state @", 1,
	  "--key: @/k は OpenSSH 形式の公開鍵" },
	{ "clerk add-key nobody --key @/k2.pub --state @", 1,
	  "職員 nobody は登録されていません" },
	{ "clerk disable nobody --state @", 1,
	  "職員 nobody は登録されていません" },
	{ "clerk list --state @/none", 1, "状態ディレクトリ @/none はありません "
	  "(madoguchi init @/none で作成します)" },
	{ "clerk list --state @/k2", 1, "@/k2 はディレクトリではありません" },
	{ "registry search --birth 昨日 --state @", 2,
	  "--birth: 昨日 は日付ではありません" },
	{ "registry import --residents @/none.csv --state @", 1,
	  "--residents: @/none.csv を読めません (ありません)" },
	{ "registry import --residents @/bad.csv --state @", 1,
	  "bad.csv:2: 引用符 (\") が閉じていません" },
	{ "registry import --residents @/bad.csv --state @", 1,
	  "bad.csv: 誤りのある行があるため、何も登録していません" },
	{ "card frob --socket @/none.sock", 2,
	  "card に frob というコマンドはありません" },
};

/* tmpl with each '@' replaced by dir. */
static void
cli_subst(const char *tmpl, const char *dir, char *out, size_t size)
{
	size_t n = 0;

	for (; *tmpl != '\0' && n + 1 < size; tmpl++)
		if (*tmpl == '@')
			n += (size_t)snprintf(out + n, size - n, "%s", dir);
		else
			out[n++] = *tmpl;
	out[n < size ? n : size - 1] = '\0';
}

static void
test_cli_mistakes(void)
{
	char *dir = test_mkdtemp("climsg"), *out, cmd[1024], says[1024];
	const char *m = test_prog("madoguchi");
	size_t i;
	FILE *f;
	int st;

	CU_ASSERT_EQUAL_FATAL(test_system("%s init %s >/dev/null && "
	    "ssh-keygen -q -t ed25519 -N '' -f %s/k && "
	    "ssh-keygen -q -t ed25519 -N '' -f %s/k2 && "
	    "%s clerk add sato --key %s/k.pub --role clerk --window shonai "
	    "--state %s >/dev/null", m, dir, dir, dir, m, dir, dir), 0);
	snprintf(cmd, sizeof(cmd), "%s/bad.csv", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(cmd, "w"));
	fprintf(f, "%s\n\"1,unclosed\n", store_registry_columns("resident"));
	fclose(f);
	for (i = 0; i < sizeof(cli_mistake_table) /
	    sizeof(cli_mistake_table[0]); i++) {
		cli_subst(cli_mistake_table[i].args, dir, cmd, sizeof(cmd));
		cli_subst(cli_mistake_table[i].says, dir, says, sizeof(says));
		out = test_output(&st, "%s %s 2>&1 </dev/null", m, cmd);
		if (st != cli_mistake_table[i].status ||
		    strstr(out, says) == NULL) {
			fprintf(stderr, "madoguchi %s: exit %d, said:\n%s\n"
			    "wanted exit %d and: %s\n", cmd, st, out,
			    cli_mistake_table[i].status, says);
			CU_FAIL("message or exit status");
		}
		free(out);
	}
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo cli_tests[] = {
	{ "init --demo twice changes nothing the second time", test_init_twice },
	{ "init on a file or an unwritable place", test_init_bad_dirs },
	{ "clerk add, list, disable", test_clerk_commands },
	{ "an admin's mistakes said in Japanese", test_cli_mistakes },
	CU_TEST_INFO_NULL
};
TEST_SUITE(cli, "cli.init_clerk", cli_tests)
