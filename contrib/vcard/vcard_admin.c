/*
 * The emulator's issuance channel: what real cards only do inside the
 * closed J-LIS issuing chain (key generation, cert writing, PIN reset,
 * face-auth lock). One JSON object per line in, one per line out; the
 * operations are the const vcard_admin_table and README.md documents them.
 * Each operation changes memory and the state file together or not at all.
 * The pad_ operations play the reader's PIN pad (vcard_pad.c) for a
 * profile that has one. PIN values are never logged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "madoguchi/util.h"
#include "vcard.h"

typedef json_t *(*vcard_admin_fn)(struct vcard *, json_t *, const char **);

static int
vcard_name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static json_t *
vcard_admin_info(struct vcard *vc, json_t *req, const char **err)
{
	json_t *r, *keys = json_object(), *certs = json_object(),
	    *pins = json_object();
	int i;

	(void)req;
	(void)err;
	for (i = 0; i < VC_KEY_MAX; i++)
		json_object_set_new(keys, vcard_key_names[i],
		    json_boolean(vc->key[i] != NULL));
	for (i = 0; i < VC_CERT_MAX; i++)
		json_object_set_new(certs, vcard_cert_names[i],
		    json_boolean(vc->cert[i] != NULL));
	for (i = 0; i < VC_PIN_MAX; i++)
		json_object_set_new(pins, vcard_pin_names[i],
		    vc->pin[i].value[0] == '\0' ? json_null() :
		    json_integer(vc->pin[i].tries));
	r = json_pack("{s:b,s:s,s:s,s:b,s:b}", "ok", 1, "card_number",
	    vc->card_number, "token", vc->token, "face_auth", vc->face_auth,
	    "pinpad", vc->pinpad);
	json_object_set_new(r, "keys", keys);
	json_object_set_new(r, "certs", certs);
	json_object_set_new(r, "tries", pins);
	return r;
}

static json_t *
vcard_admin_genkey(struct vcard *vc, json_t *req, const char **err)
{
	int k = vcard_name_index(vcard_key_names, VC_KEY_MAX,
	    json_string_value(json_object_get(req, "key")));
	EVP_PKEY *key, *old;
	unsigned char *der = NULL;
	char *b64;
	int len;
	json_t *r;

	if (k == -1) {
		*err = "key must be \"user\" or \"sign\"";
		return NULL;
	}
	if (k == VC_KEY_SIGN && vc->face_auth) {
		*err = "a face-auth card carries no signature key";
		return NULL;
	}
	if ((key = EVP_RSA_gen(2048)) == NULL ||
	    (len = i2d_PUBKEY(key, &der)) <= 0) {
		EVP_PKEY_free(key);
		*err = "key generation failed";
		return NULL;
	}
	old = vc->key[k];
	vc->key[k] = key;
	if (vcard_state_save(vc) == -1) {
		vc->key[k] = old;
		EVP_PKEY_free(key);
		OPENSSL_free(der);
		*err = "cannot save the card state";
		return NULL;
	}
	EVP_PKEY_free(old);
	b64 = vcard_b64_encode(der, (size_t)len);
	OPENSSL_free(der);
	r = json_pack("{s:b,s:s}", "ok", 1, "spki", b64);
	free(b64);
	return r;
}

/* A cert for the user or signature slot must carry the card's key. */
static int
vcard_cert_fits(struct vcard *vc, int slot, const unsigned char *der,
    size_t len, const char **err)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	EVP_PKEY *key = NULL;
	int ok = 1;

	if (x == NULL || p != der + len) {
		*err = "not one DER certificate";
		ok = 0;
	} else if (slot == VC_CERT_USER)
		key = vc->key[VC_KEY_USER];
	else if (slot == VC_CERT_SIGN)
		key = vc->key[VC_KEY_SIGN];
	if (ok && (slot == VC_CERT_USER || slot == VC_CERT_SIGN) &&
	    (key == NULL || EVP_PKEY_eq(key, X509_get0_pubkey(x)) != 1)) {
		*err = "the certificate does not carry the card's key";
		ok = 0;
	}
	X509_free(x);
	return ok;
}

static json_t *
vcard_admin_write_cert(struct vcard *vc, json_t *req, const char **err)
{
	int s = vcard_name_index(vcard_cert_names, VC_CERT_MAX,
	    json_string_value(json_object_get(req, "slot")));
	const char *b64 = json_string_value(json_object_get(req, "der"));
	unsigned char *der, *old;
	size_t len, oldlen;

	if (s == -1 || b64 == NULL) {
		*err = "needs slot (user, user_ca, sign, sign_ca) and der";
		return NULL;
	}
	if (vcard_b64_decode(b64, &der, &len) == -1) {
		*err = "der is not base64";
		return NULL;
	}
	if (!vcard_cert_fits(vc, s, der, len, err)) {
		free(der);
		return NULL;
	}
	old = vc->cert[s];
	oldlen = vc->certlen[s];
	vc->cert[s] = der;
	vc->certlen[s] = len;
	if (vcard_state_save(vc) == -1) {
		vc->cert[s] = old;
		vc->certlen[s] = oldlen;
		free(der);
		*err = "cannot save the card state";
		return NULL;
	}
	free(old);
	return json_pack("{s:b}", "ok", 1);
}

static json_t *
vcard_admin_set_pin(struct vcard *vc, json_t *req, const char **err)
{
	int p = vcard_name_index(vcard_pin_names, VC_PIN_MAX,
	    json_string_value(json_object_get(req, "pin")));
	json_t *v = json_object_get(req, "value"), *t = json_object_get(req,
	    "tries");
	struct vcard_pin old;
	int face = vc->face_auth;

	if (p == -1 || !json_is_string(v) ||
	    !vcard_pin_format_ok((enum vcard_pin_id)p, json_string_value(v),
	    json_string_length(v))) {
		*err = "needs pin (user, sign, support) and a value of its format";
		return NULL;
	}
	if (t != NULL && (!json_is_integer(t) || json_integer_value(t) < 0 ||
	    json_integer_value(t) > vcard_pin_max[p])) {
		*err = "tries out of range";
		return NULL;
	}
	old = vc->pin[p];
	strlcpy_m(vc->pin[p].value, json_string_value(v), 17);
	vc->pin[p].tries = t != NULL ? (int)json_integer_value(t) :
	    vcard_pin_max[p];
	if (p == VC_PIN_USER)
		vc->face_auth = 0;	/* a PIN again: no longer face-auth */
	if (vcard_state_save(vc) == -1) {
		vc->pin[p] = old;
		vc->face_auth = face;
		OPENSSL_cleanse(&old, sizeof(old));
		*err = "cannot save the card state";
		return NULL;
	}
	OPENSSL_cleanse(&old, sizeof(old));
	vc->verified = 0;
	return json_pack("{s:b}", "ok", 1);
}

/* Delete the signature cert, key and PIN; face_lock also locks the user
 * PIN and marks the card face-auth. */
static json_t *
vcard_drop_sign(struct vcard *vc, int face, const char **err)
{
	struct vcard saved = *vc;

	vc->key[VC_KEY_SIGN] = NULL;
	vc->cert[VC_CERT_SIGN] = NULL;
	vc->certlen[VC_CERT_SIGN] = 0;
	vc->pin[VC_PIN_SIGN].value[0] = '\0';
	vc->pin[VC_PIN_SIGN].tries = vcard_pin_max[VC_PIN_SIGN];
	if (face) {
		vc->pin[VC_PIN_USER].tries = 0;
		vc->face_auth = 1;
	}
	if (vcard_state_save(vc) == -1) {
		memcpy(vc->pin, saved.pin, sizeof(vc->pin));
		vc->key[VC_KEY_SIGN] = saved.key[VC_KEY_SIGN];
		vc->cert[VC_CERT_SIGN] = saved.cert[VC_CERT_SIGN];
		vc->certlen[VC_CERT_SIGN] = saved.certlen[VC_CERT_SIGN];
		vc->face_auth = saved.face_auth;
		OPENSSL_cleanse(&saved.pin, sizeof(saved.pin));
		*err = "cannot save the card state";
		return NULL;
	}
	OPENSSL_cleanse(&saved.pin, sizeof(saved.pin));
	EVP_PKEY_free(saved.key[VC_KEY_SIGN]);
	free(saved.cert[VC_CERT_SIGN]);
	vc->verified = 0;
	return json_pack("{s:b}", "ok", 1);
}

static json_t *
vcard_admin_face_lock(struct vcard *vc, json_t *req, const char **err)
{
	(void)req;
	return vcard_drop_sign(vc, 1, err);
}

static json_t *
vcard_admin_delete_sign(struct vcard *vc, json_t *req, const char **err)
{
	(void)req;
	return vcard_drop_sign(vc, 0, err);
}

/* Test hook: exit on receiving the n-th APDU from now (0 disables), as if
 * the card were pulled before that command ran. */
static json_t *
vcard_admin_die_after(struct vcard *vc, json_t *req, const char **err)
{
	json_t *n = json_object_get(req, "apdus");

	if (!json_is_integer(n) || json_integer_value(n) < 0) {
		*err = "apdus must be a number >= 0";
		return NULL;
	}
	vc->die_after = json_integer_value(n) == 0 ? 0 :
	    vc->apdus + json_integer_value(n);
	return json_pack("{s:b}", "ok", 1);
}

static const char vcard_no_pad[] =
    "this reader has no PIN pad (profile: \"pinpad\": true)";

/* The PIN pad's entries to come: all queued, or none when one is bad. */
static json_t *
vcard_admin_pad_keys(struct vcard *vc, json_t *req, const char **err)
{
	json_t *e = json_object_get(req, "entries"), *v;
	size_t i, before = vc->npad;

	if (!vc->pinpad) {
		*err = vcard_no_pad;
		return NULL;
	}
	if (!json_is_array(e) || json_array_size(e) == 0 ||
	    json_array_size(e) > VCARD_PAD_MAX - vc->npad) {
		*err = "entries: an array of 1..16 strings (the queue holds 16)";
		return NULL;
	}
	json_array_foreach(e, i, v) {
		if (!json_is_string(v) || vcard_pad_push(vc,
		    json_string_value(v)) == -1) {
			while (vc->npad > before)
				OPENSSL_cleanse(vc->pad[--vc->npad],
				    sizeof(vc->pad[0]));
			*err = "an entry is 1..16 printable characters";
			return NULL;
		}
	}
	return json_pack("{s:b,s:i}", "ok", 1, "queued", (int)vc->npad);
}

static json_t *
vcard_admin_pad_clear(struct vcard *vc, json_t *req, const char **err)
{
	(void)req;
	if (!vc->pinpad) {
		*err = vcard_no_pad;
		return NULL;
	}
	vcard_pad_clear(vc);
	return json_pack("{s:b}", "ok", 1);
}

/* The 4-byte command header of a pad operation, CLA 00 and INS ins; -1
 * when req has none. */
static int
vcard_pad_header(json_t *req, unsigned char ins, unsigned char hdr[4])
{
	const char *hex = json_string_value(json_object_get(req, "apdu"));
	unsigned int b;
	int i;

	if (hex == NULL || strlen(hex) != 8)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)hex[2 * i]) ||
		    !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		hdr[i] = (unsigned char)b;
	}
	return hdr[0] == 0x00 && hdr[1] == ins ? 0 : -1;
}

/* VERIFY (INS 20) or CHANGE REFERENCE DATA (INS 24) with the entries
 * pressed on the pad; the answer carries the status word in hex. */
static json_t *
vcard_admin_pad_op(struct vcard *vc, json_t *req, unsigned char ins,
    const char **err)
{
	unsigned char hdr[4];
	char sw[5];

	if (!vc->pinpad) {
		*err = vcard_no_pad;
		return NULL;
	}
	if (vcard_pad_header(req, ins, hdr) == -1) {
		*err = ins == 0x20 ? "apdu: the VERIFY header in hex (00 20 P1 P2)" :
		    "apdu: the CHANGE REFERENCE DATA header in hex (00 24 P1 P2)";
		return NULL;
	}
	snprintf(sw, sizeof(sw), "%04X", ins == 0x20 ?
	    vcard_pad_verify(vc, hdr) : vcard_pad_modify(vc, hdr));
	return json_pack("{s:b,s:s}", "ok", 1, "sw", sw);
}

static json_t *
vcard_admin_pad_verify(struct vcard *vc, json_t *req, const char **err)
{
	return vcard_admin_pad_op(vc, req, 0x20, err);
}

static json_t *
vcard_admin_pad_modify(struct vcard *vc, json_t *req, const char **err)
{
	return vcard_admin_pad_op(vc, req, 0x24, err);
}

static const struct {
	const char	*op;
	vcard_admin_fn	 fn;
} vcard_admin_table[] = {
	{ "info", vcard_admin_info },
	{ "genkey", vcard_admin_genkey },
	{ "write_cert", vcard_admin_write_cert },
	{ "set_pin", vcard_admin_set_pin },
	{ "face_lock", vcard_admin_face_lock },
	{ "delete_sign", vcard_admin_delete_sign },
	{ "die_after", vcard_admin_die_after },
	{ "pad_keys", vcard_admin_pad_keys },
	{ "pad_clear", vcard_admin_pad_clear },
	{ "pad_verify", vcard_admin_pad_verify },
	{ "pad_modify", vcard_admin_pad_modify },
};

char *
vcard_admin_handle(struct vcard *vc, const char *line)
{
	json_error_t jerr;
	json_t *req, *resp = NULL;
	const char *op, *err = "unknown op";
	char *out;
	size_t i;

	if ((req = json_loads(line, 0, &jerr)) == NULL || !json_is_object(req))
		err = "not a JSON object";
	else if ((op = json_string_value(json_object_get(req, "op"))) != NULL) {
		for (i = 0; i < nitems(vcard_admin_table); i++) {
			if (strcmp(op, vcard_admin_table[i].op) != 0)
				continue;
			log_info("admin: %s", op);
			resp = vcard_admin_table[i].fn(vc, req, &err);
			break;
		}
	}
	if (resp == NULL) {
		log_warnx("admin: refused: %s", err);
		resp = json_pack("{s:b,s:s}", "ok", 0, "error", err);
	}
	out = json_dumps(resp, JSON_COMPACT);
	json_decref(resp);
	if (req != NULL) {
		/* The request may hold PINs: wipe what jansson kept. */
		json_t *v = json_object_get(req, "value"), *e;
		if (json_is_string(v))
			OPENSSL_cleanse((char *)json_string_value(v),
			    json_string_length(v));
		json_array_foreach(json_object_get(req, "entries"), i, e)
			if (json_is_string(e))
				OPENSSL_cleanse((char *)json_string_value(e),
				    json_string_length(e));
		json_decref(req);
	}
	return out;
}
