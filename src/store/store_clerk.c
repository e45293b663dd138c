/*
 * Clerks and their SSH public keys. A key is kept as its type name and the
 * base64 blob of its authorized_keys line, so the server can look a client's
 * key up by the same two strings libssh exports; the blob is checked to
 * decode and to name the same type before it is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "madoguchi/util.h"
#include "store_int.h"

static const char *const store_key_types_table[] = {
	"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "ssh-rsa", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com",
};

struct pubkey {
	char	type[40];
	char	b64[2048];
	char	comment[128];
	unsigned char blob[1600];
	int	bloblen;
};

/* Parse "TYPE BASE64 [comment]"; 0 or -1 with a reason in why. */
static int
pubkey_parse(const char *line, struct pubkey *k, const char **why)
{
	const char *p = line, *q;
	size_t i, n, b64len;
	int known = 0, pad = 0;
	unsigned tlen;

	memset(k, 0, sizeof(*k));
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, " \t\r\n");
	if (n == 0 || n >= sizeof(k->type))
		return (*why = "no key type", -1);
	memcpy(k->type, p, n);
	for (i = 0; i < nitems(store_key_types_table); i++)
		known |= strcmp(k->type, store_key_types_table[i]) == 0;
	if (!known)
		return (*why = "unsupported key type", -1);
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	b64len = strcspn(p, " \t\r\n");
	if (b64len == 0 || b64len >= sizeof(k->b64) || b64len % 4 != 0)
		return (*why = "key data is not base64", -1);
	memcpy(k->b64, p, b64len);
	q = p + b64len;
	while (*q == ' ' || *q == '\t')
		q++;
	n = strcspn(q, "\r\n");
	if (n >= sizeof(k->comment))
		n = sizeof(k->comment) - 1;
	memcpy(k->comment, q, n);
	for (i = 0; i < b64len; i++) {
		char c = k->b64[i];
		if (c == '=' && i >= b64len - 2) {
			pad++;
			continue;
		}
		if (pad || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return (*why = "key data is not base64", -1);
	}
	if (b64len / 4 * 3 > sizeof(k->blob))
		return (*why = "key too long", -1);
	k->bloblen = EVP_DecodeBlock(k->blob, (unsigned char *)k->b64,
	    (int)b64len);
	if (k->bloblen < 4)
		return (*why = "key data is not base64", -1);
	k->bloblen -= pad;
	tlen = (unsigned)k->blob[0] << 24 | k->blob[1] << 16 | k->blob[2] << 8 |
	    k->blob[3];
	if (tlen != strlen(k->type) || 4 + tlen > (unsigned)k->bloblen ||
	    memcmp(k->blob + 4, k->type, tlen) != 0)
		return (*why = "key data does not match its type", -1);
	return 0;
}

static void
pubkey_fingerprint(const struct pubkey *k, char *buf, size_t size)
{
	unsigned char md[32], out[64];
	unsigned int mdlen = 0;
	int n;

	EVP_Digest(k->blob, k->bloblen, md, &mdlen, EVP_sha256(), NULL);
	n = EVP_EncodeBlock(out, md, (int)mdlen);
	while (n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	snprintf(buf, size, "SHA256:%s", out);
}

int
store_key_fingerprint(const char *pubkey_line, char *buf, size_t size)
{
	struct pubkey k;
	const char *why;

	if (pubkey_parse(pubkey_line, &k, &why) == -1)
		return -1;
	pubkey_fingerprint(&k, buf, size);
	return 0;
}

static int
store_key_insert(struct store *st, int64_t clerk_id, const char *line)
{
	struct pubkey k;
	sqlite3_stmt *stmt;
	const char *why;
	char fp[80], now[21];
	int rc;

	if (pubkey_parse(line, &k, &why) == -1)
		return store_failf(st, "public key: %s", why);
	pubkey_fingerprint(&k, fp, sizeof(fp));
	store_timestamp(now);
	stmt = store_prepare(st, "INSERT INTO clerk_keys (clerk_id, keytype, "
	    "key_b64, fingerprint, comment, added_at) VALUES (?1,?2,?3,?4,?5,?6)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, clerk_id);
	sqlite3_bind_text(stmt, 2, k.type, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, k.b64, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, fp, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, k.comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT)
		return store_failf(st, "public key %s is already registered", fp);
	if (rc != SQLITE_DONE)
		return store_fail(st, "add key");
	return 0;
}

struct clerk_new {
	const struct store_clerk	*c;
	const char			*pubkey_line;
};

static int
clerk_add_cb(struct store *st, void *arg)
{
	const struct clerk_new *cn = arg;
	const struct store_clerk *c = cn->c;
	struct store_clerk other;
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	store_timestamp(now);
	stmt = store_prepare(st, "INSERT INTO clerks (login, name, role, "
	    "window, disabled, created_at) VALUES (?1,?2,?3,?4,?5,?6)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, c->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c->window, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, c->disabled != 0);
	sqlite3_bind_text(stmt, 6, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_CONSTRAINT) {
		if (store_clerk_by_login(st, c->login, &other) == 0)
			return store_failf(st, "clerk %s already exists",
			    c->login);
		return store_failf(st, "clerk %s: login must be 1-32 of a-z "
		    "0-9 _ . -, role clerk|supervisor|admin, window "
		    "citizens|shonai|shinsenri|embassy|via_municipality",
		    c->login);
	}
	if (rc != SQLITE_DONE)
		return store_fail(st, "add clerk");
	return store_key_insert(st, sqlite3_last_insert_rowid(st->db),
	    cn->pubkey_line);
}

int
store_clerk_add(struct store *st, const struct store_clerk *c,
    const char *pubkey_line)
{
	struct clerk_new cn = { c, pubkey_line };

	return store_tx(st, clerk_add_cb, &cn);
}

int
store_clerk_add_key(struct store *st, const char *login, const char *line)
{
	struct store_clerk c;
	int rc = store_clerk_by_login(st, login, &c);

	if (rc == 1)
		return store_failf(st, "no clerk %s", login);
	if (rc == -1)
		return -1;
	return store_key_insert(st, c.id, line);
}

#define CLERK_COLS "c.id, c.login, c.name, c.role, c.window, c.disabled"

static void
clerk_row(sqlite3_stmt *stmt, struct store_clerk *out)
{
	out->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, out->login, sizeof(out->login));
	store_col_text(stmt, 2, out->name, sizeof(out->name));
	store_col_text(stmt, 3, out->role, sizeof(out->role));
	store_col_text(stmt, 4, out->window, sizeof(out->window));
	out->disabled = sqlite3_column_int(stmt, 5);
}

static int
clerk_lookup(struct store *st, sqlite3_stmt *stmt, struct store_clerk *out)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW) {
		clerk_row(stmt, out);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_fail(st, "clerk");
	sqlite3_finalize(stmt);
	return rc;
}

int
store_clerk_by_login(struct store *st, const char *login,
    struct store_clerk *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CLERK_COLS " FROM clerks c WHERE c.login = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	return clerk_lookup(st, stmt, out);
}

int
store_clerk_by_id(struct store *st, int64_t id, struct store_clerk *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CLERK_COLS " FROM clerks c WHERE c.id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return clerk_lookup(st, stmt, out);
}

int
store_clerk_by_key(struct store *st, const char *keytype, const char *b64,
    struct store_clerk *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CLERK_COLS " FROM clerks c JOIN clerk_keys k ON "
	    "k.clerk_id = c.id WHERE k.keytype = ?1 AND k.key_b64 = ?2");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, keytype, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b64, -1, SQLITE_STATIC);
	return clerk_lookup(st, stmt, out);
}

int
store_clerk_set_disabled(struct store *st, const char *login, int disabled)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "UPDATE clerks SET disabled = ?2 WHERE login = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, disabled != 0);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "update clerk");
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "no clerk %s", login);
	return 0;
}

int
store_clerk_foreach(struct store *st,
    int (*cb)(const struct store_clerk *, void *), void *arg)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CLERK_COLS " FROM clerks c ORDER BY c.login");
	struct store_clerk c;
	int rc;

	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		clerk_row(stmt, &c);
		if (cb(&c, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(stmt);
		return store_fail(st, "list clerks");
	}
	sqlite3_finalize(stmt);
	return 0;
}

int
store_clerk_set_role(struct store *st, const char *login, const char *role)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "UPDATE clerks SET role = ?2 WHERE login = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, role, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "update clerk role") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "no clerk %s", login);
	return 0;
}
