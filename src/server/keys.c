/*
 * Key files: ed25519 private keys in OpenSSH format (what `ssh -i` and
 * libssh both read), written 0600 through a temporary file and a rename so
 * a crash never leaves half a key; the public half as an authorized_keys
 * line beside it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "sshd.h"

static int
keys_write_pub(const ssh_key key, const char *path, const char *comment,
    char *err, size_t errlen)
{
	char *b64 = NULL, *line;
	int fd, rc = -1;

	if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK) {
		snprintf(err, errlen, "cannot encode the public key");
		return -1;
	}
	line = xasprintf("%s %s %s\n", ssh_key_type_to_char(ssh_key_type(key)),
	    b64, comment);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1 || write(fd, line, strlen(line)) != (ssize_t)strlen(line))
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else
		rc = 0;
	if (fd != -1)
		close(fd);
	free(line);
	ssh_string_free_char(b64);
	return rc;
}

/* Private key to path via path.tmp (0600); no overwrite of a key. */
static int
keys_write_priv(const ssh_key key, const char *path, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp", path);
	mode_t old = umask(077);
	int rc = -1;

	unlink(tmp);
	if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, tmp) != SSH_OK)
		snprintf(err, errlen, "%s: cannot write the key", tmp);
	else if (chmod(tmp, 0600) == -1 || link(tmp, path) == -1)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else
		rc = 0;
	unlink(tmp);
	umask(old);
	free(tmp);
	return rc;
}

int
sshd_keygen(const char *path, const char *comment, char *err, size_t errlen)
{
	ssh_key key = NULL;
	char *pub;
	int rc = -1;

	if (access(path, F_OK) == 0) {
		snprintf(err, errlen, "%s exists; not overwriting a key", path);
		return -1;
	}
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
		snprintf(err, errlen, "cannot generate an ed25519 key");
		return -1;
	}
	pub = xasprintf("%s.pub", path);
	if (keys_write_priv(key, path, err, errlen) == 0 &&
	    keys_write_pub(key, pub, comment, err, errlen) == 0)
		rc = 0;
	free(pub);
	ssh_key_free(key);
	return rc;
}

int
sshd_hostkey_ensure(const char *path, char *err, size_t errlen)
{
	char *dir;

	if (access(path, R_OK) == 0)
		return 0;
	if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	dir = xstrdup(path);
	if (mkdir(dirname(dir), 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	if (sshd_keygen(path, "madoguchi-host", err, errlen) == -1)
		return -1;
	log_info("made host key %s", path);
	return 0;
}
