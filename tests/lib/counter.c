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

#include "madoguchi/issuer.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

static struct hs *h;
static char card_now[32];	/* card number of the profile in the reader */
static char card_out[32];	/* that of the card pulled out */

int
ctr_suite_init(void)
{
	if ((h = hs_start(NULL)) == NULL)
		return 1;
	return ctr_use_demo_card() == 0 ? 0 : 1;
}

int
ctr_suite_clean(void)
{
	if (h == NULL)
		return 0;
	ctr_stack("stop %s", h->state);
	hs_stop(h);
	h = NULL;
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
 * items. */
static int
ctr_card_profile(const char *path, const char *card_no, const char *name,
    const char *address, const char *birth, int sex)
{
	json_t *j;
	char sexs[4];
	int rc;

	snprintf(sexs, sizeof(sexs), "%d", sex);
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
	    " s:b, s:{s:s, s:s, s:s}}", "comment", "test card",
	    "atr", "3B E0 00 FF 81 31 FE 45 14", "token", "JPKIAPICCTOKEN2",
	    "card_number", card_no, "my_number", "123456789018", "name", name,
	    "address", address, "birth", birth, "sex", sexs,
	    "expiry", "20351231", "security_code", "1111", "face_auth", 0,
	    "pins", "user", "1234", "sign", "ABC123", "support", "1234");
	if (j == NULL)
		return -1;
	rc = json_dump_file(j, path, 0);
	json_decref(j);
	return rc;
}

int
ctr_use_card(const char *card_no, const char *name, const char *address,
    const char *birth, int sex)
{
	char path[600];

	if (strcmp(card_now, card_no) == 0)
		return 0;
	ctr_stack("stop %s", h->state);
	test_system("rm -f %s/card/profile.json %s/card/state.json", h->state,
	    h->state);
	snprintf(path, sizeof(path), "%s/%s.json", h->dir, card_no);
	if (name == NULL)
		snprintf(path, sizeof(path), "%s/contrib/vcard/demo-card.json",
		    test_top_dir());
	else if (ctr_card_profile(path, card_no, name, address, birth,
	    sex) == -1)
		return -1;
	if (ctr_stack("start %s --profile %s", h->state, path) != 0)
		return -1;
	snprintf(card_now, sizeof(card_now), "%s", card_no);
	return 0;
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
	card_out[0] = '\0';
	return 0;
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
	const char *text;
	int first = 1;

	va_start(ap, v);
	while ((text = va_arg(ap, const char *)) != NULL) {
		if (!first)
			vt_key(v, VT_KEY_TAB);
		vt_type(v, text);
		first = 0;
	}
	va_end(ap);
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
	char path[600];
	struct card_client *cc;
	struct card_certs cs = { 0 };
	struct card_error ce;
	size_t i;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", h->state, STATE_CARDD_SOCK);
	if ((cc = card_client_open(path, &ce)) == NULL)
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
