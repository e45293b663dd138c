/*
 * Making and opening the built-in CA's state directory. The layout, all
 * under STATE/ca/ (mode 0700; every file 0600):
 *
 *   root.pem  root.key            the root CA (self-signed) and its key
 *   signature.pem  signature.key  issuing CA of signature certs
 *   user.pem  user.key            issuing CA of user certs
 *   ca.db (+ -wal, -shm)          the CA's SQLite file (ca_db.c)
 *   crl/root.crl  crl/signature.crl  crl/user.crl
 *                                 the current CRLs (DER), the file:// URIs
 *                                 named in the certs' CRL distribution points
 *
 * Keys are PEM PKCS#8, unencrypted: the directory's mode is the protection.
 * Init builds everything in a temporary sibling directory and renames it
 * into place, so a crash during init leaves no half-made CA.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "madoguchi/util.h"
#include "ca.h"

#define CA_ROOT_YEARS	20
#define CA_ISSUING_YEARS 15

static const char *const ca_name_table[] = {
	[ISSUER_CA_ROOT] = "root",
	[ISSUER_CA_SIGNATURE] = "signature",
	[ISSUER_CA_USER] = "user",
};

/* Common names of the three CAs. */
static const char *const ca_cn_table[] = {
	[ISSUER_CA_ROOT] = "Madoguchi Root CA",
	[ISSUER_CA_SIGNATURE] = "Madoguchi Signature CA",
	[ISSUER_CA_USER] = "Madoguchi User Authentication CA",
};

/* Files that must all be there for an initialised CA. */
static const char *const ca_file_table[] = {
	"root.pem", CA_ROOT_KEY_FILE, "signature.pem", "signature.key",
	"user.pem", "user.key", CA_DB_FILE,
};

const char *
ca_base_name(enum issuer_ca which)
{
	return ca_name_table[which];
}

char *
issuer_builtin_cert_path(const char *state_dir, enum issuer_ca which)
{
	char *dir = state_path(state_dir, STATE_CA_DIR);
	char *path = xasprintf("%s/%s.pem", dir, ca_name_table[which]);

	free(dir);
	return path;
}

char *
issuer_builtin_crl_path(const char *state_dir, enum issuer_ca which)
{
	char *dir = state_path(state_dir, STATE_CA_DIR);
	char *path = xasprintf("%s/" CA_CRL_DIR "/%s.crl", dir,
	    ca_name_table[which]);

	free(dir);
	return path;
}

static void
ca_msg(char *msg, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
ca_msg(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t n, lead, need;
	unsigned char c;

	if (msg == NULL || len == 0)
		return;
	va_start(ap, fmt);
	n = (size_t)vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	if (n < len)
		return;
	/* Cut short: drop a UTF-8 character cut in the middle. */
	n = len - 1;
	for (lead = n; lead > 0 && ((unsigned char)msg[lead - 1] & 0xc0) ==
	    0x80; lead--)
		;
	if (lead == 0)
		return;
	c = (unsigned char)msg[--lead];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - lead < need)
		msg[lead] = '\0';
}

/* 1 when dir holds every CA file but the private keys, as a restore from
 * a backup made without keys leaves STATE/ca, with why said for the admin
 * in Japanese: ca init would refuse it as incomplete (and a new CA is not
 * the old one); the keys come back only from a backup made with them. */
static int
ca_keyless(const char *dir, char *why, size_t whylen)
{
	size_t i, keys = 0, others = 0;
	char *p;

	for (i = 0; i < nitems(ca_file_table); i++) {
		p = xasprintf("%s/%s", dir, ca_file_table[i]);
		if (access(p, F_OK) == 0) {
			if (strstr(ca_file_table[i], ".key") != NULL)
				keys++;
			else
				others++;
		}
		free(p);
	}
	if (keys != 0 || others != nitems(ca_file_table) - nitems(ca_name_table))
		return 0;
	ca_msg(why, whylen, "認証局の秘密鍵が %s にありません (鍵を含まない"
	    "バックアップから復元した状態です)。鍵は --with-keys で作ったバッ"
	    "クアップから madoguchi restore で戻します", dir);
	return 1;
}

/* 0 none of the files, 1 all of them, -1 some. The root key does not
 * count: it may be kept offline (README), needed only for the root CRL. */
static int
ca_files_present(const char *dir)
{
	size_t i, have = 0, want = 0;
	char *p;

	for (i = 0; i < nitems(ca_file_table); i++) {
		if (strcmp(ca_file_table[i], CA_ROOT_KEY_FILE) == 0)
			continue;
		want++;
		p = xasprintf("%s/%s", dir, ca_file_table[i]);
		if (access(p, F_OK) == 0)
			have++;
		free(p);
	}
	return have == 0 ? 0 : have == want ? 1 : -1;
}

/* A cert, or a key: clear PEM, or PKCS#8 sealed with pass (the root's,
 * when its admin gave a passphrase). */
static int
ca_write_pem(const char *dir, const char *name, X509 *cert, EVP_PKEY *key,
    const char *pass)
{
	char *path;
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long len;
	int rc;

	if (bio == NULL)
		return -1;
	if (key != NULL && pass != NULL)
		rc = ca_key_write_sealed(bio, key, pass) == 0 ? 1 : 0;
	else if (key != NULL)
		rc = PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
	else
		rc = PEM_write_bio_X509(bio, cert);
	len = BIO_get_mem_data(bio, &data);
	path = xasprintf("%s/%s.%s", dir, name, key != NULL ? "key" : "pem");
	rc = rc == 1 && len > 0 ? ca_write_file(path, data, (size_t)len, 0600) : -1;
	free(path);
	/* The key's PEM text sat in this buffer: wipe it before freeing. */
	if (len > 0)
		OPENSSL_cleanse(data, (size_t)len);
	BIO_free(bio);
	return rc;
}

/* Make the three key pairs and certs into ca->keys and write them to dir;
 * final is the directory the CA will have (for the CRL URIs). */
static int
ca_make_keys(struct ca *ca, const char *dir, const char *final, time_t nb,
    const char *root_pass)
{
	const time_t year = 365 * 86400 + 86400 / 4;
	enum issuer_ca w;
	char *crl, *uri;

	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER; w++) {
		struct ca_key *k = &ca->keys[w];

		if ((k->key = ca_x509_keygen()) == NULL)
			return -1;
		crl = xasprintf("%s/" CA_CRL_DIR "/root.crl", final);
		uri = ca_file_uri(crl);
		k->cert = ca_x509_make_ca(ca->org, ca_cn_table[w], k->key,
		    w == ISSUER_CA_ROOT ? NULL : &ca->keys[ISSUER_CA_ROOT], nb,
		    nb + (w == ISSUER_CA_ROOT ? CA_ROOT_YEARS :
		    CA_ISSUING_YEARS) * year, w == ISSUER_CA_ROOT ? NULL : uri);
		free(uri);
		free(crl);
		if (k->cert == NULL ||
		    ca_write_pem(dir, ca_name_table[w], k->cert, NULL, NULL) ==
		    -1 || ca_write_pem(dir, ca_name_table[w], NULL, k->key,
		    w == ISSUER_CA_ROOT ? root_pass : NULL) == -1)
			return -1;
	}
	return 0;
}

static void
ca_free(struct ca *ca)
{
	size_t i;

	if (ca == NULL)
		return;
	for (i = 0; i < nitems(ca->keys); i++) {
		X509_free(ca->keys[i].cert);
		EVP_PKEY_free(ca->keys[i].key);
	}
	if (ca->db != NULL)
		sqlite3_close(ca->db);
	free(ca->dir);
	free(ca->org);
	free(ca);
}

/* Build a complete CA in tmp (keys, certs, database, first CRLs). */
static int
ca_build(const char *tmp, const char *final, const char *org,
    const char *root_pass, time_t nb,
    char *msg, size_t msglen)
{
	struct ca *ca = xcalloc(1, sizeof(*ca));
	char *p, err[256];
	enum issuer_ca w;
	mode_t old_mask;
	int rc = -1;

	ca->dir = xstrdup(tmp);
	ca->org = xstrdup(org);
	p = xasprintf("%s/" CA_CRL_DIR, tmp);
	if (mkdir(p, 0700) == -1) {
		ca_msg(msg, msglen, "%s: %s", p, strerror(errno));
		free(p);
		goto out;
	}
	free(p);
	if (ca_make_keys(ca, tmp, final, nb, root_pass) == -1) {
		ca_msg(msg, msglen, "cannot make the CA keys and certificates");
		goto out;
	}
	p = xasprintf("%s/" CA_DB_FILE, tmp);
	old_mask = umask(077);	/* the database and its -wal/-shm: 0600 */
	rc = ca_db_open(p, &ca->db, err, sizeof(err));
	umask(old_mask);
	free(p);
	if (rc == -1) {
		ca_msg(msg, msglen, "%s", err);
		goto out;
	}
	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER && rc == 0; w++)
		if ((rc = ca_crl_make(ca, w)) == -1 ||
		    (rc = ca_crl_publish(ca, w)) == -1)
			ca_msg(msg, msglen, "cannot make the first CRLs");
out:
	ca_free(ca);
	return rc;
}

/* STATE/ca as an absolute path, making STATE if needed. */
static char *
ca_final_dir(const char *state_dir, char *msg, size_t msglen)
{
	char real[PATH_MAX];

	if (mkdir(state_dir, 0700) == -1 && errno != EEXIST) {
		ca_msg(msg, msglen, "%s: %s", state_dir, strerror(errno));
		return NULL;
	}
	if (realpath(state_dir, real) == NULL) {
		ca_msg(msg, msglen, "%s: %s", state_dir, strerror(errno));
		return NULL;
	}
	return state_path(real, STATE_CA_DIR);
}

int
issuer_builtin_init(const char *state_dir, const struct issuer_init_opts *opts,
    char *msg, size_t msglen)
{
	char today[11], *final, *tmp;
	const char *date = opts != NULL ? opts->date : NULL;
	const char *org = opts != NULL && opts->org != NULL ? opts->org :
	    "Madoguchi";
	time_t nb;
	int rc;

	if (date == NULL) {
		util_today(today);
		date = today;
	}
	if ((nb = ca_jst_day_start(date)) == (time_t)-1) {
		ca_msg(msg, msglen, "bad date '%s' (YYYY-MM-DD)", date);
		return -1;
	}
	if ((final = ca_final_dir(state_dir, msg, msglen)) == NULL)
		return -1;
	switch (ca_files_present(final)) {
	case 1:
		ca_msg(msg, msglen, "CA already initialised in %s (unchanged)",
		    final);
		free(final);
		return 1;
	case -1:
		if (!ca_keyless(final, msg, msglen))
			ca_msg(msg, msglen, "%s is incomplete: move it aside "
			    "and run init again", final);
		free(final);
		return -1;
	}
	if (access(final, F_OK) == 0 && rmdir(final) == -1) {
		ca_msg(msg, msglen, "%s: not empty, not a CA: %s", final,
		    strerror(errno));
		free(final);
		return -1;
	}
	tmp = xasprintf("%s.init-XXXXXX", final);
	if (mkdtemp(tmp) == NULL) {
		ca_msg(msg, msglen, "%s: %s", tmp, strerror(errno));
		free(tmp);
		free(final);
		return -1;
	}
	rc = ca_build(tmp, final, org, opts != NULL ? opts->root_pass : NULL,
	    nb, msg, msglen);
	if (rc == 0 && rename(tmp, final) == -1) {
		/* Someone else finished an init first: theirs stands. */
		rc = errno == EEXIST || errno == ENOTEMPTY ? 1 : -1;
		ca_msg(msg, msglen, rc == 1 ? "CA already initialised in %s "
		    "(unchanged)" : "cannot move the CA into %s", final);
	} else if (rc == 0)
		ca_msg(msg, msglen, "CA initialised in %s (root, signature and "
		    "user CAs, RSA-2048)", final);
	if (rc != 0)
		(void)util_rmtree(tmp);
	free(tmp);
	free(final);
	return rc;
}

static int
ca_pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	(void)rwflag;
	if (pass == NULL || (n = strlen(pass)) >= (size_t)size)
		return -1;	/* never a prompt: the caller asks */
	memcpy(buf, pass, n);
	return (int)n;
}

/* A private key from f: clear PEM, or PKCS#8 encrypted with pass. An
 * encrypted key and no pass: NULL with *locked set. */
static EVP_PKEY *
ca_read_key(FILE *f, const char *pass, int *locked)
{
	char line[128];
	EVP_PKEY *k;

	*locked = 0;
	if (fgets(line, sizeof(line), f) == NULL)
		return NULL;
	if (strstr(line, "ENCRYPTED") != NULL && pass == NULL) {
		*locked = 1;
		return NULL;
	}
	rewind(f);
	k = PEM_read_PrivateKey(f, NULL, ca_pass_cb, (void *)(uintptr_t)pass);
	ERR_clear_error();
	return k;
}

/* A CA's cert and key; the root's key only when asked for and there
 * (else its key stays NULL and the root CRL cannot be signed). */
static int
ca_load_one(struct ca *ca, enum issuer_ca w, int flags, const char *pass)
{
	char *p;
	FILE *f;
	int locked;

	p = xasprintf("%s/%s.pem", ca->dir, ca_name_table[w]);
	f = fopen(p, "r");
	free(p);
	if (f == NULL)
		return -1;
	ca->keys[w].cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (w == ISSUER_CA_ROOT && (flags & CA_LOAD_NO_ROOT_KEY))
		return ca->keys[w].cert != NULL ? 0 : -1;
	p = xasprintf("%s/%s.key", ca->dir, ca_name_table[w]);
	f = fopen(p, "r");
	if (f == NULL && w == ISSUER_CA_ROOT && errno == ENOENT) {
		free(p);	/* kept offline */
		return ca->keys[w].cert != NULL &&
		    !(flags & CA_LOAD_ROOT_KEY) ? 0 : -1;
	}
	free(p);
	if (f == NULL)
		return -1;
	ca->keys[w].key = ca_read_key(f, w == ISSUER_CA_ROOT ? pass : NULL,
	    &locked);
	fclose(f);
	if (locked && w == ISSUER_CA_ROOT && !(flags & CA_LOAD_ROOT_KEY))
		return ca->keys[w].cert != NULL ? 0 : -1;	/* stays locked */
	if (ca->keys[w].cert == NULL || ca->keys[w].key == NULL ||
	    X509_check_private_key(ca->keys[w].cert, ca->keys[w].key) != 1)
		return -1;
	return 0;
}

/* Open the CA files of STATE/ca into a new struct ca; NULL with why. */
struct ca *
ca_load(const char *state_dir, int flags, const char *pass, char *why,
    size_t whylen)
{
	struct ca *ca = xcalloc(1, sizeof(*ca));
	char real[PATH_MAX], org[256], *p, err[256];
	const char *crash = util_test_switch("MADOGUCHI_CA_CRASH_AT");
	enum issuer_ca w;

	p = state_path(state_dir, STATE_CA_DIR);
	if (realpath(p, real) == NULL || ca_files_present(real) != 1) {
		if (ca_files_present(p) != -1)
			ca_msg(why, whylen, "no CA in %s: run `madoguchi ca "
			    "init`", p);
		else if (!ca_keyless(p, why, whylen))
			ca_msg(why, whylen, "the CA files in %s are incomplete: "
			    "move the directory aside and run `madoguchi ca "
			    "init`", p);
		free(p);
		ca_free(ca);
		return NULL;
	}
	free(p);
	ca->dir = xstrdup(real);
	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER; w++)
		if (ca_load_one(ca, w, flags, pass) == -1) {
			if (w == ISSUER_CA_ROOT && (flags & CA_LOAD_ROOT_KEY))
				ca_msg(why, whylen, "%s/" CA_ROOT_KEY_FILE ": the "
				    "root key is not there (kept offline?) or "
				    "the passphrase is wrong", real);
			else
				ca_msg(why, whylen, "%s/%s: cannot read the CA "
				    "cert or key", real, ca_name_table[w]);
			ca_free(ca);
			return NULL;
		}
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(
	    ca->keys[ISSUER_CA_ROOT].cert), NID_organizationName, org,
	    sizeof(org)) <= 0)
		strlcpy_m(org, "Madoguchi", sizeof(org));
	ca->org = xstrdup(org);
	p = xasprintf("%s/" CA_DB_FILE, real);
	if (ca_db_open(p, &ca->db, err, sizeof(err)) == -1) {
		ca_msg(why, whylen, "%s", err);
		free(p);
		ca_free(ca);
		return NULL;
	}
	free(p);
	ca->crash_at = crash != NULL ? atoi(crash) : 0;
	return ca;
}

void
ca_close(struct ca *ca)
{
	ca_free(ca);
}
