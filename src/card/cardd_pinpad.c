/*
 * The part 10 PIN-pad command block for FEATURE_VERIFY_PIN_DIRECT, kept
 * apart from the PC/SC calls so the unit tests can check its bytes without
 * a reader. Needs only pcsc-lite's reader.h (a header, no library).
 */
#include <string.h>

#include <reader.h>

#include "cardd.h"

/* Part 10 PIN_VERIFY_STRUCTURE for an ASCII PIN of minlen..maxlen with no
 * padding (fixed 4-digit PINs: a 4-byte block), the PIN going at offset 0
 * of the APDU data. Fields are in host byte order (pcsc-lite's CCID). */
size_t
cardd_pinpad_verify_block(unsigned char *buf, size_t size,
    const unsigned char apdu[4], int minlen, int maxlen)
{
	PIN_VERIFY_STRUCTURE *v = (PIN_VERIFY_STRUCTURE *)buf;
	size_t datalen = 5 + (minlen == maxlen ? (size_t)maxlen : 0);
	size_t total = sizeof(*v) + datalen;

	if (size < total)
		return 0;
	memset(buf, 0, total);
	v->bTimerOut = 30;
	v->bTimerOut2 = 10;
	v->bmFormatString = 0x82;	/* byte units, offset 0, ASCII */
	v->bmPINBlockString = minlen == maxlen ? (uint8_t)maxlen : 0;
	v->bmPINLengthFormat = 0;
	v->wPINMaxExtraDigit = (uint16_t)(minlen << 8 | maxlen);
	v->bEntryValidationCondition = 0x02;	/* OK key */
	v->bNumberMessage = 0x01;
	v->wLangId = 0x0411;			/* Japanese */
	v->ulDataLength = (uint32_t)datalen;
	memcpy(v->abData, apdu, 4);
	v->abData[4] = minlen == maxlen ? (uint8_t)maxlen : 0;
	return total;
}

