/*
 * The emulated reader's PIN pad, for the part 10 path vpcd lacks. A test
 * queues what the holder will press (one entry per OK key) through the
 * admin channel; a pad operation takes entries from the front and sends
 * the card the APDU a real pad would build, through vcard_apdu, so the
 * security state and the try counters are the APDU channel's own. Entries
 * are wiped when taken or cleared, and never logged.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "madoguchi/util.h"
#include "vcard.h"

#define SW_PAD_TIMEOUT	0x6400
#define SW_PAD_DIFFER	0x6402

int
vcard_pad_push(struct vcard *vc, const char *entry)
{
	size_t len = strlen(entry), i;

	if (vc->npad == VCARD_PAD_MAX || len == 0 || len > VCARD_PAD_ENTRY_MAX)
		return -1;
	for (i = 0; i < len; i++)
		if (entry[i] < 0x21 || entry[i] > 0x7e)
			return -1;
	memcpy(vc->pad[vc->npad], entry, len + 1);
	vc->npad++;
	return 0;
}

void
vcard_pad_clear(struct vcard *vc)
{
	OPENSSL_cleanse(vc->pad, sizeof(vc->pad));
	vc->npad = 0;
}

/* Move the oldest entry into out (VCARD_PAD_ENTRY_MAX + 1 bytes); -1 when
 * none is queued. */
static int
vcard_pad_take(struct vcard *vc, char *out)
{
	if (vc->npad == 0)
		return -1;
	memcpy(out, vc->pad[0], sizeof(vc->pad[0]));
	memmove(vc->pad[0], vc->pad[1], (vc->npad - 1) * sizeof(vc->pad[0]));
	vc->npad--;
	OPENSSL_cleanse(vc->pad[vc->npad], sizeof(vc->pad[0]));
	return 0;
}

/* The header with the entry as its data, sent to the card; its SW. */
static uint16_t
vcard_pad_send(struct vcard *vc, const unsigned char hdr[4], const char *pin)
{
	unsigned char in[5 + VCARD_PAD_ENTRY_MAX], out[2 + 256];
	size_t len = strlen(pin), n;
	uint16_t sw;

	memcpy(in, hdr, 4);
	in[4] = (unsigned char)len;
	memcpy(in + 5, pin, len);
	vcard_apdu_count(vc);
	n = vcard_apdu(vc, in, 5 + len, out, sizeof(out));
	sw = (uint16_t)(out[n - 2] << 8 | out[n - 1]);
	OPENSSL_cleanse(in, sizeof(in));
	OPENSSL_cleanse(out, n);
	return sw;
}

uint16_t
vcard_pad_verify(struct vcard *vc, const unsigned char hdr[4])
{
	char pin[VCARD_PAD_ENTRY_MAX + 1];
	uint16_t sw;

	if (vcard_pad_take(vc, pin) == -1)
		return SW_PAD_TIMEOUT;
	sw = vcard_pad_send(vc, hdr, pin);
	OPENSSL_cleanse(pin, sizeof(pin));
	return sw;
}

uint16_t
vcard_pad_modify(struct vcard *vc, const unsigned char hdr[4])
{
	char pin[VCARD_PAD_ENTRY_MAX + 1], again[VCARD_PAD_ENTRY_MAX + 1];
	uint16_t sw;

	if (vcard_pad_take(vc, pin) == -1)
		return SW_PAD_TIMEOUT;
	if (vcard_pad_take(vc, again) == -1)
		sw = SW_PAD_TIMEOUT;	/* no confirmation came */
	else if (strcmp(pin, again) != 0)
		sw = SW_PAD_DIFFER;	/* the pad refuses; the card sees nothing */
	else
		sw = vcard_pad_send(vc, hdr, pin);
	OPENSSL_cleanse(pin, sizeof(pin));
	OPENSSL_cleanse(again, sizeof(again));
	return sw;
}
