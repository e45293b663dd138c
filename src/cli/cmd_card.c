/*
 * `madoguchi card ...`: the card-reader service from the command line, for
 * admins and tests. Every subcommand is one or two cardd requests through
 * the client library (include/madoguchi/card.h). The socket is --socket,
 * or $MADOGUCHI_CARDD, or STATE/run/cardd.sock. PINs come from --pin /
 * --new-pin or, better (not visible in ps), one line each on stdin; they
 * are wiped after use and never printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "madoguchi/card.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "cli.h"

struct card_cli {
	struct card_client *cl;
	const char	*reader;
	char		pin[CARD_PIN_MAX + 2];
	char		newpin[CARD_PIN_MAX + 2];
};

static const struct {
	const char	*name;
	int		value;
} card_cli_kinds[] = {
	{ "user", CARD_PIN_USER }, { "sign", CARD_PIN_SIGN },
	{ "support", CARD_PIN_SUPPORT },
};

static const char *const card_cli_slots[] = { NULL, "user", "user_ca",
	"sign", "sign_ca" };

static int
card_cli_fail(const struct card_error *err)
{
	if (err->tries_left >= 0)
		cli_error("%s (残り%d回) [%s: %s]", card_error_ja(err->code),
		    err->tries_left, card_error_name(err->code), err->detail);
	else
		cli_error("%s [%s: %s]", card_error_ja(err->code),
		    card_error_name(err->code), err->detail);
	return 1;
}

static int
card_cli_kind(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < nitems(card_cli_kinds); i++)
		if (strcmp(s, card_cli_kinds[i].name) == 0)
			return card_cli_kinds[i].value;
	cli_error("暗証番号の種類: user, sign, support のどれかです (%s ではあり"
	    "ません)", s != NULL ? s : "指定なし");
	return -1;
}

/* A PIN from the option, else one line of stdin ("" for the PIN pad). */
static void
card_cli_pin(char *dst, size_t size, const char *opt)
{
	size_t n;

	dst[0] = '\0';
	if (opt != NULL) {
		strlcpy_m(dst, opt, size);
		return;
	}
	if (fgets(dst, (int)size, stdin) == NULL) {
		dst[0] = '\0';
		return;
	}
	n = strcspn(dst, "\r\n");
	dst[n] = '\0';
}

static int
card_cli_status(struct card_cli *cc, int argc, char **argv)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct card_error err;
	const char *w = cli_take_opt(&argc, argv, "--wait");
	const char *t = cli_take_opt(&argc, argv, "--timeout");
	enum card_wait wait = CARD_WAIT_NONE;
	size_t n, i;

	if (w != NULL && strcmp(w, "present") == 0)
		wait = CARD_WAIT_PRESENT;
	else if (w != NULL && strcmp(w, "absent") == 0)
		wait = CARD_WAIT_ABSENT;
	else if (w != NULL) {
		cli_error("--wait: present, absent のどちらかです (%s ではありま"
		    "せん)", w);
		return 2;
	}
	if (card_readers(cc->cl, cc->reader, wait, t != NULL ?
	    (uint32_t)strtoul(t, NULL, 10) : 10000, r, &n, &err) == -1)
		return card_cli_fail(&err);
	for (i = 0; i < n; i++)
		printf("%s\t%s%s%s%s\n", r[i].name,
		    (r[i].flags & CARD_READER_PRESENT) ? "card" : "empty",
		    (r[i].flags & CARD_READER_CLAIMED) ? " claimed" : "",
		    (r[i].flags & CARD_READER_PINPAD) ? " pinpad" : "",
		    (r[i].flags & CARD_READER_EMULATED) ? " emulated" : "");
	if (n == 0)
		printf("読取機がありません\n");
	return 0;
}

static int
card_cli_read(struct card_cli *cc, int argc, char **argv)
{
	struct card_identity id;
	struct card_certs cs;
	struct card_error err;
	const char *pin = cli_take_opt(&argc, argv, "--pin");
	const char *spin = cli_take_opt(&argc, argv, "--sign-pin");
	size_t i;
	int rc;

	if (card_identity(cc->cl, cc->reader, pin, &id, &err) == -1)
		return card_cli_fail(&err);
	printf("token: %s\ncard_number: %s\n", id.token, id.card_number);
	if (id.has_basic4)
		printf("name: %s\naddress: %s\nbirth: %s\nsex: %s\n", id.name,
		    id.address, id.birth, id.sex);
	rc = card_read_certs(cc->cl, cc->reader, spin, &cs, &err);
	if (rc == -1)
		return card_cli_fail(&err);
	for (i = 0; i < cs.n; i++) {
		const struct card_cert *c = &cs.cert[i];
		if (!c->present)
			printf("cert %s: none\n", card_cli_slots[c->slot]);
		else
			printf("cert %s: serial=%s not_before=%s not_after=%s "
			    "subject=%s\n", card_cli_slots[c->slot], c->serial,
			    c->not_before, c->not_after, c->subject);
	}
	card_certs_clear(&cs);
	return 0;
}

static int
card_cli_tries(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	int kind = card_cli_kind(argc > 1 ? argv[1] : NULL), tries;

	if (kind == -1)
		return 2;
	if (card_tries(cc->cl, cc->reader, kind, &tries, &err) == -1)
		return card_cli_fail(&err);
	printf("%d\n", tries);
	return 0;
}

static int
card_cli_verify(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	const char *opt = cli_take_opt(&argc, argv, "--pin");
	int kind = card_cli_kind(argc > 1 ? argv[1] : NULL), rc;

	if (kind == -1)
		return 2;
	card_cli_pin(cc->pin, sizeof(cc->pin), opt);
	rc = card_verify(cc->cl, cc->reader, kind, cc->pin[0] ? cc->pin : NULL,
	    &err);
	if (rc == -1)
		return card_cli_fail(&err);
	printf("ok\n");
	return 0;
}

static int
card_cli_change(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	const char *o = cli_take_opt(&argc, argv, "--pin");
	const char *n = cli_take_opt(&argc, argv, "--new-pin");
	int kind = card_cli_kind(argc > 1 ? argv[1] : NULL);

	if (kind == -1)
		return 2;
	card_cli_pin(cc->pin, sizeof(cc->pin), o);
	card_cli_pin(cc->newpin, sizeof(cc->newpin), n);
	if (card_change_pin(cc->cl, cc->reader, kind, cc->pin[0] ? cc->pin :
	    NULL, cc->newpin[0] ? cc->newpin : NULL, &err) == -1)
		return card_cli_fail(&err);
	printf("ok\n");
	return 0;
}

static int
card_cli_write_file(const char *path, const unsigned char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL) {
		cli_error("--out: %s に書き込めません (%s)", path,
		    cli_errno_ja(errno));
		return 1;
	}
	ok = fwrite(p, 1, n, f) == n;
	if (fclose(f) != 0 || !ok) {
		cli_error("--out: %s に書き込めません", path);
		return 1;
	}
	return 0;
}

/* sign KIND --in FILE --out FILE: SHA-256 of FILE, DigestInfo, card. */
static int
card_cli_sign(struct card_cli *cc, int argc, char **argv)
{
	static const unsigned char prefix[19] = { 0x30, 0x31, 0x30, 0x0d, 0x06,
	    0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
	    0x00, 0x04, 0x20 };
	struct card_error err;
	const char *opt = cli_take_opt(&argc, argv, "--pin");
	const char *in = cli_take_opt(&argc, argv, "--in");
	const char *out = cli_take_opt(&argc, argv, "--out");
	unsigned char di[51], buf[4096], *sig;
	unsigned int mdlen;
	size_t siglen, n;
	EVP_MD_CTX *md;
	FILE *f;
	int kind = argc > 1 && strcmp(argv[1], "sign") == 0 ? CARD_KEY_SIGN :
	    CARD_KEY_USER, rc;

	if (in == NULL || out == NULL) {
		cli_error("使い方: madoguchi card sign user|sign --in FILE --out "
		    "FILE");
		return 2;
	}
	if ((f = fopen(in, "rb")) == NULL) {
		cli_error("--in: %s を読めません (%s)", in, cli_errno_ja(errno));
		return 1;
	}
	md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		EVP_DigestUpdate(md, buf, n);
	fclose(f);
	memcpy(di, prefix, sizeof(prefix));
	EVP_DigestFinal_ex(md, di + sizeof(prefix), &mdlen);
	EVP_MD_CTX_free(md);
	card_cli_pin(cc->pin, sizeof(cc->pin), opt);
	if (card_sign(cc->cl, cc->reader, kind, cc->pin[0] ? cc->pin : NULL, di,
	    sizeof(di), &sig, &siglen, &err) == -1)
		return card_cli_fail(&err);
	rc = card_cli_write_file(out, sig, siglen);
	free(sig);
	return rc;
}

static int
card_cli_genkey(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	const char *out = cli_take_opt(&argc, argv, "--out");
	unsigned char *spki;
	size_t len;
	int kind = argc > 1 && strcmp(argv[1], "sign") == 0 ? CARD_KEY_SIGN :
	    CARD_KEY_USER, rc;

	if (argc < 2 || out == NULL) {
		cli_error("使い方: madoguchi card genkey user|sign --out FILE "
		    "(DER の SubjectPublicKeyInfo を書きます)");
		return 2;
	}
	if (card_generate_key(cc->cl, cc->reader, kind, &spki, &len, &err) == -1)
		return card_cli_fail(&err);
	rc = card_cli_write_file(out, spki, len);
	free(spki);
	return rc;
}

/* write-cert SLOT FILE (DER or PEM). */
static int
card_cli_write_cert(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	unsigned char *der = NULL;
	X509 *x = NULL;
	FILE *f;
	size_t slot;
	int len;

	for (slot = 1; argc > 1 && slot < nitems(card_cli_slots); slot++)
		if (strcmp(argv[1], card_cli_slots[slot]) == 0)
			break;
	if (argc < 3 || slot == nitems(card_cli_slots)) {
		cli_error("使い方: madoguchi card write-cert "
		    "user|user_ca|sign|sign_ca FILE");
		return 2;
	}
	if ((f = fopen(argv[2], "rb")) == NULL) {
		cli_error("%s を読めません (%s)", argv[2], cli_errno_ja(errno));
		return 1;
	}
	if ((x = PEM_read_X509(f, NULL, NULL, NULL)) == NULL) {
		rewind(f);
		x = d2i_X509_fp(f, NULL);
	}
	fclose(f);
	if (x == NULL || (len = i2d_X509(x, &der)) <= 0) {
		X509_free(x);
		cli_error("%s は証明書 (PEM か DER) ではありません", argv[2]);
		return 1;
	}
	X509_free(x);
	if (card_write_cert(cc->cl, cc->reader, (enum card_cert_slot)slot, der,
	    (size_t)len, &err) == -1) {
		OPENSSL_free(der);
		return card_cli_fail(&err);
	}
	OPENSSL_free(der);
	printf("ok\n");
	return 0;
}

static int
card_cli_set_pin(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	const char *opt = cli_take_opt(&argc, argv, "--pin");
	int kind = card_cli_kind(argc > 1 ? argv[1] : NULL);

	if (kind == -1)
		return 2;
	card_cli_pin(cc->pin, sizeof(cc->pin), opt);
	if (card_set_pin(cc->cl, cc->reader, kind, cc->pin, &err) == -1)
		return card_cli_fail(&err);
	printf("ok\n");
	return 0;
}

static int
card_cli_face_lock(struct card_cli *cc, int argc, char **argv)
{
	struct card_error err;
	int rc;

	rc = argc > 0 && strcmp(argv[0], "delete-sign") == 0 ?
	    card_delete_sign(cc->cl, cc->reader, &err) :
	    card_face_lock(cc->cl, cc->reader, &err);
	if (rc == -1)
		return card_cli_fail(&err);
	printf("ok\n");
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(struct card_cli *, int, char **);
} card_cli_table[] = {
	{ "status", card_cli_status },
	{ "read", card_cli_read },
	{ "tries", card_cli_tries },
	{ "verify", card_cli_verify },
	{ "change-pin", card_cli_change },
	{ "sign", card_cli_sign },
	{ "genkey", card_cli_genkey },
	{ "write-cert", card_cli_write_cert },
	{ "set-pin", card_cli_set_pin },
	{ "face-lock", card_cli_face_lock },
	{ "delete-sign", card_cli_face_lock },
};

int
cmd_card(int argc, char **argv)
{
	struct card_cli cc;
	struct card_error err;
	const char *sock = cli_take_opt(&argc, argv, "--socket");
	const char *state = cli_take_opt(&argc, argv, "--state");
	const char *env = getenv("MADOGUCHI_CARDD");
	char *path;
	size_t i;
	int rc;

	memset(&cc, 0, sizeof(cc));
	cc.reader = cli_take_opt(&argc, argv, "--reader");
	if (argc < 2) {
		cli_error("使い方: madoguchi card status|read|tries|verify|"
		    "change-pin|sign|genkey|write-cert|set-pin|face-lock|"
		    "delete-sign ...");
		return 2;
	}
	for (i = 0; i < nitems(card_cli_table); i++)
		if (strcmp(argv[1], card_cli_table[i].name) == 0)
			break;
	if (i == nitems(card_cli_table)) {
		cli_error("card に %s というコマンドはありません", argv[1]);
		return 2;
	}
	if (sock != NULL)
		path = xstrdup(sock);
	else if (env != NULL && *env != '\0' && state == NULL)
		path = xstrdup(env);
	else
		path = state_path(cli_state_dir(state), STATE_CARDD_SOCK);
	cc.cl = card_client_open(path, &err);
	free(path);
	if (cc.cl == NULL)
		return card_cli_fail(&err);
	rc = card_cli_table[i].fn(&cc, argc - 1, argv + 1);
	OPENSSL_cleanse(cc.pin, sizeof(cc.pin));
	OPENSSL_cleanse(cc.newpin, sizeof(cc.newpin));
	card_client_close(cc.cl);
	return rc;
}
