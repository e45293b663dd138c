/*
 * A clerk at the counter for the end-to-end tests (see counter.h). One
 * server and one card stack per test program: ctr_suite_init makes them, the
 * card in the reader is remembered by its number so that a test asking
 * for the card already in does not restart the stack.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

static struct hs *h;
static char card_now[32];	/* card number of the profile in the reader */
static int card_now_pad;	/* its reader has the emulated PIN pad */
static char card_out[32];	/* that of the card pulled out */
static int card_out_pad;

int
ctr_suite_init(void)
{
	if ((h = hs_start(NULL)) == NULL)
		return 1;
	return ctr_use_demo_card() == 0 ? 0 : 1;
}

int
ctr_suite_init_with(const char *const settings[])
{
	if ((h = hs_start(settings)) == NULL)
		return 1;
	return ctr_use_demo_card() == 0 ? 0 : 1;
}

int
ctr_suite_init_direct(void)
{
	static const char *const direct[] = { "approval.app_cancel=0",
	    "approval.letter_void=0", NULL };

	return ctr_suite_init_with(direct);
}

int
ctr_suite_clean(void)
{
	if (h == NULL)
		return 0;
	ctr_stack("stop %s", h->state);
	hs_stop(h);
	h = NULL;
	/* The next suite's server starts with no card in its reader. */
	card_now[0] = card_out[0] = '\0';
	card_now_pad = card_out_pad = 0;
	return 0;
}

struct hs *
ctr_hs(void)
{
	return h;
}

const char *
ctr_state(void)
{
	return h->state;
}

const char *
ctr_dir(void)
{
	return h->dir;
}

int
ctr_stack(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return test_system("BUILD=%s sh %s/contrib/card-stack.sh %s "
	    ">>%s/stack.out 2>&1", test_build_dir(), test_top_dir(), cmd,
	    h->dir);
}

/* The profile of a test card: the demo card's PINs, this person's four
 * items; pinpad gives the reader the emulated PIN pad. */
static int
ctr_card_profile(const char *path, const char *card_no, const char *name,
    const char *address, const char *birth, int sex, int pinpad)
{
	json_t *j;
	char sexs[4];
	int rc;

	snprintf(sexs, sizeof(sexs), "%d", sex);
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
	    " s:b, s:b, s:{s:s, s:s, s:s}}", "comment", "test card",
	    "atr", "3B E0 00 FF 81 31 FE 45 14", "token", "JPKIAPICCTOKEN2",
	    "card_number", card_no, "my_number", "123456789018", "name", name,
	    "address", address, "birth", birth, "sex", sexs,
	    "expiry", "20351231", "security_code", "1111", "face_auth", 0,
	    "pinpad", pinpad,
	    "pins", "user", "1234", "sign", "ABC123", "support", "1234");
	if (j == NULL)
		return -1;
	rc = json_dump_file(j, path, 0);
	json_decref(j);
	return rc;
}

/* The demo card's profile with the emulated PIN pad, written to path. */
static int
ctr_demo_profile_pad(const char *path)
{
	char demo[600];
	json_t *j;
	int rc;

	snprintf(demo, sizeof(demo), "%s/contrib/vcard/demo-card.json",
	    test_top_dir());
	if ((j = json_load_file(demo, 0, NULL)) == NULL)
		return -1;
	json_object_set_new(j, "pinpad", json_true());
	rc = json_dump_file(j, path, 0);
	json_decref(j);
	return rc;
}

int
ctr_use_card(const char *card_no, const char *name, const char *address,
    const char *birth, int sex)
{
	return ctr_use_card_pad(card_no, name, address, birth, sex, 0);
}

int
ctr_use_card_pad(const char *card_no, const char *name, const char *address,
    const char *birth, int sex, int pinpad)
{
	char path[600];

	pinpad = pinpad != 0;
	if (strcmp(card_now, card_no) == 0 && card_now_pad == pinpad)
		return 0;
	ctr_stack("stop %s", h->state);
	test_system("rm -f %s/card/profile.json %s/card/state.json", h->state,
	    h->state);
	snprintf(path, sizeof(path), "%s/%s%s.json", h->dir, card_no,
	    pinpad ? "-pinpad" : "");
	if (name == NULL && !pinpad)
		snprintf(path, sizeof(path), "%s/contrib/vcard/demo-card.json",
		    test_top_dir());
	else if ((name == NULL ? ctr_demo_profile_pad(path) :
	    ctr_card_profile(path, card_no, name, address, birth, sex,
	    pinpad)) == -1)
		return -1;
	if (ctr_stack("start %s --profile %s", h->state, path) != 0)
		return -1;
	snprintf(card_now, sizeof(card_now), "%s", card_no);
	card_now_pad = pinpad;
	return 0;
}

int
ctr_pad_keys(const char *const entries[], size_t n)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s/vcard-admin.sock", h->state,
	    STATE_RUN_DIR);
	return test_vcard_pad_keys(path, entries, n);
}

int
ctr_use_demo_card(void)
{
	return ctr_use_card("DM0000000001", NULL, NULL, NULL, 0);
}

int
ctr_pull_card(void)
{
	snprintf(card_out, sizeof(card_out), "%s", card_now);
	card_out_pad = card_now_pad;
	card_now[0] = '\0';
	if (ctr_stack("vcard-stop %s", h->state) != 0)
		return -1;
	return ctr_card_wait("absent") == 0 ? 0 : -1;
}

int
ctr_put_card_back(void)
{
	if (card_out[0] == '\0' || ctr_stack("vcard-start %s", h->state) != 0 ||
	    ctr_card_wait("present") != 0)
		return -1;
	snprintf(card_now, sizeof(card_now), "%s", card_out);
	card_now_pad = card_out_pad;
	card_out[0] = '\0';
	return 0;
}

int
ctr_use_card_of(const struct ctr_who *w)
{
	return ctr_use_card_of_pad(w, 0);
}

int
ctr_use_card_of_pad(const struct ctr_who *w, int pinpad)
{
	struct store_person p;
	char birth[9];

	ctr_person_of(w, &p);
	snprintf(birth, sizeof(birth), "%.4s%.2s%.2s", p.birth_date,
	    p.birth_date + 5, p.birth_date + 8);
	return ctr_use_card_pad(w->card_no, p.name, w->abroad != NULL ?
	    w->abroad : p.address, birth, p.sex, pinpad);
}

/* A client of the card service in the state dir; NULL when it is down. */
static struct card_client *
ctr_card_client(void)
{
	char path[600];
	struct card_error ce;

	snprintf(path, sizeof(path), "%s/%s", h->state, STATE_CARDD_SOCK);
	return card_client_open(path, &ce);
}

int
ctr_card_verify(enum card_pin kind, const char *pin, int *tries_left)
{
	struct card_client *cc;
	struct card_error ce;
	int rc;

	memset(&ce, 0, sizeof(ce));
	ce.tries_left = -1;
	if ((cc = ctr_card_client()) == NULL)
		return CARD_E_CONNECT;
	rc = card_verify(cc, NULL, kind, pin, &ce) == 0 ? 0 : (int)ce.code;
	card_client_close(cc);
	if (tries_left != NULL)
		*tries_left = rc == 0 ? ctr_card_tries(kind) : ce.tries_left;
	return rc;
}

int
ctr_card_tries(enum card_pin kind)
{
	struct card_client *cc;
	struct card_error ce;
	int tries = -1;

	if ((cc = ctr_card_client()) == NULL)
		return -1;
	if (card_tries(cc, NULL, kind, &tries, &ce) == -1)
		tries = -1;
	card_client_close(cc);
	return tries;
}

int
ctr_card_wait(const char *what)
{
	return test_system("%s card status --socket %s/run/cardd.sock"
	    " --reader 'Virtual PCD 00 00' --wait %s --timeout 10000 "
	    ">/dev/null", test_prog("madoguchi"), h->state, what);
}

/* ---- The clerk's side ------------------------------------------------ */

int
ctr_wait_text(struct vt *v, const char *text, int ms)
{
	if (vt_wait_text(v, text, ms))
		return 1;
	vt_dump(v, text);
	return 0;
}

void
ctr_press(struct vt *v, enum vt_key key, const char *text)
{
	vt_key(v, key);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, text, CTR_WAIT_MS));
}

void
ctr_fill(struct vt *v, ...)
{
	va_list ap;

	va_start(ap, v);
	ctr_vfill(v, ap);
	va_end(ap);
}

void
ctr_vfill(struct vt *v, va_list ap)
{
	const char *text;
	int first = 1;

	while ((text = va_arg(ap, const char *)) != NULL) {
		if (!first)
			vt_key(v, VT_KEY_TAB);
		vt_type(v, text);
		first = 0;
	}
}

void
ctr_answer_yes(struct vt *v, enum vt_key key, const char *question,
    const char *next, int ms)
{
	vt_key(v, key);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, question, CTR_WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, next, ms));
}

struct vt *
ctr_login_size(int rows, int cols)
{
	struct vt *v = hs_ssh(h, "demo", h->demo_key, rows, cols);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, HS_UI_READY, CTR_WAIT_MS));
	return v;
}

struct vt *
ctr_login(void)
{
	return ctr_login_size(CTR_ROWS, CTR_COLS);
}

void
ctr_logout(struct vt *v)
{
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	CU_ASSERT_FALSE(vt_has_text(v, "Sanitizer"));
	vt_free(v);
}

/* The search of menu_key's procedure, the person's register chosen when
 * reg is not NULL (the search's 区分, its last field). */
static void
ctr_search(struct vt *v, const char *menu_key, const char *kana,
    const char *reg)
{
	vt_type(v, menu_key);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "本人の検索", CTR_WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, kana);
	if (reg != NULL) {
		vt_key(v, VT_KEY_DOWN);
		vt_key(v, VT_KEY_DOWN);
		vt_key(v, VT_KEY_DOWN);
		vt_type(v, reg);
	}
	ctr_press(v, VT_KEY_F5, "検索結果");
	ctr_press(v, VT_KEY_ENTER, "本人の記録");
}

void
ctr_find_person(struct vt *v, const char *menu_key, const char *kana)
{
	ctr_search(v, menu_key, kana, NULL);
}

void
ctr_find_overseas(struct vt *v, const char *menu_key, const char *kana)
{
	ctr_search(v, menu_key, kana, "2");
}

void
ctr_choose(struct vt *v, int *focus, int n, int field, const char *digit)
{
	while (*focus != field) {
		vt_key(v, VT_KEY_DOWN);
		*focus = (*focus + 1) % n;
	}
	vt_type(v, digit);
	vt_pump(v, 100);
}

/* The row showing text, or -1. */
static int
ctr_row_of(struct vt *v, const char *text)
{
	char buf[1024];
	int row;

	for (row = 0; row < CTR_ROWS; row++) {
		vt_row(v, row, buf, sizeof(buf));
		if (strstr(buf, text) != NULL)
			return row;
	}
	return -1;
}

int
ctr_focus_label(struct vt *v, const char *label, int n)
{
	int at, col, i, row = ctr_row_of(v, label);

	for (i = 0; row != -1 && i <= n; i++) {
		vt_pump(v, 100);
		vt_cursor(v, &at, &col);
		if (at == row)
			return 1;
		vt_key(v, VT_KEY_DOWN);
	}
	vt_dump(v, label);
	return 0;
}

void
ctr_agent_page(struct vt *v, const char *back_to)
{
	static const int licence[] = { 0 };
	int focus = 0;

	ctr_press(v, VT_KEY_F3, "委任状");
	ctr_choose(v, &focus, 8, 4, "2");		/* 委任状: あり */
	ctr_documents(v, licence, 1, "法定代理人の別");
	ctr_press(v, VT_KEY_F9, back_to);
}

void
ctr_documents(struct vt *v, const int *rows, size_t n, const char *back_to)
{
	int at = 0;
	size_t i;

	ctr_press(v, VT_KEY_F2, "本人確認書類");
	for (i = 0; i < n; i++) {
		for (; at < rows[i]; at++)
			vt_key(v, VT_KEY_DOWN);
		vt_key(v, VT_KEY_ENTER);
		vt_pump(v, 100);
	}
	CU_ASSERT_TRUE(ctr_wait_text(v, "[有効]", CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F9, back_to);
}

void
ctr_cancel_app(struct vt *v, const char *reason, const char *done)
{
	ctr_answer_yes(v, VT_KEY_F8, "取り消しますか", "取消しの理由",
	    CTR_WAIT_MS);
	vt_type(v, reason);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, done, CTR_WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
}

void
ctr_card_check(struct vt *v, const char *support, const char *user,
    const char *back_to)
{
	ctr_press(v, VT_KEY_F4, "カードの確認");
	ctr_fill(v, support, user, (char *)NULL);
	/* Never shown, only '*'. */
	CU_ASSERT_TRUE(ctr_wait_text(v, "****", CTR_WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "カードを確認しました", CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "台帳の記録と一致", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "照合しました"));
	ctr_press(v, VT_KEY_F9, back_to);
}

void
ctr_card_check_face(struct vt *v, const char *support, const char *pin_b,
    const char *back_to)
{
	int focus = 0;

	ctr_press(v, VT_KEY_F4, "カードの確認");
	if (support != NULL)
		vt_type(v, support);
	else {
		ctr_choose(v, &focus, 4, 2, "");
		vt_type(v, pin_b);
	}
	ctr_choose(v, &focus, 4, 3, "2");	/* 券面と顔写真の照合: 一致 */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "カードを確認しました", CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, support != NULL ? "台帳の記録と一致" :
	    "生年月日・性別が台帳と一致", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "照合していません"));
	ctr_press(v, VT_KEY_F9, back_to);
}

void
ctr_screen_ref(struct vt *v, char *ref, size_t size)
{
	char *scr = vt_screen(v), *p;

	ref[0] = '\0';
	if ((p = strstr(scr, "整理番号 ")) != NULL) {
		p += strlen("整理番号 ");
		snprintf(ref, size, "%.*s", (int)strspn(p, "0123456789-"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), p);
	}
	free(scr);
}

/* ---- What the database and the card say ------------------------------ */

void
ctr_person_of(const struct ctr_who *w, struct store_person *p)
{
	struct store *st;
	char err[256];

	memset(p, 0, sizeof(*p));
	st = store_open(h->state, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_person_get(st, ctr_find_id(st, w->kana), p), 0);
	store_close(st);
}

/* An issuance the rules accept for w: list A (a licence, a passport at
 * an embassy), the card checked; a child's parent files (R2.3). */
static void
ctr_issue_case(struct rules_case *c, const struct ctr_who *w,
    const struct store_person *p, unsigned certs,
    const struct proc_card_check *chk)
{
	static const struct rules_document licence = { RULES_LIST_A, 1, true,
	    true }, passport = { RULES_LIST_A, 3, true, true };
	int abroad = w->abroad != NULL;
	char today[11];

	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = abroad ? RULES_REG_OVERSEAS : RULES_REG_RESIDENT;
	util_today(today);
	era_parse_iso(today, &c->date);
	era_parse_iso(p->birth_date, &c->birth_date);
	c->window = abroad ? RULES_WIN_EMBASSY : RULES_WIN_CITIZENS;
	c->certs = certs;
	c->pin_request_form = abroad;	/* the staff sets the PINs (R2-2) */
	c->n_documents = 1;
	c->documents[0] = abroad ? passport : licence;
	if (!(certs & RULES_CERT_SIGNATURE)) {
		c->filer = RULES_FILER_LEGAL_REP;
		c->has_legal_rep = true;
		c->legal_rep = (struct rules_legal_rep){ RULES_REP_PARENT, true,
		    true, RULES_AUTH_CITY_RECORDS };
		c->n_filer_documents = 1;
		c->filer_documents[0] = licence;
	}
	c->has_card = true;
	c->card.registry_match = chk->registry_match;
	c->card.status_ok = chk->status_ok;
	c->card.pin_verified = chk->pin_verified;
	c->card.face_data_matches = true;
}

void
ctr_issue_certs(const struct ctr_who *w, unsigned certs)
{
	struct proc_pins pins = { "1234", "ABC123", "1234" };
	struct store_person p;
	struct store_clerk clerk;
	struct store_app app;
	struct proc_card_check chk;
	struct rules_case c;
	struct proc_ctx pc;
	struct store *st;
	char err[256], msg[512], today[11];
	enum proc_status rc;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card_of(w), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(h->state, 0, err,
	    sizeof(err)));
	CU_ASSERT_EQUAL_FATAL(store_person_get(st, ctr_find_id(st, w->kana),
	    &p), 0);
	CU_ASSERT_EQUAL_FATAL(store_clerk_by_login(st, "demo", &clerk), 0);
	CU_ASSERT_EQUAL_FATAL(proc_ctx_open(&pc, st, h->state, "demo", msg,
	    sizeof(msg)), 0);
	util_today(today);
	rc = proc_card_check(&pc, &p, PROC_ROUTE_SUPPORT, "1234", "1234",
	    today, &chk, msg, sizeof(msg));
	CU_ASSERT_EQUAL_FATAL(rc, PROC_OK);
	ctr_issue_case(&c, w, &p, certs, &chk);
	if (proc_app_save(&pc, &p, clerk.id, &c, &chk, NULL, "accepted", &app,
	    msg, sizeof(msg)) == -1) {
		fprintf(stderr, "ctr_issue_certs %s: %s\n", w->kana, msg);
		CU_FAIL_FATAL("the issuance was not accepted");
	}
	if (!(certs & RULES_CERT_SIGNATURE))
		pins.sign = NULL;
	rc = proc_issue(&pc, app.id, w->card_expiry, &pins, msg, sizeof(msg));
	if (rc != PROC_OK)
		fprintf(stderr, "ctr_issue_certs %s: %s\n", w->kana, msg);
	CU_ASSERT_EQUAL_FATAL(rc, PROC_OK);
	proc_ctx_close(&pc);
	store_close(st);
}

static int
ctr_cert_cb(const struct store_cert *c, void *arg)
{
	struct ctr_cert *r = arg;

	/* The newest of the kind: the one issued last. */
	if (strcmp(c->kind, r->kind) == 0) {
		snprintf(r->serial, sizeof(r->serial), "%s", c->serial);
		snprintf(r->state, sizeof(r->state), "%s", c->state);
		snprintf(r->reason, sizeof(r->reason), "%s", c->revoked_reason);
	}
	return 0;
}

void
ctr_cert_of(const struct ctr_who *w, const char *kind, struct ctr_cert *out)
{
	struct store *st;
	char err[256];

	memset(out, 0, sizeof(*out));
	out->kind = kind;
	if ((st = store_open(h->state, 0, err, sizeof(err))) == NULL)
		return;
	store_cert_foreach(st, ctr_find_id(st, w->kana), ctr_cert_cb, out);
	store_close(st);
}

int
ctr_card_record(const char *card_no, struct store_card *out)
{
	struct store *st;
	char err[256];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((st = store_open(h->state, 0, err, sizeof(err))) == NULL)
		return -1;
	rc = store_card_by_no(st, card_no, out) == 0 ? 0 : -1;
	store_close(st);
	return rc;
}

int
ctr_ca_cert(const char *serial, int *state, int *reason, char *pem,
    size_t size)
{
	struct issuer *iss;
	struct issuer_cert *ic = NULL;
	char err[256], der[600];
	FILE *f;
	int rc = -1;

	snprintf(der, sizeof(der), "%s/%s.der", h->dir, serial);
	snprintf(pem, size, "%s.pem", der);
	if ((iss = issuer_builtin_open(h->state, err, sizeof(err))) == NULL)
		return -1;
	if (issuer_status_get(iss, serial, NULL, &ic) == ISSUER_OK &&
	    (f = fopen(der, "w")) != NULL) {
		*state = (int)ic->state;
		*reason = (int)ic->reason;
		rc = fwrite(ic->der, 1, ic->der_len, f) == ic->der_len ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	issuer_cert_free(ic);
	issuer_close(iss);
	if (rc == 0 && test_system("openssl x509 -inform DER -in %s -out %s",
	    der, pem) != 0)
		rc = -1;
	return rc;
}

int
ctr_crl_verify(const char *pem, const char *kind, char *crl, size_t size,
    char **out)
{
	int sig = strcmp(kind, "signature") == 0, status = -1;
	char *root, *ca;

	*out = NULL;
	snprintf(crl, size, "%s/crl-%s.pem", h->dir, kind);
	if (test_system("'%s' ca crl --state '%s' --kind %s --out - >'%s'",
	    test_prog("madoguchi"), h->state, kind, crl) != 0)
		return -1;
	root = issuer_builtin_cert_path(h->state, ISSUER_CA_ROOT);
	ca = issuer_builtin_cert_path(h->state, sig ? ISSUER_CA_SIGNATURE :
	    ISSUER_CA_USER);
	*out = test_output(&status, "openssl verify -crl_check -CAfile %s "
	    "-untrusted %s -CRLfile %s %s 2>&1", root, ca, crl, pem);
	free(root);
	free(ca);
	return status;
}

static int
ctr_first_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

int64_t
ctr_find_id(struct store *st, const char *kana)
{
	struct store_person_query q = { .kana = kana };
	int64_t id = 0;

	store_person_search(st, &q, ctr_first_cb, &id);
	return id;
}

static int
ctr_last_app_cb(const struct store_app *a, void *arg)
{
	struct store_app *last = arg;

	if (a->id > last->id)
		*last = *a;
	return 0;
}

void
ctr_last_app(const char *kana, struct store_app *out)
{
	struct store *st;
	char err[256];

	memset(out, 0, sizeof(*out));
	if ((st = store_open(h->state, 0, err, sizeof(err))) == NULL)
		return;
	store_app_foreach(st, ctr_find_id(st, kana), ctr_last_app_cb, out);
	store_close(st);
}

void
ctr_card_serial(enum card_cert_slot slot, const char *sign_pin, char *out,
    size_t size)
{
	struct card_client *cc;
	struct card_certs cs = { 0 };
	struct card_error ce;
	size_t i;

	out[0] = '\0';
	if ((cc = ctr_card_client()) == NULL)
		return;
	if (card_read_certs(cc, NULL, sign_pin, &cs, &ce) == 0)
		for (i = 0; i < cs.n; i++)
			if (cs.cert[i].slot == slot && cs.cert[i].present)
				snprintf(out, size, "%s", cs.cert[i].serial);
	card_certs_clear(&cs);
	card_client_close(cc);
}

int
ctr_same_serial(const char *a, const char *b)
{
	char na[ISSUER_SERIAL_MAX], nb[ISSUER_SERIAL_MAX];

	return issuer_serial_normalize(a, na) == 0 &&
	    issuer_serial_normalize(b, nb) == 0 && strcmp(na, nb) == 0;
}
