/*
 * The audit keys under STATE/audit: key, the Ed25519 private key (PEM,
 * 0600), read only by madoguchi-auditd (and by madoguchi init and an
 * offline rotate-key); keys/<keyid>.pub, every public key ever used, so a
 * head signed before a rotation still verifies.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "audit_int.h"

void
audit_keyid(EVP_PKEY *key, char out[AUDIT_KEYID_LEN + 1])
{
	unsigned char raw[32], md[32];
	size_t len = sizeof(raw), i;
	unsigned int mdlen = 0;

	if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1 ||
	    EVP_Digest(raw, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		fatalx("%s: not an Ed25519 key", __func__);
	for (i = 0; i < AUDIT_KEYID_LEN / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Write a PEM file through tmp + fsync + rename (+ fsync of the dir). */
int
audit_write_file(const char *path, mode_t mode,
    int (*put)(FILE *, void *), void *arg)
{
	char *tmp = xasprintf("%s.tmp", path), *dir, *slash;
	FILE *f;
	int fd, ok;

	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		free(tmp);
		return -1;
	}
	ok = put(f, arg) == 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) == -1) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if ((fd = open(slash != NULL ? dir : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
	return 0;
}

static int
audit_put_priv(FILE *f, void *key)
{
	return PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1 ?
	    0 : -1;
}

static int
audit_put_pub(FILE *f, void *key)
{
	return PEM_write_PUBKEY(f, key) == 1 ? 0 : -1;
}

char *
audit_pub_path(const char *state_dir, const char *keyid)
{
	return xasprintf("%s/%s/%s.pub", state_dir, STATE_AUDIT_KEYS_DIR,
	    keyid);
}

EVP_PKEY *
audit_key_create(const char *state_dir, char keyid[AUDIT_KEYID_LEN + 1],
    char *err, size_t errlen)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	char *path;
	int rc;

	if (key == NULL) {
		snprintf(err, errlen, "cannot make an Ed25519 key");
		return NULL;
	}
	audit_keyid(key, keyid);
	/* The public half first: a head signed by the new key must always
	 * find its .pub. */
	path = audit_pub_path(state_dir, keyid);
	rc = audit_write_file(path, 0644, audit_put_pub, key);
	if (rc == 0) {
		free(path);
		path = state_path(state_dir, STATE_AUDIT_KEY);
		rc = audit_write_file(path, 0600, audit_put_priv, key);
	}
	if (rc == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		EVP_PKEY_free(key);
		key = NULL;
	}
	free(path);
	return key;
}

EVP_PKEY *
audit_key_load(const char *state_dir, char *err, size_t errlen)
{
	char *path = state_path(state_dir, STATE_AUDIT_KEY);
	EVP_PKEY *key = NULL;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
		if (key != NULL && EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
			EVP_PKEY_free(key);
			key = NULL;
		}
		if (key == NULL)
			snprintf(err, errlen, "%s: not an Ed25519 private key",
			    path);
	}
	free(path);
	return key;
}

EVP_PKEY *
audit_pub_load(const char *state_dir, const char *keyid)
{
	char *path = audit_pub_path(state_dir, keyid), id[AUDIT_KEYID_LEN + 1];
	EVP_PKEY *key = NULL;
	FILE *f = fopen(path, "r");

	free(path);
	if (f == NULL)
		return NULL;
	key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (key == NULL || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(key);
		return NULL;
	}
	/* A file named for one key holding another is no key for that id. */
	audit_keyid(key, id);
	if (strcmp(id, keyid) != 0) {
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}
