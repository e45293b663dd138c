/*
 * The signed head, STATE/audit/head: text, one "name value" per line in a
 * fixed order (PROTOCOL.md), the last line the Ed25519 signature over all
 * lines before it exactly as written. Replaced atomically by the signer;
 * read by verify, the daily close and backup through audit_head_read.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "audit_int.h"

static int
audit_is_hex(const char *s, size_t len)
{
	size_t i;

	if (strlen(s) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && (s[i] < 'a' || s[i] > 'f'))
			return 0;
	return 1;
}

/* The next line's value after "name ", into val; NULL when the line is
 * not that name. Returns the start of the following line. */
static const char *
audit_head_line(const char *p, const char *name, char *val, size_t size)
{
	size_t n = strlen(name);
	const char *nl;

	if (strncmp(p, name, n) != 0 || p[n] != ' ' ||
	    (nl = strchr(p, '\n')) == NULL || (size_t)(nl - p - n - 1) >= size)
		return NULL;
	memcpy(val, p + n + 1, (size_t)(nl - p - n - 1));
	val[nl - p - n - 1] = '\0';
	return nl + 1;
}

static int
audit_head_parse(const char *buf, struct audit_head *h)
{
	char ver[8], count[24], *end;
	const char *p = buf, *sig;

	memset(h, 0, sizeof(*h));
	if ((p = audit_head_line(p, AUDIT_HEAD_MAGIC, ver, sizeof(ver))) ==
	    NULL || strcmp(ver, "1") != 0 ||
	    (p = audit_head_line(p, "installation", h->installation,
	    sizeof(h->installation))) == NULL ||
	    (p = audit_head_line(p, "key", h->keyid, sizeof(h->keyid))) ==
	    NULL ||
	    (p = audit_head_line(p, "count", count, sizeof(count))) == NULL ||
	    (p = audit_head_line(p, "hash", h->hash, sizeof(h->hash))) ==
	    NULL ||
	    (p = audit_head_line(p, "at", h->at, sizeof(h->at))) == NULL)
		return -1;
	sig = p;
	if ((p = audit_head_line(p, "sig", h->sig, sizeof(h->sig))) == NULL ||
	    *p != '\0')
		return -1;
	if (!audit_is_hex(h->installation, AUDIT_INSTALL_LEN) ||
	    !audit_is_hex(h->keyid, AUDIT_KEYID_LEN) ||
	    !audit_is_hex(h->hash, 64) || strlen(h->at) != 20 ||
	    !isdigit((unsigned char)count[0]))
		return -1;
	errno = 0;
	h->count = strtoll(count, &end, 10);
	if (errno != 0 || *end != '\0' || h->count < 0)
		return -1;
	h->textlen = (size_t)(sig - buf);
	memcpy(h->text, buf, h->textlen);
	h->text[h->textlen] = '\0';
	return 0;
}

int
audit_head_read(const char *state_dir, struct audit_head *out)
{
	char err[64];

	return audit_head_read_why(state_dir, out, err, sizeof(err));
}

int
audit_head_read_why(const char *state_dir, struct audit_head *out,
    char *err, size_t errlen)
{
	char *path = state_path(state_dir, STATE_AUDIT_HEAD), buf[1024];
	FILE *f = fopen(path, "r");
	size_t n;
	int rc = 0;

	if (f == NULL) {
		int e = errno;

		snprintf(err, errlen, "%s: %s", path, strerror(e));
		free(path);
		return e == ENOENT ? 1 : -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	if (ferror(f) || !feof(f) || strlen(buf) != n ||
	    audit_head_parse(buf, out) == -1) {
		snprintf(err, errlen, "%s: not a head (version %d)", path,
		    AUDIT_HEAD_VERSION);
		rc = -1;
	}
	fclose(f);
	free(path);
	return rc;
}

int
audit_head_check(const char *state_dir, const struct audit_head *h)
{
	EVP_PKEY *pub = audit_pub_load(state_dir, h->keyid);
	unsigned char sig[96];
	EVP_MD_CTX *ctx;
	int len, ok = 0;

	if (pub == NULL)
		return 2;
	len = EVP_DecodeBlock(sig, (const unsigned char *)h->sig,
	    (int)strlen(h->sig));
	/* EVP_DecodeBlock counts the padding as zero bytes: an Ed25519
	 * signature is 64 bytes, 88 base64 characters with "==". */
	if (len == 66 && strlen(h->sig) == 88 &&
	    (ctx = EVP_MD_CTX_new()) != NULL) {
		ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pub) == 1 &&
		    EVP_DigestVerify(ctx, sig, 64,
		    (const unsigned char *)h->text, h->textlen) == 1;
		EVP_MD_CTX_free(ctx);
	}
	EVP_PKEY_free(pub);
	return ok ? 0 : 1;
}

static int
audit_put_text(FILE *f, void *text)
{
	return fputs(text, f) == EOF ? -1 : 0;
}

int
audit_head_write(const char *state_dir, struct audit_head *h, EVP_PKEY *key,
    char *err, size_t errlen)
{
	unsigned char sig[64];
	size_t siglen = sizeof(sig);
	char file[sizeof(h->text) + 160], *path;
	EVP_MD_CTX *ctx;
	time_t now = time(NULL);
	struct tm tm;
	int n, ok;

	audit_keyid(key, h->keyid);
	gmtime_r(&now, &tm);
	strftime(h->at, sizeof(h->at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(h->text, sizeof(h->text), "%s %d\ninstallation %s\n"
	    "key %s\ncount %" PRId64 "\nhash %s\nat %s\n", AUDIT_HEAD_MAGIC,
	    AUDIT_HEAD_VERSION, h->installation, h->keyid, h->count, h->hash,
	    h->at);
	if (n < 0 || (size_t)n >= sizeof(h->text))
		fatalx("%s: head too long", __func__);
	h->textlen = (size_t)n;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("%s: EVP_MD_CTX_new", __func__);
	ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	    EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)h->text,
	    h->textlen) == 1 && siglen == sizeof(sig);
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		snprintf(err, errlen, "cannot sign the head");
		return -1;
	}
	EVP_EncodeBlock((unsigned char *)h->sig, sig, (int)siglen);
	snprintf(file, sizeof(file), "%ssig %s\n", h->text, h->sig);
	path = state_path(state_dir, STATE_AUDIT_HEAD);
	if (audit_write_file(path, 0644, audit_put_text, file) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}
