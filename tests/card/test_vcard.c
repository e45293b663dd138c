/*
 * The emulated card's command interpreter in-process (no pcscd): status
 * words of each AP and command, the encodings of the input-support and
 * card-face EFs, the security state cleared by an AP change and a reset,
 * the state file written with mode 0600.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "vcard.h"

static struct vcard vc;
static char *tmp;
static unsigned char r[4096];
static size_t rlen;

/* Send an APDU given as hex; return its status word. */
static int
apdu(const char *hex)
{
	unsigned char in[512];
	size_t n = 0;
	unsigned int b;

	while (*hex != '\0') {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &b) != 1)
			abort();
		in[n++] = (unsigned char)b;
		hex += 2;
	}
	rlen = vcard_apdu(&vc, in, n, r, sizeof(r));
	return r[rlen - 2] << 8 | r[rlen - 1];
}

#define JPKI	"00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
#define SUPPORT	"00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"
#define FACE	"00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02"

static int
vcard_init(void)
{
	char path[4096];

	tmp = test_mkdtemp("vcard");
	memset(&vc, 0, sizeof(vc));
	snprintf(path, sizeof(path), "%s/tests/card/test-card.json", test_top_dir());
	if (vcard_profile_load(&vc, path) == -1)
		return 1;
	vc.state_path = xasprintf("%s/state.json", tmp);
	return 0;
}

static int
vcard_cleanup(void)
{
	vcard_free(&vc);
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

static void
test_unknown(void)
{
	CU_ASSERT_EQUAL(apdu("00 A4 04 0C 07 A0 00 00 00 03 10 10"), 0x6a82);
	CU_ASSERT_EQUAL(apdu("00 CA DF 30 05"), 0x6d00);
	CU_ASSERT_EQUAL(apdu("B0 B0 00 00 04"), 0x6e00);
	CU_ASSERT_EQUAL(apdu("00 A4"), 0x6700);
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 99"), 0x6a82);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 01"), 0x6a82);	/* no cert yet */
}

static void
test_jpki_token_and_pins(void)
{
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 06"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 20"), 0x9000);
	CU_ASSERT_EQUAL(rlen, 34);
	CU_ASSERT(memcmp(r, "JPKIAPICCTOKEN2                 ", 32) == 0);
	CU_ASSERT_EQUAL(apdu("00 B0 00 40 01"), 0x6b00);	/* past the end */
	CU_ASSERT_EQUAL(apdu("00 B0 86 00 00 00 20"), 0x9000);	/* SFI, ext Le */
	CU_ASSERT_EQUAL(rlen, 34);
	/* user PIN: tries, wrong, right, change needs verify */
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x63c3);
	CU_ASSERT_EQUAL(apdu("00 24 01 80 04 31 31 31 31"), 0x6982);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 04 30 30 30 30"), 0x63c2);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 04 31 32 33 34"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x63c3);	/* restored */
	CU_ASSERT_EQUAL(apdu("00 24 01 80 03 31 31 31"), 0x6a80);	/* format */
	/* A reset clears the verified state. */
	vcard_session_reset(&vc);
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 24 01 80 04 31 31 31 31"), 0x6982);
}

static void
test_block_and_persist(void)
{
	struct stat st;
	char path[4200];
	int i;

	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 1B"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x63c5);
	for (i = 4; i >= 0; i--)
		CU_ASSERT_EQUAL(apdu("00 20 00 80 06 58 58 58 39 39 39"), 0x63c0 | i);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 06 41 42 43 31 32 33"), 0x6983);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x6983);
	/* The counter is in the state file, mode 0600. */
	snprintf(path, sizeof(path), "%s/state.json", tmp);
	CU_ASSERT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	vc.pin[VC_PIN_SIGN].tries = 5;
	CU_ASSERT(vcard_state_load(&vc) == 0);
	CU_ASSERT_EQUAL(vc.pin[VC_PIN_SIGN].tries, 0);
	vc.pin[VC_PIN_SIGN].tries = 5;
	CU_ASSERT(vcard_state_save(&vc) == 0);
}

static void
test_input_support(void)
{
	CU_ASSERT_EQUAL(apdu(SUPPORT), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 01"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 11"), 0x6982);
	CU_ASSERT_EQUAL(apdu("00 20 00 91 04 35 36 37 38"), 0x9000);	/* P2=80|SFI */
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 01"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 11"), 0x9000);
	CU_ASSERT(rlen == 19 && memcmp(r, "\xff\x10\x0c" "123456789018\xff\xff", 17) == 0);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 02"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 00"), 0x9000);
	/* FF 20 with a long-form length (the test address is long). */
	CU_ASSERT(r[0] == 0xff && r[1] == 0x20 && r[2] == 0x81);
	CU_ASSERT(r[4] == 0xdf && r[5] == 0x21 && r[6] == 0x08);
	/* An AP change clears the PIN. */
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu(SUPPORT), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 02"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 08"), 0x6982);
}

static void
test_card_face(void)
{
	CU_ASSERT_EQUAL(apdu(FACE), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 02"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 04"), 0x6982);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 13"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 0C 31 32 33 34 35 36 37 38 39 30 31 38"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 02"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 B0 00 00 00"), 0x9000);
	CU_ASSERT(r[0] == 0xff && r[1] == 0x20);
	CU_ASSERT(memmem(r, rlen, "\x89PNG", 4) != NULL);
	/* PIN B from the profile: birth YYMMDD, expiry year, security code
	 * (the record's expiry is read through cardd in card.stack). */
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 12"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 0E 37 30 30 31 30 31 32 30 33 30 34 33 32 31"), 0x9000);
}

/* An admin request; 1 when the answer says ok. */
static int
admin_ok(const char *line)
{
	char *a = vcard_admin_handle(&vc, line);
	int ok = strstr(a, "\"ok\":true") != NULL;

	free(a);
	return ok;
}

/* A pad operation's status word, -1 when it is refused. */
static int
pad_sw(const char *op, const char *hdr)
{
	char line[200], *a, *p;
	unsigned int sw;
	int rc = -1;

	snprintf(line, sizeof(line), "{\"op\":\"%s\",\"apdu\":\"%s\"}", op,
	    hdr);
	a = vcard_admin_handle(&vc, line);
	if ((p = strstr(a, "\"sw\":\"")) != NULL && sscanf(p + 6, "%4x", &sw) == 1)
		rc = (int)sw;
	free(a);
	return rc;
}

static void
test_pinpad(void)
{
	char *a;

	vc.pinpad = 0;
	a = vcard_admin_handle(&vc, "{\"op\":\"info\"}");
	CU_ASSERT(strstr(a, "\"pinpad\":false") != NULL);
	free(a);
	CU_ASSERT(!admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"1234\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00200080"), -1);
	vc.pinpad = 1;
	a = vcard_admin_handle(&vc, "{\"op\":\"info\"}");
	CU_ASSERT(strstr(a, "\"pinpad\":true") != NULL);
	free(a);
	/* Bad entries or headers are refused; nothing is queued. */
	CU_ASSERT(!admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"1234\",\"\"]}"));
	CU_ASSERT(!admin_ok("{\"op\":\"pad_keys\",\"entries\":[1234]}"));
	CU_ASSERT(!admin_ok("{\"op\":\"pad_keys\",\"entries\":[]}"));
	CU_ASSERT(!admin_ok("{\"op\":\"pad_keys\",\"entries\":"
	    "[\"12345678901234567\"]}"));
	CU_ASSERT_EQUAL(vc.npad, 0);
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00B00000"), -1);
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "002000"), -1);
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00200080"), -1);
	/* Nothing pressed: timed out, no try used. */
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00200080"), 0x6400);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x63c3);
	/* A wrong entry counts down, the right one verifies. */
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"0000\",\"1234\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00200080"), 0x63c2);
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00200080"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x63c3);
	/* A confirmation that differs never reaches the card. */
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"1111\",\"2222\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00240180"), 0x6402);
	CU_ASSERT_EQUAL(vc.npad, 0);
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00240180"), 0x6400);
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"1111\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00240180"), 0x6400);
	CU_ASSERT_STRING_EQUAL(vc.pin[VC_PIN_USER].value, "1234");
	/* New PIN twice: changed on the verified card. */
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"4321\",\"4321\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00240180"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 04 34 33 32 31"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 24 01 80 04 31 32 33 34"), 0x9000);
	/* After a reset the card asks for the PIN again. */
	vcard_session_reset(&vc);
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"5555\",\"5555\"]}"));
	CU_ASSERT_EQUAL(pad_sw("pad_modify", "00240180"), 0x6982);
	CU_ASSERT(admin_ok("{\"op\":\"pad_keys\",\"entries\":[\"1234\"]}"));
	CU_ASSERT(admin_ok("{\"op\":\"pad_clear\"}"));
	CU_ASSERT_EQUAL(pad_sw("pad_verify", "00200080"), 0x6400);
	vc.pinpad = 0;
}

static void
test_admin_and_sign(void)
{
	char *a;

	a = vcard_admin_handle(&vc, "{\"op\":\"genkey\",\"key\":\"user\"}");
	CU_ASSERT(strstr(a, "\"ok\":true") != NULL && strstr(a, "spki") != NULL);
	free(a);
	a = vcard_admin_handle(&vc, "{\"op\":\"set_pin\",\"pin\":\"user\",\"value\":\"12\"}");
	CU_ASSERT(strstr(a, "\"ok\":false") != NULL);
	free(a);
	a = vcard_admin_handle(&vc, "not json");
	CU_ASSERT(strstr(a, "\"ok\":false") != NULL);
	free(a);
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 17"), 0x9000);
	CU_ASSERT_EQUAL(apdu("80 2A 00 80 03 01 02 03 00"), 0x6982);	/* no PIN */
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80 04 31 32 33 34"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 17"), 0x9000);
	CU_ASSERT_EQUAL(apdu("80 2A 00 80 03 01 02 03 00"), 0x9000);
	CU_ASSERT_EQUAL(rlen, 258);
	a = vcard_admin_handle(&vc, "{\"op\":\"face_lock\"}");
	free(a);
	CU_ASSERT_EQUAL(apdu(JPKI), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 1B"), 0x6a82);
	CU_ASSERT_EQUAL(apdu("00 A4 02 0C 02 00 18"), 0x9000);
	CU_ASSERT_EQUAL(apdu("00 20 00 80"), 0x6983);
}

/* The demo card of `make run` loads and says who it is. */
static void
test_demo_profile(void)
{
	struct vcard d;
	char path[4096];

	memset(&d, 0, sizeof(d));
	snprintf(path, sizeof(path), "%s/contrib/vcard/demo-card.json",
	    test_top_dir());
	CU_ASSERT_FATAL(vcard_profile_load(&d, path) == 0);
	CU_ASSERT_STRING_EQUAL(d.name, "窓口 花子");
	CU_ASSERT_STRING_EQUAL(d.birth, "19860203");
	CU_ASSERT_STRING_EQUAL(d.sex, "2");
	CU_ASSERT_STRING_EQUAL(d.pin[VC_PIN_USER].value, "1234");
	CU_ASSERT_STRING_EQUAL(d.pin[VC_PIN_SIGN].value, "ABC123");
	CU_ASSERT_STRING_EQUAL(d.pin[VC_PIN_SUPPORT].value, "1234");
	CU_ASSERT_STRING_EQUAL(d.token, "JPKIAPICCTOKEN2");
	CU_ASSERT_EQUAL(d.atrlen, 9);
	vcard_free(&d);
}

static CU_TestInfo vcard_tests[] = {
	{ "demo profile", test_demo_profile },
	{ "unknown AID, INS, CLA, EF", test_unknown },
	{ "token, user PIN, reset clears", test_jpki_token_and_pins },
	{ "signature PIN blocks after 5, persisted 0600", test_block_and_persist },
	{ "input-support AP encodings", test_input_support },
	{ "card-face AP", test_card_face },
	{ "PIN pad through the admin channel", test_pinpad },
	{ "admin channel, sign, face-auth lock", test_admin_and_sign },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(vcard, "card.vcard", vcard_init, vcard_cleanup, vcard_tests)
