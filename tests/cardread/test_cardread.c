/*
 * Starting from the card (menu k) end to end, as a clerk does it: `ssh
 * -tt` to madoguchi-sshd, the emulated card behind pcscd and cardd, the
 * applicant's input-support PIN or the card face's 照合番号B typed, and
 * the record that opens (本人の記録), the list of those to choose from,
 * or the message that says why no record opens. Afterwards the audit
 * trail holds the read by ids only (never the PIN), and the card service
 * the PIN's tries.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/store.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

#define READ_MS		30000	/* the card read and the registry search */
#define TITLE		"カードから読み取る"
#define RECORD		"宛名番号"	/* on 本人の記録 only */
#define DEMO_PIN_B	"86020320342580"

static const struct ctr_who hanako = { "マドグチハナコ", "DM0000000001",
	NULL, NULL };
static const struct ctr_who megumi = { "ヨシダメグミ", "DM0000000133",
	NULL, NULL };
static const struct ctr_who takuya = { "モリタクヤ", "DM0000000210",
	NULL, NULL };

/* The clerk on the card-read form (menu k). */
static struct vt *
open_read(void)
{
	struct vt *v = ctr_login();

	vt_type(v, "k");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, TITLE, CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "入力補助用 暗証番号", CTR_WAIT_MS));
	return v;
}

static int
last_audit_cb(const struct store_audit_row *r, void *arg)
{
	*(struct store_audit_row *)arg = *r;
	return 1;
}

/* The newest row of the audit trail. */
static void
last_audit(struct store_audit_row *out)
{
	struct store_audit_query q;
	struct store *st;
	char err[256];

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(ctr_state(), 0, err,
	    sizeof(err)));
	CU_ASSERT_EQUAL(store_audit_browse(st, &q, 0, 1, last_audit_cb, out),
	    1);
	store_close(st);
}

/* The counter records card card_no as w's (as an issuance would). */
static void
record_card(const struct ctr_who *w, const char *card_no)
{
	struct store_card c;
	struct store *st;
	char err[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(ctr_state(), 0, err,
	    sizeof(err)));
	CU_ASSERT_EQUAL(store_card_ensure(st, ctr_find_id(st, w->kana),
	    card_no, "", &c), 0);
	store_close(st);
}

static int64_t
person_id(const char *kana)
{
	struct store *st;
	char err[256];
	int64_t id;

	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(ctr_state(), 0, err,
	    sizeof(err)));
	id = ctr_find_id(st, kana);
	store_close(st);
	return id;
}

/* A wrong input-support PIN: the card says so, no record opens; then
 * the right one (the applicant's 1234) opens hers with no name typed. */
static void
test_support_pin(void)
{
	struct store_audit_row r;
	char want[64];
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = open_read();
	vt_type(v, "9999");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "暗証番号が違います (残り 2 回)",
	    READ_MS));
	CU_ASSERT_FALSE(vt_has_text(v, RECORD));
	CU_ASSERT_FALSE(vt_has_text(v, "窓口 花子"));
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_SUPPORT), 2);
	ctr_press(v, VT_KEY_ENTER, "入力補助用 暗証番号");
	vt_type(v, "1234");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, RECORD, READ_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "窓口 花子", CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "基本4情報が一致", CTR_WAIT_MS));
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_SUPPORT), 3);
	last_audit(&r);
	CU_ASSERT_STRING_EQUAL(r.kind, "card.read");
	CU_ASSERT_STRING_EQUAL(r.object, "DM0000000001");
	snprintf(want, sizeof(want), "route=support result=registry "
	    "persons=%lld", (long long)person_id(hanako.kana));
	CU_ASSERT_STRING_EQUAL(r.detail, want);
	CU_ASSERT_PTR_NULL(strstr(r.detail, "1234"));
	ctr_logout(v);
}

/* A card whose holder the registry does not have: said, no record. */
static void
test_not_in_registry(void)
{
	struct store_audit_row r;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card("TC0000000042", "試験 一郎",
	    "北海道札幌市中央区北一条西二丁目一番地", "19700101", 1), 0);
	v = open_read();
	vt_type(v, "1234");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "一致する方が台帳にいません",
	    READ_MS));
	CU_ASSERT_FALSE(vt_has_text(v, RECORD));
	last_audit(&r);
	CU_ASSERT_STRING_EQUAL(r.kind, "card.read");
	CU_ASSERT_STRING_EQUAL(r.detail, "route=support result=refused");
	ctr_press(v, VT_KEY_ENTER, "入力補助用 暗証番号");
	ctr_logout(v);
}

/* A card the counter knows as megumi's whose chip names takuya: said
 * plainly, neither record opens. */
static void
test_card_of_another(void)
{
	struct store_person p;
	struct store_audit_row r;
	char birth[9], want[80];
	struct vt *v;

	record_card(&megumi, "DM0000000999");
	ctr_person_of(&takuya, &p);
	snprintf(birth, sizeof(birth), "%.4s%.2s%.2s", p.birth_date,
	    p.birth_date + 5, p.birth_date + 8);
	CU_ASSERT_EQUAL_FATAL(ctr_use_card("DM0000000999", p.name, p.address,
	    birth, p.sex), 0);
	v = open_read();
	vt_type(v, "1234");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "別の方のカードとして記録されています",
	    READ_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "氏名"));
	CU_ASSERT_FALSE(vt_has_text(v, RECORD));
	last_audit(&r);
	snprintf(want, sizeof(want), "route=support result=refused "
	    "card_of=%lld", (long long)person_id(megumi.kana));
	CU_ASSERT_STRING_EQUAL(r.detail, want);
	ctr_press(v, VT_KEY_ENTER, "入力補助用 暗証番号");
	ctr_logout(v);
}

/* PIN B off the demo card's face: a card the counter does not know
 * lists those of its birth date and sex; Enter opens her record. Once
 * the counter knows the card as hers, the record opens at once. */
static void
test_face_route(void)
{
	struct store_audit_row r;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = open_read();
	vt_key(v, VT_KEY_DOWN);		/* past the user PIN */
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, DEMO_PIN_B);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "券面と照らして本人を選ぶ", READ_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "窓口 花子", CTR_WAIT_MS));
	ctr_press(v, VT_KEY_ENTER, RECORD);
	CU_ASSERT_TRUE(ctr_wait_text(v, "券面と顔写真を照合してください",
	    CTR_WAIT_MS));
	ctr_logout(v);

	record_card(&hanako, hanako.card_no);
	v = open_read();
	vt_key(v, VT_KEY_DOWN);		/* past the user PIN */
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, DEMO_PIN_B);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, RECORD, READ_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "窓口 花子", CTR_WAIT_MS));
	last_audit(&r);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.detail, "route=face result=card"));
	CU_ASSERT_PTR_NULL(strstr(r.detail, DEMO_PIN_B));
	ctr_logout(v);
}

static CU_TestInfo cardread_tests[] = {
	{ "input-support PIN: wrong, then her record", test_support_pin },
	{ "a holder not in the registry", test_not_in_registry },
	{ "a card known as another person's", test_card_of_another },
	{ "PIN B: the list, then the card known", test_face_route },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(cardread, "cardread.e2e", ctr_suite_init_direct,
    ctr_suite_clean, cardread_tests)
