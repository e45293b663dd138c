/*
 * madoguchi-vcard: an emulated My Number card behind pcscd's vpcd driver.
 * struct vcard holds the card: what the profile says (holder, ATR, numbers),
 * what issuance wrote (keys, certs, PINs and their counters: persisted in
 * the state file) and the volatile session (selected AP and EF, verified
 * PINs), which power off/on, reset and an AP change clear. A profile may
 * give the reader an emulated PIN pad: the entries a test says the holder
 * will press wait in pad[] until a pad operation takes them.
 */
#ifndef MADOGUCHI_VCARD_H
#define MADOGUCHI_VCARD_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

enum vcard_ap { VC_AP_NONE, VC_AP_JPKI, VC_AP_SUPPORT, VC_AP_FACE };

/* PINs, index into vcard.pin[]; names are those of the state file. */
enum vcard_pin_id { VC_PIN_USER, VC_PIN_SIGN, VC_PIN_SUPPORT, VC_PIN_FACE_A,
	VC_PIN_FACE_B, VC_PIN_MAX };
enum vcard_key_id { VC_KEY_USER, VC_KEY_SIGN, VC_KEY_MAX };
enum vcard_cert_id { VC_CERT_USER, VC_CERT_USER_CA, VC_CERT_SIGN,
	VC_CERT_SIGN_CA, VC_CERT_MAX };

#define VCARD_PAD_MAX		16	/* entries queued on the PIN pad */
#define VCARD_PAD_ENTRY_MAX	16	/* keys of one entry (the longest PIN) */

struct vcard_pin {
	char	value[17];	/* "" : not set (the EF answers 6A82) */
	int	tries;		/* 0: blocked */
};

struct vcard {
	/* from the profile */
	unsigned char	atr[33];
	size_t		atrlen;
	char		token[33];
	char		card_number[40];
	char		my_number[13];
	char		name[256];
	char		address[512];
	char		birth[9];
	char		sex[2];
	char		expiry[9];	/* the card's expiry, YYYYMMDD */
	char		security_code[5]; /* printed on the face; "" none */
	int		pinpad;		/* the reader has a PIN pad */
	/* persisted state */
	struct vcard_pin pin[VC_PIN_MAX];
	EVP_PKEY	*key[VC_KEY_MAX];
	unsigned char	*cert[VC_CERT_MAX];
	size_t		certlen[VC_CERT_MAX];
	int		face_auth;
	char		*state_path;
	/* session */
	enum vcard_ap	ap;
	uint16_t	ef;
	unsigned	verified;	/* bit per vcard_pin_id */
	/* the PIN pad: entries pressed, oldest first (the reader's, so a
	 * card reset keeps them) */
	char		pad[VCARD_PAD_MAX][VCARD_PAD_ENTRY_MAX + 1];
	size_t		npad;
	/* test: exit on receiving this many APDUs (0: never) */
	long		apdus;
	long		die_after;
};

extern const char *const vcard_pin_names[VC_PIN_MAX];
extern const char *const vcard_key_names[VC_KEY_MAX];
extern const char *const vcard_cert_names[VC_CERT_MAX];
extern const int vcard_pin_max[VC_PIN_MAX];

/* vcard_state.c */
int vcard_profile_load(struct vcard *, const char *path);
int vcard_state_load(struct vcard *);	/* 0 also when there is none yet */
int vcard_state_save(const struct vcard *);
void vcard_free(struct vcard *);
int vcard_pin_format_ok(enum vcard_pin_id, const char *pin, size_t len);
int vcard_b64_decode(const char *s, unsigned char **out, size_t *outlen);
char *vcard_b64_encode(const unsigned char *p, size_t len);

/* vcard_apdu.c: one C-APDU in, the R-APDU (data + SW) out. */
void vcard_session_reset(struct vcard *);
/* Count an APDU the card receives (from vpcd or the PIN pad); exits when
 * die_after says the card is pulled before it. */
void vcard_apdu_count(struct vcard *);
size_t vcard_apdu(struct vcard *, const unsigned char *in, size_t inlen,
    unsigned char *out, size_t outmax);

/* vcard_pad.c: the emulated reader's PIN pad. Status words as a part 10
 * reader answers: the card's, or 6400 (no entry: timed out), 6402 (new PIN
 * and confirmation differ). */
int vcard_pad_push(struct vcard *, const char *entry);
void vcard_pad_clear(struct vcard *);
/* VERIFY (hdr: CLA 00 INS 20 P1 P2) with the next entry as data. */
uint16_t vcard_pad_verify(struct vcard *, const unsigned char hdr[4]);
/* CHANGE REFERENCE DATA (INS 24) with the next entry as the new PIN, the
 * one after it as its confirmation. */
uint16_t vcard_pad_modify(struct vcard *, const unsigned char hdr[4]);

/* vcard_admin.c: one JSON request line in, a JSON answer (caller frees). */
char *vcard_admin_handle(struct vcard *, const char *line);

#endif
