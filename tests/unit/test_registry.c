/* Registry extracts: CSV import (all rows or none, bad rows reported with
 * their line) and the searches the counter uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "testlib.h"

static char *dir;
static char reports[4096];

static int
report_cb(long line, const char *msg, void *arg)
{
	size_t n = strlen(reports);

	(void)arg;
	snprintf(reports + n, sizeof(reports) - n, "%ld:%s\n", line, msg);
	return 0;
}

static struct store *
fresh(void)
{
	char err[256];
	struct store *st;

	if (dir != NULL) {
		test_rmtree(dir);
		free(dir);
	}
	dir = test_mkdtemp("registry");
	st = store_open(dir, STORE_CREATE, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_migrate(st, NULL, NULL), 0);
	reports[0] = '\0';
	return st;
}

static int
cleanup(void)
{
	test_rmtree(dir);
	free(dir);
	dir = NULL;
	return 0;
}

static char *
write_file(const char *name, const char *text)
{
	char *path = NULL;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		abort();
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

#define RES_HEADER "atena_no,name,name_kana,former_surname,alias,birth_date,sex,address,household,adult_ward,foreign_national\r\n"

static int
count_cb(const struct store_person *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

static int
first_cb(const struct store_person *p, void *arg)
{
	*(struct store_person *)arg = *p;
	return 1;
}

static void
test_import_good(void)
{
	struct store *st = fresh();
	struct store_person_query q = { .kana = "ヤマダタロウ" };
	struct store_person p;
	long loaded = 0;
	char *path = write_file("r.csv", "\xef\xbb\xbf" RES_HEADER
	    "1001,山田 太郎,ヤマダ タロウ,,,1980-01-02,1,\"大阪府豊中市本町1丁目1番1号, 101号\",H1,0,0\r\n"
	    "1002,\"王 \"\"偉\"\"\",ワン ウェイ,,王 偉志,1990-03-04,1,大阪府豊中市庄内西町1丁目,H2,0,1\r\n");
	int n = 0;

	CU_ASSERT_EQUAL(store_registry_import(st, "resident", path, report_cb,
	    NULL, &loaded), 0);
	CU_ASSERT_EQUAL(loaded, 2);
	CU_ASSERT_STRING_EQUAL(reports, "");
	CU_ASSERT_EQUAL(store_person_search(st, &q, first_cb, &p), 1);
	CU_ASSERT_STRING_EQUAL(p.address, "大阪府豊中市本町1丁目1番1号, 101号");
	CU_ASSERT_STRING_EQUAL(p.birth_date, "1980-01-02");
	q.kana = NULL;
	q.name = "王偉志";	/* the alias, typed without its space */
	CU_ASSERT_EQUAL(store_person_search(st, &q, first_cb, &p), 1);
	CU_ASSERT_STRING_EQUAL(p.name, "王 \"偉\"");
	CU_ASSERT_EQUAL(p.foreign_national, 1);
	/* The same extract again updates, it does not duplicate. */
	CU_ASSERT_EQUAL(store_registry_import(st, "resident", path, report_cb,
	    NULL, &loaded), 0);
	q.name = NULL;
	CU_ASSERT_EQUAL(store_person_search(st, &q, count_cb, &n), 2);
	free(path);
	store_close(st);
}

static void
test_import_bad_rows(void)
{
	struct store *st = fresh();
	long loaded = 5;
	int n = 0;
	struct store_person_query q = { 0 };
	char *path = write_file("bad.csv", RES_HEADER
	    "1001,山田 太郎,ヤマダ タロウ,,,1980-01-02,1,大阪府豊中市,H1,0,0\n"
	    "1002,鈴木 花子,すずき はなこ,,,1980-02-30,3,大阪府豊中市,H1,0,0\n"
	    "1003,\x1b[2J悪意,アクイ,,,1980-01-01,1,大阪府豊中市,H1,0,0\n"
	    "1004,短い行\n"
	    "1005,佐藤 一,サトウ ハジメ,,,1970-01-01,1,大阪府豊中市,H1,2,0\n");

	CU_ASSERT_EQUAL(store_registry_import(st, "resident", path, report_cb,
	    NULL, &loaded), -1);
	CU_ASSERT_EQUAL(loaded, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "3:name_kana: 全角カタカナではない"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "3:birth_date: 日付ではありません"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "3:sex:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "4:name: 制御文字があります"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "5:列の数が違います"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "6:adult_ward:"));
	CU_ASSERT_PTR_NULL(strstr(reports, "2:"));
	/* Nothing half-loaded: not even the good first row. */
	CU_ASSERT_EQUAL(store_person_search(st, &q, count_cb, &n), 0);
	free(path);
	store_close(st);
}

static void
test_import_header(void)
{
	struct store *st = fresh();
	long loaded;
	char *path = write_file("h.csv",
	    "name,atena_no\n山田,1\n");

	CU_ASSERT_EQUAL(store_registry_import(st, "resident", path, report_cb,
	    NULL, &loaded), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "1:見出し行が違います"));
	free(path);
	store_close(st);
}

static void
test_overseas(void)
{
	struct store *st = fresh();
	struct store_person_query q = { .register_ = "overseas" };
	struct store_person p;
	long loaded;
	char *path = write_file("o.csv",
	    "atena_no,name,name_kana,former_surname,birth_date,sex,address,emigrated_on,adult_ward\n"
	    "2001,藤田 亮,フジタ リョウ,,1980-04-04,1,大阪府豊中市中桜塚2丁目,2022-08-01,0\n");

	CU_ASSERT_EQUAL(store_registry_import(st, "overseas", path, report_cb,
	    NULL, &loaded), 0);
	CU_ASSERT_EQUAL(store_person_search(st, &q, first_cb, &p), 1);
	CU_ASSERT_STRING_EQUAL(p.emigrated_on, "2022-08-01");
	CU_ASSERT_STRING_EQUAL(p.register_, "overseas");
	q.register_ = "resident";
	CU_ASSERT_EQUAL(store_person_search(st, &q, first_cb, &p), 0);
	free(path);
	store_close(st);
}

static void
test_demo_search(void)
{
	struct store *st = fresh();
	struct store_person_query q = { .kana = "マドグチ", .birth_date =
	    "1986-02-03" };
	struct store_person p;
	int added, n = 0;

	CU_ASSERT_EQUAL_FATAL(store_load_demo(st, &added), 0);
	CU_ASSERT_EQUAL(store_person_search(st, &q, first_cb, &p), 1);
	CU_ASSERT_STRING_EQUAL(p.name, "窓口 花子");
	q.kana = NULL;
	q.birth_date = NULL;
	q.address = "庄内";
	CU_ASSERT(store_person_search(st, &q, count_cb, &n) >= 2);
	CU_ASSERT_EQUAL(store_person_get(st, p.id, &p), 0);
	CU_ASSERT_EQUAL(store_person_get(st, 999999, &p), 1);
	store_close(st);
}

/* Issue 14 item 5: a NUL byte (once cut the field silently), bidi
 * controls and invisible characters, and the same atena_no twice in one
 * file are each refused with line and column; nothing is loaded. */
static void
test_import_hostile(void)
{
	static const char rows[] = RES_HEADER
	    "1001,山田 太郎,ヤマダ タロウ,,,1980-01-02,1,大阪府豊中市,H1,0,0\n"
	    "1002,鈴木\0花子,スズキ ハナコ,,,1980-02-03,2,大阪府豊中市,H1,0,0\n"
	    "1003,佐藤 一,サトウ ハジメ,,,1970-01-01,1,大阪府\xe2\x80\xae市中豊,H2,0,0\n"
	    "1004,伊藤 二,イトウ ジ,\xe2\x81\xa6伊藤,,1970-01-01,1,大阪府豊中市,H3,0,0\n"
	    "1005,高橋\xe2\x80\x8b三,タカハシ サン,,,1970-01-01,1,大阪府豊中市,H4,0,0\n"
	    "1001,山田 次郎,ヤマダ ジロウ,,,1982-01-02,1,大阪府豊中市,H1,0,0\n";
	struct store *st = fresh();
	struct store_person_query q = { 0 };
	char path[1024], *out;
	long loaded = 5;
	int n = 0, status = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/hostile.csv", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(path, "w"));
	fwrite(rows, 1, sizeof(rows) - 1, f);
	fclose(f);
	CU_ASSERT_EQUAL(store_registry_import(st, "resident", path, report_cb,
	    NULL, &loaded), -1);
	CU_ASSERT_EQUAL(loaded, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(reports,
	    "3:name: NUL バイト (0x00) があります (2 列目)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "4:address: 文字の向きを変える"
	    "制御文字か見えない文字があります (8 列目)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "5:former_surname: 文字の向きを"
	    "変える制御文字か見えない文字があります (4 列目)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "6:name: 文字の向きを"));
	CU_ASSERT_PTR_NOT_NULL(strstr(reports, "7:atena_no: 宛名番号 1001 が "
	    "2 行目と重複しています (1 列目)"));
	CU_ASSERT_PTR_NULL(strstr(reports, "2:"));
	CU_ASSERT_EQUAL(store_person_search(st, &q, count_cb, &n), 0);
	store_close(st);
	/* The CLI says the file too, and loads nothing. */
	out = test_output(&status, "'%s' init '%s/cli' >/dev/null 2>&1 && "
	    "'%s' registry import --residents '%s' --state '%s/cli' 2>&1",
	    test_prog("madoguchi"), dir, test_prog("madoguchi"), path, dir);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "hostile.csv:3: name: "
	    "NUL バイト (0x00) があります (2 列目)") : NULL);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "hostile.csv:7: "
	    "atena_no: 宛名番号 1001 が 2 行目と重複しています") : NULL);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "何も登録していません") :
	    NULL);
	free(out);
}

static CU_TestInfo registry_tests[] = {
	{ "import with quotes, BOM, CRLF; re-import updates", test_import_good },
	{ "bad rows reported by line, nothing loaded", test_import_bad_rows },
	{ "wrong header refused", test_import_header },
	{ "NUL, bidi controls, duplicate atena_no refused",
	  test_import_hostile },
	{ "overseas extract", test_overseas },
	{ "search the demo registry", test_demo_search },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(registry, "store.registry", NULL, cleanup, registry_tests)
