/*
 * `madoguchi ca ...`: the built-in CA for admins and tests. Each verb is a
 * row of ca_verb_table; they open STATE/ca through the issuer interface
 * (issuer.h) and print one result per line. Request ids make every change
 * safe to repeat; a verb given no --request makes a fresh one and prints it.
 * Results on stdout keep the issuer's names (serial, state revoked) for
 * scripts; what goes wrong is said in Japanese on stderr, the issuer's own
 * English reason after it in parentheses. A revoke or hold also updates
 * the counter's record of the cert when STATE has the counter database
 * (one Japanese line says what the record says now). Every verb that
 * changes the CA's state is audited in the counter's trail as the OS user
 * (cli_audit) when STATE has the counter database; back-dating an issue
 * (--date) is for tests only (MADOGUCHI_TESTING=1) and is audited with its
 * date. There, revoke, hold and release bypass the counter's procedures, so under four eyes
 * (approval.ca_override) they first ask a supervisor's approval and print
 * its number; run again with --approval N once another supervisor has
 * approved exactly that (proc_approval_check), they are done and the
 * approval is used.
 * These verbs open STATE/ca in this process (the builtin), so they are for
 * root or the CA's own user on the server; the counter's UI never does:
 * it asks madoguchi-issuerd. The root key is read only by `ca init` (which
 * seals it with a passphrase) and `ca crl --root-key` (which signs a new
 * root CRL); it may live offline the rest of the time (README).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

struct ca_verb {
	const char	*name;
	int		(*run)(struct issuer *, int, char **);
	const char	*usage;
};

static void
ca_usage_line(const char *verb, const char *usage)
{
	fprintf(stderr, "使い方: madoguchi ca %s %s [--state DIR]\n", verb,
	    usage);
}

/* What a failed issuer call means for the admin. */
static const char *const ca_status_ja_table[] = {
	[ISSUER_OK] = "完了しました",
	[ISSUER_E_INVALID] = "指定が正しくありません",
	[ISSUER_E_CONFLICT] = "この --request は別の内容で使われています",
	[ISSUER_E_NOT_FOUND] = "見つかりません",
	[ISSUER_E_STATE] = "今の状態ではできません",
	[ISSUER_E_FAILED] = "認証局の処理に失敗しました (同じ --request で"
	    "やり直せます)",
};

/* "--opt: a, b, c のどれかです" for a value not accepted; returns 2. */
static int
ca_bad_choice(const char *opt, const char *value, const char *choices)
{
	cli_error("%s: %s のどれかです (%s ではありません)", opt, choices, value);
	return 2;
}

/* A request id from --request, or a fresh random one (printed). */
static const char *
ca_request_id(int *argc, char **argv, char buf[40])
{
	const char *id = cli_take_opt(argc, argv, "--request");
	unsigned char r[8];
	int i;

	if (id != NULL)
		return id;
	if (RAND_bytes(r, sizeof(r)) != 1)
		fatalx("%s: no randomness", __func__);
	memcpy(buf, "cli-", 4);
	for (i = 0; i < 8; i++)
		snprintf(buf + 4 + 2 * i, 3, "%02x", r[i]);
	printf("request %s\n", buf);
	return buf;
}

static int
ca_fail(struct issuer *iss, enum issuer_status st)
{
	cli_error("%s (%s: %s)", (size_t)st < nitems(ca_status_ja_table) &&
	    ca_status_ja_table[st] != NULL ? ca_status_ja_table[st] :
	    "認証局の誤りです", issuer_status_name(st), issuer_error(iss));
	return 1;
}

static void
ca_print_cert(const struct issuer_cert *c)
{
	printf("serial %s\nkind %s\nstate %s\n", c->serial,
	    issuer_kind_name(c->kind), issuer_state_name(c->state));
	if (c->reason != ISSUER_REASON_NONE)
		printf("reason %s\n", issuer_reason_name(c->reason));
	printf("person %s\nissued %s\nvalid %s .. %s\n", c->person_key,
	    c->issued_on, c->not_before, c->not_after);
	if (c->changed_on[0] != '\0')
		printf("changed %s\n", c->changed_on);
}

/* Read a public key file (PEM "PUBLIC KEY", a PEM/DER cert request's key is
 * not accepted) into DER SubjectPublicKeyInfo; caller frees. */
static unsigned char *
ca_read_pubkey(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	EVP_PKEY *pk;
	unsigned char *der = NULL;
	int n;

	if (f == NULL)
		return NULL;
	pk = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	if (pk == NULL) {
		rewind(f);
		pk = d2i_PUBKEY_fp(f, NULL);
	}
	fclose(f);
	if (pk == NULL)
		return NULL;
	n = i2d_PUBKEY(pk, &der);
	EVP_PKEY_free(pk);
	if (n <= 0)
		return NULL;
	*len = (size_t)n;
	return der;
}

/* Write a cert as PEM (or DER with --der) to path. */
static int
ca_write_cert(const char *path, const struct issuer_cert *c, int as_der)
{
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->der_len);
	FILE *f;
	int ok;

	if (x == NULL || (f = fopen(path, "wb")) == NULL) {
		X509_free(x);
		return -1;
	}
	ok = as_der ? fwrite(c->der, 1, c->der_len, f) == c->der_len :
	    PEM_write_X509(f, x) == 1;
	X509_free(x);
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static const char *ca_state;	/* --state of this run */

static int
ca_testing(void)
{
	return util_testing();
}

static int
ca_cmd_issue(struct issuer *iss, int argc, char **argv)
{
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;
	const char *kind = cli_take_opt(&argc, argv, "--kind");
	const char *pub = cli_take_opt(&argc, argv, "--pubkey");
	const char *out = cli_take_opt(&argc, argv, "--out");
	const char *sex = cli_take_opt(&argc, argv, "--sex");
	int der = cli_take_flag(&argc, argv, "--der");
	enum issuer_status st;
	char idbuf[40], detail[160];
	unsigned char *spki;
	size_t len = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	r.holder.person_key = cli_take_opt(&argc, argv, "--person");
	r.holder.name = cli_take_opt(&argc, argv, "--name");
	r.holder.name_alt = cli_take_opt(&argc, argv, "--name-alt");
	r.holder.address = cli_take_opt(&argc, argv, "--address");
	r.holder.address_alt = cli_take_opt(&argc, argv, "--address-alt");
	r.holder.birth_date = cli_take_opt(&argc, argv, "--birth");
	r.holder.card_expiry = cli_take_opt(&argc, argv, "--card-expiry");
	r.issue_date = cli_take_opt(&argc, argv, "--date");
	r.request_id = cli_take_opt(&argc, argv, "--request");
	if (kind == NULL || pub == NULL || out == NULL || sex == NULL ||
	    argc != 1)
		return 2;
	if (r.issue_date != NULL && !ca_testing()) {
		/* A cert dated before today would say it was issued when it
		 * was not: only the tests may set the day. */
		cli_error("--date (発行日の指定) は試験用です。電子証明書は"
		    "今日の日付で発行します (MADOGUCHI_TESTING=1 の試験環境でのみ"
		    "使えます)");
		return 1;
	}
	if (issuer_kind_parse(kind, &r.kind) == -1)
		return ca_bad_choice("--kind", kind, "signature, user");
	r.holder.sex = atoi(sex);
	if ((spki = ca_read_pubkey(pub, &len)) == NULL) {
		cli_error("--pubkey: %s は PEM か DER の公開鍵ではありません", pub);
		return 1;
	}
	if (r.request_id == NULL)
		r.request_id = ca_request_id(&argc, argv, idbuf);
	r.spki = spki;
	r.spki_len = len;
	st = issuer_issue(iss, &r, &c);
	free(spki);
	if (st != ISSUER_OK)
		return ca_fail(iss, st);
	if (ca_write_cert(out, c, der) == -1) {
		cli_error("--out: %s に証明書を書き込めません", out);
		issuer_cert_free(c);
		return 1;
	}
	ca_print_cert(c);
	snprintf(detail, sizeof(detail), "kind=%s request=%s%s%s", kind,
	    r.request_id, r.issue_date != NULL ? " date=" : "",
	    r.issue_date != NULL ? r.issue_date : "");
	rc = cli_audit(ca_state, CLI_AUDIT_CA_ISSUE, c->serial, detail);
	issuer_cert_free(c);
	return rc == -1 ? 1 : 0;
}

/* One truth: after a revoke or hold at the issuer, the counter's record of
 * the cert (when STATE has the counter database) follows it, and the
 * admin is told what it says now. 0, or 1 when it could not follow. */
static int
ca_counter_sync(struct issuer *iss, const char *serial)
{
	char *db = xasprintf("%s/%s", ca_state, STATE_DB), line[640];
	struct proc_ctx pc;
	struct store *st;
	enum proc_sync ps;

	if (access(db, F_OK) == -1) {
		free(db);
		return 0;	/* a CA without a counter: nothing to follow */
	}
	free(db);
	if ((st = cli_store_open(ca_state, 0)) == NULL)
		return 1;
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.iss = iss;
	pc.actor = cli_actor();
	ps = proc_cert_sync(&pc, serial, line, sizeof(line));
	store_close(st);
	if (ps == PROC_SYNC_CONFLICT || ps == PROC_SYNC_FAILED) {
		cli_error("%s。発行機関では変更済みです。madoguchi ca reconcile "
		    "で窓口の記録を合わせてください", line);
		return 1;
	}
	printf("%s\n", line);
	return 0;
}

/* Four eyes on a counter's CA: 0 to go on (*st the counter's store, or
 * NULL for a CA without a counter; *id the approval used, 0 none), or
 * the exit status (1: asked for approval, or refused). */
static int
ca_override_check(const char *verb, const char *serial, const char *reason,
    const char *date, const char *approval, struct store **st, int64_t *id)
{
	char *db = xasprintf("%s/%s", ca_state, STATE_DB), params[200],
	    why[160], msg[512], *end;
	struct proc_ctx pc;
	int rc;

	*st = NULL;
	*id = 0;
	if (access(db, F_OK) == -1) {
		free(db);
		return 0;	/* a CA without a counter */
	}
	free(db);
	if (approval != NULL) {
		*id = strtoll(approval, &end, 10);
		if (*end != '\0' || *id <= 0) {
			cli_error("--approval: 承認の番号 (正の整数) です (%s ではあり"
			    "ません)", approval);
			return 2;
		}
	}
	if ((*st = cli_store_open(ca_state, 0)) == NULL)
		return 1;
	memset(&pc, 0, sizeof(pc));
	pc.st = *st;
	pc.actor = cli_actor();
	snprintf(params, sizeof(params), "verb=%s serial=%s reason=%s date=%s",
	    verb, serial, reason != NULL ? reason : "-", date != NULL ? date :
	    "-");
	snprintf(why, sizeof(why), "madoguchi ca %s (窓口の手続きを通さない操作)",
	    verb);
	rc = proc_approval_check(&pc, "ca_override", serial, params, why, id,
	    msg, sizeof(msg));
	if (rc == 0)
		return 0;
	if (rc == 1) {
		printf("approval %lld\n", (long long)*id);
		cli_error("%s 監督者が画面の「承認待ち」で承認したら、同じ指定に "
		    "--approval %lld を付けて実行してください", msg,
		    (long long)*id);
	} else
		cli_error("%s", msg);
	store_close(*st);
	*st = NULL;
	return 1;
}

/* revoke, hold and release share their options. */
static int
ca_cmd_change(struct issuer *iss, int argc, char **argv, enum issuer_op op)
{
	const char *serial = cli_take_opt(&argc, argv, "--serial");
	const char *reason_s = cli_take_opt(&argc, argv, "--reason");
	const char *date = cli_take_opt(&argc, argv, "--date");
	const char *approval = cli_take_opt(&argc, argv, "--approval");
	enum issuer_reason reason = ISSUER_REASON_NONE;
	struct issuer_cert *c = NULL;
	enum issuer_status st;
	struct store *counter;
	struct proc_ctx pc;
	const char *id;
	char idbuf[40], detail[200], msg[512];
	int64_t used;
	int rc;

	if (serial == NULL || (op == ISSUER_OP_REVOKE && reason_s == NULL))
		return 2;
	if (op == ISSUER_OP_REVOKE &&
	    issuer_reason_parse(reason_s, &reason) == -1)
		return ca_bad_choice("--reason", reason_s, "keyCompromise, "
		    "affiliationChanged, superseded, cessationOfOperation, "
		    "unspecified, privilegeWithdrawn");
	id = ca_request_id(&argc, argv, idbuf);
	if (argc != 1)
		return 2;
	if ((rc = ca_override_check(argv[0], serial, reason_s, date, approval,
	    &counter, &used)) != 0)
		return rc;
	st = op == ISSUER_OP_REVOKE ?
	    issuer_revoke(iss, id, serial, reason, date, &c) :
	    op == ISSUER_OP_HOLD ? issuer_hold(iss, id, serial, date, &c) :
	    issuer_release(iss, id, serial, date, &c);
	if (st == ISSUER_OK && used != 0) {
		/* Done: the approval is used, with both names. */
		memset(&pc, 0, sizeof(pc));
		pc.st = counter;
		pc.actor = cli_actor();
		if (proc_approval_used(&pc, used, msg, sizeof(msg)) == -1)
			cli_error("%s", msg);
	}
	store_close(counter);
	if (st == ISSUER_E_STATE && op == ISSUER_OP_RELEASE) {
		/* R5.2, R5.3: a hold is never lifted. */
		cli_error("一時保留の解除はできません。カードが見つかったときは"
		    "一時保留の電子証明書を失効させ (ca revoke)、必要なら新たに"
		    "発行します (R5.2, R5.3) (%s)", issuer_error(iss));
		return 1;
	}
	if (st != ISSUER_OK)
		return ca_fail(iss, st);
	ca_print_cert(c);
	rc = ca_counter_sync(iss, c->serial);
	snprintf(detail, sizeof(detail), "%s%s%srequest=%s%s%s",
	    op == ISSUER_OP_REVOKE ? "reason=" : "",
	    op == ISSUER_OP_REVOKE ? reason_s : "",
	    op == ISSUER_OP_REVOKE ? " " : "", id, date != NULL ? " date=" : "",
	    date != NULL ? date : "");
	if (cli_audit(ca_state, op == ISSUER_OP_REVOKE ? CLI_AUDIT_CA_REVOKE :
	    op == ISSUER_OP_HOLD ? CLI_AUDIT_CA_HOLD : CLI_AUDIT_CA_RELEASE,
	    c->serial, detail) == -1)
		rc = 1;
	issuer_cert_free(c);
	return rc;
}

static int
ca_cmd_revoke(struct issuer *iss, int argc, char **argv)
{
	return ca_cmd_change(iss, argc, argv, ISSUER_OP_REVOKE);
}

static int
ca_cmd_hold(struct issuer *iss, int argc, char **argv)
{
	return ca_cmd_change(iss, argc, argv, ISSUER_OP_HOLD);
}

static int
ca_cmd_release(struct issuer *iss, int argc, char **argv)
{
	return ca_cmd_change(iss, argc, argv, ISSUER_OP_RELEASE);
}

static int
ca_cmd_status(struct issuer *iss, int argc, char **argv)
{
	const char *serial = cli_take_opt(&argc, argv, "--serial");
	const char *date = cli_take_opt(&argc, argv, "--date");
	struct issuer_cert *c = NULL;
	struct issuer_event *ev = NULL;
	enum issuer_status st;
	size_t i, n = 0;

	if (serial == NULL || argc != 1)
		return 2;
	if ((st = issuer_status_get(iss, serial, date, &c)) != ISSUER_OK ||
	    (st = issuer_history(iss, serial, &ev, &n)) != ISSUER_OK) {
		issuer_cert_free(c);
		return ca_fail(iss, st);
	}
	ca_print_cert(c);
	for (i = 0; i < n; i++)
		printf("event %s %s %s -> %s %s request %s\n", ev[i].date,
		    issuer_op_name(ev[i].op), issuer_state_name(ev[i].old_state),
		    issuer_state_name(ev[i].new_state),
		    issuer_reason_name(ev[i].reason), ev[i].request_id);
	free(ev);
	issuer_cert_free(c);
	return 0;
}

static int
ca_cmd_list(struct issuer *iss, int argc, char **argv)
{
	const char *person = cli_take_opt(&argc, argv, "--person");
	const char *date = cli_take_opt(&argc, argv, "--date");
	struct issuer_cert *v = NULL;
	enum issuer_status st;
	size_t i, n = 0;

	if (person == NULL || argc != 1)
		return 2;
	if ((st = issuer_list(iss, person, date, &v, &n)) != ISSUER_OK)
		return ca_fail(iss, st);
	for (i = 0; i < n; i++)
		printf("%s %s %s %s..%s\n", v[i].serial,
		    issuer_kind_name(v[i].kind), issuer_state_name(v[i].state),
		    v[i].not_before, v[i].not_after);
	issuer_certs_free(v, n);
	return 0;
}

static int
ca_cmd_find(struct issuer *iss, int argc, char **argv)
{
	const char *id = cli_take_opt(&argc, argv, "--request");
	struct issuer_request r;
	enum issuer_status st;

	if (id == NULL || argc != 1)
		return 2;
	if ((st = issuer_find_by_request(iss, id, &r)) != ISSUER_OK)
		return ca_fail(iss, st);
	printf("op %s\n", issuer_op_name(r.op));
	if (r.serial[0] != '\0')
		printf("serial %s\n", r.serial);
	if (r.disclosure_id > 0)
		printf("disclosure %ld\n", r.disclosure_id);
	return 0;
}

/* Append the PEM form of a CRL to f. */
static int
ca_put_crl(struct issuer *iss, enum issuer_ca which, FILE *f)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	X509_CRL *crl;
	size_t len = 0;
	enum issuer_status st;
	int ok;

	if ((st = issuer_crl(iss, which, &der, &len)) != ISSUER_OK)
		return ca_fail(iss, st);
	p = der;
	crl = d2i_X509_CRL(NULL, &p, (long)len);
	free(der);
	ok = crl != NULL && PEM_write_X509_CRL(f, crl) == 1;
	X509_CRL_free(crl);
	return ok ? 0 : 1;
}

static int
ca_cmd_crl(struct issuer *iss, int argc, char **argv)
{
	const char *out = cli_take_opt(&argc, argv, "--out");
	const char *kind = cli_take_opt(&argc, argv, "--kind");
	enum issuer_ca w;
	int rc = 0;
	FILE *f;

	if (kind == NULL)
		kind = "all";
	if (out == NULL || argc != 1)
		return 2;
	if (strcmp(kind, "all") != 0 && strcmp(kind, "root") != 0 &&
	    strcmp(kind, "signature") != 0 && strcmp(kind, "user") != 0)
		return ca_bad_choice("--kind", kind, "all, root, signature, user");
	/* "-" is standard output, for a pipe into openssl or a web server. */
	if ((f = strcmp(out, "-") == 0 ? stdout : fopen(out, "w")) == NULL) {
		cli_error("--out: %s に書き込めません (%s)", out,
		    cli_errno_ja(errno));
		return 1;
	}
	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER && rc == 0; w++) {
		const char *name = w == ISSUER_CA_ROOT ? "root" :
		    issuer_kind_name((enum issuer_kind)w);

		if (strcmp(kind, "all") == 0 || strcmp(kind, name) == 0)
			rc = ca_put_crl(iss, w, f);
	}
	if (f == stdout ? fflush(f) != 0 || ferror(f) : fclose(f) != 0) {
		cli_error("--out: %s に CRL を書き出せませんでした", out);
		rc = 1;
	}
	return rc;
}

static int
ca_copy_file(const char *src, FILE *dst)
{
	FILE *f = fopen(src, "rb");
	char buf[4096];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, dst) != n)
			rc = -1;
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* The root to trust and the two issuing CAs, for `openssl verify -CAfile
 * ROOT -untrusted INTERMEDIATES`; --out writes all three in one file. */
static int
ca_cmd_export(struct issuer *iss, int argc, char **argv)
{
	const char *root = cli_take_opt(&argc, argv, "--root");
	const char *inter = cli_take_opt(&argc, argv, "--untrusted");
	const char *all = cli_take_opt(&argc, argv, "--out");
	enum issuer_ca w;
	int rc = 0;

	(void)iss;
	if ((root == NULL && inter == NULL && all == NULL) || argc != 1)
		return 2;
	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER && rc == 0; w++) {
		char *src = issuer_builtin_cert_path(ca_state, w);
		const char *dst[2] = { all, w == ISSUER_CA_ROOT ? root : inter };
		int i;

		for (i = 0; i < 2 && rc == 0; i++) {
			FILE *f;

			if (dst[i] == NULL)
				continue;
			f = fopen(dst[i], w == ISSUER_CA_ROOT ||
			    (i == 1 && w == ISSUER_CA_SIGNATURE) ? "w" : "a");
			if (f == NULL || ca_copy_file(src, f) == -1)
				rc = 1;
			if (f != NULL && fclose(f) != 0)
				rc = 1;
		}
		if (rc != 0)
			cli_error("%s を書き出せません", src);
		free(src);
	}
	return rc;
}

static int
ca_cmd_disclosure(struct issuer *iss, int argc, char **argv)
{
	struct issuer_disclosure_req r = { 0 };
	struct issuer_disclosure d;
	const char *kind = cli_take_opt(&argc, argv, "--kind");
	enum issuer_status st;
	char idbuf[40], obj[24], detail[120];

	r.person_key = cli_take_opt(&argc, argv, "--person");
	r.form = cli_take_opt(&argc, argv, "--form");
	r.received_on = cli_take_opt(&argc, argv, "--date");
	r.detail = cli_take_opt(&argc, argv, "--detail");
	if (kind == NULL || strcmp(kind, "disclosure") == 0)
		r.kind = ISSUER_DISCLOSURE;
	else if (strcmp(kind, "correction") == 0)
		r.kind = ISSUER_CORRECTION;
	else
		return ca_bad_choice("--kind", kind, "disclosure, correction");
	r.request_id = ca_request_id(&argc, argv, idbuf);
	if (argc != 1)
		return 2;
	if ((st = issuer_disclosure_record(iss, &r, &d)) != ISSUER_OK)
		return ca_fail(iss, st);
	printf("disclosure %ld\nmail %s\n", d.id,
	    issuer_mail_state_name(d.mail_state));
	snprintf(obj, sizeof(obj), "%ld", d.id);
	snprintf(detail, sizeof(detail), "kind=%s request=%s",
	    r.kind == ISSUER_CORRECTION ? "correction" : "disclosure",
	    r.request_id);
	return cli_audit(ca_state, CLI_AUDIT_CA_DISCLOSURE, obj, detail) ==
	    -1 ? 1 : 0;
}

static int
ca_cmd_mail(struct issuer *iss, int argc, char **argv)
{
	struct issuer_mail_req r = { 0 };
	struct issuer_disclosure d;
	const char *id = cli_take_opt(&argc, argv, "--id");
	const char *state = cli_take_opt(&argc, argv, "--mail");
	enum issuer_status st;
	char idbuf[40], obj[24], detail[120];

	r.tracking_no = cli_take_opt(&argc, argv, "--tracking");
	r.date = cli_take_opt(&argc, argv, "--date");
	if (id == NULL || state == NULL)
		return 2;
	r.disclosure_id = atol(id);
	if (strcmp(state, "sent") == 0)
		r.state = ISSUER_MAIL_SENT;
	else if (strcmp(state, "delivered") == 0)
		r.state = ISSUER_MAIL_DELIVERED;
	else if (strcmp(state, "returned") == 0)
		r.state = ISSUER_MAIL_RETURNED;
	else
		return ca_bad_choice("--mail", state, "sent, delivered, returned");
	r.request_id = ca_request_id(&argc, argv, idbuf);
	if (argc != 1)
		return 2;
	if ((st = issuer_disclosure_mail(iss, &r, &d)) != ISSUER_OK)
		return ca_fail(iss, st);
	printf("disclosure %ld\nmail %s %s %s\n", d.id,
	    issuer_mail_state_name(d.mail_state), d.tracking_no, d.mail_date);
	snprintf(obj, sizeof(obj), "%ld", d.id);
	snprintf(detail, sizeof(detail), "mail=%s request=%s",
	    issuer_mail_state_name(d.mail_state), r.request_id);
	return cli_audit(ca_state, CLI_AUDIT_CA_MAIL, obj, detail) == -1 ?
	    1 : 0;
}

static const struct ca_verb ca_verb_table[] = {
	{ "issue", ca_cmd_issue, "--kind signature|user --pubkey FILE "
	    "--person KEY --name N [--name-alt N] --address A [--address-alt A] "
	    "--birth YYYY-MM-DD --sex 1|2|9 --card-expiry YYYY-MM-DD "
	    "[--date D] [--request ID] --out CERT [--der]" },
	{ "revoke", ca_cmd_revoke, "--serial HEX --reason keyCompromise|"
	    "affiliationChanged|superseded|cessationOfOperation|unspecified|"
	    "privilegeWithdrawn [--date D] [--request ID] [--approval N]" },
	{ "hold", ca_cmd_hold, "--serial HEX [--date D] [--request ID] "
	    "[--approval N]" },
	{ "release", ca_cmd_release, "--serial HEX (一時保留は解除できません: "
	    "失効のみ、R5.2)" },
	{ "status", ca_cmd_status, "--serial HEX [--date D]" },
	{ "list", ca_cmd_list, "--person KEY [--date D]" },
	{ "find", ca_cmd_find, "--request ID" },
	{ "crl", ca_cmd_crl, "--out FILE|- (- は標準出力) "
	    "[--kind all|root|signature|user] [--root-key "
	    "[--passphrase-file FILE]] (--root-key: ルート鍵で新しいルート "
	    "CRL に署名)" },
	{ "export", ca_cmd_export, "[--root FILE] [--untrusted FILE] "
	    "[--out FILE]" },
	{ "disclosure", ca_cmd_disclosure, "[--kind disclosure|correction] "
	    "--person KEY --form FORM [--date D] [--detail TEXT] [--request ID]" },
	{ "mail", ca_cmd_mail, "--id N --mail sent|delivered|returned "
	    "[--tracking NO] [--date D] [--request ID]" },
};

#define CA_INIT_USAGE	"[--org NAME] [--date YYYY-MM-DD] " \
	"[--passphrase-file FILE | --no-passphrase]"
#define CA_PASS_MAX	256

/* The root key is sealed with a passphrase (from the file or asked twice)
 * unless --no-passphrase (a demo: the key stays clear). */
static int
ca_cmd_init(int argc, char **argv, const char *state)
{
	struct issuer_init_opts o = { 0 };
	const char *pfile = cli_take_opt(&argc, argv, "--passphrase-file");
	int clear = cli_take_flag(&argc, argv, "--no-passphrase");
	char msg[512], pass[CA_PASS_MAX] = "";
	int rc;

	o.org = cli_take_opt(&argc, argv, "--org");
	o.date = cli_take_opt(&argc, argv, "--date");
	if (argc != 1 || (clear && pfile != NULL)) {
		ca_usage_line("init", CA_INIT_USAGE);
		return 2;
	}
	if (!clear) {
		if (cli_passphrase_get(pfile, 1, pass, sizeof(pass)) == -1)
			return 1;
		if (pass[0] == '\0') {
			cli_error("ルート鍵のパスフレーズが空です");
			return 1;
		}
		o.root_pass = pass;
	}
	rc = issuer_builtin_init(state, &o, msg, sizeof(msg));
	secure_wipe(pass, sizeof(pass));
	if (rc == -1) {
		cli_error("内蔵認証局を作成できません (%s)", msg);
		return 1;
	}
	if (rc == 1)
		printf("内蔵認証局は %s/%s/ に作成済みです。変更はありません。\n",
		    state, STATE_CA_DIR);
	else {
		printf("内蔵認証局を %s/%s/ に作成しました (ルート・署名用・利用者"
		    "証明用、RSA-2048)。\n", state, STATE_CA_DIR);
		if (cli_audit(state, CLI_AUDIT_CA_INIT, STATE_CA_DIR,
		    "created") == -1)
			return 1;
	}
	return 0;
}

static void
ca_reconcile_report(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", line);
}

/* The card, the CA and the counter database brought back in line after
 * a crash (src/proc/proc_reconcile.c): applications left in progress,
 * then every cert the counter records set to the issuer's state and
 * reason (one line per change), then every person holding two valid certs
 * of one kind reported; exit 1 while some application stays open, some
 * cert could not be brought in line or some person holds such certs. */
static int
ca_cmd_reconcile(int argc, char **argv, const char *state)
{
	struct proc_ctx pc;
	struct store *st;
	char err[512], detail[96];
	int open, left, dups, changed = 0;

	(void)argv;
	if (argc != 1) {
		ca_usage_line("reconcile", "");
		return 2;
	}
	if ((st = cli_store_open(state, 0)) == NULL)
		return 1;
	if (proc_ctx_open_builtin(&pc, st, state, "reconcile", err,
	    sizeof(err)) == -1)
		cli_error("%s", err);
	open = pc.iss == NULL ? -1 : proc_reconcile(&pc, ca_reconcile_report,
	    NULL);
	left = pc.iss == NULL ? -1 : proc_reconcile_certs(&pc,
	    ca_reconcile_report, NULL, &changed);
	if (pc.iss != NULL && left == -1)
		cli_error("窓口の電子証明書の記録を発行機関と照合できませんでした "
		    "(%s)", store_errmsg(st));
	dups = proc_reconcile_duplicates(&pc, ca_reconcile_report, NULL);
	if (dups == -1)
		cli_error("有効な電子証明書の重複を調べられませんでした (%s)",
		    store_errmsg(st));
	snprintf(detail, sizeof(detail), "open=%d changed=%d left=%d dups=%d",
	    open, changed, left, dups);
	if (store_audit(st, cli_actor(), cli_audit_kind(CLI_AUDIT_CA_RECONCILE),
	    "", detail) == -1)
		cli_store_error(st, cli_audit_kind(CLI_AUDIT_CA_RECONCILE));
	proc_ctx_close(&pc);
	store_close(st);
	if (open == -1) {
		cli_error("照合できませんでした");
		return 1;
	}
	printf("発行途中の申請: %d 件\n", open);
	if (left >= 0)
		printf("発行機関に合わせた電子証明書: %d 件、合わせられず確認が"
		    "必要なもの: %d 件\n", changed, left);
	if (dups >= 0)
		printf("同じ種類の有効な電子証明書を2件以上持つ人: %d 人\n", dups);
	return open == 0 && left == 0 && dups == 0 ? 0 : 1;
}

/* `ca crl --root-key`: the root key brought back (from removable media)
 * into STATE/ca/root.key, opened with its passphrase, a new root CRL
 * signed and written; then the verb's output as usual. */
static int
ca_cmd_root_crl(int argc, char **argv, const char *state,
    const struct ca_verb *verb)
{
	const char *pfile = cli_take_opt(&argc, argv, "--passphrase-file");
	char why[512], pass[CA_PASS_MAX] = "", *key;
	struct issuer *iss;
	int rc, sealed = 0;
	FILE *f;

	key = issuer_builtin_cert_path(state, ISSUER_CA_ROOT);
	strcpy(key + strlen(key) - 4, ".key");	/* root.pem -> root.key */
	if ((f = fopen(key, "r")) == NULL) {
		cli_error("ルート鍵 %s がありません。オフラインで保管している鍵を"
		    "ここに戻してから実行してください", key);
		free(key);
		return 1;
	}
	sealed = fgets(why, sizeof(why), f) != NULL &&
	    strstr(why, "ENCRYPTED") != NULL;
	fclose(f);
	free(key);
	if (sealed && cli_passphrase_get(pfile, 0, pass, sizeof(pass)) == -1)
		return 1;
	iss = issuer_builtin_open_root(state, sealed ? pass : NULL, why,
	    sizeof(why));
	secure_wipe(pass, sizeof(pass));
	if (iss == NULL) {
		cli_error("ルート鍵を開けません。パスフレーズを確かめてください "
		    "(%s)", why);
		return 1;
	}
	if (issuer_builtin_sign_root_crl(iss) == -1) {
		cli_error("ルート CRL に署名できません (%s)", issuer_error(iss));
		issuer_close(iss);
		return 1;
	}
	fprintf(stderr, "新しいルート CRL に署名しました。ルート鍵はまたオフライン"
	    "に戻せます。\n");
	ca_state = state;
	rc = verb->run(iss, argc - 1, argv + 1);
	issuer_close(iss);
	if (rc == 2)
		ca_usage_line(verb->name, verb->usage);
	return rc;
}

int
cmd_ca(int argc, char **argv)
{
	const char *state = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct issuer *iss;
	char why[512];
	size_t i;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return ca_cmd_init(argc - 1, argv + 1, state);
	if (argc >= 2 && strcmp(argv[1], "reconcile") == 0)
		return ca_cmd_reconcile(argc - 1, argv + 1, state);
	for (i = 0; i < nitems(ca_verb_table); i++)
		if (argc >= 2 && strcmp(argv[1], ca_verb_table[i].name) == 0)
			break;
	if (i == nitems(ca_verb_table)) {
		ca_usage_line("init", CA_INIT_USAGE);
		ca_usage_line("reconcile", "");
		for (i = 0; i < nitems(ca_verb_table); i++)
			ca_usage_line(ca_verb_table[i].name,
			    ca_verb_table[i].usage);
		fprintf(stderr, "(ca の各操作は認証局のファイル STATE/ca/ を直接"
		    "開きます。サーバー上で root か認証局の利用者として実行し"
		    "てください。窓口の画面は madoguchi-issuerd を通して認証局を"
		    "使います。)\n");
		return 2;
	}
	if (strcmp(ca_verb_table[i].name, "crl") == 0 &&
	    cli_take_flag(&argc, argv, "--root-key"))
		return ca_cmd_root_crl(argc, argv, state, &ca_verb_table[i]);
	if ((iss = issuer_builtin_open(state, why, sizeof(why))) == NULL) {
		cli_error("内蔵認証局を開けません (%s)", why);
		return 1;
	}
	ca_state = state;
	rc = ca_verb_table[i].run(iss, argc - 1, argv + 1);
	issuer_close(iss);
	if (rc == 2)
		ca_usage_line(ca_verb_table[i].name, ca_verb_table[i].usage);
	return rc;
}
