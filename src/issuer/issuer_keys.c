/*
 * The CA's private keys (and the audit signer's) as a backup carries them:
 * each re-encrypted as PKCS#8 with a passphrase (AES-256-CBC, the key
 * derived by scrypt), and opened again on restore into the clear PEM
 * PKCS#8 the CA reads (ca_init.c). A key already encrypted at rest (the
 * root key with its own passphrase) is carried as it is behind a marker
 * line, and restored as it was. Only src/issuer/ reads key files; the
 * clear text lives in memory only, wiped by the caller after use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "madoguchi/issuer.h"
#include "madoguchi/util.h"
#include "ca.h"

/* First line of a backup's copy of a key sealed with its own passphrase. */
#define KEYS_AS_IS	"# madoguchi: sealed with its own passphrase\n"

/* scrypt's cost: N = 2^14, r = 8, p = 1 (16 MiB, a fraction of a
 * second per key; OpenSSL refuses to derive with 32 MiB or more by
 * default, so 2^15 could not be opened again). */
#define KEYS_SCRYPT_N	16384
#define KEYS_SCRYPT_R	8
#define KEYS_SCRYPT_P	1

static EVP_PKEY *
keys_read(const char *path, const char *pass, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *key;

	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return NULL;
	}
	/* A clear key is read with no passphrase callback at all; an
	 * encrypted one with pass (NULL pass: refused, never prompted). */
	key = PEM_read_PrivateKey(f, NULL, NULL, pass != NULL ? (void *)pass :
	    (void *)"");
	fclose(f);
	if (key == NULL)
		snprintf(err, errlen, "%s: %s", path, pass != NULL ?
		    "wrong passphrase or not a key" : "not a PEM private key");
	return key;
}

int
ca_key_write_sealed(BIO *bio, EVP_PKEY *key, const char *pass)
{
	PKCS8_PRIV_KEY_INFO *p8inf;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8 = NULL;
	int rc = -1;

	if ((p8inf = EVP_PKEY2PKCS8(key)) != NULL &&
	    (pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL,
	    KEYS_SCRYPT_N, KEYS_SCRYPT_R, KEYS_SCRYPT_P)) != NULL &&
	    (p8 = PKCS8_set0_pbe(pass, (int)strlen(pass), p8inf, pbe)) != NULL)
		rc = PEM_write_bio_PKCS8(bio, p8) == 1 ? 0 : -1;
	else
		X509_ALGOR_free(pbe);
	X509_SIG_free(p8);
	PKCS8_PRIV_KEY_INFO_free(p8inf);
	return rc;
}

/* 1 if the key file at path is PKCS#8 encrypted (its own passphrase). */
static int
keys_sealed_at_rest(const char *path)
{
	char line[128];
	FILE *f = fopen(path, "r");
	int sealed = 0;

	if (f == NULL)
		return 0;
	sealed = fgets(line, sizeof(line), f) != NULL &&
	    strstr(line, "BEGIN ENCRYPTED PRIVATE KEY") != NULL;
	fclose(f);
	return sealed;
}

/* The root key sealed at rest: copied behind the marker line. */
static int
keys_copy_as_is(const char *in_path, const char *out_path, char *err,
    size_t errlen)
{
	FILE *in = fopen(in_path, "r"), *out = NULL;
	char buf[4096];
	size_t n;
	int rc = -1;

	if (in == NULL || (out = fopen(out_path, "wx")) == NULL) {
		snprintf(err, errlen, "%s: cannot copy", in_path);
		goto done;
	}
	rc = fputs(KEYS_AS_IS, out) == EOF ? -1 : 0;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (ferror(in) || fflush(out) != 0)
		rc = -1;
	if (rc == -1)
		snprintf(err, errlen, "%s: cannot write", out_path);
done:
	if (out != NULL && fclose(out) != 0 && rc == 0) {
		snprintf(err, errlen, "%s: cannot write", out_path);
		rc = -1;
	}
	if (in != NULL)
		fclose(in);
	return rc;
}

int
issuer_key_seal(const char *in_path, const char *out_path, const char *pass,
    char *err, size_t errlen)
{
	EVP_PKEY *key;
	PKCS8_PRIV_KEY_INFO *p8inf = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8 = NULL;
	FILE *f = NULL;
	int rc = -1;

	if (keys_sealed_at_rest(in_path))
		return keys_copy_as_is(in_path, out_path, err, errlen);
	if ((key = keys_read(in_path, NULL, err, errlen)) == NULL)
		return -1;
	if ((p8inf = EVP_PKEY2PKCS8(key)) == NULL ||
	    (pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL,
	    KEYS_SCRYPT_N, KEYS_SCRYPT_R, KEYS_SCRYPT_P)) == NULL ||
	    (p8 = PKCS8_set0_pbe(pass, (int)strlen(pass), p8inf, pbe)) == NULL) {
		snprintf(err, errlen, "%s: cannot encrypt", in_path);
		X509_ALGOR_free(pbe);
		goto out;
	}
	if ((f = fopen(out_path, "wx")) == NULL) {
		snprintf(err, errlen, "%s: cannot create", out_path);
		goto out;
	}
	if (PEM_write_PKCS8(f, p8) != 1 || fflush(f) != 0) {
		snprintf(err, errlen, "%s: cannot write", out_path);
		goto out;
	}
	rc = 0;
out:
	if (f != NULL && fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, "%s: cannot write", out_path);
		rc = -1;
	}
	X509_SIG_free(p8);
	PKCS8_PRIV_KEY_INFO_free(p8inf);
	EVP_PKEY_free(key);
	return rc;
}

/* A backup's copy made by keys_copy_as_is: the key as it was, or NULL
 * when the file is not such a copy. */
static char *
keys_as_is(const char *in_path, size_t *len)
{
	unsigned char head[sizeof(KEYS_AS_IS)];
	FILE *f = fopen(in_path, "r");
	char *out = NULL;
	size_t n = strlen(KEYS_AS_IS), cap = 0, got = 0, r;

	if (f == NULL)
		return NULL;
	if (fread(head, 1, n, f) != n || memcmp(head, KEYS_AS_IS, n) != 0) {
		fclose(f);
		return NULL;
	}
	do {
		if (got + 4096 + 1 > cap) {
			cap = got + 8192;
			out = xreallocarray(out, cap, 1);
		}
		r = fread(out + got, 1, cap - got - 1, f);
		got += r;
	} while (r > 0);
	fclose(f);
	out[got] = '\0';
	*len = got;
	return out;
}

char *
issuer_key_unseal(const char *in_path, const char *pass, size_t *len,
    char *err, size_t errlen)
{
	EVP_PKEY *key;
	BIO *bio;
	char *data, *out = NULL;
	long n;

	if ((out = keys_as_is(in_path, len)) != NULL)
		return out;
	if ((key = keys_read(in_path, pass, err, errlen)) == NULL)
		return NULL;
	if ((bio = BIO_new(BIO_s_secmem())) == NULL)
		bio = BIO_new(BIO_s_mem());
	if (bio != NULL && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0,
	    NULL, NULL) == 1 && (n = BIO_get_mem_data(bio, &data)) > 0) {
		out = xmalloc((size_t)n + 1);
		memcpy(out, data, (size_t)n);
		out[n] = '\0';
		*len = (size_t)n;
	} else
		snprintf(err, errlen, "%s: cannot write the key", in_path);
	BIO_free(bio);
	EVP_PKEY_free(key);
	return out;
}
