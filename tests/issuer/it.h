/*
 * Shared fixtures of the issuer tests: one CA per test program in a temp
 * state dir, RSA test keys made by the openssl tool, a default holder, and
 * `openssl verify` runs against the exported chain.
 */
#ifndef MADOGUCHI_TESTS_ISSUER_IT_H
#define MADOGUCHI_TESTS_ISSUER_IT_H

#include <stddef.h>

#include "madoguchi/issuer.h"

/* The test CA's state dir (made on first use, removed at exit). */
const char *it_state(void);
/* A scratch dir inside it (same lifetime). */
const char *it_tmp(void);
/* A DER SubjectPublicKeyInfo of test key `name` (made with openssl
 * genpkey on first use; cached); static storage. */
const unsigned char *it_spki(const char *name, size_t *len);
/* Open the test CA; asserts. */
struct issuer *it_open(void);
/* A request for a signature/user cert of the default holder, issued
 * today with key "k1"; strings are static. */
void it_req(struct issuer_issue_req *, enum issuer_kind, const char *request_id);
/* Write a cert as PEM into it_tmp()/name; returns the path (static). */
const char *it_pem(const struct issuer_cert *, const char *name);
/* `openssl verify` of a cert file against the exported chain, with the
 * CRLs (written fresh) when crl is 1; returns the exit status and the
 * output in *out (caller frees) if out is not NULL. */
int it_verify(const char *pem, int crl, char **out);
/* `openssl verify -crl_check` of a cert file against the CRL file the CA
 * published for kind (issuer_builtin_crl_path, DER, read as it is: no
 * `ca crl` first); exit status, output in *out as for it_verify. */
int it_verify_published(const char *pem, enum issuer_kind, char **out);
/* `openssl crl -text` of that published file (caller frees). */
char *it_crl_published(enum issuer_kind);
/* A fresh request id "tag-N". */
const char *it_id(const char *tag);

#endif
