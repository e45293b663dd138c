/*
 * The clerks, as admins change them from the maintenance screens: add one
 * with a pasted OpenSSH public key line, add or remove keys, the window,
 * the role, disable and enable. Each change and its audit row (clerk.*,
 * actor the admin) are one transaction; what the store would refuse is
 * checked first, to be said in Japanese.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "proc_int.h"

#define CLERK_NAME_MAX	30
#define CLERK_KEY_MAX	1000	/* characters of a key line (RSA-4096 ~750) */

int
proc_clerk_login_check(const char *login, char *msg, size_t msglen)
{
	size_t n = strlen(login);

	if (n >= 1 && n <= 32 && strspn(login,
	    "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n)
		return 0;
	snprintf(msg, msglen, "ログイン名は半角の英小文字・数字・_ . - の "
	    "1-32 文字です。");
	return -1;
}

int
proc_key_line_check(const char *line, char *fp, size_t fpsize, char *msg,
    size_t msglen)
{
	const char *why;

	if (proc_text_check("公開鍵", line, CLERK_KEY_MAX, msg, msglen) == -1)
		return -1;
	if (store_key_check(line, fp, fpsize, &why) == -1) {
		snprintf(msg, msglen, "公開鍵として使えません: %s。", why);
		return -1;
	}
	return 0;
}

/* The key not registered to anyone yet; -1 with whose it is in msg. */
static int
clerk_key_unused(struct store *st, const char *line, const char *fp,
    char *msg, size_t msglen)
{
	char type[64], b64[2048];
	struct store_clerk other;
	int rc;

	if (sscanf(line, "%63s %2047s", type, b64) != 2)
		return 0;
	if ((rc = store_clerk_by_key(st, type, b64, &other)) == -1) {
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
	if (rc == 0) {
		snprintf(msg, msglen, "この公開鍵 (%s) は職員 %s の鍵として登録"
		    "済みです。", fp, other.login);
		return -1;
	}
	return 0;
}

/* The clerk of login into c; -1 with msg when not there. */
static int
clerk_get(struct store *st, const char *login, struct store_clerk *c,
    char *msg, size_t msglen)
{
	switch (store_clerk_by_login(st, login, c)) {
	case 0:
		return 0;
	case 1:
		snprintf(msg, msglen, "職員 %s は登録されていません。", login);
		return -1;
	default:
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
}

/* One change and its audit row, in store_tx. */
struct clerk_change {
	const char		*actor;
	enum proc_clerk_event	 ev;
	const char		*login;
	const char		*detail;
	int			(*write)(struct store *, struct clerk_change *);
	const struct store_clerk *c;
	const char		*value;		/* key line, window, role */
	int64_t			 key_id;
	int			 missing;	/* the key was gone */
};

static int
clerk_change_cb(struct store *st, void *arg)
{
	struct clerk_change *ch = arg;

	if (ch->write(st, ch) == -1 || ch->missing)
		return -1;
	return proc_audit_clerk(st, ch->actor, ch->ev, ch->login, ch->detail);
}

static int
clerk_apply(struct store *st, struct clerk_change *ch, char *msg,
    size_t msglen)
{
	if (store_tx(st, clerk_change_cb, ch) == 0) {
		log_info("clerk %s: %s", ch->login, ch->detail != NULL ?
		    ch->detail : "changed");
		return 0;
	}
	if (ch->missing)
		snprintf(msg, msglen, "その鍵はもう登録されていません。");
	else {
		log_warnx("clerk %s: %s", ch->login, store_errmsg(st));
		snprintf(msg, msglen, "保存できませんでした (データベースの誤り)。");
	}
	return -1;
}

static int
clerk_write_add(struct store *st, struct clerk_change *ch)
{
	return store_clerk_add(st, ch->c, ch->value);
}

static int
clerk_check_new(const struct proc_clerk_new *n, char *msg, size_t msglen)
{
	if (proc_clerk_login_check(n->login, msg, msglen) == -1)
		return -1;
	if (proc_text_check("氏名", n->name, CLERK_NAME_MAX, msg, msglen) == -1)
		return -1;
	/* The store keeps a name in sizeof(store_clerk.name) bytes: four-byte
	 * characters would be cut there, mid-character. */
	if (strlen(n->name) >= sizeof(((struct store_clerk *)0)->name)) {
		snprintf(msg, msglen, "氏名が長すぎます (%zu バイトまで)。",
		    sizeof(((struct store_clerk *)0)->name) - 1);
		return -1;
	}
	if (vocab_parse(VOCAB_ROLE, n->role) < 0) {
		snprintf(msg, msglen, "役割を選んでください。");
		return -1;
	}
	if (rules_window_parse(n->window) < 0) {
		snprintf(msg, msglen, "窓口を選んでください。");
		return -1;
	}
	return 0;
}

static int clerk_add(struct store *, const char *,
    const struct proc_clerk_new *, char *, size_t);

struct clerk_approver {
	const char	*actor;
	int		 found;
};

static int
clerk_approver_cb(const struct store_clerk *c, void *arg)
{
	struct clerk_approver *a = arg;

	if (!c->disabled && strcmp(c->role, "clerk") != 0 &&
	    !proc_actor_same(c->login, a->actor))
		a->found = 1;
	return a->found;
}

/*
 * A new clerk given a supervisor's or admin's role is a grant of that role:
 * under four eyes (approval.clerk_role) the clerk is made a plain clerk and
 * the role is asked for, like any role change, so nobody can make a second
 * account to approve their own requests. The first supervisor of an
 * installation, when nobody else could approve, is made at once.
 */
static int
clerk_add_role_waits(struct store *st, const char *actor, const char *role)
{
	struct clerk_approver a = { actor, 0 };

	if (strcmp(role, "clerk") == 0 ||
	    !proc_approval_needed(st, "clerk_role"))
		return 0;
	if (store_clerk_foreach(st, clerk_approver_cb, &a) == -1)
		return -1;
	return a.found;
}

int
proc_clerk_add(struct store *st, const char *actor,
    const struct proc_clerk_new *n, char *msg, size_t msglen)
{
	struct proc_clerk_new plain = *n;
	struct proc_ctx pc;
	char said[512];
	int64_t approval = 0;
	int waits, rc;

	if ((waits = clerk_add_role_waits(st, actor, n->role)) == -1) {
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
	if (!waits)
		return clerk_add(st, actor, n, msg, msglen);
	plain.role = "clerk";
	if (clerk_add(st, actor, &plain, msg, msglen) == -1)
		return -1;
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = actor;
	if ((rc = proc_clerk_role_change(&pc, n->login, n->role, NULL,
	    &approval, said, sizeof(said))) == -1) {
		snprintf(msg, msglen, "職員 %s を職員の役割で登録しました。%s",
		    n->login, said);
		return 1;
	}
	snprintf(msg, msglen, "職員 %s を職員の役割で登録しました。%s", n->login,
	    said);
	return rc;
}

static int
clerk_add(struct store *st, const char *actor,
    const struct proc_clerk_new *n, char *msg, size_t msglen)
{
	struct store_clerk c = { 0 };
	struct clerk_change ch = { 0 };
	char fp[96], detail[256];

	if (clerk_check_new(n, msg, msglen) == -1 ||
	    proc_window_open(st, n->window, "職員の窓口にできません", msg,
	    msglen) == -1 ||
	    proc_key_line_check(n->key_line, fp, sizeof(fp), msg, msglen) == -1)
		return -1;
	switch (store_clerk_by_login(st, n->login, &c)) {
	case 0:
		snprintf(msg, msglen, "職員 %s は登録済みです。", n->login);
		return -1;
	case -1:
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
	if (clerk_key_unused(st, n->key_line, fp, msg, msglen) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	strlcpy_m(c.login, n->login, sizeof(c.login));
	strlcpy_m(c.name, n->name, sizeof(c.name));
	strlcpy_m(c.role, n->role, sizeof(c.role));
	strlcpy_m(c.window, n->window, sizeof(c.window));
	snprintf(detail, sizeof(detail), "role=%s window=%s key=%s", n->role,
	    n->window, fp);
	ch.actor = actor;
	ch.ev = PROC_CLERK_EV_ADD;
	ch.login = n->login;
	ch.detail = detail;
	ch.write = clerk_write_add;
	ch.c = &c;
	ch.value = n->key_line;
	return clerk_apply(st, &ch, msg, msglen);
}

static int
clerk_write_key(struct store *st, struct clerk_change *ch)
{
	return store_clerk_add_key(st, ch->login, ch->value);
}

int
proc_clerk_add_key(struct store *st, const char *actor, const char *login,
    const char *key_line, char *msg, size_t msglen)
{
	struct clerk_change ch = { 0 };
	struct store_clerk c;
	char fp[96];

	if (clerk_get(st, login, &c, msg, msglen) == -1 ||
	    proc_key_line_check(key_line, fp, sizeof(fp), msg, msglen) == -1 ||
	    clerk_key_unused(st, key_line, fp, msg, msglen) == -1)
		return -1;
	ch.actor = actor;
	ch.ev = PROC_CLERK_EV_ADD_KEY;
	ch.login = login;
	ch.detail = fp;
	ch.write = clerk_write_key;
	ch.value = key_line;
	return clerk_apply(st, &ch, msg, msglen);
}

struct clerk_key_find {
	int64_t			id;
	struct store_clerk_key	k;
	int			found;
};

static int
clerk_key_find_cb(const struct store_clerk_key *k, void *arg)
{
	struct clerk_key_find *f = arg;

	if (k->id != f->id)
		return 0;
	f->k = *k;
	f->found = 1;
	return 1;
}

static int
clerk_write_remove(struct store *st, struct clerk_change *ch)
{
	int rc = store_clerk_key_remove(st, ch->c->id, ch->key_id);

	ch->missing = rc == 1;
	return rc == -1 ? -1 : 0;
}

int
proc_clerk_remove_key(struct store *st, const char *actor,
    const char *login, int64_t key_id, char *msg, size_t msglen)
{
	struct clerk_key_find f = { .id = key_id };
	struct clerk_change ch = { 0 };
	struct store_clerk c;
	int n;

	if (clerk_get(st, login, &c, msg, msglen) == -1)
		return -1;
	if ((n = store_clerk_keys(st, c.id, clerk_key_find_cb, &f)) == -1) {
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
	if (!f.found) {
		snprintf(msg, msglen, "その鍵はもう登録されていません。");
		return -1;
	}
	n = store_clerk_keys(st, c.id, NULL, NULL);
	if (n <= 1 && strcmp(actor, login) == 0) {
		snprintf(msg, msglen, "ログインしている自分の最後の鍵は削除でき"
		    "ません (先に別の鍵を追加してください)。");
		return -1;
	}
	ch.actor = actor;
	ch.ev = PROC_CLERK_EV_REMOVE_KEY;
	ch.login = login;
	ch.detail = f.k.fingerprint;
	ch.write = clerk_write_remove;
	ch.c = &c;
	ch.key_id = key_id;
	return clerk_apply(st, &ch, msg, msglen);
}

static int
clerk_write_window(struct store *st, struct clerk_change *ch)
{
	return store_clerk_set_window(st, ch->login, ch->value);
}

/* A column changed from old to value, with "old -> new" as detail. */
static int
clerk_set_column(struct store *st, const char *actor, const char *login,
    enum proc_clerk_event ev, const char *old, const char *value,
    int (*write)(struct store *, struct clerk_change *), char *msg,
    size_t msglen)
{
	struct clerk_change ch = { 0 };
	char detail[96];

	if (strcmp(old, value) == 0)
		return 0;
	snprintf(detail, sizeof(detail), "%s -> %s", old, value);
	ch.actor = actor;
	ch.ev = ev;
	ch.login = login;
	ch.detail = detail;
	ch.write = write;
	ch.value = value;
	return clerk_apply(st, &ch, msg, msglen);
}

int
proc_clerk_set_window(struct store *st, const char *actor, const char *login,
    const char *window, char *msg, size_t msglen)
{
	struct store_clerk c;

	if (clerk_get(st, login, &c, msg, msglen) == -1)
		return -1;
	if (rules_window_parse(window) < 0) {
		snprintf(msg, msglen, "窓口を選んでください。");
		return -1;
	}
	/* A clerk left at a window switched off stays there; moving one
	 * to it is refused. */
	if (strcmp(c.window, window) != 0 && proc_window_open(st, window,
	    "職員の窓口にできません", msg, msglen) == -1)
		return -1;
	return clerk_set_column(st, actor, login, PROC_CLERK_EV_WINDOW,
	    c.window, window, clerk_write_window, msg, msglen);
}

static int
clerk_write_disabled(struct store *st, struct clerk_change *ch)
{
	return store_clerk_set_disabled(st, ch->login,
	    ch->ev == PROC_CLERK_EV_DISABLE);
}

int
proc_clerk_set_disabled(struct store *st, const char *actor,
    const char *login, int disabled, char *msg, size_t msglen)
{
	struct clerk_change ch = { 0 };
	struct store_clerk c;

	if (clerk_get(st, login, &c, msg, msglen) == -1)
		return -1;
	if (disabled && strcmp(actor, login) == 0) {
		snprintf(msg, msglen, "自分自身は停止できません。");
		return -1;
	}
	if ((c.disabled != 0) == (disabled != 0))
		return 0;
	ch.actor = actor;
	ch.ev = disabled ? PROC_CLERK_EV_DISABLE : PROC_CLERK_EV_ENABLE;
	ch.login = login;
	ch.write = clerk_write_disabled;
	return clerk_apply(st, &ch, msg, msglen);
}
