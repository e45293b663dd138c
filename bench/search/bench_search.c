/*
 * bench-search: the person search at city and prefecture scale. For each
 * registry size (10,000, 1,000,000 and 10,000,000 invented residents by
 * default) it writes a registry extract in CSV, imports it through the
 * store as `madoguchi registry import` does (timed: rows a second), and
 * then times the search the counter's search screen runs: the count of
 * matches and the first page of them, per field and for combinations,
 * each kind asked for BENCH_QUERIES (200) residents picked at random.
 * Prints p50/p99 per kind and size, the 1M/10k and 10M/10k ratios, the
 * import rate and the database size.
 *
 * Residents are made from their number alone (a hash of it), so every run
 * makes the same registry and a query can be made for any of them without
 * keeping them: names from two-character surnames and given names with
 * readings (7 million names), 8% with a 旧氏, 1% with a 通称, a birth date
 * in a hundred years, an address in 5.5 billion (two to a household):
 * 8 prefectures, 16 cities, 4,000 town names (a prefecture has about as
 * many), 9 丁目, 40 番, 30 号.
 *
 *   bench-search [SIZE...]     (BENCH_SEARCH_SIZES="10000 1000000")
 *   bench-search --csv N FILE  only writes the extract of N residents
 *                              (to try the counter with a big registry)
 * Temporary files go under $TMPDIR (else /var/tmp): about 4 GB at ten
 * million, removed after each size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"

#define BENCH_SIZES_MAX	8
#define BENCH_PAGE	100		/* the search screen's page */

struct bench_reading {
	const char	*kanji, *kana;
};

static const struct bench_reading bench_surname_table[] = {
	{ "山", "ヤマ" }, { "川", "カワ" }, { "田", "タ" }, { "中", "ナカ" },
	{ "村", "ムラ" }, { "木", "キ" }, { "本", "モト" }, { "井", "イ" },
	{ "上", "ウエ" }, { "下", "シモ" }, { "小", "コ" }, { "大", "オオ" },
	{ "高", "タカ" }, { "石", "イシ" }, { "松", "マツ" }, { "竹", "タケ" },
	{ "森", "モリ" }, { "林", "ハヤシ" }, { "原", "ハラ" }, { "野", "ノ" },
	{ "藤", "フジ" }, { "岡", "オカ" }, { "島", "シマ" }, { "西", "ニシ" },
	{ "東", "ヒガシ" }, { "北", "キタ" }, { "南", "ミナミ" }, { "宮", "ミヤ" },
	{ "浜", "ハマ" }, { "谷", "タニ" }, { "沢", "サワ" }, { "橋", "ハシ" },
	{ "池", "イケ" }, { "坂", "サカ" }, { "前", "マエ" }, { "後", "ゴ" },
	{ "長", "ナガ" }, { "平", "ヒラ" }, { "安", "ヤス" }, { "福", "フク" },
};
static const struct bench_reading bench_given_table[] = {
	{ "太", "タ" }, { "一", "イチ" }, { "健", "ケン" }, { "翔", "ショウ" },
	{ "美", "ミ" }, { "花", "ハナ" }, { "真", "マ" }, { "由", "ユ" },
	{ "和", "カズ" }, { "正", "マサ" }, { "光", "ミツ" }, { "明", "アキ" },
	{ "春", "ハル" }, { "秋", "アキ" }, { "夏", "ナツ" }, { "冬", "フユ" },
	{ "雪", "ユキ" }, { "直", "ナオ" }, { "智", "トモ" }, { "優", "ユウ" },
	{ "勇", "イサ" }, { "隆", "タカ" }, { "恵", "メグ" }, { "愛", "アイ" },
	{ "千", "チ" }, { "香", "カ" }, { "清", "キヨ" }, { "秀", "ヒデ" },
	{ "英", "エイ" }, { "博", "ヒロ" }, { "幸", "サチ" }, { "孝", "タカ" },
	{ "義", "ヨシ" }, { "信", "ノブ" }, { "文", "フミ" }, { "武", "タケ" },
	{ "久", "ヒサ" }, { "浩", "コウ" }, { "陽", "ヨウ" }, { "晴", "ハレ" },
};
static const struct bench_reading bench_middle_table[] = {
	{ "", "" }, { "之", "ノ" }, { "喜", "キ" }, { "佐", "サ" }, { "里", "リ" },
	{ "登", "ト" }, { "代", "ヨ" }, { "世", "セ" }, { "乃", "ノ" },
	{ "志", "シ" }, { "津", "ツ" },
};
static const struct bench_reading bench_end_table[] = {
	{ "郎", "ロウ" }, { "子", "コ" }, { "美", "ミ" }, { "夫", "オ" },
	{ "介", "スケ" }, { "彦", "ヒコ" }, { "也", "ヤ" }, { "恵", "エ" },
	{ "奈", "ナ" }, { "樹", "キ" },
};
static const char *const bench_pref_table[] = { "大阪府", "兵庫県",
	"京都府", "奈良県", "滋賀県", "和歌山県", "愛知県", "東京都" };
static const char *const bench_city_table[] = { "豊中市", "吹田市",
	"池田市", "箕面市", "茨木市", "高槻市", "枚方市", "堺市", "守口市",
	"門真市", "八尾市", "岸和田市", "泉南市", "貝塚市", "和泉市", "柏原市" };
static const char *const bench_town_table[] = { "桜", "緑", "若葉", "旭",
	"栄", "泉", "青葉", "白金", "朝日", "曙", "日吉", "住吉", "稲荷",
	"宝", "春日", "松葉", "千里", "夕日", "明星", "新田" };
static const char *const bench_town_mid_table[] = { "川", "田", "山",
	"原", "森", "島", "沢", "谷", "浦", "岡", "崎", "宮", "橋", "瀬", "池",
	"野", "里", "林", "尾", "見" };
static const char *const bench_town_end_table[] = { "町", "台", "丘",
	"原", "野", "が丘", "通", "園", "坂", "浜" };

struct bench_person {
	char	name[64], kana[96], former[16], alias[64];
	char	birth[11], address[160];
	int	sex;
};

static uint64_t
bench_hash(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Take n choices from h (a mixed-radix digit). */
static unsigned
bench_take(uint64_t *h, unsigned n)
{
	unsigned v = (unsigned)(*h % n);

	*h /= n;
	return v;
}

static void
bench_surname(uint64_t *h, char *kanji, size_t ks, char *kana, size_t kn)
{
	unsigned a = bench_take(h, nitems(bench_surname_table));
	unsigned b = bench_take(h, nitems(bench_surname_table));

	snprintf(kanji, ks, "%s%s", bench_surname_table[a].kanji,
	    bench_surname_table[b].kanji);
	snprintf(kana, kn, "%s%s", bench_surname_table[a].kana,
	    bench_surname_table[b].kana);
}

static void
bench_given(uint64_t *h, char *kanji, size_t ks, char *kana, size_t kn)
{
	unsigned a = bench_take(h, nitems(bench_given_table));
	unsigned m = bench_take(h, nitems(bench_middle_table));
	unsigned e = bench_take(h, nitems(bench_end_table));

	snprintf(kanji, ks, "%s%s%s", bench_given_table[a].kanji,
	    bench_middle_table[m].kanji, bench_end_table[e].kanji);
	snprintf(kana, kn, "%s%s%s", bench_given_table[a].kana,
	    bench_middle_table[m].kana, bench_end_table[e].kana);
}

static void
bench_birth(uint64_t h, char *out)
{
	struct tm tm = { .tm_year = 25, .tm_mon = 0, .tm_mday = 1 + (int)(h %
	    36500), .tm_hour = 12 };

	timegm(&tm);	/* normalises the day of the month */
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Resident i, made from i alone. */
static void
bench_person(long i, struct bench_person *p)
{
	uint64_t h = bench_hash((uint64_t)i), a = bench_hash((uint64_t)i / 2 +
	    0x51ed27ULL), h2 = bench_hash(h);
	char sur[32], surk[48], giv[32], givk[48], osur[32], osurk[48];

	bench_surname(&h, sur, sizeof(sur), surk, sizeof(surk));
	bench_given(&h, giv, sizeof(giv), givk, sizeof(givk));
	snprintf(p->name, sizeof(p->name), "%s %s", sur, giv);
	snprintf(p->kana, sizeof(p->kana), "%s %s", surk, givk);
	p->sex = 1 + (int)bench_take(&h, 2);
	p->former[0] = p->alias[0] = '\0';
	if (h2 % 100 < 8)
		bench_surname(&h2, p->former, sizeof(p->former), osurk,
		    sizeof(osurk));
	else if (h2 % 100 == 8) {
		bench_surname(&h2, osur, sizeof(osur), osurk, sizeof(osurk));
		snprintf(p->alias, sizeof(p->alias), "%s %s", osur, giv);
	}
	bench_birth(bench_hash(h2 ^ 0xb1b1ULL), p->birth);
	snprintf(p->address, sizeof(p->address), "%s%s%s%s%s%u丁目%u番%u号",
	    bench_pref_table[bench_take(&a, nitems(bench_pref_table))],
	    bench_city_table[bench_take(&a, nitems(bench_city_table))],
	    bench_town_table[bench_take(&a, nitems(bench_town_table))],
	    bench_town_mid_table[bench_take(&a, nitems(bench_town_mid_table))],
	    bench_town_end_table[bench_take(&a, nitems(bench_town_end_table))],
	    1 + bench_take(&a, 9), 1 + bench_take(&a, 40), 1 + bench_take(&a, 30));
}

static int
bench_write_csv(const char *path, long n)
{
	struct bench_person p;
	FILE *f = fopen(path, "w");
	long i;

	if (f == NULL)
		return -1;
	fprintf(f, "%s\n", store_registry_columns("resident"));
	for (i = 0; i < n; i++) {
		bench_person(i, &p);
		fprintf(f, "%015ld,%s,%s,%s,%s,%s,%d,%s,H%ld,0,%d\n", i + 1,
		    p.name, p.kana, p.former, p.alias, p.birth, p.sex,
		    p.address, i / 2 + 1, p.alias[0] != '\0');
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- the kinds of query -------------------------------------------- */

/* Fill q (strings in buf) for resident *p (a copy, free to cut); 0, or 1
 * when p has no such field (the next resident is tried). */
typedef int (*bench_query_fn)(struct bench_person *p,
    struct store_person_query *q, char buf[4][160]);

static int
bench_q_kana(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	strlcpy_m(buf[0], p->kana, sizeof(buf[0]));
	q->kana = buf[0];
	return 0;
}

static int
bench_q_surname_kana(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	*strchr(p->kana, ' ') = '\0';
	strlcpy_m(buf[0], p->kana, sizeof(buf[0]));
	q->kana = buf[0];
	return 0;
}

static int
bench_q_name(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	strlcpy_m(buf[0], p->name, sizeof(buf[0]));
	q->name = buf[0];
	return 0;
}

static int
bench_q_surname(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	*strchr(p->name, ' ') = '\0';
	strlcpy_m(buf[0], p->name, sizeof(buf[0]));
	q->name = buf[0];
	return 0;
}

static int
bench_q_former(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	if (p->former[0] == '\0')
		return 1;
	snprintf(buf[0], sizeof(buf[0]), "%s%s", p->former, strchr(p->name, ' '));
	q->name = buf[0];
	return 0;
}

static int
bench_q_alias(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	if (p->alias[0] == '\0')
		return 1;
	strlcpy_m(buf[0], p->alias, sizeof(buf[0]));
	q->name = buf[0];
	return 0;
}

/* The birth date as a clerk types it: S61.2.3. */
static int
bench_q_birth(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	struct era_date d;

	if (era_parse_iso(p->birth, &d) != 0)
		return 1;
	if (era_format_short(&d, buf[1], sizeof(buf[1])) != 0)
		return 1;
	q->birth = buf[1];
	return 0;
}

static int
bench_q_address(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	strlcpy_m(buf[2], p->address, sizeof(buf[2]));
	q->address = buf[2];
	return 0;
}

/* The town and number as on a note: 桜町3-12-5, no prefecture or city. */
static int
bench_q_address_part(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	unsigned c, b, g;
	char *town, *num;

	town = strstr(p->address, "市") + strlen("市");
	for (num = town; *num != '\0' && (*num < '0' || *num > '9'); num++)
		;
	if (sscanf(num, "%u丁目%u番%u号", &c, &b, &g) != 3)
		return 1;
	snprintf(buf[2], sizeof(buf[2]), "%.*s%u-%u-%u", (int)(num - town),
	    town, c, b, g);
	q->address = buf[2];
	return 0;
}

static int
bench_q_kana_birth(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	return bench_q_surname_kana(p, q, buf) || bench_q_birth(p, q, buf);
}

static int
bench_q_name_address(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	return bench_q_surname(p, q, buf) || bench_q_address_part(p, q, buf);
}

static int
bench_q_all(struct bench_person *p, struct store_person_query *q,
    char buf[4][160])
{
	return bench_q_kana(p, q, buf) || bench_q_birth(p, q, buf) ||
	    bench_q_address_part(p, q, buf);
}

static const struct {
	const char	*name;
	bench_query_fn	 fn;
} bench_kind_table[] = {
	{ "kana (full)", bench_q_kana },
	{ "kana (surname)", bench_q_surname_kana },
	{ "name (full)", bench_q_name },
	{ "name (surname, 2)", bench_q_surname },
	{ "former surname+given", bench_q_former },
	{ "alias (通称)", bench_q_alias },
	{ "birth (S61.2.3)", bench_q_birth },
	{ "address (full)", bench_q_address },
	{ "address (town 3-1-1)", bench_q_address_part },
	{ "surname kana+birth", bench_q_kana_birth },
	{ "surname+town 3-1-1", bench_q_name_address },
	{ "kana+birth+address", bench_q_all },
};
#define BENCH_KINDS	nitems(bench_kind_table)

/* ---- timing --------------------------------------------------------- */

struct bench_size {
	long	n;
	double	import_s, rate, db_mb;
	double	p50[BENCH_KINDS], p99[BENCH_KINDS], found[BENCH_KINDS];
	int	done[BENCH_KINDS];
};

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
bench_page_cb(const struct store_person *p, void *arg)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

/* What the search screen waits for: the count, then the first page. */
static int
bench_search_once(struct store *st, struct store_person_query *q,
    double *ms, long *count)
{
	double t0 = bench_now();
	int rows = 0;

	q->limit = BENCH_PAGE;
	if ((*count = store_person_search_count(st, q)) < 0 ||
	    store_person_search(st, q, bench_page_cb, &rows) < 0)
		return -1;
	*ms = (bench_now() - t0) * 1000.0;
	return 0;
}

/* nq queries of kind k for residents picked from n; p50/p99 in ms and the
 * mean count of matches. */
static int
bench_kind(struct store *st, size_t k, long n, int nq, struct bench_size *r)
{
	double *ms = xcalloc((size_t)nq, sizeof(*ms)), sum = 0;
	uint64_t seed = 0x5eed0000ULL + k;
	int j = 0, tries = 0;
	long count;

	while (j < nq && tries < nq * 200) {
		struct store_person_query q;
		struct bench_person p;
		char buf[4][160];
		long i = (long)(bench_hash(seed + (uint64_t)tries++) %
		    (uint64_t)n);

		memset(&q, 0, sizeof(q));
		bench_person(i, &p);
		if (bench_kind_table[k].fn(&p, &q, buf) != 0)
			continue;
		if (bench_search_once(st, &q, &ms[j], &count) == -1) {
			fprintf(stderr, "bench-search: %s: %s\n",
			    bench_kind_table[k].name, store_errmsg(st));
			free(ms);
			return -1;
		}
		sum += count;
		j++;
	}
	if (j > 0) {
		qsort(ms, (size_t)j, sizeof(*ms), bench_cmp_double);
		r->p50[k] = ms[j / 2];
		r->p99[k] = ms[(j * 99) / 100 < j ? (j * 99) / 100 : j - 1];
		r->found[k] = sum / j;
		r->done[k] = 1;
	}
	free(ms);
	return 0;
}

static int
bench_report_cb(long line, const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "bench-search: line %ld: %s\n", line, msg);
	return 0;
}

static double
bench_file_mb(const char *dir, const char *name)
{
	char path[4200];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0 ? sb.st_size / 1e6 : 0;
}

/* Import n residents into a new store, then time every kind. */
static int
bench_size_run(long n, int nq, struct bench_size *r)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], csv[4200], err[256];
	struct store *st = NULL;
	double t0;
	long loaded = 0;
	size_t k;
	int rc = -1;

	snprintf(dir, sizeof(dir), "%s/bench-search.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/var/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(csv, sizeof(csv), "%s/registry.csv", dir);
	r->n = n;
	t0 = bench_now();
	if (bench_write_csv(csv, n) == -1)
		goto out;
	fprintf(stderr, "bench-search: %ld residents written in %.1f s\n", n,
	    bench_now() - t0);
	if ((st = store_open(dir, STORE_CREATE, err, sizeof(err))) == NULL ||
	    store_migrate(st, NULL, NULL) == -1)
		goto out;
	t0 = bench_now();
	if (store_registry_import(st, "resident", csv, bench_report_cb, NULL,
	    &loaded) == -1 || loaded != n) {
		fprintf(stderr, "bench-search: import: %s\n", store_errmsg(st));
		goto out;
	}
	r->import_s = bench_now() - t0;
	r->rate = n / r->import_s;
	unlink(csv);
	store_close(st);
	/* The counter's own connection: the file as it stays on disk. */
	if ((st = store_open(dir, 0, err, sizeof(err))) == NULL)
		goto out;
	r->db_mb = bench_file_mb(dir, STATE_DB) + bench_file_mb(dir,
	    STATE_DB "-wal");
	for (k = 0; k < BENCH_KINDS; k++)
		if (bench_kind(st, k, n, nq, r) == -1)
			goto out;
	rc = 0;
out:
	if (rc == -1 && st == NULL)
		fprintf(stderr, "bench-search: %s\n", err);
	store_close(st);
	(void)util_rmtree(dir);
	return rc;
}

static void
bench_print(const struct bench_size *r, int nsizes, int nq)
{
	size_t k;
	int s;

	printf("person search: count + first page of %d (p50/p99 ms over %d "
	    "residents each)\n", BENCH_PAGE, nq);
	printf("%-22s", "query");
	for (s = 0; s < nsizes; s++)
		printf(" %9ld: p50   p99  found", r[s].n);
	for (s = 1; s < nsizes; s++)
		printf("  ratio %ld/%ld p50 p99", r[s].n, r[0].n);
	printf("\n");
	for (k = 0; k < BENCH_KINDS; k++) {
		printf("%-22s", bench_kind_table[k].name);
		for (s = 0; s < nsizes; s++)
			printf("        %6.2f %6.2f %6.0f", r[s].p50[k], r[s].p99[k],
			    r[s].found[k]);
		for (s = 1; s < nsizes; s++)
			printf("          %6.2f %6.2f", r[s].p50[k] / r[0].p50[k],
			    r[s].p99[k] / r[0].p99[k]);
		printf("\n");
	}
	printf("import (store_registry_import, one transaction):\n");
	for (s = 0; s < nsizes; s++)
		printf("  %9ld residents: %7.1f s, %8.0f rows/s, database "
		    "%7.1f MB\n", r[s].n, r[s].import_s, r[s].rate, r[s].db_mb);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("BENCH_SEARCH_SIZES");
	const char *qenv = getenv("BENCH_QUERIES");
	struct bench_size *r = xcalloc(BENCH_SIZES_MAX, sizeof(*r));
	char buf[256], *tok, *save = NULL;
	int nsizes = 0, nq = qenv != NULL ? atoi(qenv) : 200, i;

	if (nq <= 0)
		nq = 200;
	if (argc == 4 && strcmp(argv[1], "--csv") == 0) {
		free(r);
		return bench_write_csv(argv[3], atol(argv[2])) == 0 ? 0 : 1;
	}
	if (argc > 1) {
		for (i = 1; i < argc && nsizes < BENCH_SIZES_MAX; i++)
			r[nsizes++].n = atol(argv[i]);
	} else {
		strlcpy_m(buf, env != NULL ? env : "10000 1000000 10000000",
		    sizeof(buf));
		for (tok = strtok_r(buf, " ", &save); tok != NULL &&
		    nsizes < BENCH_SIZES_MAX; tok = strtok_r(NULL, " ", &save))
			r[nsizes++].n = atol(tok);
	}
	for (i = 0; i < nsizes; i++) {
		if (r[i].n <= 0 || bench_size_run(r[i].n, nq, &r[i]) == -1) {
			fprintf(stderr, "bench-search: %ld residents failed\n",
			    r[i].n);
			free(r);
			return 1;
		}
		fprintf(stderr, "bench-search: %ld residents done\n", r[i].n);
	}
	bench_print(r, nsizes, nq);
	free(r);
	return 0;
}
