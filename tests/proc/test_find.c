/*
 * proc_card_find on the real card stack (the demo card, 窓口 花子's):
 * who the card names by each route, the card check it carries, the
 * registry's twin the basic 4 info cannot tell apart (several: refused;
 * the face route lists both; the card once known, her alone), and the
 * audit row of a read, ids only. A card known as another person's is
 * tests/cardread's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

#define PIN_B	"86020320342580"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static int64_t hanako, clerk_id;

static int
suite_init(void)
{
	if ((state = proc_test_start("find")) == NULL ||
	    proc_test_card_present(state) != 0)
		return 1;
	return proc_test_open(state, &st, &pc, &hanako, &clerk_id) == 0 ?
	    0 : 1;
}

static int
suite_clean(void)
{
	proc_ctx_close(&pc);
	store_close(st);
	proc_test_stop(state);
	return 0;
}

static int
last_cb(const struct store_audit_row *r, void *arg)
{
	*(struct store_audit_row *)arg = *r;
	return 1;
}

/* The newest audit row. */
static void
last_audit(struct store_audit_row *r)
{
	struct store_audit_query q;

	memset(&q, 0, sizeof(q));
	memset(r, 0, sizeof(*r));
	CU_ASSERT_EQUAL(store_audit_browse(st, &q, 0, 1, last_cb, r), 1);
}

static enum proc_status
find(enum proc_card_route route, const char *pin, struct proc_card_found *f,
    char *msg, size_t msglen)
{
	return proc_card_find(&pc, route, pin, NULL, "2026-11-25", f, msg,
	    msglen);
}

/* The input-support PIN: her, the card check a record can carry. */
static void
test_support(void)
{
	struct proc_card_found *f = xcalloc(1, sizeof(*f));
	struct store_audit_row r;
	char msg[512], want[96];

	CU_ASSERT_EQUAL(find(PROC_ROUTE_SUPPORT, "1234", f, msg, sizeof(msg)),
	    PROC_OK);
	CU_ASSERT_EQUAL(f->n, 1);
	CU_ASSERT_EQUAL(f->p[0].id, hanako);
	CU_ASSERT_EQUAL(f->by_card, 0);
	CU_ASSERT_EQUAL(f->chk.route, PROC_ROUTE_SUPPORT);
	CU_ASSERT_STRING_EQUAL(f->chk.card_no, "DM0000000001");
	CU_ASSERT_EQUAL(strlen(f->chk.card_key), 64);
	CU_ASSERT_TRUE(f->chk.basic4_read && f->chk.registry_match &&
	    f->chk.status_ok);
	last_audit(&r);
	snprintf(want, sizeof(want), "route=support result=registry "
	    "persons=%lld", (long long)hanako);
	CU_ASSERT_STRING_EQUAL(r.kind, "card.read");
	CU_ASSERT_STRING_EQUAL(r.object, "DM0000000001");
	CU_ASSERT_STRING_EQUAL(r.detail, want);
	/* No PIN, no PIN B: said before the card is touched. */
	CU_ASSERT_EQUAL(find(PROC_ROUTE_SUPPORT, "", f, msg, sizeof(msg)),
	    PROC_CARD);
	CU_ASSERT_EQUAL(f->n, 0);
	free(f);
}

static int
report_cb(long line, const char *m, void *arg)
{
	(void)arg;
	fprintf(stderr, "registry line %ld: %s\n", line, m);
	return 0;
}

/* Her twin in the registry: the same four items, the name written with
 * a full-width space (the match ignores it). */
static void
add_twin(void)
{
	char path[600];
	long loaded = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/twin.csv", state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp = fopen(path, "w"));
	fprintf(fp, "%s\n", store_registry_columns("resident"));
	fprintf(fp, "900000001,窓口\xe3\x80\x80花子,マドグチ ハナコ,,,1986-02-03,2,"
	    "大阪府豊中市中桜塚3丁目1番1号,H900,0,0\n");
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(store_registry_import(st, "resident", path,
	    report_cb, NULL, &loaded), 0);
	CU_ASSERT_EQUAL(loaded, 1);
}

/* Two persons the chip's basic 4 info names: refused (search); by PIN B
 * both of her birth date and sex are listed; once the counter knows the
 * card as hers, she alone, by the card. */
static void
test_twin(void)
{
	struct proc_card_found *f = xcalloc(1, sizeof(*f));
	struct store_card c;
	char msg[512];
	int i, her = 0;

	add_twin();
	CU_ASSERT_EQUAL(find(PROC_ROUTE_SUPPORT, "1234", f, msg, sizeof(msg)),
	    PROC_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "2 人います"));
	CU_ASSERT_EQUAL(f->n, 0);
	CU_ASSERT_EQUAL(find(PROC_ROUTE_FACE, PIN_B, f, msg, sizeof(msg)),
	    PROC_OK);
	CU_ASSERT_EQUAL(f->n, 2);	/* 山田 太郎 shares the day, not the sex */
	for (i = 0; i < f->n; i++)
		her += f->p[i].id == hanako;
	CU_ASSERT_EQUAL(her, 1);
	CU_ASSERT_EQUAL(f->by_card, 0);
	CU_ASSERT_EQUAL(store_card_ensure(st, hanako, "DM0000000001", "", &c),
	    0);
	CU_ASSERT_EQUAL(find(PROC_ROUTE_SUPPORT, "1234", f, msg, sizeof(msg)),
	    PROC_OK);
	CU_ASSERT_TRUE(f->n == 1 && f->p[0].id == hanako && f->by_card);
	CU_ASSERT_EQUAL(find(PROC_ROUTE_FACE, PIN_B, f, msg, sizeof(msg)),
	    PROC_OK);
	CU_ASSERT_TRUE(f->n == 1 && f->p[0].id == hanako && f->by_card);
	CU_ASSERT_STRING_EQUAL(f->chk.expiry, "2034-02-03");
	free(f);
}

static CU_TestInfo find_tests[] = {
	{ "the input-support PIN finds her", test_support },
	{ "a twin: several refused, the face lists, the card knows",
	  test_twin },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(find, "proc.find", suite_init, suite_clean, find_tests)
