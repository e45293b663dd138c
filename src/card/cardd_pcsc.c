/*
 * cardd's PC/SC backend, the only code of the project that calls
 * libpcsclite. One context for the process, re-established when pcscd
 * restarts. A step on a card is open (connect + begin transaction), APDUs,
 * close (end transaction + disconnect), so no other PC/SC client can come in
 * between the APDUs of a step. PC/SC errors become card_err codes here,
 * from the const cardd_pcsc_err_table. The emulated card's reader has no
 * part 10 features in vpcd; its PIN pad, when its profile has one, is the
 * emulator's, reached over the admin channel (cardd_admin.c).
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <winscard.h>
#include <reader.h>

#include <openssl/crypto.h>

#include "madoguchi/util.h"
#include "cardd.h"

static SCARDCONTEXT cardd_ctx;
static int cardd_have_ctx;

/* What cardd remembers of each reader: its part 10 features (seen when a
 * card is opened) and whether its card stopped answering. pcscd may still
 * call such a card present for a while (and vpcd can swap a dead card for
 * a new one without any event), so a reader marked gone, and any reader
 * while a client waits for a card, is reported present only when its card
 * answers a probe (SELECT of the JPKI AP, outside any transaction). */
struct cardd_reader_mem {
	char		name[CARD_READER_MAX];
	uint32_t	flags;
	int		asked;		/* features asked once per reader */
	uint32_t	asked_events;	/* the emulated reader: of which card */
	uint32_t	ioctl_verify, ioctl_modify;
	int		gone;
	uint32_t	events;		/* pcscd's insert/remove count */
};
static struct cardd_reader_mem cardd_mem[CARD_READERS_MAX];

struct cardd_pcsc_err {
	LONG		rv;
	enum card_err	at_open;	/* while connecting */
	enum card_err	in_step;	/* in the middle of a step */
	const char	*what;
};

/* The command headers a PIN pad completes with what the holder types. */
static const unsigned char cardd_pad_verify_hdr[4] = { 0x00, 0x20, 0x00, 0x80 };
static const unsigned char cardd_pad_modify_hdr[4] = { 0x00, 0x24, 0x01, 0x80 };

/* The emulated reader's pad has no control codes (its operations go over
 * the admin channel); this one only says the pad is there. */
#define CARDD_IOCTL_EMULATED	0xffffffffu

/* What a PIN pad answers of its own, without the card (part 10). */
static const struct {
	uint16_t	sw;
	enum card_err	code;
	const char	*what;
} cardd_pinpad_sw_table[] = {
	{ 0x6400, CARD_E_CANCELLED, "PIN pad entry timed out" },
	{ 0x6401, CARD_E_CANCELLED, "PIN pad entry cancelled" },
	{ 0x6402, CARD_E_PIN_FORMAT, "PIN pad: the new PIN and its "
	    "confirmation differ (no try used; type both again)" },
	{ 0x6403, CARD_E_PIN_FORMAT, "PIN pad: the PIN typed is too short or "
	    "too long (no try used)" },
};

static const struct cardd_pcsc_err cardd_pcsc_err_table[] = {
	{ (LONG)SCARD_W_REMOVED_CARD, CARD_E_NO_CARD, CARD_E_REMOVED, "card removed" },
	{ (LONG)SCARD_E_NO_SMARTCARD, CARD_E_NO_CARD, CARD_E_REMOVED, "no card" },
	{ (LONG)SCARD_E_NOT_TRANSACTED, CARD_E_NO_CARD, CARD_E_REMOVED, "card did not answer" },
	{ (LONG)SCARD_W_UNPOWERED_CARD, CARD_E_NO_CARD, CARD_E_REMOVED, "card unpowered" },
	{ (LONG)SCARD_W_UNRESPONSIVE_CARD, CARD_E_NO_CARD, CARD_E_REMOVED, "card unresponsive" },
	{ (LONG)SCARD_E_COMM_DATA_LOST, CARD_E_NO_CARD, CARD_E_REMOVED, "data lost" },
	{ (LONG)SCARD_W_RESET_CARD, CARD_E_REMOVED, CARD_E_REMOVED, "card reset by another program" },
	{ (LONG)SCARD_E_READER_UNAVAILABLE, CARD_E_NO_READER, CARD_E_REMOVED, "reader gone" },
	{ (LONG)SCARD_E_UNKNOWN_READER, CARD_E_NO_READER, CARD_E_NO_READER, "unknown reader" },
	{ (LONG)SCARD_E_NO_READERS_AVAILABLE, CARD_E_NO_READER, CARD_E_NO_READER, "no reader" },
	{ (LONG)SCARD_E_SHARING_VIOLATION, CARD_E_BUSY, CARD_E_BUSY, "card held by another program" },
	{ (LONG)SCARD_E_TIMEOUT, CARD_E_TIMEOUT, CARD_E_TIMEOUT, "timeout" },
	{ (LONG)SCARD_E_NO_SERVICE, CARD_E_SERVICE, CARD_E_SERVICE, "pcscd not running" },
	{ (LONG)SCARD_E_SERVICE_STOPPED, CARD_E_SERVICE, CARD_E_SERVICE, "pcscd stopped" },
	{ (LONG)SCARD_E_INVALID_HANDLE, CARD_E_SERVICE, CARD_E_REMOVED, "invalid handle" },
};

/* Map rv; drop the context when pcscd went away so the next call makes a
 * new one. */
static void
cardd_pcsc_fail(LONG rv, int in_step, const char *call, struct card_error *err)
{
	size_t i;

	if (rv == (LONG)SCARD_E_NO_SERVICE || rv == (LONG)SCARD_E_SERVICE_STOPPED ||
	    rv == (LONG)SCARD_E_INVALID_HANDLE) {
		if (cardd_have_ctx)
			SCardReleaseContext(cardd_ctx);
		cardd_have_ctx = 0;
	}
	for (i = 0; i < nitems(cardd_pcsc_err_table); i++) {
		if (cardd_pcsc_err_table[i].rv != rv)
			continue;
		cardd_err(err, in_step ? cardd_pcsc_err_table[i].in_step :
		    cardd_pcsc_err_table[i].at_open, -1, "%s: %s", call,
		    cardd_pcsc_err_table[i].what);
		return;
	}
	cardd_err(err, CARD_E_SERVICE, -1, "%s: %s", call,
	    pcsc_stringify_error(rv));
}

static int
cardd_pcsc_ctx(struct card_error *err)
{
	LONG rv;

	if (cardd_have_ctx && SCardIsValidContext(cardd_ctx) == SCARD_S_SUCCESS)
		return 0;
	if (cardd_have_ctx)
		SCardReleaseContext(cardd_ctx);
	cardd_have_ctx = 0;
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &cardd_ctx);
	if (rv != SCARD_S_SUCCESS) {
		cardd_pcsc_fail(rv, 0, "SCardEstablishContext", err);
		return -1;
	}
	cardd_have_ctx = 1;
	return 0;
}

void
cardd_pcsc_shutdown(void)
{
	if (cardd_have_ctx)
		SCardReleaseContext(cardd_ctx);
	cardd_have_ctx = 0;
}

static struct cardd_reader_mem *
cardd_reader_mem(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(cardd_mem); i++)
		if (strcmp(cardd_mem[i].name, name) == 0)
			return &cardd_mem[i];
	for (i = 0; i < nitems(cardd_mem); i++)
		if (cardd_mem[i].name[0] == '\0')
			break;
	if (i == nitems(cardd_mem))
		i = 0;
	memset(&cardd_mem[i], 0, sizeof(cardd_mem[i]));
	strlcpy_m(cardd_mem[i].name, name, CARD_READER_MAX);
	return &cardd_mem[i];
}

/* 0 when the card in reader answers an APDU at all. */
static int
cardd_probe(const char *reader)
{
	static const unsigned char sel[] = { 0x00, 0xa4, 0x04, 0x0c, 0x0a, 0xd3,
	    0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
	unsigned char r[258];
	DWORD n = sizeof(r), proto;
	SCARDHANDLE h;
	LONG rv;

	if (SCardConnect(cardd_ctx, reader, SCARD_SHARE_SHARED,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto) != SCARD_S_SUCCESS)
		return -1;
	rv = SCardTransmit(h, proto == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 :
	    SCARD_PCI_T1, sel, sizeof(sel), NULL, r, &n);
	SCardDisconnect(h, SCARD_LEAVE_CARD);
	/* Another program in a transaction: the card is there. */
	if (rv == (LONG)SCARD_E_SHARING_VIOLATION)
		return 0;
	return rv == SCARD_S_SUCCESS && n >= 2 ? 0 : -1;
}

static int cardd_pcsc_readers_once(struct card_reader_info [CARD_READERS_MAX],
    size_t *, int, struct card_error *);
static void cardd_emulated_features(struct cardd_reader_mem *);

/* A context can outlive its pcscd (SCardIsValidContext checks only the
 * client side): on a service error try once more with a new one. */
int
cardd_pcsc_readers(struct card_reader_info out[CARD_READERS_MAX], size_t *n,
    int probe, struct card_error *err)
{
	if (cardd_pcsc_readers_once(out, n, probe, err) == 0)
		return 0;
	if (err->code != CARD_E_SERVICE)
		return -1;
	return cardd_pcsc_readers_once(out, n, probe, err);
}

static int
cardd_pcsc_readers_once(struct card_reader_info out[CARD_READERS_MAX],
    size_t *n, int probe, struct card_error *err)
{
	SCARD_READERSTATE st[CARD_READERS_MAX];
	char *names = NULL;
	const char *p;
	DWORD len = SCARD_AUTOALLOCATE;
	size_t i, k = 0;
	LONG rv;

	*n = 0;
	if (cardd_pcsc_ctx(err) == -1)
		return -1;
	rv = SCardListReaders(cardd_ctx, NULL, (LPSTR)&names, &len);
	if (rv == (LONG)SCARD_E_NO_READERS_AVAILABLE)
		return 0;
	if (rv != SCARD_S_SUCCESS) {
		cardd_pcsc_fail(rv == (LONG)SCARD_E_INVALID_HANDLE ?
		    (LONG)SCARD_E_NO_SERVICE : rv, 0, "SCardListReaders", err);
		return -1;
	}
	memset(st, 0, sizeof(st));
	for (p = names; *p != '\0' && k < CARD_READERS_MAX; p += strlen(p) + 1) {
		strlcpy_m(out[k].name, p, CARD_READER_MAX);
		st[k].szReader = out[k].name;
		st[k].dwCurrentState = SCARD_STATE_UNAWARE;
		k++;
	}
	SCardFreeMemory(cardd_ctx, names);
	rv = SCardGetStatusChange(cardd_ctx, 0, st, (DWORD)k);
	if (rv != SCARD_S_SUCCESS && rv != (LONG)SCARD_E_TIMEOUT) {
		cardd_pcsc_fail(rv, 0, "SCardGetStatusChange", err);
		return -1;
	}
	for (i = 0; i < k; i++) {
		struct cardd_reader_mem *m = cardd_reader_mem(out[i].name);
		int emulated = cardd_admin_owns(out[i].name);
		/* pcsc-lite counts card insertions and removals in the upper
		 * 16 bits of the event state. */
		m->events = (uint32_t)(st[i].dwEventState >> 16) & 0xffff;
		int present = (st[i].dwEventState & SCARD_STATE_PRESENT) &&
		    !(st[i].dwEventState & SCARD_STATE_MUTE);
		if (present && (m->gone || probe)) {
			m->gone = cardd_probe(out[i].name) == -1;
			present = !m->gone;
		}
		if (present && emulated)
			cardd_emulated_features(m);
		out[i].flags = m->flags;
		if (present)
			out[i].flags |= CARD_READER_PRESENT;
		if (emulated)
			out[i].flags |= CARD_READER_EMULATED;
	}
	*n = k;
	return 0;
}

uint32_t
cardd_pcsc_events(const char *reader)
{
	return cardd_reader_mem(reader)->events;
}

/* The emulated reader's PIN pad comes with its card's profile: asked of
 * the emulator, again whenever pcscd saw the card change (a swap may bring
 * a profile with another answer); when it does not answer, asked next
 * time. */
static void
cardd_emulated_features(struct cardd_reader_mem *m)
{
	int pad;

	if (m->asked && m->asked_events == m->events)
		return;
	if ((pad = cardd_admin_pinpad()) == -1)
		return;
	m->flags = pad ? CARD_READER_PINPAD | CARD_READER_PINPAD_MOD : 0;
	m->ioctl_verify = pad ? CARDD_IOCTL_EMULATED : 0;
	m->ioctl_modify = m->ioctl_verify;
	m->asked = 1;
	m->asked_events = m->events;
}

/* Ask the reader for its part 10 features (verify/modify PIN direct). */
static void
cardd_pcsc_features(struct cardd_conn *c)
{
	struct cardd_reader_mem *m = cardd_reader_mem(c->reader);
	unsigned char buf[256];
	DWORD len = 0, i;
	uint32_t flags = 0, code;

	if (cardd_admin_owns(c->reader))
		cardd_emulated_features(m);
	c->ioctl_verify = m->ioctl_verify;
	c->ioctl_modify = m->ioctl_modify;
	if (m->asked)
		return;		/* a reader's features do not change */
	if (cardd_admin_owns(c->reader))
		return;		/* the emulator did not answer: none for now */
	if (SCardControl(c->handle, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, buf,
	    sizeof(buf), &len) == SCARD_S_SUCCESS) {
		for (i = 0; i + 6 <= len; i += 2 + buf[i + 1]) {
			if (buf[i + 1] != 4)
				continue;
			code = (uint32_t)buf[i + 2] << 24 | (uint32_t)buf[i + 3] << 16 |
			    (uint32_t)buf[i + 4] << 8 | buf[i + 5];
			if (buf[i] == FEATURE_VERIFY_PIN_DIRECT) {
				c->ioctl_verify = code;
				flags |= CARD_READER_PINPAD;
			} else if (buf[i] == FEATURE_MODIFY_PIN_DIRECT) {
				c->ioctl_modify = code;
				flags |= CARD_READER_PINPAD_MOD;
			}
		}
	}
	m->flags = flags;
	m->ioctl_verify = c->ioctl_verify;
	m->ioctl_modify = c->ioctl_modify;
	m->asked = 1;
}

int
cardd_pcsc_open(const char *reader, struct cardd_conn *c,
    struct card_error *err)
{
	SCARDHANDLE h;
	DWORD proto;
	LONG rv;

	memset(c, 0, sizeof(*c));
	strlcpy_m(c->reader, reader, sizeof(c->reader));
	if (cardd_pcsc_ctx(err) == -1)
		return -1;
	rv = SCardConnect(cardd_ctx, reader, SCARD_SHARE_SHARED,
	    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &proto);
	if (rv != SCARD_S_SUCCESS) {
		cardd_pcsc_fail(rv, 0, "SCardConnect", err);
		if (err->code == CARD_E_NO_CARD)
			cardd_reader_mem(reader)->gone = 1;
		return -1;
	}
	rv = SCardBeginTransaction(h);
	if (rv != SCARD_S_SUCCESS) {
		SCardDisconnect(h, SCARD_LEAVE_CARD);
		cardd_pcsc_fail(rv, 0, "SCardBeginTransaction", err);
		return -1;
	}
	c->handle = (long)h;
	c->proto = proto;
	cardd_pcsc_features(c);
	return 0;
}

void
cardd_pcsc_close(struct cardd_conn *c)
{
	/* Never reset a card that stopped answering: the reset fails and
	 * leaves vpcd's slot unable to see the next card. */
	DWORD how = c->reset_at_end && !c->gone ? SCARD_RESET_CARD :
	    SCARD_LEAVE_CARD;

	if (c->handle == 0)
		return;
	SCardEndTransaction(c->handle, how);
	SCardDisconnect(c->handle, how);
	c->handle = 0;
}

int
cardd_pcsc_apdu(struct cardd_conn *c, const unsigned char *cmd, size_t len,
    unsigned char *resp, size_t *resplen, uint16_t *sw, struct card_error *err)
{
	const SCARD_IO_REQUEST *pci = c->proto == SCARD_PROTOCOL_T0 ?
	    SCARD_PCI_T0 : SCARD_PCI_T1;
	unsigned char buf[65536 + 2];
	DWORD n = sizeof(buf);
	LONG rv;

	rv = SCardTransmit(c->handle, pci, cmd, (DWORD)len, NULL, buf, &n);
	if (rv != SCARD_S_SUCCESS || n < 2) {
		OPENSSL_cleanse(buf, sizeof(buf));
		c->gone = 1;
		cardd_reader_mem(c->reader)->gone = 1;
		if (rv == SCARD_S_SUCCESS)	/* vpcd: the card went away */
			cardd_err(err, CARD_E_REMOVED, -1, "card gave no answer");
		else
			cardd_pcsc_fail(rv, 1, "SCardTransmit", err);
		return -1;
	}
	*sw = (uint16_t)(buf[n - 2] << 8 | buf[n - 1]);
	if (resp != NULL) {
		if (n - 2 > *resplen) {
			cardd_err(err, CARD_E_CARD, -1, "answer too long");
			return -1;
		}
		memcpy(resp, buf, n - 2);
		*resplen = n - 2;
	}
	OPENSSL_cleanse(buf, n);
	return 0;
}

/* The status word ending a pad's answer; -1 with the error when the pad
 * answered itself (cardd_pinpad_sw_table), the card then untouched. */
static int
cardd_pinpad_sw(const unsigned char *r, DWORD n, uint16_t *sw,
    struct card_error *err)
{
	size_t i;

	if (n < 2) {
		cardd_err(err, CARD_E_CARD, -1, "PIN pad: short answer");
		return -1;
	}
	*sw = (uint16_t)(r[n - 2] << 8 | r[n - 1]);
	for (i = 0; i < nitems(cardd_pinpad_sw_table); i++) {
		if (cardd_pinpad_sw_table[i].sw != *sw)
			continue;
		cardd_err(err, cardd_pinpad_sw_table[i].code, -1, "%s",
		    cardd_pinpad_sw_table[i].what);
		return -1;
	}
	return 0;
}

/* The emulated reader's pad, over the admin channel; its answer read as a
 * real pad's. */
static int
cardd_pcsc_pinpad_emulated(int modify, uint16_t *sw, struct card_error *err)
{
	unsigned char r[2];
	uint16_t got;

	if (cardd_admin_pad(modify, modify ? cardd_pad_modify_hdr :
	    cardd_pad_verify_hdr, &got, err) == -1)
		return -1;
	r[0] = (unsigned char)(got >> 8);
	r[1] = (unsigned char)got;
	return cardd_pinpad_sw(r, sizeof(r), sw, err);
}

int
cardd_pcsc_pinpad_verify(struct cardd_conn *c, int minlen, int maxlen,
    uint16_t *sw, struct card_error *err)
{
	unsigned char blk[64], r[16];
	DWORD n = 0;
	size_t len;
	LONG rv;

	if (c->ioctl_verify == 0) {
		cardd_err(err, CARD_E_NOT_SUPPORTED, -1, "reader has no PIN pad");
		return -1;
	}
	if (cardd_admin_owns(c->reader))
		return cardd_pcsc_pinpad_emulated(0, sw, err);
	len = cardd_pinpad_verify_block(blk, sizeof(blk), cardd_pad_verify_hdr,
	    minlen, maxlen);
	rv = SCardControl(c->handle, c->ioctl_verify, blk, (DWORD)len, r,
	    sizeof(r), &n);
	if (rv != SCARD_S_SUCCESS) {
		cardd_pcsc_fail(rv, 1, "SCardControl(verify)", err);
		return -1;
	}
	return cardd_pinpad_sw(r, n, sw, err);
}

int
cardd_pcsc_pinpad_change(struct cardd_conn *c, int minlen, int maxlen,
    uint16_t *sw, struct card_error *err)
{
	unsigned char blk[64], r[16];
	PIN_MODIFY_STRUCTURE *m = (PIN_MODIFY_STRUCTURE *)blk;
	DWORD n = 0;
	LONG rv;

	if (c->ioctl_modify == 0) {
		cardd_err(err, CARD_E_NOT_SUPPORTED, -1, "reader has no PIN pad");
		return -1;
	}
	if (cardd_admin_owns(c->reader))
		return cardd_pcsc_pinpad_emulated(1, sw, err);
	memset(blk, 0, sizeof(blk));
	m->bTimerOut = 30;
	m->bTimerOut2 = 10;
	m->bmFormatString = 0x82;
	m->bmPINBlockString = minlen == maxlen ? (uint8_t)maxlen : 0;
	m->wPINMaxExtraDigit = (uint16_t)(minlen << 8 | maxlen);
	m->bConfirmPIN = 0x01;		/* new PIN twice, no current PIN */
	m->bEntryValidationCondition = 0x02;
	m->bNumberMessage = 0x02;
	m->wLangId = 0x0411;
	m->bMsgIndex2 = 1;
	m->bMsgIndex3 = 2;
	m->ulDataLength = 5 + (minlen == maxlen ? (uint32_t)maxlen : 0);
	memcpy(m->abData, cardd_pad_modify_hdr, 4);
	m->abData[4] = minlen == maxlen ? (uint8_t)maxlen : 0;
	rv = SCardControl(c->handle, c->ioctl_modify, blk,
	    (DWORD)(sizeof(*m) + m->ulDataLength), r, sizeof(r), &n);
	if (rv != SCARD_S_SUCCESS) {
		cardd_pcsc_fail(rv, 1, "SCardControl(modify)", err);
		return -1;
	}
	return cardd_pinpad_sw(r, n, sw, err);
}
