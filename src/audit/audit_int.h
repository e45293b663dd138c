/* Private to src/audit: file helpers shared by the head and the keys. */
#ifndef MADOGUCHI_AUDIT_INT_H
#define MADOGUCHI_AUDIT_INT_H

#include <stdio.h>
#include <sys/types.h>

#include <openssl/evp.h>

/* Replace path with what put writes: tmp, fsync, rename, fsync of the
 * directory. 0, or -1 with errno. */
int audit_write_file(const char *path, mode_t mode,
    int (*put)(FILE *, void *), void *arg);
/* STATE/audit/keys/<keyid>.pub (caller frees). */
char *audit_pub_path(const char *state_dir, const char *keyid);
/* The public key of keyid, the caller's; NULL when absent, unreadable or
 * not the key that id names. */
EVP_PKEY *audit_pub_load(const char *state_dir, const char *keyid);

#endif
