/*
 * Four eyes (issue 13): the actions the settings hold for a supervisor's
 * approval, as a table (which setting switches each, what the supervisor
 * reads, how an approved one is carried out), and the life of a request:
 * asked (approval.request), decided by another person who is a
 * supervisor or admin (approval.approve / approval.refuse), carried out
 * once with the approval marked done in the action's own transaction
 * (approval.done, both names). params, made here, is exactly what will
 * be done; an approval is used for nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "proc_int.h"

#define APPROVAL_NOTE_MAX	100	/* characters of a decision's note */

typedef int (*approval_exec_fn)(struct proc_ctx *, const struct store_approval *,
    char *, size_t);

static int exec_cancel(struct proc_ctx *, const struct store_approval *,
    char *, size_t);
static int exec_purge(struct proc_ctx *, const struct store_approval *,
    char *, size_t);
static int exec_role(struct proc_ctx *, const struct store_approval *,
    char *, size_t);

const struct proc_approval_kind proc_approval_table[] = {
	{ "app_cancel", "approval.app_cancel", "受付済みの申請の取消し", 1 },
	{ "letter_void", "approval.letter_void", "照会書兼回答書の無効", 1 },
	/* No code changes a recorded fact after the fact yet (a correction
	 * request goes to J-LIS, R6-2): the kind waits for the module that
	 * will, switched on. */
	{ "record_correct", "approval.record_correct", "記録の訂正", 1 },
	{ "retention_purge", "approval.retention_purge",
	  "保存期間を過ぎた申請の削除 (第7条)", 1 },
	{ "clerk_role", "approval.clerk_role", "職員の役割の変更", 1 },
	{ "ca_override", "approval.ca_override",
	  "認証局の直接操作 (madoguchi ca revoke|hold|release)", 1 },
	{ "proc_run", NULL, "発行・失効の実行", 0 },
};
const size_t proc_approval_table_len = nitems(proc_approval_table);

const struct proc_approval_gate proc_approval_gate_table[] = {
	{ "approval.proc.issue.resident", "発行・更新 (住民) の実行", "issue",
	  "resident", 0 },
	{ "approval.proc.issue.overseas", "発行・更新 (国外転出者) の実行",
	  "issue", "overseas", 0 },
	{ "approval.proc.revoke.resident", "失効 (住民) の実行", "revoke",
	  "resident", 0 },
	{ "approval.proc.revoke.overseas", "失効 (国外転出者) の実行", "revoke",
	  "overseas", 0 },
};
const size_t proc_approval_gate_table_len = nitems(proc_approval_gate_table);

/* How an approved request is carried out, per action: by the approver's
 * decision (exec), or later by whoever goes on (then, what to say). */
static const struct {
	const char		*action;
	approval_exec_fn	 exec;
	const char		*then;
} approval_exec_table[] = {
	{ "app_cancel", exec_cancel, NULL },
	{ "letter_void", exec_cancel, NULL },
	{ "retention_purge", exec_purge, NULL },
	{ "clerk_role", exec_role, NULL },
	{ "ca_override", NULL, "管理者が madoguchi ca の操作に --approval を付けて"
	  "実行します。" },
	{ "proc_run", NULL, "依頼した職員が手続きを続けられます。" },
	{ "record_correct", NULL, "訂正は担当の画面で行います。" },
};

static const struct {
	const char	*state, *label;
} approval_state_table[] = {
	{ "waiting", "承認待ち" },
	{ "approved", "承認済み" },
	{ "refused", "却下" },
	{ "withdrawn", "取下げ" },
	{ "done", "実行済み" },
};

static const struct proc_approval_kind *
approval_kind(const char *action)
{
	size_t i;

	for (i = 0; i < proc_approval_table_len; i++)
		if (strcmp(proc_approval_table[i].action, action) == 0)
			return &proc_approval_table[i];
	return NULL;
}

/* A "0"/"1" setting, def when absent (anything but "0" is on). */
static int
approval_setting(struct store *st, const char *key, int def)
{
	char buf[16];

	if (store_setting_get(st, key, buf, sizeof(buf)) != 0)
		return def;
	return strcmp(buf, "0") != 0;
}

int
proc_approval_needed(struct store *st, const char *action)
{
	const struct proc_approval_kind *k = approval_kind(action);

	if (k == NULL || k->key == NULL)
		fatalx("%s: no setting for action %s", __func__, action);
	return approval_setting(st, k->key, k->def);
}

int
proc_approval_gate_on(struct store *st, const char *procedure,
    const char *register_)
{
	char key[96];

	snprintf(key, sizeof(key), PROC_APPROVAL_GATE_PREFIX "%s.%s", procedure,
	    register_);
	return approval_setting(st, key, 0);
}

const char *
proc_approval_action_ja(const char *action)
{
	const struct proc_approval_kind *k = approval_kind(action);

	return k != NULL ? k->label : action;
}

const char *
proc_approval_state_ja(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(approval_state_table); i++)
		if (strcmp(approval_state_table[i].state, state) == 0)
			return approval_state_table[i].label;
	return state;
}

/* 1 when login is the OS user or the sudo user of a CLI actor. */
static int
actor_names(const char *cli, const char *login)
{
	const char *tags[] = { "os:", "sudo:" }, *p;
	size_t i, n = strlen(login);

	for (i = 0; i < nitems(tags); i++)
		if ((p = strstr(cli, tags[i])) != NULL) {
			p += strlen(tags[i]);
			if (strncmp(p, login, n) == 0 && (p[n] == '\0' ||
			    p[n] == ' '))
				return 1;
		}
	return 0;
}

int
proc_actor_same(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return 1;
	return (strncmp(a, "os:", 3) == 0 && actor_names(a, b)) ||
	    (strncmp(b, "os:", 3) == 0 && actor_names(b, a));
}

/* The value of key in params ("app=12 from=accepted") into buf; 0, or
 * -1 when absent. */
static int
approval_param(const char *params, const char *key, char *buf, size_t size)
{
	size_t n = strlen(key);
	const char *p = params, *end;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == params || p[-1] == ' ') && p[n] == '=') {
			p += n + 1;
			end = strchr(p, ' ');
			if (end == NULL)
				end = p + strlen(p);
			snprintf(buf, size, "%.*s", (int)(end - p), p);
			return 0;
		}
		p += n;
	}
	return -1;
}

/* What an RFC 5280 reason or a ca verb reads as on the supervisor's
 * screen; the code itself when not known. */
static const struct {
	const char	*code, *label;
} approval_word_table[] = {
	{ "revoke", "失効" },
	{ "hold", "一時保留" },
	{ "release", "保留の解除" },
	{ "keyCompromise", "鍵の危殆化" },
	{ "affiliationChanged", "登録事項の変更" },
	{ "superseded", "新しい証明書の発行" },
	{ "cessationOfOperation", "利用の停止" },
	{ "certificateHold", "一時保留" },
	{ "unspecified", "理由なし" },
};

static const char *
approval_word(const char *code)
{
	size_t i;

	for (i = 0; i < nitems(approval_word_table); i++)
		if (strcmp(approval_word_table[i].code, code) == 0)
			return approval_word_table[i].label;
	return code;
}

void
proc_approval_params_ja(const struct store_approval *a, char *buf,
    size_t size)
{
	char v1[64], v2[64], v3[64];
	const char *l1, *l2;

	if (strcmp(a->action, "clerk_role") == 0 &&
	    approval_param(a->params, "from", v1, sizeof(v1)) == 0 &&
	    approval_param(a->params, "to", v2, sizeof(v2)) == 0) {
		l1 = vocab_label_of(VOCAB_ROLE, v1);
		l2 = vocab_label_of(VOCAB_ROLE, v2);
		snprintf(buf, size, "役割を %s から %s に", l1 != NULL ? l1 : v1,
		    l2 != NULL ? l2 : v2);
	} else if (strcmp(a->action, "ca_override") == 0 &&
	    approval_param(a->params, "verb", v1, sizeof(v1)) == 0 &&
	    approval_param(a->params, "serial", v2, sizeof(v2)) == 0 &&
	    approval_param(a->params, "reason", v3, sizeof(v3)) == 0)
		snprintf(buf, size, "%s  シリアル %s  理由 %s", approval_word(v1),
		    v2, strcmp(v3, "-") == 0 ? "-" : approval_word(v3));
	else if (strcmp(a->action, "retention_purge") == 0 &&
	    approval_param(a->params, "today", v1, sizeof(v1)) == 0) {
		const char *p = strstr(a->params, "ids=");
		int n = 0;

		/* ids=3,5,8: one more than the commas, none when empty. */
		if (p != NULL && p[4] != '\0' && p[4] != ' ')
			for (n = 1, p += 4; *p != '\0' && *p != ' '; p++)
				n += *p == ',';
		snprintf(buf, size, "%s 現在で保存期間を過ぎた申請 %d 件の削除",
		    v1, n);
	} else if (approval_param(a->params, "app", v1, sizeof(v1)) == 0)
		snprintf(buf, size, "受付番号 %s", v1);
	else
		snprintf(buf, size, "%s", a->params);
}

/* ---- Asking ------------------------------------------------------------ */

struct request_tx {
	struct store_approval	*a;
	const char		*actor;
	int			 existed;
};

static int
request_tx_cb(struct store *st, void *arg)
{
	struct request_tx *r = arg;
	struct store_approval *old = xmalloc(sizeof(*old));
	char *detail;
	int rc;

	rc = store_approval_find(st, r->a->action, r->a->object, "waiting", old);
	if (rc == 0 && strcmp(old->params, r->a->params) == 0) {
		r->a->id = old->id;
		r->existed = 1;
		free(old);
		return 0;
	}
	free(old);
	if (rc == -1 || store_approval_create(st, r->a) == -1)
		return -1;
	detail = xasprintf("action=%s object=%s %s", r->a->action,
	    r->a->object, r->a->params);
	rc = proc_audit_approval(st, r->actor, r->a->id, "request", detail);
	free(detail);
	return rc;
}

int
proc_approval_request(struct proc_ctx *pc, const char *action,
    const char *object, int64_t person_id, int64_t app_id,
    const char *params, const char *reason, int64_t *id, char *msg,
    size_t msglen)
{
	struct store_approval *a = xcalloc(1, sizeof(*a));
	struct request_tx r = { a, pc->actor, 0 };
	int rc = -1;

	*id = 0;
	if (approval_kind(action) == NULL)
		fatalx("%s: unknown action %s", __func__, action);
	strlcpy_m(a->action, action, sizeof(a->action));
	strlcpy_m(a->object, object, sizeof(a->object));
	a->person_id = person_id;
	a->application_id = app_id;
	strlcpy_m(a->params, params, sizeof(a->params));
	strlcpy_m(a->reason, reason != NULL ? reason : "", sizeof(a->reason));
	strlcpy_m(a->requested_by, pc->actor, sizeof(a->requested_by));
	if (store_tx(pc->st, request_tx_cb, &r) == -1)
		proc_store_fail(pc, msg, msglen);
	else {
		*id = a->id;
		rc = r.existed;
		snprintf(msg, msglen, "%s (番号 %lld、%s)。", rc == 1 ?
		    "承認を依頼済みです" : "監督者の承認を依頼しました",
		    (long long)a->id, proc_approval_action_ja(action));
	}
	free(a);
	return rc;
}

/* A request moved (withdrawn) or decided, with its audit row. */
struct move_tx {
	const struct store_approval	*a;
	const char			*actor;
	const char			*to;	/* withdrawn, approved, refused */
	const char			*note;
};

static int
move_tx_cb(struct store *st, void *arg)
{
	const struct move_tx *m = arg;
	const struct store_approval *a = m->a;
	const char *what;
	char *detail;
	int rc;

	if (strcmp(m->to, "withdrawn") == 0) {
		rc = store_approval_set_state(st, a->id, "waiting", "withdrawn");
		what = "withdraw";
	} else {
		rc = store_approval_decide(st, a->id, m->to, m->actor, m->note);
		what = strcmp(m->to, "approved") == 0 ? "approve" : "refuse";
	}
	if (rc == -1)
		return -1;
	detail = xasprintf("action=%s object=%s requested_by=%s note=%s",
	    a->action, a->object, a->requested_by,
	    m->note != NULL && *m->note != '\0' ? m->note : "-");
	rc = proc_audit_approval(st, m->actor, a->id, what, detail);
	free(detail);
	return rc;
}

int
proc_approval_withdraw(struct proc_ctx *pc, int64_t id, char *msg,
    size_t msglen)
{
	struct store_approval *a = xmalloc(sizeof(*a));
	struct move_tx m = { a, pc->actor, "withdrawn", NULL };
	int rc = -1;

	if (store_approval_get(pc->st, id, a) != 0)
		snprintf(msg, msglen, "承認の依頼 %lld はありません。", (long long)id);
	else if (strcmp(a->requested_by, pc->actor) != 0)
		snprintf(msg, msglen, "依頼を取り下げられるのは、依頼した本人"
		    "だけです。");
	else if (strcmp(a->state, "waiting") != 0)
		snprintf(msg, msglen, "この依頼は%sのため、取り下げられません。",
		    proc_approval_state_ja(a->state));
	else {
		if (store_tx(pc->st, move_tx_cb, &m) == -1)
			proc_store_fail(pc, msg, msglen);
		else {
			snprintf(msg, msglen, "承認の依頼 (番号 %lld) を取り下げ"
			    "ました。", (long long)id);
			rc = 0;
		}
	}
	free(a);
	return rc;
}

/* ---- Deciding ---------------------------------------------------------- */

/* pc->actor may decide a: an enabled supervisor or admin, not the
 * requester, not the clerk whose role a changes. 0, or -1 with msg. */
static int
approval_decider_ok(struct proc_ctx *pc, const struct store_approval *a,
    char *msg, size_t msglen)
{
	struct store_clerk c;
	int rc;

	if ((rc = store_clerk_by_login(pc->st, pc->actor, &c)) != 0) {
		snprintf(msg, msglen, rc == 1 ? "承認できるのは、登録された監督者か"
		    "管理者です (%s は職員として登録されていません)。" :
		    "承認者を確かめられません (データベースの誤り: %s)。",
		    rc == 1 ? pc->actor : store_errmsg(pc->st));
		return -1;
	}
	if (c.disabled) {
		snprintf(msg, msglen, "%s は利用停止中のため、承認できません。",
		    pc->actor);
		return -1;
	}
	if (vocab_parse(VOCAB_ROLE, c.role) < VOCAB_ROLE_SUPERVISOR) {
		snprintf(msg, msglen, "承認・却下は監督者か管理者が行います "
		    "(%s の役割は%s)。", pc->actor, vocab_label_of(VOCAB_ROLE,
		    c.role) != NULL ? vocab_label_of(VOCAB_ROLE, c.role) : c.role);
		return -1;
	}
	if (proc_actor_same(a->requested_by, pc->actor)) {
		snprintf(msg, msglen, "自分が依頼したものは承認・却下できません。"
		    "依頼した人とは別の監督者が判断します (依頼 %s)。",
		    a->requested_by);
		return -1;
	}
	if (strcmp(a->action, "clerk_role") == 0 &&
	    strcmp(a->object, pc->actor) == 0) {
		snprintf(msg, msglen, "自分の役割の変更は承認できません。");
		return -1;
	}
	return 0;
}

/* Load request id into a; 0, or -1 with msg. */
static int
approval_load(struct proc_ctx *pc, int64_t id, struct store_approval *a,
    char *msg, size_t msglen)
{
	int rc = store_approval_get(pc->st, id, a);

	if (rc == 1)
		snprintf(msg, msglen, "承認の依頼 %lld はありません。",
		    (long long)id);
	else if (rc == -1)
		proc_store_fail(pc, msg, msglen);
	return rc == 0 ? 0 : -1;
}

/* Carry out approved a, as pc->actor; 0, or -1 with msg. */
static int
approval_run(struct proc_ctx *pc, const struct store_approval *a, char *msg,
    size_t msglen)
{
	size_t i;

	for (i = 0; i < nitems(approval_exec_table); i++)
		if (strcmp(approval_exec_table[i].action, a->action) == 0)
			break;
	if (i == nitems(approval_exec_table))
		fatalx("%s: no way to carry out %s", __func__, a->action);
	if (approval_exec_table[i].exec == NULL) {
		snprintf(msg, msglen, "承認しました (番号 %lld)。%s",
		    (long long)a->id, approval_exec_table[i].then);
		return 0;
	}
	return approval_exec_table[i].exec(pc, a, msg, msglen);
}

int
proc_approval_decide(struct proc_ctx *pc, int64_t id, int approve,
    const char *note, char *msg, size_t msglen)
{
	struct store_approval *a = xmalloc(sizeof(*a));
	struct move_tx m = { a, pc->actor, approve ? "approved" : "refused",
	    note };
	char done[1024];
	int rc = -1;

	if (approval_load(pc, id, a, msg, msglen) == -1 ||
	    approval_decider_ok(pc, a, msg, msglen) == -1)
		goto out;
	if (strcmp(a->state, "waiting") != 0) {
		snprintf(msg, msglen, "この依頼は%sです (%s)。", 
		    proc_approval_state_ja(a->state), a->decided_by);
		goto out;
	}
	if (!approve && proc_text_check("却下の理由", note != NULL ? note : "",
	    APPROVAL_NOTE_MAX, msg, msglen) == -1)
		goto out;
	if (approve && note != NULL && *note != '\0' && proc_text_check("承認の"
	    "メモ", note, APPROVAL_NOTE_MAX, msg, msglen) == -1)
		goto out;
	if (store_tx(pc->st, move_tx_cb, &m) == -1) {
		if (store_approval_get(pc->st, id, a) == 0 &&
		    strcmp(a->state, "waiting") != 0)
			snprintf(msg, msglen, "ほかの監督者がこの依頼を先に判断しま"
			    "した (%s)。", proc_approval_state_ja(a->state));
		else
			proc_store_fail(pc, msg, msglen);
		goto out;
	}
	if (!approve) {
		snprintf(msg, msglen, "却下しました (番号 %lld)。", (long long)id);
		rc = 0;
		goto out;
	}
	/* Approved: as the row now says (decided_by is the approver). */
	if (store_approval_get(pc->st, id, a) != 0) {
		proc_store_fail(pc, msg, msglen);
		goto out;
	}
	if ((rc = approval_run(pc, a, done, sizeof(done))) == -1)
		snprintf(msg, msglen, "承認しましたが、実行できませんでした: %s",
		    done);
	else
		snprintf(msg, msglen, "%s", done);
out:
	free(a);
	return rc;
}

int
proc_approval_execute(struct proc_ctx *pc, int64_t id, char *msg,
    size_t msglen)
{
	struct store_approval *a = xmalloc(sizeof(*a));
	int rc = -1;

	if (approval_load(pc, id, a, msg, msglen) == 0 &&
	    approval_decider_ok(pc, a, msg, msglen) == 0) {
		if (strcmp(a->state, "approved") != 0)
			snprintf(msg, msglen, "この依頼は%sのため、実行できません。",
			    proc_approval_state_ja(a->state));
		else
			rc = approval_run(pc, a, msg, msglen);
	}
	free(a);
	return rc;
}

int
proc_approval_done_tx(struct store *st, const char *actor,
    const struct store_approval *a)
{
	char *detail;
	int rc;

	if (a == NULL)
		return 0;
	if (store_approval_set_state(st, a->id, "approved", "done") == -1)
		return -1;
	detail = xasprintf("action=%s object=%s requested_by=%s approved_by=%s",
	    a->action, a->object, a->requested_by, a->decided_by);
	rc = proc_audit_approval(st, actor, a->id, "done", detail);
	free(detail);
	return rc;
}

/* ---- Carrying out ------------------------------------------------------ */

static int
exec_cancel(struct proc_ctx *pc, const struct store_approval *a, char *msg,
    size_t msglen)
{
	char app[24];

	if (approval_param(a->params, "app", app, sizeof(app)) == -1)
		fatalx("%s: approval %lld names no application", __func__,
		    (long long)a->id);
	return proc_cancel_run(pc, strtoll(app, NULL, 10), a->reason, a, msg,
	    msglen);
}

static int
exec_purge(struct proc_ctx *pc, const struct store_approval *a, char *msg,
    size_t msglen)
{
	char today[16], ids[480];
	int deleted;

	if (approval_param(a->params, "today", today, sizeof(today)) == -1 ||
	    approval_param(a->params, "ids", ids, sizeof(ids)) == -1)
		fatalx("%s: approval %lld: bad params", __func__,
		    (long long)a->id);
	return proc_purge_run(pc, today, ids, a, &deleted, msg, msglen);
}

struct role_tx {
	const char			*actor, *login, *from, *to;
	const struct store_approval	*a;
	int				 moved;	/* not in `from` now */
};

static int
role_tx_cb(struct store *st, void *arg)
{
	struct role_tx *r = arg;
	struct store_clerk c;
	char *detail;
	int rc;

	/* The role as asked to change from: a change made meanwhile
	 * voids the request's premise. */
	if (store_clerk_by_login(st, r->login, &c) != 0)
		return -1;
	if (strcmp(c.role, r->from) != 0) {
		r->moved = 1;
		return -1;
	}
	if (store_clerk_set_role(st, r->login, r->to) == -1)
		return -1;
	if (r->a != NULL)
		detail = xasprintf("from=%s to=%s approval=%lld requested_by=%s "
		    "approved_by=%s", r->from, r->to, (long long)r->a->id,
		    r->a->requested_by, r->a->decided_by);
	else
		detail = xasprintf("from=%s to=%s", r->from, r->to);
	rc = proc_audit_clerk_role(st, r->actor, r->login, detail);
	free(detail);
	if (rc == 0)
		rc = proc_approval_done_tx(st, r->actor, r->a);
	return rc;
}

static int
role_set(struct proc_ctx *pc, const char *login, const char *from,
    const char *to, const struct store_approval *a, char *msg, size_t msglen)
{
	struct role_tx r = { pc->actor, login, from, to, a, 0 };
	const char *label = vocab_label_of(VOCAB_ROLE, to);

	if (store_tx(pc->st, role_tx_cb, &r) == -1) {
		if (r.moved)
			snprintf(msg, msglen, "職員 %s の役割は、依頼のときの %s では"
			    "なくなっています。変えていません。", login, from);
		else {
			snprintf(msg, msglen, "職員 %s の役割を変えられませんでした"
			    " (データベースの誤り)。", login);
			log_warnx("clerk role %s: %s", login,
			    store_errmsg(pc->st));
		}
		return -1;
	}
	snprintf(msg, msglen, "職員 %s の役割を%sにしました。", login,
	    label != NULL ? label : to);
	return 0;
}

static int
exec_role(struct proc_ctx *pc, const struct store_approval *a, char *msg,
    size_t msglen)
{
	char login[40], from[16], to[16];

	if (approval_param(a->params, "login", login, sizeof(login)) == -1 ||
	    approval_param(a->params, "from", from, sizeof(from)) == -1 ||
	    approval_param(a->params, "to", to, sizeof(to)) == -1)
		fatalx("%s: approval %lld: bad params", __func__,
		    (long long)a->id);
	return role_set(pc, login, from, to, a, msg, msglen);
}

int
proc_clerk_role_change(struct proc_ctx *pc, const char *login,
    const char *role, const char *reason, int64_t *approval, char *msg,
    size_t msglen)
{
	struct store_clerk c;
	char params[96], said[512];
	int rc;

	*approval = 0;
	if (vocab_parse(VOCAB_ROLE, role) < 0) {
		snprintf(msg, msglen, "役割は clerk, supervisor, admin のどれかです"
		    " (%s ではありません)。", role);
		return -1;
	}
	if (reason != NULL && *reason != '\0' && proc_text_check("変更の理由",
	    reason, APPROVAL_NOTE_MAX, msg, msglen) == -1)
		return -1;
	if ((rc = store_clerk_by_login(pc->st, login, &c)) != 0) {
		if (rc == 1)
			snprintf(msg, msglen, "職員 %s は登録されていません。",
			    login);
		else
			proc_store_fail(pc, msg, msglen);
		return -1;
	}
	if (strcmp(c.role, role) == 0) {
		snprintf(msg, msglen, "職員 %s の役割は、すでに %s です。", login,
		    role);
		return -1;
	}
	/* Nobody changes their own role, with or without four eyes. */
	if (proc_actor_same(login, pc->actor)) {
		snprintf(msg, msglen, "自分の役割は変えられません (別の管理者に"
		    "依頼してください)。");
		return -1;
	}
	if (!proc_approval_needed(pc->st, "clerk_role"))
		return role_set(pc, login, c.role, role, NULL, msg, msglen);
	snprintf(params, sizeof(params), "login=%s from=%s to=%s", login,
	    c.role, role);
	if ((rc = proc_approval_request(pc, "clerk_role", login, 0, 0, params,
	    reason, approval, said, sizeof(said))) == -1) {
		snprintf(msg, msglen, "%s", said);
		return -1;
	}
	snprintf(msg, msglen, "%s (番号 %lld)。役割は、ほかの監督者が承認したとき"
	    "に変わります。", rc == 1 ? "この変更は承認を依頼済みです" :
	    "役割の変更の承認を依頼しました", (long long)*approval);
	return 1;
}

/* ---- Actions done outside the counter (ca overrides) ------------------ */

int
proc_approval_check(struct proc_ctx *pc, const char *action,
    const char *object, const char *params, const char *reason,
    int64_t *id, char *msg, size_t msglen)
{
	struct store_approval *a;
	int rc = -1;

	if (!proc_approval_needed(pc->st, action)) {
		*id = 0;
		return 0;
	}
	if (*id == 0)
		return proc_approval_request(pc, action, object, 0, 0, params,
		    reason, id, msg, msglen) == -1 ? -1 : 1;
	a = xmalloc(sizeof(*a));
	if (approval_load(pc, *id, a, msg, msglen) == -1)
		goto out;
	if (strcmp(a->action, action) != 0 || strcmp(a->object, object) != 0 ||
	    strcmp(a->params, params) != 0)
		snprintf(msg, msglen, "承認 %lld は別の操作のものです (承認された"
		    "のは %s %s)。", (long long)*id, a->object, a->params);
	else if (strcmp(a->state, "approved") != 0)
		snprintf(msg, msglen, "承認 %lld は%sです。承認済みで未使用のもの"
		    "だけが使えます。", (long long)*id,
		    proc_approval_state_ja(a->state));
	else if (proc_actor_same(a->decided_by, pc->actor))
		snprintf(msg, msglen, "承認 %lld は実行する人 (%s) 自身の承認です。"
		    "別の監督者の承認が必要です。", (long long)*id, pc->actor);
	else
		rc = 0;
out:
	free(a);
	return rc;
}

static int
used_tx_cb(struct store *st, void *arg)
{
	const struct move_tx *m = arg;

	return proc_approval_done_tx(st, m->actor, m->a);
}

int
proc_approval_used(struct proc_ctx *pc, int64_t id, char *msg, size_t msglen)
{
	struct store_approval *a;
	struct move_tx m = { NULL, pc->actor, "done", NULL };
	int rc = -1;

	if (id == 0)
		return 0;
	a = xmalloc(sizeof(*a));
	m.a = a;
	if (approval_load(pc, id, a, msg, msglen) == 0) {
		if (store_tx(pc->st, used_tx_cb, &m) == -1)
			snprintf(msg, msglen, "承認 %lld を使用済みにできませんでした"
			    " (%s)。", (long long)id, store_errmsg(pc->st));
		else
			rc = 0;
	}
	free(a);
	return rc;
}

/* ---- The gate of a procedure ------------------------------------------- */

int
proc_approval_gate(struct proc_ctx *pc, const struct store_app *app,
    char *msg, size_t msglen)
{
	struct store_approval *a;
	struct move_tx m = { NULL, pc->actor, "done", NULL };
	char params[96], reason[160];
	int64_t id;
	int rc;

	if (strcmp(app->state, "accepted") != 0 ||
	    !proc_approval_gate_on(pc->st, app->procedure, app->register_))
		return 0;
	a = xmalloc(sizeof(*a));
	m.a = a;
	rc = store_approval_find(pc->st, "proc_run", app->request_id,
	    "approved done waiting", a);
	if (rc == 0 && strcmp(a->state, "done") == 0)
		rc = 0;		/* approved, and its steps started before */
	else if (rc == 0 && strcmp(a->state, "approved") == 0)
		rc = store_tx(pc->st, used_tx_cb, &m);	/* the steps start */
	else if (rc == 0) {
		snprintf(msg, msglen, "承認待ち: この申請は監督者の承認を待っています"
		    " (番号 %lld)。承認されてから続けてください。", (long long)a->id);
		rc = 1;
	} else if (rc == 1) {
		snprintf(params, sizeof(params), "app=%lld procedure=%s "
		    "register=%s", (long long)app->id, app->procedure,
		    app->register_);
		snprintf(reason, sizeof(reason), "%s (受付番号 %lld) の実行",
		    proc_procedure_ja(app->procedure), (long long)app->id);
		if ((rc = proc_approval_request(pc, "proc_run", app->request_id,
		    app->person_id, app->id, params, reason, &id, msg,
		    msglen)) != -1) {
			snprintf(msg, msglen, "承認待ち: この申請は監督者の承認が"
			    "必要です。承認を依頼しました (番号 %lld)。承認されて"
			    "から続けてください。", (long long)id);
			rc = 1;
		}
	}
	if (rc == -1)
		proc_store_fail(pc, msg, msglen);
	free(a);
	return rc;
}
