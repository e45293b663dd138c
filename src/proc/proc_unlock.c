/*
 * The clerk's own unlock code for an idle-locked screen (issue 14 item 4):
 * checked for its form, hashed with scrypt under a fresh random salt per
 * clerk at a stated cost (UNLOCK_N, UNLOCK_R, UNLOCK_P), the row and its
 * audit row (session.unlock_set) written together. A code typed at the
 * lock is hashed again with the cost its row was made with and compared
 * in constant time. Codes are wiped after use and never logged.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* scrypt's cost: 16 MiB of memory and some 50 ms a try on a counter PC. */
#define UNLOCK_N	16384
#define UNLOCK_R	8
#define UNLOCK_P	1
#define UNLOCK_SALT	16	/* bytes */
#define UNLOCK_HASH	32	/* bytes */

int
proc_unlock_code_check(const char *code, char *msg, size_t msglen)
{
	size_t n = strlen(code), i;

	for (i = 0; i < n; i++)
		if ((unsigned char)code[i] <= 0x20 ||
		    (unsigned char)code[i] >= 0x7f)
			break;
	if (i == n && n >= PROC_UNLOCK_MIN && n <= PROC_UNLOCK_MAX)
		return 0;
	snprintf(msg, msglen, "解除コードは半角の英数字・記号で %d-%d 文字です。",
	    PROC_UNLOCK_MIN, PROC_UNLOCK_MAX);
	return -1;
}

static void
unlock_hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
unlock_unhex(const char *s, unsigned char *b, size_t max, size_t *n)
{
	size_t len = strlen(s), i;
	unsigned int v;

	if (len % 2 != 0 || len / 2 > max)
		return -1;
	for (i = 0; i < len / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		b[i] = (unsigned char)v;
	}
	*n = len / 2;
	return 0;
}

/* scrypt of code under salt at u's cost into out (UNLOCK_HASH bytes). */
static int
unlock_kdf(const char *code, const unsigned char *salt, size_t saltlen,
    const struct store_unlock *u, unsigned char *out)
{
	if (strcmp(u->kdf, "scrypt") != 0 || u->cost_n < 1024)
		return -1;
	if (EVP_PBE_scrypt(code, strlen(code), salt, saltlen,
	    (uint64_t)u->cost_n, (uint64_t)u->cost_r, (uint64_t)u->cost_p,
	    64 * 1024 * 1024, out, UNLOCK_HASH) != 1)
		return -1;
	return 0;
}

int
proc_unlock_has(struct store *st, const char *login)
{
	struct store_unlock u;

	switch (store_unlock_get(st, login, &u)) {
	case 0:
		return 1;
	case 1:
		return 0;
	}
	return -1;
}

struct unlock_write {
	const char		*login;
	struct store_unlock	 u;
	char			 detail[64];
};

static int
unlock_write_cb(struct store *st, void *arg)
{
	struct unlock_write *w = arg;

	if (store_unlock_set(st, w->login, &w->u) == -1)
		return -1;
	return proc_audit_unlock(st, w->login, 0, w->detail);
}

int
proc_unlock_set(struct store *st, const char *login, const char *code,
    char *msg, size_t msglen)
{
	struct unlock_write w;
	unsigned char salt[UNLOCK_SALT], hash[UNLOCK_HASH];
	int rc;

	if (proc_unlock_code_check(code, msg, msglen) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	w.login = login;
	strlcpy_m(w.u.kdf, "scrypt", sizeof(w.u.kdf));
	w.u.cost_n = UNLOCK_N;
	w.u.cost_r = UNLOCK_R;
	w.u.cost_p = UNLOCK_P;
	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    unlock_kdf(code, salt, sizeof(salt), &w.u, hash) == -1) {
		snprintf(msg, msglen, "解除コードを保存できませんでした。");
		return -1;
	}
	unlock_hex(salt, sizeof(salt), w.u.salt);
	unlock_hex(hash, sizeof(hash), w.u.hash);
	OPENSSL_cleanse(hash, sizeof(hash));
	snprintf(w.detail, sizeof(w.detail), "scrypt N=%d r=%d p=%d",
	    UNLOCK_N, UNLOCK_R, UNLOCK_P);
	if ((rc = store_tx(st, unlock_write_cb, &w)) == -1) {
		log_warnx("unlock code of %s: %s", login, store_errmsg(st));
		snprintf(msg, msglen, "解除コードを保存できませんでした "
		    "(データベースの誤り)。");
		return -1;
	}
	log_info("unlock code of %s set", login);
	return 0;
}

int
proc_unlock_verify(struct store *st, const char *login, const char *code)
{
	struct store_unlock u;
	unsigned char salt[64], want[UNLOCK_HASH], got[UNLOCK_HASH];
	size_t saltlen, wantlen;
	int rc;

	if (store_unlock_get(st, login, &u) != 0 ||
	    unlock_unhex(u.salt, salt, sizeof(salt), &saltlen) == -1 ||
	    unlock_unhex(u.hash, want, sizeof(want), &wantlen) == -1 ||
	    wantlen != UNLOCK_HASH)
		return -1;
	if (unlock_kdf(code, salt, saltlen, &u, got) == -1)
		return -1;
	rc = CRYPTO_memcmp(got, want, UNLOCK_HASH) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return rc;
}

struct unlock_fail {
	const char	*login;
	char		 detail[64];
};

static int
unlock_fail_cb(struct store *st, void *arg)
{
	struct unlock_fail *f = arg;

	return proc_audit_unlock(st, f->login, 1, f->detail);
}

int
proc_unlock_failed(struct store *st, const char *login, int tries)
{
	struct unlock_fail f;

	f.login = login;
	snprintf(f.detail, sizeof(f.detail), "%d wrong codes", tries);
	if (store_tx(st, unlock_fail_cb, &f) == -1) {
		log_warnx("unlock failure of %s not audited: %s", login,
		    store_errmsg(st));
		return -1;
	}
	return 0;
}

struct unlock_reset {
	const char	*actor, *login;
	int		 none;
};

static int
unlock_reset_cb(struct store *st, void *arg)
{
	struct unlock_reset *r = arg;
	int rc = store_unlock_clear(st, r->login);

	if (rc != 0) {
		r->none = rc == 1;
		return -1;
	}
	return proc_audit_unlock_reset(st, r->actor, r->login);
}

int
proc_unlock_reset(struct store *st, const char *actor, const char *login,
    char *msg, size_t msglen)
{
	struct unlock_reset r = { actor, login, 0 };
	struct store_clerk c;

	switch (store_clerk_by_login(st, login, &c)) {
	case 0:
		break;
	case 1:
		snprintf(msg, msglen, "職員 %s は登録されていません。", login);
		return -1;
	default:
		snprintf(msg, msglen, "データベースを読めませんでした。");
		return -1;
	}
	if (store_tx(st, unlock_reset_cb, &r) == -1) {
		if (r.none)
			snprintf(msg, msglen, "職員 %s は解除コードを設定して"
			    "いません。", login);
		else
			snprintf(msg, msglen, "解除コードを消去できませんでした "
			    "(データベースの誤り)。");
		return -1;
	}
	log_info("unlock code of %s removed by %s", login, actor);
	snprintf(msg, msglen, "職員 %s の解除コードを消去しました。次に画面が"
	    "ロックされたとき、本人が新しい解除コードを決めます。", login);
	return 0;
}
