/*
 * The card's command interpreter: one C-APDU in, one R-APDU out, as a My
 * Number card answers the public JPKI commands (research/card.md §1-§5).
 * The files of each AP are the const vcard_ef_table; a file is data (built
 * on each read from the card's fields), a PIN or a key. Status words:
 * 9000 ok, 63Cx wrong PIN (x tries left), 6983 blocked, 6982 PIN needed,
 * 6A82 no such AP or EF, 6986 no EF selected, 6B00 offset beyond the end,
 * 6A86 bad P1/P2, 6700 bad length, 6A80 bad data, 6D00 unknown INS.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "madoguchi/util.h"
#include "vcard.h"

#define SW_OK		0x9000
#define SW_BLOCKED	0x6983
#define SW_SECURITY	0x6982
#define SW_NOT_FOUND	0x6a82
#define SW_NO_EF	0x6986
#define SW_OFFSET	0x6b00
#define SW_P1P2		0x6a86
#define SW_LENGTH	0x6700
#define SW_DATA		0x6a80
#define SW_INS		0x6d00
#define SW_CLA		0x6e00
#define SW_MEMORY	0x6581

static const unsigned char vcard_aid_jpki[] =
    { 0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
static const unsigned char vcard_aid_support[] =
    { 0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };
static const unsigned char vcard_aid_face[] =
    { 0xd3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02 };

/* A 1x1 grey PNG: the placeholder for every image of the card-face AP. */
static const unsigned char vcard_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00,
	0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x01,
	0x01, 0x01, 0x00, 0xb1, 0x38, 0xf6, 0x14, 0x00, 0x00, 0x00, 0x00, 0x49,
	0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
};

enum vcard_ef_kind { VC_EF_DATA, VC_EF_PIN, VC_EF_KEY };
enum vcard_content {
	VC_C_NONE, VC_C_CERT_SIGN, VC_C_CERT_SIGN_CA, VC_C_CERT_USER,
	VC_C_CERT_USER_CA, VC_C_TOKEN, VC_C_MY_NUMBER, VC_C_BASIC4, VC_C_FACE,
	VC_C_FACE_NUMBER
};

#define PINBIT(p)	(1u << (p))

struct vcard_ef {
	enum vcard_ap	ap;
	uint16_t	fid;
	enum vcard_ef_kind kind;
	int		id;	/* content, pin or key id */
	unsigned	need;	/* data: any of these PINs verified */
};

static const struct vcard_ef vcard_ef_table[] = {
	{ VC_AP_JPKI, 0x0001, VC_EF_DATA, VC_C_CERT_SIGN, PINBIT(VC_PIN_SIGN) },
	{ VC_AP_JPKI, 0x0002, VC_EF_DATA, VC_C_CERT_SIGN_CA, 0 },
	{ VC_AP_JPKI, 0x000a, VC_EF_DATA, VC_C_CERT_USER, 0 },
	{ VC_AP_JPKI, 0x000b, VC_EF_DATA, VC_C_CERT_USER_CA, 0 },
	{ VC_AP_JPKI, 0x0006, VC_EF_DATA, VC_C_TOKEN, 0 },
	{ VC_AP_JPKI, 0x0017, VC_EF_KEY, VC_KEY_USER, 0 },
	{ VC_AP_JPKI, 0x0018, VC_EF_PIN, VC_PIN_USER, 0 },
	{ VC_AP_JPKI, 0x001a, VC_EF_KEY, VC_KEY_SIGN, 0 },
	{ VC_AP_JPKI, 0x001b, VC_EF_PIN, VC_PIN_SIGN, 0 },
	{ VC_AP_SUPPORT, 0x0011, VC_EF_PIN, VC_PIN_SUPPORT, 0 },
	{ VC_AP_SUPPORT, 0x0001, VC_EF_DATA, VC_C_MY_NUMBER,
	    PINBIT(VC_PIN_SUPPORT) },
	{ VC_AP_SUPPORT, 0x0002, VC_EF_DATA, VC_C_BASIC4,
	    PINBIT(VC_PIN_SUPPORT) },
	{ VC_AP_FACE, 0x0013, VC_EF_PIN, VC_PIN_FACE_A, 0 },
	{ VC_AP_FACE, 0x0012, VC_EF_PIN, VC_PIN_FACE_B, 0 },
	{ VC_AP_FACE, 0x0002, VC_EF_DATA, VC_C_FACE,
	    PINBIT(VC_PIN_FACE_A) | PINBIT(VC_PIN_FACE_B) },
	{ VC_AP_FACE, 0x0005, VC_EF_DATA, VC_C_FACE_NUMBER,
	    PINBIT(VC_PIN_FACE_A) | PINBIT(VC_PIN_FACE_B) },
};

/* Which JPKI PIN a key needs. */
static const enum vcard_pin_id vcard_key_pin[VC_KEY_MAX] = {
	VC_PIN_USER, VC_PIN_SIGN
};

struct vcard_buf {
	unsigned char	*p;
	size_t		len, cap;
};

static void
vcard_put(struct vcard_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* A BER TLV with a 1- or 2-byte tag and a short or long length. */
static void
vcard_tlv(struct vcard_buf *b, unsigned tag, const void *v, size_t n)
{
	unsigned char h[6];
	size_t k = 0;

	if (tag > 0xff)
		h[k++] = (unsigned char)(tag >> 8);
	h[k++] = (unsigned char)tag;
	if (n < 0x80)
		h[k++] = (unsigned char)n;
	else if (n < 0x100) {
		h[k++] = 0x81;
		h[k++] = (unsigned char)n;
	} else {
		h[k++] = 0x82;
		h[k++] = (unsigned char)(n >> 8);
		h[k++] = (unsigned char)n;
	}
	vcard_put(b, h, k);
	vcard_put(b, v, n);
}

/* EF 0002 of the input-support AP: FF 20 { DF 21 header, DF 22 name,
 * DF 23 address, DF 24 birth, DF 25 sex }. The 8-byte header holds the
 * offsets of DF 22..DF 25 in the body, 16-bit big-endian. */
static void
vcard_basic4(const struct vcard *vc, struct vcard_buf *out)
{
	struct vcard_buf body = { NULL, 0, 0 }, items = { NULL, 0, 0 };
	unsigned char hdr[8];
	size_t off[4];
	const char *v[4] = { vc->name, vc->address, vc->birth, vc->sex };
	int i;

	for (i = 0; i < 4; i++) {
		off[i] = items.len;
		vcard_tlv(&items, 0xdf22 + (unsigned)i, v[i], strlen(v[i]));
	}
	for (i = 0; i < 4; i++) {
		hdr[2 * i] = (unsigned char)((off[i] + 11) >> 8);
		hdr[2 * i + 1] = (unsigned char)(off[i] + 11);
	}
	vcard_tlv(&body, 0xdf21, hdr, sizeof(hdr));
	vcard_put(&body, items.p, items.len);
	vcard_tlv(out, 0xff20, body.p, body.len);
	free(body.p);
	free(items.p);
}

/* EF 0002 of the card-face AP, with placeholder images. The issuer's
 * signature (DF 28) stands in as a digest of this card's own items, so two
 * cards of one holder differ as real ones do. */
static void
vcard_face(const struct vcard *vc, struct vcard_buf *out)
{
	struct vcard_buf body = { NULL, 0, 0 };
	static const unsigned char hdr[8];
	unsigned char sig[EVP_MAX_MD_SIZE];
	unsigned int siglen = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(md, vc->card_number, strlen(vc->card_number)) != 1 ||
	    EVP_DigestUpdate(md, vc->security_code,
	    strlen(vc->security_code)) != 1 ||
	    EVP_DigestUpdate(md, vc->expiry, strlen(vc->expiry)) != 1 ||
	    EVP_DigestFinal_ex(md, sig, &siglen) != 1)
		siglen = 0;
	EVP_MD_CTX_free(md);

	vcard_tlv(&body, 0xdf21, hdr, sizeof(hdr));
	vcard_tlv(&body, 0xdf22, vc->birth, strlen(vc->birth));
	vcard_tlv(&body, 0xdf23, vc->sex, strlen(vc->sex));
	vcard_tlv(&body, 0xdf24, "", 0);
	vcard_tlv(&body, 0xdf25, vcard_png, sizeof(vcard_png));
	vcard_tlv(&body, 0xdf26, vcard_png, sizeof(vcard_png));
	vcard_tlv(&body, 0xdf27, vcard_png, sizeof(vcard_png));
	vcard_tlv(&body, 0xdf28, sig, siglen);
	vcard_tlv(&body, 0xdf29, vc->expiry, 8);
	vcard_tlv(&body, 0xdf2a, vcard_png, sizeof(vcard_png));
	vcard_tlv(out, 0xff20, body.p, body.len);
	free(body.p);
}

/* The bytes of a data EF; 0 and out empty when the file is absent. */
static int
vcard_content(const struct vcard *vc, enum vcard_content c,
    struct vcard_buf *out)
{
	static const int certs[] = { [VC_C_CERT_SIGN] = VC_CERT_SIGN,
		[VC_C_CERT_SIGN_CA] = VC_CERT_SIGN_CA,
		[VC_C_CERT_USER] = VC_CERT_USER,
		[VC_C_CERT_USER_CA] = VC_CERT_USER_CA };
	unsigned char tok[32];
	struct vcard_buf sub = { NULL, 0, 0 };

	switch (c) {
	case VC_C_CERT_SIGN: case VC_C_CERT_SIGN_CA:
	case VC_C_CERT_USER: case VC_C_CERT_USER_CA:
		if (vc->cert[certs[c]] == NULL)
			return -1;
		vcard_put(out, vc->cert[certs[c]], vc->certlen[certs[c]]);
		return 0;
	case VC_C_TOKEN:
		memset(tok, ' ', sizeof(tok));
		memcpy(tok, vc->token, strnlen(vc->token, sizeof(tok)));
		vcard_put(out, tok, sizeof(tok));
		return 0;
	case VC_C_MY_NUMBER:
		vcard_put(out, "\xff\x10\x0c", 3);
		vcard_put(out, vc->my_number, 12);
		vcard_put(out, "\xff\xff", 2);
		return 0;
	case VC_C_BASIC4:
		vcard_basic4(vc, out);
		return 0;
	case VC_C_FACE:
		vcard_face(vc, out);
		return 0;
	case VC_C_FACE_NUMBER:
		vcard_tlv(&sub, 0xdf41, vcard_png, sizeof(vcard_png));
		vcard_tlv(&sub, 0xdf42, "", 0);
		vcard_tlv(&sub, 0xdf43, "", 0);
		vcard_tlv(out, 0xff40, sub.p, sub.len);
		free(sub.p);
		return 0;
	case VC_C_NONE:
		break;
	}
	return -1;
}

static const struct vcard_ef *
vcard_find_ef(const struct vcard *vc, uint16_t fid)
{
	const struct vcard_ef *e;
	size_t i;

	for (i = 0; i < nitems(vcard_ef_table); i++) {
		e = &vcard_ef_table[i];
		if (e->ap != vc->ap || e->fid != fid)
			continue;
		/* Absent objects: unset PIN, missing key or cert. */
		if (e->kind == VC_EF_PIN && vc->pin[e->id].value[0] == '\0')
			return NULL;
		if (e->kind == VC_EF_KEY && vc->key[e->id] == NULL)
			return NULL;
		if (e->kind == VC_EF_DATA && e->id >= VC_C_CERT_SIGN &&
		    e->id <= VC_C_CERT_USER_CA) {
			struct vcard_buf b = { NULL, 0, 0 };
			int absent = vcard_content(vc, e->id, &b) == -1;
			free(b.p);
			if (absent)
				return NULL;
		}
		return e;
	}
	return NULL;
}

void
vcard_session_reset(struct vcard *vc)
{
	vc->ap = VC_AP_NONE;
	vc->ef = 0;
	vc->verified = 0;
}

void
vcard_apdu_count(struct vcard *vc)
{
	vc->apdus++;
	if (vc->die_after > 0 && vc->apdus >= vc->die_after) {
		log_info("test: pulled before APDU %ld", vc->apdus);
		_exit(0);
	}
}

/* A parsed command. */
struct vcard_cmd {
	unsigned char	cla, ins, p1, p2;
	const unsigned char *data;
	size_t		lc;
	size_t		le;	/* 0: none expected */
};

static int
vcard_parse(const unsigned char *in, size_t n, struct vcard_cmd *c)
{
	size_t lc;

	memset(c, 0, sizeof(*c));
	if (n < 4)
		return -1;
	c->cla = in[0]; c->ins = in[1]; c->p1 = in[2]; c->p2 = in[3];
	if (n == 4)
		return 0;
	if (n == 5) {
		c->le = in[4] == 0 ? 256 : in[4];
		return 0;
	}
	if (in[4] != 0) {		/* short Lc */
		lc = in[4];
		if (n != 5 + lc && n != 6 + lc)
			return -1;
		c->data = in + 5;
		c->lc = lc;
		if (n == 6 + lc)
			c->le = in[5 + lc] == 0 ? 256 : in[5 + lc];
		return 0;
	}
	if (n == 7) {			/* extended Le only */
		c->le = (size_t)(in[5] << 8 | in[6]);
		c->le = c->le == 0 ? 65536 : c->le;
		return 0;
	}
	lc = (size_t)(in[5] << 8 | in[6]);
	if (lc == 0 || (n != 7 + lc && n != 9 + lc))
		return -1;
	c->data = in + 7;
	c->lc = lc;
	if (n == 9 + lc) {
		c->le = (size_t)(in[7 + lc] << 8 | in[8 + lc]);
		c->le = c->le == 0 ? 65536 : c->le;
	}
	return 0;
}

static int
vcard_select(struct vcard *vc, const struct vcard_cmd *c)
{
	const struct vcard_ef *e;
	uint16_t fid;

	if (c->p1 == 0x04) {
		enum vcard_ap ap = VC_AP_NONE;
		if (c->lc == sizeof(vcard_aid_jpki) &&
		    memcmp(c->data, vcard_aid_jpki, c->lc) == 0)
			ap = VC_AP_JPKI;
		else if (c->lc == sizeof(vcard_aid_support) &&
		    memcmp(c->data, vcard_aid_support, c->lc) == 0)
			ap = VC_AP_SUPPORT;
		else if (c->lc == sizeof(vcard_aid_face) &&
		    memcmp(c->data, vcard_aid_face, c->lc) == 0)
			ap = VC_AP_FACE;
		if (ap == VC_AP_NONE)
			return SW_NOT_FOUND;
		vcard_session_reset(vc);	/* an AP change clears PINs */
		vc->ap = ap;
		return SW_OK;
	}
	if (c->p1 != 0x02)
		return SW_P1P2;
	if (c->lc != 2)
		return SW_LENGTH;
	fid = (uint16_t)(c->data[0] << 8 | c->data[1]);
	if ((e = vcard_find_ef(vc, fid)) == NULL)
		return SW_NOT_FOUND;
	vc->ef = fid;
	return SW_OK;
}

static int
vcard_read(struct vcard *vc, const struct vcard_cmd *c, unsigned char *out,
    size_t outmax, size_t *outlen)
{
	const struct vcard_ef *e;
	struct vcard_buf b = { NULL, 0, 0 };
	size_t off, n;
	uint16_t fid = vc->ef;
	int sw = SW_OK;

	if (c->p1 & 0x80) {		/* short EF id */
		fid = c->p1 & 0x1f;
		off = c->p2;
	} else
		off = (size_t)(c->p1 << 8 | c->p2);
	if ((e = vcard_find_ef(vc, fid)) == NULL)
		return fid == vc->ef ? SW_NO_EF : SW_NOT_FOUND;
	if (e->kind != VC_EF_DATA)
		return SW_NO_EF;
	vc->ef = fid;
	if (e->need != 0 && (vc->verified & e->need) == 0)
		return SW_SECURITY;
	if (vcard_content(vc, (enum vcard_content)e->id, &b) == -1)
		return SW_NOT_FOUND;
	if (off > b.len)
		sw = SW_OFFSET;
	else {
		n = b.len - off;
		if (c->le != 0 && n > c->le)
			n = c->le;
		if (n > outmax)
			n = outmax;
		memcpy(out, b.p + off, n);
		*outlen = n;
	}
	free(b.p);
	return sw;
}

/* The PIN EF a VERIFY or CHANGE addresses (P2 80: current; 80|SFI). */
static const struct vcard_ef *
vcard_pin_ef(struct vcard *vc, unsigned char p2)
{
	const struct vcard_ef *e;
	uint16_t fid = vc->ef;

	if ((p2 & 0x80) == 0)
		return NULL;
	if ((p2 & 0x1f) != 0)
		fid = p2 & 0x1f;
	if ((e = vcard_find_ef(vc, fid)) == NULL || e->kind != VC_EF_PIN)
		return NULL;
	vc->ef = fid;
	return e;
}

static int
vcard_verify(struct vcard *vc, const struct vcard_cmd *c)
{
	const struct vcard_ef *e;
	struct vcard_pin *pin;
	size_t len;

	if (c->p1 != 0x00 || (e = vcard_pin_ef(vc, c->p2)) == NULL)
		return (c->p2 & 0x80) ? SW_NOT_FOUND : SW_P1P2;
	pin = &vc->pin[e->id];
	if (pin->tries <= 0)
		return SW_BLOCKED;
	if (c->lc == 0)
		return 0x63c0 | pin->tries;
	len = strlen(pin->value);
	if (c->lc == len && CRYPTO_memcmp(c->data, pin->value, len) == 0) {
		if (pin->tries != vcard_pin_max[e->id]) {
			pin->tries = vcard_pin_max[e->id];
			if (vcard_state_save(vc) == -1)
				return SW_MEMORY;
		}
		vc->verified |= PINBIT(e->id);
		return SW_OK;
	}
	pin->tries--;
	vc->verified &= ~PINBIT(e->id);
	if (vcard_state_save(vc) == -1)
		return SW_MEMORY;
	return 0x63c0 | pin->tries;
}

static int
vcard_change(struct vcard *vc, const struct vcard_cmd *c)
{
	const struct vcard_ef *e;
	struct vcard_pin *pin, old;

	if (c->p1 != 0x01 || (e = vcard_pin_ef(vc, c->p2)) == NULL)
		return SW_P1P2;
	pin = &vc->pin[e->id];
	if (pin->tries <= 0)
		return SW_BLOCKED;
	if ((vc->verified & PINBIT(e->id)) == 0)
		return SW_SECURITY;
	if (c->lc == 0 || !vcard_pin_format_ok((enum vcard_pin_id)e->id,
	    (const char *)c->data, c->lc))
		return SW_DATA;
	old = *pin;
	memcpy(pin->value, c->data, c->lc);
	pin->value[c->lc] = '\0';
	if (vcard_state_save(vc) == -1) {
		*pin = old;
		OPENSSL_cleanse(&old, sizeof(old));
		return SW_MEMORY;
	}
	OPENSSL_cleanse(&old, sizeof(old));
	return SW_OK;
}

/* PKCS#1 v1.5 type 1 over the DigestInfo the host sent (the host hashes). */
static int
vcard_sign(struct vcard *vc, const struct vcard_cmd *c, unsigned char *out,
    size_t outmax, size_t *outlen)
{
	const struct vcard_ef *e;
	EVP_PKEY_CTX *ctx;
	size_t siglen = outmax;
	int ok;

	if (c->cla != 0x80 || c->p1 != 0x00 || c->p2 != 0x80)
		return SW_P1P2;
	if ((e = vcard_find_ef(vc, vc->ef)) == NULL || e->kind != VC_EF_KEY)
		return SW_NO_EF;
	if ((vc->verified & PINBIT(vcard_key_pin[e->id])) == 0)
		return SW_SECURITY;
	if (c->lc == 0 || c->lc > 256 - 11)
		return SW_DATA;
	ctx = EVP_PKEY_CTX_new(vc->key[e->id], NULL);
	ok = ctx != NULL && EVP_PKEY_sign_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
	    EVP_PKEY_sign(ctx, out, &siglen, c->data, c->lc) == 1;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return SW_DATA;
	*outlen = siglen;
	return SW_OK;
}

size_t
vcard_apdu(struct vcard *vc, const unsigned char *in, size_t inlen,
    unsigned char *out, size_t outmax)
{
	struct vcard_cmd c;
	size_t n = 0;
	int sw;

	if (outmax < 2 + 256)
		fatalx("%s: output buffer too small", __func__);
	if (vcard_parse(in, inlen, &c) == -1)
		sw = SW_LENGTH;
	else if (c.cla != 0x00 && c.cla != 0x80)
		sw = SW_CLA;
	else {
		switch (c.ins) {
		case 0xa4: sw = vcard_select(vc, &c); break;
		case 0xb0: sw = vcard_read(vc, &c, out, outmax - 2, &n); break;
		case 0x20: sw = vcard_verify(vc, &c); break;
		case 0x24: sw = vcard_change(vc, &c); break;
		case 0x2a: sw = vcard_sign(vc, &c, out, outmax - 2, &n); break;
		default: sw = SW_INS; break;
		}
	}
	out[n++] = (unsigned char)(sw >> 8);
	out[n++] = (unsigned char)sw;
	return n;
}
