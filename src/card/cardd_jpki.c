/*
 * The JPKI steps of cardd, each a short APDU sequence run on an open card
 * inside one PC/SC transaction (research/card.md §3-§5): identity (token,
 * then the input-support AP's basic 4 info), the card-face record (PIN B),
 * certificates, tries, verify,
 * change PIN and sign. PINs are format-checked before any APDU, so a
 * malformed PIN uses no try, and every buffer that held a PIN is wiped.
 * The only step that changes the card is the last APDU of change-pin (and
 * the try counter of a VERIFY), so a card pulled earlier changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "madoguchi/util.h"
#include "cardd.h"

static const unsigned char cardd_aid_jpki[] =
    { 0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
static const unsigned char cardd_aid_support[] =
    { 0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };
static const unsigned char cardd_aid_face[] =
    { 0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02 };

/* Where each PIN lives and its length limits. */
static const struct cardd_pin_spec {
	enum card_pin	kind;
	const unsigned char *aid;
	uint16_t	fid;
	int		minlen, maxlen;
} cardd_pin_table[] = {
	{ CARD_PIN_USER, cardd_aid_jpki, 0x0018, 4, 4 },
	{ CARD_PIN_SIGN, cardd_aid_jpki, 0x001b, 6, 16 },
	{ CARD_PIN_SUPPORT, cardd_aid_support, 0x0011, 4, 4 },
	{ CARD_PIN_FACE_B, cardd_aid_face, 0x0012, 14, 14 },
};

/* The cert EFs, in the order OpenSC reads them. */
static const struct {
	enum card_cert_slot slot;
	uint16_t	fid;
} cardd_cert_table[] = {
	{ CARD_CERT_USER, 0x000a }, { CARD_CERT_SIGN, 0x0001 },
	{ CARD_CERT_USER_CA, 0x000b }, { CARD_CERT_SIGN_CA, 0x0002 },
};

static const struct cardd_pin_spec *
cardd_pin_spec(uint32_t kind)
{
	size_t i;

	for (i = 0; i < nitems(cardd_pin_table); i++)
		if ((uint32_t)cardd_pin_table[i].kind == kind)
			return &cardd_pin_table[i];
	return NULL;
}

static int
cardd_cmd(struct cardd_conn *c, const unsigned char *cmd, size_t len,
    unsigned char *resp, size_t *resplen, uint16_t *sw, struct card_error *err)
{
	return cardd_pcsc_apdu(c, cmd, len, resp, resplen, sw, err);
}

static int
cardd_select_ap(struct cardd_conn *c, const unsigned char *aid,
    struct card_error *err)
{
	unsigned char cmd[5 + 10] = { 0x00, 0xa4, 0x04, 0x0c, 10 };
	uint16_t sw;

	memcpy(cmd + 5, aid, 10);
	if (cardd_cmd(c, cmd, sizeof(cmd), NULL, NULL, &sw, err) == -1)
		return -1;
	if (sw == 0x9000)
		return 0;
	cardd_err(err, aid == cardd_aid_jpki ? CARD_E_NOT_JPKI : CARD_E_CARD, -1,
	    "SELECT AP: SW %04X", sw);
	return -1;
}

/* SELECT EF; 1 when the file does not exist (6A82). */
static int
cardd_select_ef(struct cardd_conn *c, uint16_t fid, struct card_error *err)
{
	unsigned char cmd[7] = { 0x00, 0xa4, 0x02, 0x0c, 2, fid >> 8, fid & 0xff };
	uint16_t sw;

	if (cardd_cmd(c, cmd, sizeof(cmd), NULL, NULL, &sw, err) == -1)
		return -1;
	if (sw == 0x6a82)
		return 1;
	if (sw == 0x9000)
		return 0;
	cardd_err(err, CARD_E_CARD, -1, "SELECT EF %04X: SW %04X", fid, sw);
	return -1;
}

static int
cardd_read_at(struct cardd_conn *c, size_t off, size_t n, unsigned char *out,
    size_t *got, struct card_error *err)
{
	unsigned char cmd[5] = { 0x00, 0xb0, (off >> 8) & 0x7f, off & 0xff,
	    n >= 256 ? 0 : (unsigned char)n };
	uint16_t sw;

	*got = n;
	if (cardd_cmd(c, cmd, sizeof(cmd), out, got, &sw, err) == -1)
		return -1;
	if (sw == 0x6982) {
		cardd_err(err, CARD_E_CARD, -1, "READ BINARY: PIN needed");
		return -1;
	}
	if (sw != 0x9000 && sw != 0x6282) {
		cardd_err(err, CARD_E_CARD, -1, "READ BINARY: SW %04X", sw);
		return -1;
	}
	return 0;
}

/* Length of a BER TLV from its first bytes; 0 if not yet known/bad. */
static size_t
cardd_tlv_total(const unsigned char *p, size_t n)
{
	size_t i = 1, len, k;

	if (n < 2)
		return 0;
	if ((p[0] & 0x1f) == 0x1f)
		i = 2;
	if (i >= n)
		return 0;
	if (p[i] < 0x80)
		return i + 1 + p[i];
	k = p[i] & 0x7f;
	if (k == 0 || k > 3 || i + 1 + k > n)
		return 0;
	for (len = 0; k > 0; k--)
		len = len << 8 | p[++i];
	return i + 1 + len;
}

/* Read the selected EF holding one BER TLV (a cert, FF 20...): 8 bytes
 * for its length, then pieces of at most 256 bytes. *out is the caller's. */
static int
cardd_read_tlv(struct cardd_conn *c, unsigned char **out, size_t *outlen,
    struct card_error *err)
{
	unsigned char head[8], *buf;
	size_t got, total, off;

	if (cardd_read_at(c, 0, sizeof(head), head, &got, err) == -1)
		return -1;
	total = cardd_tlv_total(head, got);
	if (total == 0 || total > CARD_DATA_MAX || total < got) {
		cardd_err(err, CARD_E_CARD, -1, "EF holds no TLV");
		return -1;
	}
	buf = xmalloc(total);
	memcpy(buf, head, got);
	for (off = got; off < total; off += got) {
		size_t want = total - off > 256 ? 256 : total - off;
		if (cardd_read_at(c, off, want, buf + off, &got, err) == -1 ||
		    got == 0) {
			if (got == 0)
				cardd_err(err, CARD_E_CARD, -1, "EF shorter than its TLV");
			free(buf);
			return -1;
		}
	}
	*out = buf;
	*outlen = total;
	return 0;
}

/* VERIFY with no data: tries left (0 blocked). */
static int
cardd_tries_left(struct cardd_conn *c, int *tries, struct card_error *err)
{
	static const unsigned char cmd[4] = { 0x00, 0x20, 0x00, 0x80 };
	uint16_t sw;

	if (cardd_cmd(c, cmd, sizeof(cmd), NULL, NULL, &sw, err) == -1)
		return -1;
	if ((sw & 0xfff0) == 0x63c0)
		*tries = sw & 0x0f;
	else if (sw == 0x6983 || sw == 0x6984)
		*tries = 0;
	else if (sw == 0x9000)
		*tries = -1;	/* already verified: count not told */
	else {
		cardd_err(err, CARD_E_CARD, -1, "VERIFY status: SW %04X", sw);
		return -1;
	}
	return 0;
}

/* Select the PIN's AP and EF. */
static int
cardd_pin_select(struct cardd_conn *c, const struct cardd_pin_spec *ps,
    struct card_error *err)
{
	int rc;

	if (cardd_select_ap(c, ps->aid, err) == -1)
		return -1;
	if ((rc = cardd_select_ef(c, ps->fid, err)) == 1)
		cardd_err(err, CARD_E_NO_FILE, -1, "this card has no such PIN "
		    "(face-auth card?)");
	return rc == 0 ? 0 : -1;
}

/* The outcome of a VERIFY with data. */
static int
cardd_verify_sw(uint16_t sw, struct card_error *err)
{
	if (sw == 0x9000)
		return 0;
	if (sw == 0x63c0 || sw == 0x6983 || sw == 0x6984)
		cardd_err(err, CARD_E_PIN_BLOCKED, 0, "PIN blocked");
	else if ((sw & 0xfff0) == 0x63c0)
		cardd_err(err, CARD_E_PIN_WRONG, sw & 0x0f, "wrong PIN");
	else
		cardd_err(err, CARD_E_CARD, -1, "VERIFY: SW %04X", sw);
	return -1;
}

/* Select, check the counter (a blocked PIN is not tried), verify. pin ""
 * means the reader's PIN pad. */
static int
cardd_pin_verify(struct cardd_conn *c, const struct cardd_pin_spec *ps,
    const char *pin, struct card_error *err)
{
	unsigned char cmd[5 + CARD_PIN_MAX] = { 0x00, 0x20, 0x00, 0x80 };
	size_t len = strlen(pin);
	uint16_t sw;
	int tries, rc;

	if (cardd_pin_select(c, ps, err) == -1 ||
	    cardd_tries_left(c, &tries, err) == -1)
		return -1;
	if (tries == 0) {
		cardd_err(err, CARD_E_PIN_BLOCKED, 0, "PIN blocked");
		return -1;
	}
	c->reset_at_end = 1;
	if (len == 0) {
		if (cardd_pcsc_pinpad_verify(c, ps->minlen, ps->maxlen, &sw,
		    err) == -1)
			return -1;
		return cardd_verify_sw(sw, err);
	}
	cmd[4] = (unsigned char)len;
	memcpy(cmd + 5, pin, len);
	rc = cardd_cmd(c, cmd, 5 + len, NULL, NULL, &sw, err);
	OPENSSL_cleanse(cmd, sizeof(cmd));
	if (rc == -1)
		return -1;
	return cardd_verify_sw(sw, err);
}

/* The value of tag in a BER TLV list at p (n bytes); NULL if absent. */
static const unsigned char *
cardd_tlv_find(const unsigned char *p, size_t n, unsigned tag, size_t *vlen)
{
	size_t i = 0, total, hl;
	unsigned t;

	while (i < n && (total = cardd_tlv_total(p + i, n - i)) != 0 &&
	    total <= n - i) {
		t = p[i];
		hl = 1;
		if ((p[i] & 0x1f) == 0x1f) {
			t = t << 8 | p[i + 1];
			hl = 2;
		}
		hl += p[i + hl] < 0x80 ? 1 : 1 + (p[i + hl] & 0x7f);
		if (t == tag) {
			*vlen = total - hl;
			return p + i + hl;
		}
		i += total;
	}
	return NULL;
}

static void
cardd_tlv_str(const unsigned char *body, size_t n, unsigned tag, char *dst,
    size_t size)
{
	const unsigned char *v;
	size_t vlen;

	dst[0] = '\0';
	if ((v = cardd_tlv_find(body, n, tag, &vlen)) == NULL)
		return;
	if (vlen >= size)
		vlen = size - 1;
	memcpy(dst, v, vlen);
	dst[vlen] = '\0';
	if (memchr(v, '\0', vlen) != NULL)
		dst[0] = '\0';
}

/* EF 0002 of the input-support AP: FF 20 { DF 21..DF 25 }. */
static int
cardd_basic4(struct cardd_conn *c, struct card_identity *id,
    struct card_error *err)
{
	const unsigned char *body;
	unsigned char *buf;
	size_t len, blen;
	int rc;

	if ((rc = cardd_select_ef(c, 0x0002, err)) != 0) {
		if (rc == 1)
			cardd_err(err, CARD_E_CARD, -1, "no basic 4 info EF");
		return -1;
	}
	if (cardd_read_tlv(c, &buf, &len, err) == -1)
		return -1;
	rc = -1;
	if ((body = cardd_tlv_find(buf, len, 0xff20, &blen)) == NULL)
		cardd_err(err, CARD_E_CARD, -1, "basic 4 info: no FF 20");
	else {
		cardd_tlv_str(body, blen, 0xdf22, id->name, sizeof(id->name));
		cardd_tlv_str(body, blen, 0xdf23, id->address, sizeof(id->address));
		cardd_tlv_str(body, blen, 0xdf24, id->birth, sizeof(id->birth));
		cardd_tlv_str(body, blen, 0xdf25, id->sex, sizeof(id->sex));
		id->has_basic4 = 1;
		rc = 0;
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

static int
cardd_identity(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	struct card_identity *id = &resp->ident;
	unsigned char tok[40];
	size_t got, i;
	int rc;

	if (cardd_select_ap(c, cardd_aid_jpki, err) == -1)
		return -1;
	if ((rc = cardd_select_ef(c, 0x0006, err)) != 0) {
		if (rc == 1)
			cardd_err(err, CARD_E_NOT_JPKI, -1, "no token EF");
		return -1;
	}
	if (cardd_read_at(c, 0, 32, tok, &got, err) == -1)
		return -1;
	for (i = 0; i < got && i < sizeof(id->token) - 1 && tok[i] >= 0x21 &&
	    tok[i] <= 0x7e; i++)
		id->token[i] = (char)tok[i];
	id->token[i] = '\0';
	if (cardd_admin_owns(c->reader))
		cardd_admin_card_number(id->card_number, sizeof(id->card_number));
	if (req->pin[0] == '\0')
		return 0;
	if (cardd_pin_verify(c, cardd_pin_spec(CARD_PIN_SUPPORT), req->pin,
	    err) == -1)
		return -1;
	return cardd_basic4(c, id, err);
}

/*
 * EF 0002 of the card-face AP with PIN B: FF 20 { DF 21 header, DF 22
 * birth, DF 23 sex, DF 24 public key, DF 25 name image, DF 26 address
 * image, DF 27 photo, DF 28 signature, DF 29 expiry, DF 2A security-code
 * image } (research/card.md §5). The text items come back as they are;
 * the whole record is kept only as its SHA-256, which the counter uses to
 * know the card again.
 */
static int
cardd_face(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	struct card_identity *id = &resp->ident;
	const unsigned char *body;
	unsigned char *buf, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t len, blen;
	int rc;

	if (cardd_admin_owns(c->reader))
		cardd_admin_card_number(id->card_number, sizeof(id->card_number));
	if (cardd_pin_verify(c, cardd_pin_spec(CARD_PIN_FACE_B), req->pin,
	    err) == -1)
		return -1;
	if ((rc = cardd_select_ef(c, 0x0002, err)) != 0) {
		if (rc == 1)
			cardd_err(err, CARD_E_NO_FILE, -1, "no card-face EF");
		return -1;
	}
	if (cardd_read_tlv(c, &buf, &len, err) == -1)
		return -1;
	rc = -1;
	if ((body = cardd_tlv_find(buf, len, 0xff20, &blen)) == NULL)
		cardd_err(err, CARD_E_CARD, -1, "card face: no FF 20");
	else if (EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		cardd_err(err, CARD_E_CARD, -1, "card face: digest failed");
	else {
		cardd_tlv_str(body, blen, 0xdf22, id->birth, sizeof(id->birth));
		cardd_tlv_str(body, blen, 0xdf23, id->sex, sizeof(id->sex));
		cardd_tlv_str(body, blen, 0xdf29, resp->text, 9);
		if (strlen(id->birth) != 8 || strlen(resp->text) != 8)
			cardd_err(err, CARD_E_CARD, -1, "card face: birth or "
			    "expiry is not YYYYMMDD");
		else {
			resp->data = xmalloc(mdlen);
			memcpy(resp->data, md, mdlen);
			resp->datalen = mdlen;
			rc = 0;
		}
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

static void
cardd_time(const ASN1_TIME *t, char *buf, size_t size)
{
	struct tm tm;

	buf[0] = '\0';
	if (t != NULL && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
cardd_cert_parse(struct card_cert *c)
{
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->derlen);
	BIGNUM *bn;
	BIO *bio;
	char *hex, *s;
	long n;

	if (x == NULL)
		return -1;
	if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) != NULL &&
	    (hex = BN_bn2hex(bn)) != NULL) {
		strlcpy_m(c->serial, hex, sizeof(c->serial));
		OPENSSL_free(hex);
	}
	BN_free(bn);
	cardd_time(X509_get0_notBefore(x), c->not_before, sizeof(c->not_before));
	cardd_time(X509_get0_notAfter(x), c->not_after, sizeof(c->not_after));
	bio = BIO_new(BIO_s_mem());
	X509_NAME_print_ex(bio, X509_get_subject_name(x), 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	n = BIO_get_mem_data(bio, &s);
	if (n > 0) {
		size_t k = (size_t)n < sizeof(c->subject) ? (size_t)n :
		    sizeof(c->subject) - 1;
		memcpy(c->subject, s, k);
		c->subject[k] = '\0';
	}
	BIO_free(bio);
	X509_free(x);
	return 0;
}

static int
cardd_certs(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	struct card_cert *ce;
	size_t i;
	int rc;

	if (cardd_select_ap(c, cardd_aid_jpki, err) == -1)
		return -1;
	if (req->pin[0] != '\0' && cardd_pin_verify(c,
	    cardd_pin_spec(CARD_PIN_SIGN), req->pin, err) == -1)
		return -1;
	for (i = 0; i < nitems(cardd_cert_table); i++) {
		ce = &resp->certs.cert[i];
		ce->slot = cardd_cert_table[i].slot;
		resp->certs.n = i + 1;
		if (ce->slot == CARD_CERT_SIGN && req->pin[0] == '\0')
			continue;	/* needs the signature PIN */
		if ((rc = cardd_select_ef(c, cardd_cert_table[i].fid, err)) == 1)
			continue;
		if (rc == -1 || cardd_read_tlv(c, &ce->der, &ce->derlen, err) == -1)
			return -1;
		if (cardd_cert_parse(ce) == -1) {
			cardd_err(err, CARD_E_CARD, -1, "EF %04X: not a certificate",
			    cardd_cert_table[i].fid);
			return -1;
		}
		ce->present = 1;
	}
	return 0;
}

static int
cardd_tries(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	const struct cardd_pin_spec *ps = cardd_pin_spec(req->kind);
	int tries;

	if (cardd_pin_select(c, ps, err) == -1 ||
	    cardd_tries_left(c, &tries, err) == -1)
		return -1;
	resp->tries = tries < 0 ? UINT32_MAX : (uint32_t)tries;
	return 0;
}

static int
cardd_change(struct cardd_conn *c, const struct card_msg *req,
    struct card_error *err)
{
	const struct cardd_pin_spec *ps = cardd_pin_spec(req->kind);
	unsigned char cmd[5 + CARD_PIN_MAX] = { 0x00, 0x24, 0x01, 0x80 };
	size_t len = strlen(req->newpin);
	uint16_t sw;
	int rc;

	if (cardd_pin_verify(c, ps, req->pin, err) == -1)
		return -1;
	if (len == 0)
		rc = cardd_pcsc_pinpad_change(c, ps->minlen, ps->maxlen, &sw, err);
	else {
		cmd[4] = (unsigned char)len;
		memcpy(cmd + 5, req->newpin, len);
		rc = cardd_cmd(c, cmd, 5 + len, NULL, NULL, &sw, err);
		OPENSSL_cleanse(cmd, sizeof(cmd));
	}
	if (rc == -1)
		return -1;
	if (sw != 0x9000) {
		cardd_err(err, sw == 0x6a80 ? CARD_E_PIN_FORMAT : CARD_E_CARD, -1,
		    "CHANGE: SW %04X", sw);
		return -1;
	}
	return 0;
}

static int
cardd_sign(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	const struct cardd_pin_spec *ps = cardd_pin_spec(req->kind ==
	    CARD_KEY_SIGN ? CARD_PIN_SIGN : CARD_PIN_USER);
	unsigned char cmd[5 + 256 + 1] = { 0x80, 0x2a, 0x00, 0x80 };
	unsigned char sig[512];
	size_t siglen = sizeof(sig);
	uint16_t sw;
	int rc;

	if (req->datalen == 0 || req->datalen > 245) {
		cardd_err(err, CARD_E_INVALID, -1, "DigestInfo of 1..245 bytes");
		return -1;
	}
	if (cardd_pin_verify(c, ps, req->pin, err) == -1)
		return -1;
	if ((rc = cardd_select_ef(c, req->kind == CARD_KEY_SIGN ? 0x001a :
	    0x0017, err)) != 0) {
		if (rc == 1)
			cardd_err(err, CARD_E_NO_FILE, -1, "no key on the card");
		return -1;
	}
	cmd[4] = (unsigned char)req->datalen;
	memcpy(cmd + 5, req->data, req->datalen);
	cmd[5 + req->datalen] = 0x00;
	if (cardd_cmd(c, cmd, 6 + req->datalen, sig, &siglen, &sw, err) == -1)
		return -1;
	if (sw != 0x9000 || siglen == 0) {
		cardd_err(err, CARD_E_CARD, -1, "SIGN: SW %04X", sw);
		return -1;
	}
	resp->data = xmalloc(siglen);
	memcpy(resp->data, sig, siglen);
	resp->datalen = siglen;
	return 0;
}

int
cardd_jpki_run(struct cardd_conn *c, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err)
{
	switch (req->type) {
	case CARD_MSG_IDENTITY:
		card_msg_init(resp, CARD_MSG_IDENTITY_OK);
		return cardd_identity(c, req, resp, err);
	case CARD_MSG_FACE:
		card_msg_init(resp, CARD_MSG_FACE_OK);
		return cardd_face(c, req, resp, err);
	case CARD_MSG_CERTS:
		card_msg_init(resp, CARD_MSG_CERTS_OK);
		return cardd_certs(c, req, resp, err);
	case CARD_MSG_TRIES:
		card_msg_init(resp, CARD_MSG_TRIES_OK);
		return cardd_tries(c, req, resp, err);
	case CARD_MSG_VERIFY:
		card_msg_init(resp, CARD_MSG_OK);
		return cardd_pin_verify(c, cardd_pin_spec(req->kind), req->pin,
		    err);
	case CARD_MSG_CHANGE:
		card_msg_init(resp, CARD_MSG_OK);
		return cardd_change(c, req, err);
	case CARD_MSG_SIGN:
		card_msg_init(resp, CARD_MSG_DATA_OK);
		return cardd_sign(c, req, resp, err);
	}
	cardd_err(err, CARD_E_INVALID, -1, "not a card step");
	return -1;
}
