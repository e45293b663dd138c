/*
 * The emulated card's profile (read-only JSON: holder, ATR, numbers, the
 * initial PINs) and its state file (JSON, mode 0600: PINs with their
 * counters, keys as PEM, certs as base64 DER, face-auth flag). The state is
 * written whole to a temporary file, synced and renamed over the old one,
 * so a killed emulator leaves either the old or the new state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>

#include "madoguchi/util.h"
#include "vcard.h"

const char *const vcard_pin_names[VC_PIN_MAX] = {
	"user", "sign", "support", "face_a", "face_b"
};
const char *const vcard_key_names[VC_KEY_MAX] = { "user", "sign" };
const char *const vcard_cert_names[VC_CERT_MAX] = {
	"user", "user_ca", "sign", "sign_ca"
};
/* Tries of each PIN: JPKI user 3, signature 5, input support 3; the
 * card-face PINs A/B are not published, 3 is our choice. */
const int vcard_pin_max[VC_PIN_MAX] = { 3, 5, 3, 3, 3 };

static int
vcard_all(const char *s, size_t len, const char *set)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\0' || strchr(set, s[i]) == NULL)
			return 0;
	return 1;
}

int
vcard_pin_format_ok(enum vcard_pin_id id, const char *pin, size_t len)
{
	static const char digits[] = "0123456789";
	size_t i;
	int alpha = 0, digit = 0;

	switch (id) {
	case VC_PIN_USER:
	case VC_PIN_SUPPORT:
		return len == 4 && vcard_all(pin, len, digits);
	case VC_PIN_SIGN:
		if (len < 6 || len > 16 ||
		    !vcard_all(pin, len, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
			return 0;
		for (i = 0; i < len; i++) {
			if (pin[i] >= 'A' && pin[i] <= 'Z')
				alpha = 1;
			else
				digit = 1;
		}
		return alpha && digit;
	case VC_PIN_FACE_A:
		return len == 12 && vcard_all(pin, len, digits);
	case VC_PIN_FACE_B:
		return len == 14 && vcard_all(pin, len, digits);
	default:
		return 0;
	}
}

char *
vcard_b64_encode(const unsigned char *p, size_t len)
{
	char *s = xmalloc(4 * ((len + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)s, p, (int)len);
	return s;
}

int
vcard_b64_decode(const char *s, unsigned char **out, size_t *outlen)
{
	size_t len = strlen(s), pad = 0;
	unsigned char *p;
	int n;

	if (len == 0 || len % 4 != 0)
		return -1;
	p = xmalloc(len);
	if ((n = EVP_DecodeBlock(p, (const unsigned char *)s, (int)len)) < 0) {
		free(p);
		return -1;
	}
	if (s[len - 1] == '=')
		pad++;
	if (s[len - 2] == '=')
		pad++;
	*out = p;
	*outlen = (size_t)n - pad;
	return 0;
}

static int
vcard_copy_str(json_t *o, const char *key, char *dst, size_t size, int need)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL && !need)
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= size) {
		log_warnx("profile: \"%s\" missing, not a string or too long",
		    key);
		return -1;
	}
	strlcpy_m(dst, json_string_value(v), size);
	return 0;
}

static int
vcard_parse_atr(struct vcard *vc, const char *hex)
{
	size_t i, n = 0;
	unsigned int b;

	for (i = 0; hex[i] != '\0';) {
		if (hex[i] == ' ' || hex[i] == ':') {
			i++;
			continue;
		}
		if (n >= sizeof(vc->atr) || sscanf(hex + i, "%2x", &b) != 1 ||
		    hex[i + 1] == '\0')
			return -1;
		vc->atr[n++] = (unsigned char)b;
		i += 2;
	}
	vc->atrlen = n;
	return n >= 2 ? 0 : -1;
}

/* The profile: see contrib/vcard/README.md for its fields. */
int
vcard_profile_load(struct vcard *vc, const char *path)
{
	json_error_t jerr;
	json_t *root, *pins, *v;
	char atr[100] = "3B E0 00 FF 81 31 FE 45 14";
	int i, rc = -1;

	if ((root = json_load_file(path, 0, &jerr)) == NULL) {
		log_warnx("profile %s: %s (line %d)", path, jerr.text, jerr.line);
		return -1;
	}
	strlcpy_m(vc->token, "JPKIAPICCTOKEN2", sizeof(vc->token));
	if (vcard_copy_str(root, "atr", atr, sizeof(atr), 0) == -1 ||
	    vcard_copy_str(root, "token", vc->token, sizeof(vc->token), 0) ||
	    vcard_copy_str(root, "card_number", vc->card_number,
	    sizeof(vc->card_number), 0) ||
	    vcard_copy_str(root, "my_number", vc->my_number,
	    sizeof(vc->my_number), 1) ||
	    vcard_copy_str(root, "name", vc->name, sizeof(vc->name), 1) ||
	    vcard_copy_str(root, "address", vc->address,
	    sizeof(vc->address), 1) ||
	    vcard_copy_str(root, "birth", vc->birth, sizeof(vc->birth), 1) ||
	    vcard_copy_str(root, "sex", vc->sex, sizeof(vc->sex), 1) ||
	    vcard_copy_str(root, "expiry", vc->expiry, sizeof(vc->expiry), 0) ||
	    vcard_copy_str(root, "security_code", vc->security_code,
	    sizeof(vc->security_code), 0))
		goto out;
	if (vc->expiry[0] == '\0')
		strlcpy_m(vc->expiry, "20351231", sizeof(vc->expiry));
	if (vcard_parse_atr(vc, atr) == -1) {
		log_warnx("profile %s: bad atr", path);
		goto out;
	}
	if (strlen(vc->my_number) != 12 || strlen(vc->birth) != 8 ||
	    strlen(vc->expiry) != 8 || (vc->security_code[0] != '\0' &&
	    !vcard_pin_format_ok(VC_PIN_SUPPORT, vc->security_code, 4))) {
		log_warnx("profile %s: my_number needs 12 digits, birth and "
		    "expiry YYYYMMDD, security_code 4 digits", path);
		goto out;
	}
	pins = json_object_get(root, "pins");
	for (i = 0; i < VC_PIN_MAX; i++) {
		vc->pin[i].tries = vcard_pin_max[i];
		if (i == VC_PIN_FACE_A) {
			strlcpy_m(vc->pin[i].value, vc->my_number, 17);
			continue;
		}
		/* PIN B as a real card has it: birth YYMMDD, the expiry's
		 * year, the security code printed on the face. */
		if (i == VC_PIN_FACE_B && vc->security_code[0] != '\0')
			snprintf(vc->pin[i].value, sizeof(vc->pin[i].value),
			    "%.6s%.4s%.4s", vc->birth + 2, vc->expiry,
			    vc->security_code);
		v = json_object_get(pins, vcard_pin_names[i]);
		if (v == NULL)
			continue;
		if (!json_is_string(v) || !vcard_pin_format_ok((enum vcard_pin_id)i,
		    json_string_value(v), json_string_length(v))) {
			log_warnx("profile %s: pin \"%s\" has a bad format", path,
			    vcard_pin_names[i]);
			goto out;
		}
		strlcpy_m(vc->pin[i].value, json_string_value(v), 17);
	}
	v = json_object_get(root, "pinpad");
	if (v != NULL && !json_is_boolean(v)) {
		log_warnx("profile %s: pinpad must be true or false", path);
		goto out;
	}
	vc->pinpad = json_is_true(v);
	vc->face_auth = json_is_true(json_object_get(root, "face_auth"));
	if (vc->face_auth) {
		/* A face-auth card carries no signature cert, key or PIN, and
		 * its user PIN cannot be used. */
		vc->pin[VC_PIN_SIGN].value[0] = '\0';
		vc->pin[VC_PIN_USER].tries = 0;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static EVP_PKEY *
vcard_key_from_pem(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);

	BIO_free(b);
	return k;
}

static char *
vcard_key_to_pem(EVP_PKEY *k)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *s = NULL;
	long n;

	if (PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL) == 1 &&
	    (n = BIO_get_mem_data(b, &p)) > 0) {
		s = xmalloc((size_t)n + 1);
		memcpy(s, p, (size_t)n);
		s[n] = '\0';
	}
	BIO_free(b);	/* BIO_s_mem clears its buffer on free */
	return s;
}

static int
vcard_state_pins(struct vcard *vc, json_t *pins)
{
	json_t *p, *val, *tries;
	int i;

	for (i = 0; i < VC_PIN_MAX; i++) {
		if ((p = json_object_get(pins, vcard_pin_names[i])) == NULL)
			continue;
		val = json_object_get(p, "value");
		tries = json_object_get(p, "tries");
		if (!json_is_string(val) || json_string_length(val) > 16 ||
		    !json_is_integer(tries))
			return -1;
		strlcpy_m(vc->pin[i].value, json_string_value(val), 17);
		vc->pin[i].tries = (int)json_integer_value(tries);
	}
	return 0;
}

int
vcard_state_load(struct vcard *vc)
{
	json_error_t jerr;
	json_t *root, *o, *v;
	int i, rc = -1;

	if (vc->state_path == NULL || access(vc->state_path, F_OK) == -1)
		return 0;	/* a new card: the profile's values stand */
	if ((root = json_load_file(vc->state_path, 0, &jerr)) == NULL) {
		log_warnx("state %s: %s", vc->state_path, jerr.text);
		return -1;
	}
	if (vcard_state_pins(vc, json_object_get(root, "pins")) == -1)
		goto out;
	o = json_object_get(root, "keys");
	for (i = 0; i < VC_KEY_MAX; i++) {
		if (!json_is_string(v = json_object_get(o, vcard_key_names[i])))
			continue;
		if ((vc->key[i] = vcard_key_from_pem(json_string_value(v))) == NULL)
			goto out;
	}
	o = json_object_get(root, "certs");
	for (i = 0; i < VC_CERT_MAX; i++) {
		if (!json_is_string(v = json_object_get(o, vcard_cert_names[i])))
			continue;
		if (vcard_b64_decode(json_string_value(v), &vc->cert[i],
		    &vc->certlen[i]) == -1)
			goto out;
	}
	vc->face_auth = json_is_true(json_object_get(root, "face_auth"));
	rc = 0;
out:
	if (rc == -1)
		log_warnx("state %s: malformed", vc->state_path);
	json_decref(root);
	return rc;
}

static json_t *
vcard_state_json(const struct vcard *vc)
{
	json_t *root = json_object(), *pins = json_object(), *keys = json_object(),
	    *certs = json_object();
	char *s;
	int i;

	json_object_set_new(root, "version", json_integer(1));
	for (i = 0; i < VC_PIN_MAX; i++)
		json_object_set_new(pins, vcard_pin_names[i], json_pack("{s:s,s:i}",
		    "value", vc->pin[i].value, "tries", vc->pin[i].tries));
	for (i = 0; i < VC_KEY_MAX; i++) {
		if (vc->key[i] == NULL || (s = vcard_key_to_pem(vc->key[i])) == NULL)
			continue;
		json_object_set_new(keys, vcard_key_names[i], json_string(s));
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
	for (i = 0; i < VC_CERT_MAX; i++) {
		if (vc->cert[i] == NULL)
			continue;
		s = vcard_b64_encode(vc->cert[i], vc->certlen[i]);
		json_object_set_new(certs, vcard_cert_names[i], json_string(s));
		free(s);
	}
	json_object_set_new(root, "pins", pins);
	json_object_set_new(root, "keys", keys);
	json_object_set_new(root, "certs", certs);
	json_object_set_new(root, "face_auth", json_boolean(vc->face_auth));
	return root;
}

int
vcard_state_save(const struct vcard *vc)
{
	json_t *root;
	char *text, *tmp;
	size_t len;
	int fd, rc = -1;

	if (vc->state_path == NULL)
		return 0;
	root = vcard_state_json(vc);
	text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(root);
	if (text == NULL)
		return -1;
	len = strlen(text);
	tmp = xasprintf("%s.tmp", vc->state_path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd != -1 && write(fd, text, len) == (ssize_t)len &&
	    fsync(fd) == 0 && close(fd) == 0) {
		fd = -1;
		if (rename(tmp, vc->state_path) == 0)
			rc = 0;
	}
	if (fd != -1)
		close(fd);
	if (rc == -1)
		log_warn("state %s", vc->state_path);
	OPENSSL_cleanse(text, len);
	free(text);
	free(tmp);
	return rc;
}

void
vcard_free(struct vcard *vc)
{
	int i;

	for (i = 0; i < VC_KEY_MAX; i++)
		EVP_PKEY_free(vc->key[i]);
	for (i = 0; i < VC_CERT_MAX; i++)
		free(vc->cert[i]);
	OPENSSL_cleanse(vc->pin, sizeof(vc->pin));
	vcard_pad_clear(vc);
	free(vc->state_path);
}
