/*
 * Private to madoguchi-cardd. The daemon's parts: the PC/SC backend
 * (cardd_pcsc.c: readers, a connection with a transaction around each
 * multi-APDU step, part 10 PIN pads), the JPKI operations in APDUs
 * (cardd_jpki.c), the relay to the emulator's admin channel
 * (cardd_admin.c) and the socket server (cardd_main.c).
 */
#ifndef MADOGUCHI_CARDD_H
#define MADOGUCHI_CARDD_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/card.h"
#include "card_proto.h"

/* An open card inside a PC/SC transaction. */
struct cardd_conn {
	long		handle;		/* SCARDHANDLE */
	unsigned long	proto;
	uint32_t	ioctl_verify;	/* part 10 control codes, 0: none */
	uint32_t	ioctl_modify;
	int		reset_at_end;	/* a PIN was verified: reset after */
	int		gone;		/* the card stopped answering */
	char		reader[CARD_READER_MAX];
};

/* cardd_pcsc.c */
/* All readers and their state (PRESENT, PINPAD...). probe: report a card
 * present only if it answers (for clients waiting for a card). */
int cardd_pcsc_readers(struct card_reader_info out[CARD_READERS_MAX],
    size_t *n, int probe, struct card_error *err);
/* How many times a card went in or out of reader, as pcscd counted it
 * when cardd_pcsc_readers last looked. */
uint32_t cardd_pcsc_events(const char *reader);
/* Connect to the card in reader and begin a transaction. */
int cardd_pcsc_open(const char *reader, struct cardd_conn *,
    struct card_error *err);
/* End the transaction (resetting the card when a PIN was verified, so no
 * security state outlives the step) and disconnect. */
void cardd_pcsc_close(struct cardd_conn *);
/* Send one APDU; resp gets the data (at most *resplen), sw the status. */
int cardd_pcsc_apdu(struct cardd_conn *, const unsigned char *cmd, size_t len,
    unsigned char *resp, size_t *resplen, uint16_t *sw,
    struct card_error *err);
/* PIN-pad VERIFY / CHANGE of the PIN EF already selected. */
int cardd_pcsc_pinpad_verify(struct cardd_conn *, int minlen, int maxlen,
    uint16_t *sw, struct card_error *err);
int cardd_pcsc_pinpad_change(struct cardd_conn *, int minlen, int maxlen,
    uint16_t *sw, struct card_error *err);
/* Build a PIN_VERIFY_STRUCTURE (exported for the unit test); bytes used. */
size_t cardd_pinpad_verify_block(unsigned char *buf, size_t size,
    const unsigned char apdu[4], int minlen, int maxlen);
void cardd_pcsc_shutdown(void);

/* cardd_jpki.c: one request on an open card; the answer goes to resp. */
int cardd_jpki_run(struct cardd_conn *, const struct card_msg *req,
    struct card_msg *resp, struct card_error *err);
/* Parse a DER cert into c (serial, validity, subject); -1 if not one. */
int cardd_cert_parse(struct card_cert *c);

/* cardd_admin.c: issuance through the emulator's admin channel. */
void cardd_admin_init(const char *socket_path, const char *reader);
/* Whether reader is the emulated card we can administer. */
int cardd_admin_owns(const char *reader);
int cardd_admin_run(const struct card_msg *req, struct card_msg *resp,
    struct card_error *err);
/* The emulated card's number, "" when unknown. */
void cardd_admin_card_number(char *buf, size_t size);
/* Whether the emulated reader has a PIN pad (its card's profile says):
 * 1 or 0, -1 when the emulator does not answer. */
int cardd_admin_pinpad(void);
/* The emulated PIN pad's VERIFY (modify 0) or CHANGE REFERENCE DATA
 * (modify 1) with this command header, the PIN typed on the pad: *sw is
 * what the pad answers (the card's status word, or 64xx from the pad). */
int cardd_admin_pad(int modify, const unsigned char hdr[4], uint16_t *sw,
    struct card_error *err);

/* Fill an error. */
void cardd_err(struct card_error *, enum card_err, int tries,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
