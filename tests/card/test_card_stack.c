/*
 * cardd against the real PC/SC path: contrib/card-stack.sh starts pcscd,
 * the emulated card (tests/card/test-card.json) and cardd in a private
 * network namespace under a temp dir; these tests talk to cardd through
 * the client library, pull the card (kill the emulator) at every APDU of
 * each multi-step operation, race two clients, send garbage, and let
 * OpenSC, which nobody here wrote, list the certs and sign; last, a card
 * whose reader has the emulated PIN pad is swapped in and the holder's
 * keys are queued on the emulator (test_vcard_pad_keys).
 * The tests run in order: the issuance test writes the keys and certs the
 * later ones use.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "testlib.h"
#include "madoguchi/card.h"
#include "madoguchi/util.h"
#include "card_proto.h"

#define READER	"Virtual PCD 00 00"

static char *dir;		/* the stack's state dir */
static char sock[4096];		/* cardd */
static int stack_up;
static struct card_client *cl;
static EVP_PKEY *ca_key;
static X509 *ca_cert;

static const unsigned char sha256_prefix[19] = { 0x30, 0x31, 0x30, 0x0d,
	0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
	0x00, 0x04, 0x20 };

static int
stack(const char *args)
{
	return test_system("sh '%s/contrib/card-stack.sh' %s >>'%s/test.log' 2>&1",
	    test_top_dir(), args, dir);
}

static int
card_stack_init(void)
{
	char *cmd;

	if (test_system("unshare -n -m true") != 0) {
		fprintf(stderr, "card tests: `unshare -n -m` is not permitted "
		    "here; these tests need a private network namespace (run "
		    "as root or with user namespaces)\n");
		return 1;
	}
	dir = test_mkdtemp("card");
	cmd = NULL;
	if (asprintf(&cmd, "start '%s' --profile '%s/tests/card/test-card.json'",
	    dir, test_top_dir()) == -1)
		return 1;
	if (stack(cmd) != 0) {
		fprintf(stderr, "card tests: card-stack.sh start failed; logs in "
		    "%s/log\n", dir);
		free(cmd);
		return 1;
	}
	free(cmd);
	snprintf(sock, sizeof(sock), "%s/run/cardd.sock", dir);
	setenv("PCSCLITE_CSOCK_NAME", "", 1);
	{
		char env[4096];
		snprintf(env, sizeof(env), "%s/run/pcscd/pcscd.comm", dir);
		setenv("PCSCLITE_CSOCK_NAME", env, 1);
	}
	cl = card_client_open(sock, NULL);
	stack_up = cl != NULL;
	return stack_up ? 0 : 1;
}

static int
card_stack_cleanup(void)
{
	char cmd[4200];

	card_client_close(cl);
	cl = NULL;
	EVP_PKEY_free(ca_key);
	X509_free(ca_cert);
	snprintf(cmd, sizeof(cmd), "stop '%s'", dir);
	stack(cmd);
	if (getenv("KEEP_CARD_STACK") == NULL)
		test_rmtree(dir);
	else
		fprintf(stderr, "card stack kept in %s\n", dir);
	free(dir);
	return 0;
}

/* Wait (at most ms) for the reader to have a card (1) or none (0). */
static int
wait_card(int present, uint32_t ms)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct card_error err;
	size_t n;

	return card_readers(cl, READER, present ? CARD_WAIT_PRESENT :
	    CARD_WAIT_ABSENT, ms, r, &n, &err) == 0;
}

/* Pull the card, wait until pcscd saw it go, insert it again with extra
 * emulator arguments, wait until it is seen. */
static int
reinsert(const char *args)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "vcard-stop '%s'", dir);
	if (stack(cmd) != 0 || !wait_card(0, 5000))
		return -1;
	snprintf(cmd, sizeof(cmd), "vcard-start '%s' %s", dir, args);
	if (stack(cmd) != 0 || !wait_card(1, 5000))
		return -1;
	return 0;
}

/* The emulator's persisted state: tries and value of a PIN. */
static int
state_pin(const char *name, char *value, size_t size)
{
	char path[4200];
	json_t *root, *p;
	int tries = -1;

	snprintf(path, sizeof(path), "%s/card/state.json", dir);
	if ((root = json_load_file(path, 0, NULL)) == NULL)
		return -1;
	p = json_object_get(json_object_get(root, "pins"), name);
	if (json_is_object(p)) {
		tries = (int)json_integer_value(json_object_get(p, "tries"));
		if (value != NULL)
			snprintf(value, size, "%s", json_string_value(
			    json_object_get(p, "value")));
	}
	json_decref(root);
	return tries;
}

static void
test_readers(void)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct card_error err;
	size_t n, i;
	int seen = 0;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(card_readers(cl, NULL, CARD_WAIT_NONE, 0, r, &n, &err) == 0);
	for (i = 0; i < n; i++)
		if (strcmp(r[i].name, READER) == 0) {
			seen = 1;
			CU_ASSERT(r[i].flags & CARD_READER_PRESENT);
			CU_ASSERT(r[i].flags & CARD_READER_EMULATED);
		}
	CU_ASSERT(seen);
	/* A wait for "absent" on a reader with a card times out. */
	CU_ASSERT(card_readers(cl, READER, CARD_WAIT_ABSENT, 300, r, &n, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_TIMEOUT);
}

static void
test_identity(void)
{
	struct card_identity id;
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(card_identity(cl, NULL, NULL, &id, &err) == 0);
	CU_ASSERT_STRING_EQUAL(id.token, "JPKIAPICCTOKEN2");
	CU_ASSERT_STRING_EQUAL(id.card_number, "TC0000000042");
	CU_ASSERT_EQUAL(id.has_basic4, 0);
	/* A wrong input-support PIN counts down; the right one resets. */
	CU_ASSERT(card_identity(cl, NULL, "0000", &id, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(err.tries_left, 2);
	CU_ASSERT_FATAL(card_identity(cl, NULL, "5678", &id, &err) == 0);
	CU_ASSERT_EQUAL(id.has_basic4, 1);
	CU_ASSERT_STRING_EQUAL(id.name, "試験 一郎");
	/* The address is long enough for a long-form BER length. */
	CU_ASSERT(strncmp(id.address, "北海道札幌市", strlen("北海道札幌市")) == 0);
	CU_ASSERT(strlen(id.address) > 130);
	CU_ASSERT_STRING_EQUAL(id.birth, "19700101");
	CU_ASSERT_STRING_EQUAL(id.sex, "1");
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_SUPPORT, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 3);
}

/* The card-face record with PIN B as printed on the card: birth YYMMDD,
 * the expiry's year, the security code (research/card.md §5). */
static void
test_face(void)
{
	struct card_face f, again;
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	/* Malformed: no try used, nothing sent. */
	CU_ASSERT(card_face(cl, NULL, "70010120304321X", &f, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_FORMAT);
	CU_ASSERT(card_face(cl, NULL, "70010120309999", &f, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(err.tries_left, 2);
	CU_ASSERT_FATAL(card_face(cl, NULL, "70010120304321", &f, &err) == 0);
	CU_ASSERT_STRING_EQUAL(f.card_number, "TC0000000042");
	CU_ASSERT_STRING_EQUAL(f.birth, "19700101");
	CU_ASSERT_STRING_EQUAL(f.sex, "1");
	CU_ASSERT_STRING_EQUAL(f.expiry, "20300101");
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_FACE_B, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 3);
	/* The same card gives the same digest. */
	CU_ASSERT_FATAL(card_face(cl, NULL, "70010120304321", &again, &err) == 0);
	CU_ASSERT(memcmp(f.digest, again.digest, sizeof(f.digest)) == 0);
}

/* A cert for spki (DER), issued by the test CA. Caller frees *der. */
static int
make_cert(const unsigned char *spki, size_t len, long serial, const char *cn,
    unsigned char **der)
{
	const unsigned char *p = spki;
	EVP_PKEY *pub = d2i_PUBKEY(NULL, &p, (long)len);
	X509 *x = X509_new();
	X509_NAME *nm = X509_NAME_new();
	int n;

	if (pub == NULL)
		return -1;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, nm);
	X509_set_issuer_name(x, ca_cert != NULL ?
	    X509_get_subject_name(ca_cert) : nm);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
	X509_set_pubkey(x, pub);
	X509_sign(x, ca_key, EVP_sha256());
	*der = NULL;
	n = i2d_X509(x, der);
	X509_NAME_free(nm);
	X509_free(x);
	EVP_PKEY_free(pub);
	return n;
}

static void
make_ca(void)
{
	X509_NAME *nm = X509_NAME_new();

	ca_key = EVP_RSA_gen(2048);
	ca_cert = X509_new();
	X509_set_version(ca_cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(ca_cert), 1);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8,
	    (const unsigned char *)"Madoguchi Test CA", -1, -1, 0);
	X509_set_subject_name(ca_cert, nm);
	X509_set_issuer_name(ca_cert, nm);
	X509_gmtime_adj(X509_getm_notBefore(ca_cert), 0);
	X509_gmtime_adj(X509_getm_notAfter(ca_cert), 86400L * 3650);
	X509_set_pubkey(ca_cert, ca_key);
	X509_sign(ca_cert, ca_key, EVP_sha256());
	X509_NAME_free(nm);
}

/* Issue both keys and all four certs through cardd's issuance relay. */
static void
test_issue_and_read_certs(void)
{
	struct card_error err;
	struct card_certs cs;
	unsigned char *spki, *der, *cader = NULL;
	size_t spkilen;
	int n, canlen;

	CU_ASSERT_FATAL(stack_up);
	make_ca();
	canlen = i2d_X509(ca_cert, &cader);
	CU_ASSERT_FATAL(card_generate_key(cl, NULL, CARD_KEY_USER, &spki,
	    &spkilen, &err) == 0);
	n = make_cert(spki, spkilen, 0x1001, "TEST USER", &der);
	free(spki);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT(card_write_cert(cl, NULL, CARD_CERT_USER, der, (size_t)n, &err) == 0);
	OPENSSL_free(der);
	CU_ASSERT_FATAL(card_generate_key(cl, NULL, CARD_KEY_SIGN, &spki,
	    &spkilen, &err) == 0);
	n = make_cert(spki, spkilen, 0x1002, "試験 一郎", &der);
	free(spki);
	CU_ASSERT(card_write_cert(cl, NULL, CARD_CERT_SIGN, der, (size_t)n, &err) == 0);
	/* The signature cert in the user slot: not the card's user key. */
	CU_ASSERT(card_write_cert(cl, NULL, CARD_CERT_USER, der, (size_t)n, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_ADMIN);
	OPENSSL_free(der);
	CU_ASSERT(card_write_cert(cl, NULL, CARD_CERT_USER_CA, cader, (size_t)canlen, &err) == 0);
	CU_ASSERT(card_write_cert(cl, NULL, CARD_CERT_SIGN_CA, cader, (size_t)canlen, &err) == 0);
	OPENSSL_free(cader);

	/* Without the signature PIN the signature cert is not read. */
	CU_ASSERT_FATAL(card_read_certs(cl, NULL, NULL, &cs, &err) == 0);
	CU_ASSERT_EQUAL(cs.n, 4);
	CU_ASSERT_EQUAL(cs.cert[0].slot, CARD_CERT_USER);
	CU_ASSERT(cs.cert[0].present);
	CU_ASSERT_STRING_EQUAL(cs.cert[0].serial, "1001");
	CU_ASSERT(strlen(cs.cert[0].not_after) == 20);
	CU_ASSERT_STRING_EQUAL(cs.cert[0].subject, "CN=TEST USER");
	CU_ASSERT_EQUAL(cs.cert[1].slot, CARD_CERT_SIGN);
	CU_ASSERT(!cs.cert[1].present);
	CU_ASSERT(cs.cert[2].present && cs.cert[3].present);
	CU_ASSERT_STRING_EQUAL(cs.cert[2].subject, "CN=Madoguchi Test CA");
	card_certs_clear(&cs);
	/* With it (lower case is upper-cased), it is. */
	CU_ASSERT_FATAL(card_read_certs(cl, NULL, "abc123", &cs, &err) == 0);
	CU_ASSERT(cs.cert[1].present);
	CU_ASSERT_STRING_EQUAL(cs.cert[1].serial, "1002");
	CU_ASSERT_STRING_EQUAL(cs.cert[1].subject, "CN=試験 一郎");
	card_certs_clear(&cs);
}

/* Sign through cardd and check the signature with the cert's key. */
static int
sign_and_check(enum card_key key, const char *pin, struct card_error *err)
{
	struct card_certs cs;
	unsigned char di[51], *sig = NULL;
	const unsigned char *p;
	size_t siglen;
	EVP_PKEY_CTX *ctx;
	X509 *x;
	int ok;

	memcpy(di, sha256_prefix, 19);
	memset(di + 19, 0x5a, 32);
	if (card_sign(cl, NULL, key, pin, di, sizeof(di), &sig, &siglen, err) == -1)
		return -1;
	if (card_read_certs(cl, NULL, key == CARD_KEY_SIGN ? pin : NULL, &cs,
	    err) == -1) {
		free(sig);
		return -1;
	}
	p = cs.cert[key == CARD_KEY_SIGN ? 1 : 0].der;
	x = d2i_X509(NULL, &p, (long)cs.cert[key == CARD_KEY_SIGN ? 1 : 0].derlen);
	ctx = EVP_PKEY_CTX_new(X509_get0_pubkey(x), NULL);
	ok = EVP_PKEY_verify_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_verify(ctx, sig, siglen, di + 19, 32) == 1;
	EVP_PKEY_CTX_free(ctx);
	X509_free(x);
	card_certs_clear(&cs);
	free(sig);
	return ok ? 0 : -2;
}

static void
test_sign(void)
{
	struct card_error err;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(sign_and_check(CARD_KEY_USER, "1234", &err) == 0);
	CU_ASSERT(sign_and_check(CARD_KEY_SIGN, "abc123", &err) == 0);
	CU_ASSERT(sign_and_check(CARD_KEY_USER, "9999", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT(sign_and_check(CARD_KEY_USER, "1234", &err) == 0);
}

/* A malformed PIN is refused before any APDU: no try used. */
static void
test_pin_format_uses_no_try(void)
{
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "12a4", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_FORMAT);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_SIGN, "ABCDEF", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_FORMAT);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "1234", "12", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_FORMAT);
	/* No PIN: the reader's PIN pad, which vpcd does not have. */
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, NULL, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NOT_SUPPORTED);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 3);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_SIGN, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 5);
}

static void
test_wrong_pin_blocks(void)
{
	struct card_error err;
	int i, tries;

	CU_ASSERT_FATAL(stack_up);
	for (i = 2; i >= 1; i--) {
		CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "0000", &err) == -1);
		CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
		CU_ASSERT_EQUAL(err.tries_left, i);
	}
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "0000", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_BLOCKED);
	/* Blocked: even the right PIN is refused, without being sent. */
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_BLOCKED);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 0);
	/* The window resets it (issuance channel). */
	CU_ASSERT(card_set_pin(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
	/* The signature PIN has 5 tries; a right entry restores them. */
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_SIGN, "XYZ999", &err) == -1);
	CU_ASSERT_EQUAL(err.tries_left, 4);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_SIGN, "ABC123", &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_SIGN, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 5);
}

static void
test_change_pin(void)
{
	struct card_error err;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_SIGN, "abc123", "new456",
	    &err) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_SIGN, "ABC123", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_SIGN, "NEW456", &err) == 0);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_SIGN, "NEW456", "ABC123",
	    &err) == 0);
	/* A wrong current PIN changes nothing. */
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "9999", "4321",
	    &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
}

/* The admin CLI over the same socket; the socket's mode. */
static void
test_cli(void)
{
	struct stat stt;
	char *out;
	int st;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(stat(sock, &stt) == 0 && (stt.st_mode & 0777) == 0660);
	out = test_output(&st, "'%s' card --socket '%s' read --pin 5678 2>&1",
	    test_prog("madoguchi"), sock);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(strstr(out, "name: 試験 一郎") != NULL);
	CU_ASSERT(strstr(out, "cert user: serial=1001") != NULL);
	CU_ASSERT(strstr(out, "cert sign: none") != NULL);
	free(out);
	/* A PIN on stdin; the error is in Japanese with the tries left. */
	out = test_output(&st, "echo 0000 | '%s' card --socket '%s' verify user 2>&1",
	    test_prog("madoguchi"), sock);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT(strstr(out, "暗証番号が違います (残り2回)") != NULL);
	CU_ASSERT(strstr(out, "0000") == NULL);
	free(out);
	out = test_output(&st, "echo 1234 | '%s' card --socket '%s' verify user 2>&1",
	    test_prog("madoguchi"), sock);
	CU_ASSERT_EQUAL(st, 0);
	free(out);
	out = test_output(&st, "'%s' card --socket '%s' status 2>&1",
	    test_prog("madoguchi"), sock);
	CU_ASSERT(strstr(out, READER "\tcard emulated") != NULL);
	free(out);
}

/* Peers are checked with SO_PEERCRED: another uid is refused even when
 * the socket's mode would let it in, and the refusal is logged. */
static void
test_peer_check(void)
{
	int st;
	pid_t pid;

	CU_ASSERT_FATAL(stack_up);
	/* Let uid 65534 reach the socket: the path and the mode. */
	CU_ASSERT_FATAL(test_system("chmod 0711 '%s' '%s/run' && chmod 0666 '%s'",
	    dir, dir, sock) == 0);
	if ((pid = fork()) == 0) {
		struct card_reader_info r[CARD_READERS_MAX];
		struct card_client *c;
		struct card_error err;
		size_t n;

		if (setgroups(0, NULL) == -1 || setgid(65534) == -1 ||
		    setuid(65534) == -1)
			_exit(3);
		if ((c = card_client_open(sock, &err)) == NULL)
			_exit(4);
		if (card_readers(c, NULL, CARD_WAIT_NONE, 0, r, &n, &err) == 0)
			_exit(5);
		_exit(err.code == CARD_E_DENIED ? 0 : 6);
	}
	CU_ASSERT_FATAL(pid > 0);
	CU_ASSERT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
	test_system("chmod 0660 '%s' && chmod 0700 '%s'", sock, dir);
	CU_ASSERT(test_system("grep -q 'refused peer uid=65534' '%s/log/cardd.log'",
	    dir) == 0);
}

/* Card state survives the emulator's restart (the state file). */
static void
test_state_persists(void)
{
	struct card_error err;
	struct card_certs cs;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "1234", "2468", &err) == 0);
	CU_ASSERT_FATAL(reinsert("") == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "2468", &err) == 0);
	CU_ASSERT(card_read_certs(cl, NULL, NULL, &cs, &err) == 0);
	CU_ASSERT(cs.cert[0].present);
	card_certs_clear(&cs);
	CU_ASSERT(card_set_pin(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
}

/* ---- pulling the card at every APDU of a step ---- */

typedef int (*step_fn)(struct card_error *);

static int
step_tries(struct card_error *err)
{
	int t;

	return card_tries(cl, NULL, CARD_PIN_USER, &t, err);
}

static int
step_verify(struct card_error *err)
{
	return card_verify(cl, NULL, CARD_PIN_USER, "1234", err);
}

static int
step_change(struct card_error *err)
{
	return card_change_pin(cl, NULL, CARD_PIN_USER, "1234", "8642", err);
}

static int
step_sign(struct card_error *err)
{
	unsigned char di[51] = { 0 }, *sig;
	size_t siglen;

	memcpy(di, sha256_prefix, 19);
	if (card_sign(cl, NULL, CARD_KEY_SIGN, "ABC123", di, sizeof(di), &sig,
	    &siglen, err) == -1)
		return -1;
	free(sig);
	return 0;
}

static int
step_identity(struct card_error *err)
{
	struct card_identity id;

	return card_identity(cl, NULL, "5678", &id, err);
}

static int
step_certs(struct card_error *err)
{
	struct card_certs cs;

	if (card_read_certs(cl, NULL, "ABC123", &cs, err) == -1)
		return -1;
	card_certs_clear(&cs);
	return 0;
}

/* The card's persisted PINs: as before any step (values, full tries). */
static int
card_untouched(void)
{
	char u[32], s[32], p[32];

	return state_pin("user", u, sizeof(u)) == 3 && strcmp(u, "1234") == 0 &&
	    state_pin("sign", s, sizeof(s)) == 5 && strcmp(s, "ABC123") == 0 &&
	    state_pin("support", p, sizeof(p)) == 3 && strcmp(p, "5678") == 0;
}

/* Kill the card on receiving APDU n = 2, 3, ... until the step completes
 * (APDU 1 of a new card is cardd's probe while the test waits for the card);
 * each pull must give CARD_E_REMOVED and leave the card as it was. Returns
 * the number of APDUs the step used. */
static int
pull_loop(const char *what, step_fn fn, int stride)
{
	struct card_error err;
	char args[64];
	int64_t t0 = util_now_ms();
	int n, rc;

	for (n = 2; n < 64; n += (n < 7 ? 1 : stride)) {
		snprintf(args, sizeof(args), "--die-after-apdus %d", n);
		CU_ASSERT_FATAL(reinsert(args) == 0);
		rc = fn(&err);
		if (rc == 0)
			break;
		if (err.code != CARD_E_REMOVED)
			fprintf(stderr, "%s, pulled at APDU %d: %s (%s)\n", what,
			    n, card_error_name(err.code), err.detail);
		CU_ASSERT_EQUAL(err.code, CARD_E_REMOVED);
		CU_ASSERT(card_untouched());
	}
	CU_ASSERT(n > 3 && n < 64);	/* a multi-APDU step that finished */
	CU_ASSERT_FATAL(reinsert("") == 0);
	fprintf(stderr, "%s: %d APDUs, %lld ms\n", what, n - 2,
	    (long long)(util_now_ms() - t0));
	return n - 2;
}

static void
test_pull_card_mid_step(void)
{
	struct card_error err;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(card_untouched());
	pull_loop("tries", step_tries, 1);
	CU_ASSERT(card_untouched());
	pull_loop("verify", step_verify, 1);
	CU_ASSERT(card_untouched());
	pull_loop("sign", step_sign, 1);
	CU_ASSERT(card_untouched());
	pull_loop("identity", step_identity, 1);
	CU_ASSERT(card_untouched());
	pull_loop("certs", step_certs, 3);
	CU_ASSERT(card_untouched());
	pull_loop("change-pin", step_change, 1);
	/* The change went through only when the step said so. */
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "8642", &err) == 0);
	CU_ASSERT(card_set_pin(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
}

/* ---- two clients ---- */

static int
raw_connect(void)
{
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy_m(sun.sun_path, sock, sizeof(sun.sun_path));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}


/* A claim holds the card that was in the reader when it was made: once a
 * card is pulled and one put in (the same or another), every step on the
 * claim is refused as removed until the client claims again. */
static void
test_claim_holds_card(void)
{
	struct card_identity id;
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(card_claim(cl, NULL, 0, NULL, &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT_FATAL(reinsert("") == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_REMOVED);
	CU_ASSERT(card_identity(cl, NULL, NULL, &id, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_REMOVED);
	CU_ASSERT(card_release(cl, &err) == 0);
	CU_ASSERT_FATAL(card_claim(cl, NULL, 0, NULL, &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT(card_release(cl, &err) == 0);
}

static void
test_two_clients_one_reader(void)
{
	struct card_client *b;
	struct card_error err;
	struct card_msg req, resp;
	char held[CARD_READER_MAX];
	int fd, tries;
	int64_t t0;

	CU_ASSERT_FATAL(stack_up);
	b = card_client_open(sock, &err);
	CU_ASSERT_FATAL(b != NULL);
	CU_ASSERT_FATAL(card_claim(cl, NULL, 0, held, &err) == 0);
	CU_ASSERT_STRING_EQUAL(held, READER);
	/* B: busy at once, and after waiting 300 ms. */
	CU_ASSERT(card_tries(b, NULL, CARD_PIN_USER, &tries, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_BUSY);
	t0 = util_now_ms();
	CU_ASSERT(card_claim(b, READER, 300, NULL, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_BUSY);
	CU_ASSERT(util_now_ms() - t0 >= 280);
	/* A still works while holding it. */
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	/* B waits in a claim; A releases; B gets the reader. */
	fd = raw_connect();	/* C: a waiting claim, by hand */
	CU_ASSERT_FATAL(fd != -1);
	card_msg_init(&req, CARD_MSG_CLAIM);
	strcpy(req.reader, READER);
	req.timeout_ms = 10000;
	CU_ASSERT_FATAL(card_msg_send(fd, &req) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT(card_release(cl, &err) == 0);
	CU_ASSERT_FATAL(card_msg_recv(fd, &resp, 5000) == 0);
	CU_ASSERT_EQUAL(resp.type, CARD_MSG_CLAIM_OK);
	card_msg_clear(&resp);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_BUSY);
	/* C's hanging up frees the reader. */
	close(fd);
	card_client_close(b);
	CU_ASSERT(card_claim(cl, READER, 3000, NULL, &err) == 0);
	CU_ASSERT(card_release(cl, &err) == 0);
}

/* Send bytes, expect cardd to close the connection; *answer gets the
 * error code it sent first (0: none). */
static int
dropped_after(const void *p, size_t n, uint32_t *answer)
{
	struct card_msg m;
	char buf[64];
	struct timeval tv = { 5, 0 };
	int fd = raw_connect();
	ssize_t r;

	*answer = 0;
	if (fd == -1)
		return 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (write(fd, p, n) != (ssize_t)n) {
		close(fd);
		return 0;
	}
	if (card_msg_recv(fd, &m, 5000) == 0) {
		*answer = m.type == CARD_MSG_ERROR ? m.code : 999;
		card_msg_clear(&m);
	}
	r = read(fd, buf, sizeof(buf));
	close(fd);
	return r == 0;
}

static void
test_garbage_drops_client_only(void)
{
	static const unsigned char hdr_bad_version[8] = { 0, 9, 0, 1, 0, 0, 0, 0 };
	static const unsigned char answer_as_request[8] = { 0, 1, 0, 0x80, 0, 0, 0, 0 };
	static const unsigned char short_body[12] = { 0, 1, 0, 0x06, 0, 0, 0, 4,
		0, 0, 0, 9 };	/* tries: reader length 9 > body */
	struct card_error err;
	uint32_t code;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(dropped_after("GET / HTTP/1.0\r\n\r\n", 18, &code));
	/* Another version: told which one cardd speaks, then dropped. */
	CU_ASSERT(dropped_after(hdr_bad_version, sizeof(hdr_bad_version), &code));
	CU_ASSERT_EQUAL(code, CARD_E_PROTO);
	CU_ASSERT(dropped_after(answer_as_request, sizeof(answer_as_request), &code));
	CU_ASSERT_EQUAL(code, 0);
	CU_ASSERT(dropped_after(short_body, sizeof(short_body), &code));
	CU_ASSERT_EQUAL(code, 0);
	/* The service and the other client go on. */
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	CU_ASSERT_EQUAL(tries, 3);
}

/* Issue 14 item 5: 64 connections that never send a request fill every
 * slot, yet a real `madoguchi card status` gets in within a few seconds
 * (an idle one is pushed out), and the client that has been working
 * (cl) is not the one pushed out; a request left half-sent is dropped. */
static void
test_idle_clients_no_lockout(void)
{
	struct card_error err;
	struct timeval tv = { 20, 0 };
	int fds[64], half, i, st = -1, tries;
	int64_t t0;
	char *out, buf[16];

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	for (i = 0; i < 64; i++)
		CU_ASSERT((fds[i] = raw_connect()) != -1);
	t0 = util_now_ms();
	out = test_output(&st, "timeout 10 '%s' card --socket '%s' status 2>&1",
	    test_prog("madoguchi"), sock);
	if (st != 0)
		fprintf(stderr, "card status: exit %d: %s\n", st, out);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(util_now_ms() - t0 < 5000);
	free(out);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	for (i = 0; i < 64; i++)
		if (fds[i] != -1)
			close(fds[i]);
	/* Half a header, then nothing: dropped (10 s), not kept forever. */
	half = raw_connect();
	CU_ASSERT_FATAL(half != -1);
	setsockopt(half, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CU_ASSERT_EQUAL(write(half, "\0\1\0", 3), 3);
	t0 = util_now_ms();
	CU_ASSERT_EQUAL(read(half, buf, sizeof(buf)), 0);
	CU_ASSERT(util_now_ms() - t0 < 15000);
	close(half);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
}

static int
log_says_dropped(void *arg)
{
	(void)arg;
	return test_system("grep -q 'answer not taken' '%s/log/cardd.log'",
	    dir) == 0;
}

/* A client that sends requests but never reads the answers is dropped
 * when its socket buffer is full (5 s send timeout); others are served. */
static void
test_client_not_reading(void)
{
	struct card_msg req;
	struct card_error err;
	unsigned char *one, *flood, buf[65536];
	size_t len, i, count = 4000;
	int fd, tries;
	ssize_t n;
	struct timeval tv = { 20, 0 };

	CU_ASSERT_FATAL(stack_up);
	fd = raw_connect();
	CU_ASSERT_FATAL(fd != -1);
	card_msg_init(&req, CARD_MSG_CERTS);
	CU_ASSERT_FATAL(card_msg_encode(&req, &one, &len) == 0);
	flood = malloc(len * count);
	for (i = 0; i < count; i++)
		memcpy(flood + i * len, one, len);
	CU_ASSERT(write(fd, flood, len * count) == (ssize_t)(len * count));
	free(flood);
	free(one);
	/* Without reading: cardd gives up on it after its send timeout. */
	CU_ASSERT(test_wait(log_says_dropped, NULL, 15000));
	/* Another client is served. */
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0);
	/* The flooder was dropped: draining its answers ends in EOF (or a
	 * reset: cardd closed with requests of it unread), not a timeout. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	CU_ASSERT(n == 0 || errno == ECONNRESET);
	close(fd);
}

/* ---- OpenSC as the outside check ---- */

static void
test_opensc_accepts_card(void)
{
	char *out, *pub;
	int st;

	CU_ASSERT_FATAL(stack_up);
	out = test_output(&st, "OPENSC_DRIVER=jpki pkcs15-tool --list-certificates 2>&1");
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(strstr(out, "User Authentication Certificate") != NULL);
	CU_ASSERT(strstr(out, "Encoded serial : 02 02 1001") != NULL);
	CU_ASSERT(strstr(out, "Digital Signature Certificate") != NULL);
	free(out);
	pub = NULL;
	if (asprintf(&pub, "%s/t", dir) == -1)
		return;
	CU_ASSERT(test_system("mkdir -p '%s' && cd '%s' && echo 'madoguchi' > data && "
	    "openssl dgst -sha256 -binary data > h.bin && "
	    "OPENSC_DRIVER=jpki pkcs15-tool --read-certificate 01 > user.pem 2>/dev/null && "
	    "openssl x509 -in user.pem -pubkey -noout > pub.pem && "
	    "OPENSC_DRIVER=jpki pkcs15-crypt -s -k 01 --sha-256 --pkcs1 -i h.bin "
	    "-o sig.bin -p 1234 >/dev/null 2>&1", pub, pub) == 0);
	out = test_output(&st, "cd '%s' && openssl dgst -sha256 -verify pub.pem "
	    "-signature sig.bin data 2>&1", pub);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(strstr(out, "Verified OK") != NULL);
	free(out);
	/* A signature by the card's other key does not verify. */
	CU_ASSERT(test_system("cd '%s' && OPENSC_DRIVER=jpki pkcs15-crypt -s -k 02 "
	    "--sha-256 --pkcs1 -i h.bin -o sig2.bin -p ABC123 >/dev/null 2>&1 && "
	    "! openssl dgst -sha256 -verify pub.pem -signature sig2.bin data "
	    ">/dev/null 2>&1", pub) == 0);
	free(pub);
}

static int
socket_answers(void *path)
{
	struct card_client *c = card_client_open(path, NULL);

	card_client_close(c);
	return c != NULL;
}

static int
file_exists(void *path)
{
	return access(path, F_OK) == 0;
}

/* Another PC/SC program (OpenSC) uses the card while cardd runs steps:
 * each side's steps stay whole because each runs in a transaction. (Steps
 * without a PIN: one with a PIN ends with a card reset, which another
 * program sees as SCARD_W_RESET_CARD, by design.) */
static void
test_opensc_and_cardd_at_once(void)
{
	struct card_identity id;
	struct card_error err;
	char done[4200], *out;
	int i, fails = 0, tries;

	CU_ASSERT_FATAL(stack_up);
	snprintf(done, sizeof(done), "%s/opensc.done", dir);
	CU_ASSERT_FATAL(test_system("(n=0; for i in 1 2 3 4 5 6; do "
	    "OPENSC_DRIVER=jpki pkcs15-tool --list-certificates >/dev/null 2>&1 "
	    "|| n=$((n+1)); done; echo $n > '%s.tmp'; mv '%s.tmp' '%s') &",
	    done, done, done) == 0);
	for (i = 0; i < 30 || !file_exists(done); i++) {
		struct card_certs cs;

		if (i % 3 == 0) {
			fails += card_read_certs(cl, NULL, NULL, &cs, &err) != 0;
			card_certs_clear(&cs);
		} else if (i % 3 == 1)
			fails += card_identity(cl, NULL, NULL, &id, &err) != 0;
		else
			fails += card_tries(cl, NULL, CARD_PIN_SIGN, &tries, &err) != 0;
		if (i > 2000)
			break;
	}
	CU_ASSERT_EQUAL(fails, 0);
	CU_ASSERT_FATAL(test_wait(file_exists, done, 30000));
	out = test_output(NULL, "cat '%s'", done);
	CU_ASSERT_STRING_EQUAL(out, "0\n");	/* every OpenSC run succeeded */
	free(out);
}

/* Issuance on a reader that is not the emulated card: refused. */
static void
test_issuance_not_supported_elsewhere(void)
{
	struct card_client *c2;
	struct card_error err;
	unsigned char *spki;
	size_t len;
	char path[4200];

	CU_ASSERT_FATAL(stack_up);
	snprintf(path, sizeof(path), "%s/run/cardd2.sock", dir);
	CU_ASSERT_FATAL(test_system("'%s' --socket '%s' >>'%s/log/cardd2.log' 2>&1 & "
	    "echo $! > '%s/run/cardd2.pid'", test_prog("madoguchi-cardd"), path,
	    dir, dir) == 0);
	CU_ASSERT_FATAL(test_wait(socket_answers, path, 5000));
	c2 = card_client_open(path, &err);
	CU_ASSERT_FATAL(c2 != NULL);
	CU_ASSERT(card_generate_key(c2, NULL, CARD_KEY_USER, &spki, &len, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NOT_SUPPORTED);
	CU_ASSERT(card_face_lock(c2, NULL, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NOT_SUPPORTED);
	card_client_close(c2);
	test_system("kill $(cat '%s/run/cardd2.pid')", dir);
}

static void
test_face_lock(void)
{
	struct card_error err;
	struct card_certs cs;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(card_face_lock(cl, NULL, &err) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_BLOCKED);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_SIGN, &tries, &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NO_FILE);
	CU_ASSERT(card_read_certs(cl, NULL, NULL, &cs, &err) == 0);
	CU_ASSERT(cs.cert[0].present);	/* the user cert stays */
	card_certs_clear(&cs);
	/* Back to a PIN card; the signature key is gone for good. */
	CU_ASSERT(card_set_pin(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
	CU_ASSERT(card_set_pin(cl, NULL, CARD_PIN_SIGN, "ABC123", &err) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == 0);
	CU_ASSERT(sign_and_check(CARD_KEY_SIGN, "ABC123", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NO_FILE);
}

/* pcscd restarts: the card reconnects, cardd makes a new context. */
static void
test_pcscd_restart(void)
{
	struct card_identity id;
	struct card_error err;
	char cmd[4200];

	CU_ASSERT_FATAL(stack_up);
	snprintf(cmd, sizeof(cmd), "pcscd-restart '%s'", dir);
	CU_ASSERT_FATAL(stack(cmd) == 0);
	CU_ASSERT(wait_card(1, 10000));
	CU_ASSERT(card_identity(cl, NULL, NULL, &id, &err) == 0);
	CU_ASSERT_STRING_EQUAL(id.token, "JPKIAPICCTOKEN2");
}

/* ---- the emulated PIN pad ---- */

/* The pad flags the reader list gives the emulated reader (PINPAD |
 * PINPAD_MOD), -1 when it is not listed. */
static int
pad_flags(void)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct card_error err;
	size_t n, i;

	if (card_readers(cl, NULL, CARD_WAIT_NONE, 0, r, &n, &err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(r[i].name, READER) == 0)
			return (int)(r[i].flags & (CARD_READER_PINPAD |
			    CARD_READER_PINPAD_MOD));
	return -1;
}

/* What the holder will press on the emulated reader's pad. */
static int
pad_keys(const char *const entries[], size_t n)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/run/vcard-admin.sock", dir);
	return test_vcard_pad_keys(path, entries, n);
}

/* The test card's reader has no pad: no pad flags, "" refused without a
 * try, the emulator refuses pad keys. */
static void
test_pinpad_absent(void)
{
	static const char *const k[] = { "1234" };
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_EQUAL(pad_flags(), 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NOT_SUPPORTED);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0 &&
	    tries == 3);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "", "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_NOT_SUPPORTED);
	CU_ASSERT(pad_keys(k, 1) == -1);
}

/* The PIN-pad card goes in (a swap: pcscd sees the card change, so cardd
 * asks the emulator again); the reader list shows both pad flags. */
static void
test_pinpad_flags(void)
{
	char cmd[4200];

	CU_ASSERT_FATAL(stack_up);
	snprintf(cmd, sizeof(cmd), "vcard-stop '%s'", dir);
	CU_ASSERT_FATAL(stack(cmd) == 0 && wait_card(0, 5000));
	snprintf(cmd, sizeof(cmd), "vcard-swap '%s' '%s/tests/card/"
	    "test-card-pinpad.json'", dir, test_top_dir());
	CU_ASSERT_FATAL(stack(cmd) == 0 && wait_card(1, 5000));
	CU_ASSERT_EQUAL(pad_flags(), CARD_READER_PINPAD | CARD_READER_PINPAD_MOD);
}

static void
test_pinpad_verify(void)
{
	static const char *const right[] = { "1234" }, *const wrong[] = { "0000" };
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(pad_keys(right, 1) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0 &&
	    tries == 3);
	CU_ASSERT_FATAL(pad_keys(wrong, 1) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(err.tries_left, 2);
	/* Nothing pressed: the pad times out, the card is not asked. */
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_CANCELLED);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0 &&
	    tries == 2);
	CU_ASSERT_FATAL(pad_keys(right, 1) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0 &&
	    tries == 3);
}

static void
test_pinpad_change(void)
{
	static const char *const change[] = { "1234", "4321", "4321" },
	    *const differ[] = { "4321", "1111", "2222" };
	struct card_error err;
	int tries;

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(pad_keys(change, 3) == 0);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "", "", &err) == 0);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1234", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "4321", &err) == 0);
	/* The confirmation differs: the pad refuses, the PIN stays, no
	 * entry is left over for the next step. */
	CU_ASSERT_FATAL(pad_keys(differ, 3) == 0);
	CU_ASSERT(card_change_pin(cl, NULL, CARD_PIN_USER, "", "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_FORMAT);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_CANCELLED);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "1111", &err) == -1);
	CU_ASSERT_EQUAL(err.code, CARD_E_PIN_WRONG);
	CU_ASSERT(card_verify(cl, NULL, CARD_PIN_USER, "4321", &err) == 0);
	CU_ASSERT(card_tries(cl, NULL, CARD_PIN_USER, &tries, &err) == 0 &&
	    tries == 3);
}

/* The test card back in: no pad again. */
static void
test_pinpad_gone(void)
{
	static const char *const k[] = { "1234" };

	CU_ASSERT_FATAL(stack_up);
	CU_ASSERT_FATAL(reinsert("") == 0);
	CU_ASSERT_EQUAL(pad_flags(), 0);
	CU_ASSERT(pad_keys(k, 1) == -1);
}

static CU_TestInfo card_stack_tests[] = {
	{ "readers and card presence", test_readers },
	{ "identity and basic 4 info", test_identity },
	{ "card-face record with PIN B", test_face },
	{ "issue keys and certs, read them back", test_issue_and_read_certs },
	{ "sign with either key", test_sign },
	{ "a malformed PIN uses no try", test_pin_format_uses_no_try },
	{ "wrong PIN counts down and blocks", test_wrong_pin_blocks },
	{ "change PIN", test_change_pin },
	{ "madoguchi card CLI", test_cli },
	{ "peers are checked", test_peer_check },
	{ "card state persists", test_state_persists },
	{ "two clients, one reader", test_two_clients_one_reader },
	{ "a claim holds the card that was there", test_claim_holds_card },
	{ "garbage drops that client only", test_garbage_drops_client_only },
	{ "a client not reading is dropped", test_client_not_reading },
	{ "64 idle clients do not lock a real one out",
	  test_idle_clients_no_lockout },
	{ "OpenSC lists the certs and signs", test_opensc_accepts_card },
	{ "OpenSC and cardd use the card at once", test_opensc_and_cardd_at_once },
	{ "pull the card at every APDU of each step", test_pull_card_mid_step },
	{ "issuance refused on other readers", test_issuance_not_supported_elsewhere },
	{ "face-auth lock", test_face_lock },
	{ "pcscd restart", test_pcscd_restart },
	{ "no PIN pad: no flags, \"\" refused", test_pinpad_absent },
	{ "PIN pad: the reader list shows it", test_pinpad_flags },
	{ "PIN pad: verify, wrong, nothing pressed", test_pinpad_verify },
	{ "PIN pad: change, a confirmation that differs", test_pinpad_change },
	{ "PIN pad: gone with its card", test_pinpad_gone },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(card_stack, "card.stack", card_stack_init, card_stack_cleanup,
    card_stack_tests)
