/*
 * The CA's private keys (and the audit signer's) as a backup carries them:
 * each re-encrypted as PKCS#8 with a passphrase (AES-256-CBC, the key
 * derived by scrypt), and opened again on restore into the clear PEM
 * PKCS#8 the CA reads (ca_init.c). Only src/issuer/ reads key files; the
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
issuer_key_seal(const char *in_path, const char *out_path, const char *pass,
    char *err, size_t errlen)
{
	EVP_PKEY *key = keys_read(in_path, NULL, err, errlen);
	PKCS8_PRIV_KEY_INFO *p8inf = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8 = NULL;
	FILE *f = NULL;
	int rc = -1;

	if (key == NULL)
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

char *
issuer_key_unseal(const char *in_path, const char *pass, size_t *len,
    char *err, size_t errlen)
{
	EVP_PKEY *key = keys_read(in_path, pass, err, errlen);
	BIO *bio;
	char *data, *out = NULL;
	long n;

	if (key == NULL)
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
