/*
 * The client library of cardd (include/madoguchi/card.h): one connection,
 * one request at a time. Each call builds a request message, sends it and
 * turns the answer into results or a struct card_error. Also the PIN format
 * checks and the Japanese texts of the error codes, which cardd and the UI
 * share. Links no PC/SC code.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "madoguchi/card.h"
#include "madoguchi/util.h"
#include "card_proto.h"

/* How long a client waits for an answer beyond the request's own wait. */
#define CARD_CLIENT_SLACK_MS	120000

struct card_client {
	int	fd;
};

struct card_err_text {
	enum card_err	code;
	const char	*name;
	const char	*ja;
};

static const struct card_err_text card_err_table[] = {
	{ CARD_OK, "ok", "正常に終了しました" },
	{ CARD_E_PROTO, "protocol", "カードサービスとの通信に誤りがありました" },
	{ CARD_E_CONNECT, "connect", "カードサービスに接続できません。管理者に連絡してください" },
	{ CARD_E_SERVICE, "service", "カードリーダーのサービスが応答しません。管理者に連絡してください" },
	{ CARD_E_NO_READER, "no-reader", "カードリーダーが見つかりません。接続を確認してください" },
	{ CARD_E_NO_CARD, "no-card", "カードが置かれていません。カードをリーダーに置いてください" },
	{ CARD_E_REMOVED, "removed", "処理中にカードが外されました。カードを置き直して、もう一度操作してください(変更は行われていません)" },
	{ CARD_E_BUSY, "busy", "このカードリーダーは他の端末が使用中です。しばらく待ってから操作してください" },
	{ CARD_E_TIMEOUT, "timeout", "待ち時間を過ぎました。もう一度操作してください" },
	{ CARD_E_NOT_JPKI, "not-jpki", "マイナンバーカード(公的個人認証)として読み取れないカードです" },
	{ CARD_E_PIN_FORMAT, "pin-format", "暗証番号の形式が正しくありません(試行回数は減っていません)" },
	{ CARD_E_PIN_WRONG, "pin-wrong", "暗証番号が違います" },
	{ CARD_E_PIN_BLOCKED, "pin-blocked", "暗証番号がロックされています。初期化の手続が必要です" },
	{ CARD_E_NOT_SUPPORTED, "not-supported", "このカードリーダー・カードではこの操作はできません" },
	{ CARD_E_NO_FILE, "no-file", "カードに該当する証明書または鍵がありません" },
	{ CARD_E_CARD, "card", "カードが想定外の応答をしました" },
	{ CARD_E_ADMIN, "admin", "発行用の書込み装置でエラーが起きました" },
	{ CARD_E_DENIED, "denied", "カードサービスの利用が許可されていません" },
	{ CARD_E_CANCELLED, "cancelled", "暗証番号の入力が取り消されました" },
	{ CARD_E_INVALID, "invalid", "操作の指定に誤りがあります" },
};

const char *
card_error_ja(enum card_err code)
{
	size_t i;

	for (i = 0; i < nitems(card_err_table); i++)
		if (card_err_table[i].code == code)
			return card_err_table[i].ja;
	return "不明なエラーです";
}

const char *
card_error_name(enum card_err code)
{
	size_t i;

	for (i = 0; i < nitems(card_err_table); i++)
		if (card_err_table[i].code == code)
			return card_err_table[i].name;
	return "unknown";
}

static int
card_is_digits(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
card_pin_normalize(enum card_pin kind, const char *pin, char *out)
{
	size_t i, len;
	int alpha = 0, digit = 0;

	out[0] = '\0';
	if (pin == NULL)
		return -1;
	len = strlen(pin);
	switch (kind) {
	case CARD_PIN_USER:
	case CARD_PIN_SUPPORT:
		if (len != 4 || !card_is_digits(pin))
			return -1;
		memcpy(out, pin, 5);
		return 0;
	case CARD_PIN_SIGN:
		/* 6-16 of A-Z and 0-9, at least one of each; upper-cased. */
		if (len < 6 || len > CARD_PIN_MAX)
			return -1;
		for (i = 0; i < len; i++) {
			char c = pin[i];
			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (c >= 'A' && c <= 'Z')
				alpha = 1;
			else if (c >= '0' && c <= '9')
				digit = 1;
			else {
				OPENSSL_cleanse(out, CARD_PIN_MAX + 1);
				return -1;
			}
			out[i] = c;
		}
		out[len] = '\0';
		if (!alpha || !digit) {
			OPENSSL_cleanse(out, CARD_PIN_MAX + 1);
			return -1;
		}
		return 0;
	case CARD_PIN_FACE_B:
		if (len != 14 || !card_is_digits(pin))
			return -1;
		memcpy(out, pin, 15);
		return 0;
	}
	return -1;
}

static void
card_seterr(struct card_error *err, enum card_err code, int tries,
    const char *detail)
{
	if (err == NULL)
		return;
	err->code = code;
	err->tries_left = tries;
	strlcpy_m(err->detail, detail != NULL ? detail : card_error_name(code),
	    sizeof(err->detail));
}

struct card_client *
card_client_open(const char *path, struct card_error *err)
{
	struct sockaddr_un sun;
	struct card_client *c;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		card_seterr(err, CARD_E_CONNECT, -1, "socket path too long");
		return NULL;
	}
	strlcpy_m(sun.sun_path, path, sizeof(sun.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		char buf[CARD_TEXT_MAX];
		snprintf(buf, sizeof(buf), "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		card_seterr(err, CARD_E_CONNECT, -1, buf);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	return c;
}

void
card_client_close(struct card_client *c)
{
	if (c == NULL)
		return;
	close(c->fd);
	free(c);
}

/* Send req, read the answer into resp. An ERROR answer or a transport
 * failure gives -1 with err set; otherwise the answer must be of type
 * want. req is cleared (its PINs wiped) in every case. */
static int
card_call(struct card_client *c, struct card_msg *req, uint16_t want,
    struct card_msg *resp, struct card_error *err)
{
	int wait = (int)(req->timeout_ms > 600000 ? 600000 : req->timeout_ms);
	int rc;

	card_msg_init(resp, 0);
	rc = card_msg_send(c->fd, req);
	card_msg_clear(req);
	if (rc == -1) {
		int e = errno;
		/* cardd may have said why before closing (e.g. denied). */
		if (card_msg_recv(c->fd, resp, 1000) == 0 &&
		    resp->type == CARD_MSG_ERROR)
			goto answered;
		card_msg_clear(resp);
		card_seterr(err, CARD_E_CONNECT, -1, strerror(e));
		return -1;
	}
	if (card_msg_recv(c->fd, resp, wait + CARD_CLIENT_SLACK_MS) == -1) {
		card_seterr(err, errno == EPROTO ? CARD_E_PROTO : CARD_E_CONNECT,
		    -1, strerror(errno));
		return -1;
	}
answered:
	if (resp->type == CARD_MSG_ERROR) {
		card_seterr(err, resp->code >= CARD_E_MAX || resp->code == 0 ?
		    CARD_E_PROTO : (enum card_err)resp->code,
		    resp->tries == UINT32_MAX ? -1 : (int)resp->tries,
		    resp->text);
		card_msg_clear(resp);
		return -1;
	}
	if (resp->type != want) {
		card_msg_clear(resp);
		card_seterr(err, CARD_E_PROTO, -1, "unexpected answer");
		return -1;
	}
	card_seterr(err, CARD_OK, -1, NULL);
	return 0;
}

static void
card_req(struct card_msg *m, uint16_t type, const char *reader, uint32_t kind)
{
	card_msg_init(m, type);
	if (reader != NULL)
		strlcpy_m(m->reader, reader, sizeof(m->reader));
	m->kind = kind;
}

/* A request carrying no answer data but OK. */
static int
card_call_ok(struct card_client *c, struct card_msg *req,
    struct card_error *err)
{
	struct card_msg resp;

	if (card_call(c, req, CARD_MSG_OK, &resp, err) == -1)
		return -1;
	card_msg_clear(&resp);
	return 0;
}

int
card_readers(struct card_client *c, const char *reader, enum card_wait wait,
    uint32_t timeout_ms, struct card_reader_info out[CARD_READERS_MAX],
    size_t *nout, struct card_error *err)
{
	struct card_msg req, resp;

	card_req(&req, CARD_MSG_READERS, reader, 0);
	req.wait = wait;
	req.timeout_ms = timeout_ms;
	if (card_call(c, &req, CARD_MSG_READERS_OK, &resp, err) == -1)
		return -1;
	memcpy(out, resp.readers, resp.nreaders * sizeof(out[0]));
	*nout = resp.nreaders;
	card_msg_clear(&resp);
	return 0;
}

int
card_claim(struct card_client *c, const char *reader, uint32_t timeout_ms,
    char held[CARD_READER_MAX], struct card_error *err)
{
	struct card_msg req, resp;

	card_req(&req, CARD_MSG_CLAIM, reader, 0);
	req.timeout_ms = timeout_ms;
	if (card_call(c, &req, CARD_MSG_CLAIM_OK, &resp, err) == -1)
		return -1;
	if (held != NULL)
		strlcpy_m(held, resp.reader, CARD_READER_MAX);
	card_msg_clear(&resp);
	return 0;
}

int
card_release(struct card_client *c, struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_RELEASE, NULL, 0);
	return card_call_ok(c, &req, err);
}

/* Copy a PIN into a request; NULL stays "" (PIN pad). */
static void
card_req_pin(char *dst, const char *pin)
{
	if (pin != NULL)
		strlcpy_m(dst, pin, CARD_PIN_MAX + 1);
}

int
card_identity(struct card_client *c, const char *reader,
    const char *support_pin, struct card_identity *out, struct card_error *err)
{
	struct card_msg req, resp;

	card_req(&req, CARD_MSG_IDENTITY, reader, 0);
	card_req_pin(req.pin, support_pin);
	if (card_call(c, &req, CARD_MSG_IDENTITY_OK, &resp, err) == -1)
		return -1;
	*out = resp.ident;
	card_msg_clear(&resp);
	return 0;
}

int
card_face(struct card_client *c, const char *reader, const char *pin_b,
    struct card_face *out, struct card_error *err)
{
	struct card_msg req, resp;

	memset(out, 0, sizeof(*out));
	card_req(&req, CARD_MSG_FACE, reader, 0);
	card_req_pin(req.pin, pin_b);
	if (card_call(c, &req, CARD_MSG_FACE_OK, &resp, err) == -1)
		return -1;
	if (resp.datalen != sizeof(out->digest) || strlen(resp.text) != 8) {
		card_msg_clear(&resp);
		card_seterr(err, CARD_E_PROTO, -1, "face-ok: bad digest or expiry");
		return -1;
	}
	strlcpy_m(out->card_number, resp.ident.card_number,
	    sizeof(out->card_number));
	strlcpy_m(out->birth, resp.ident.birth, sizeof(out->birth));
	strlcpy_m(out->sex, resp.ident.sex, sizeof(out->sex));
	strlcpy_m(out->expiry, resp.text, sizeof(out->expiry));
	memcpy(out->digest, resp.data, sizeof(out->digest));
	card_msg_clear(&resp);
	return 0;
}

int
card_read_certs(struct card_client *c, const char *reader,
    const char *sign_pin, struct card_certs *out, struct card_error *err)
{
	struct card_msg req, resp;

	card_req(&req, CARD_MSG_CERTS, reader, 0);
	card_req_pin(req.pin, sign_pin);
	memset(out, 0, sizeof(*out));
	if (card_call(c, &req, CARD_MSG_CERTS_OK, &resp, err) == -1)
		return -1;
	*out = resp.certs;	/* takes the DER buffers */
	memset(&resp.certs, 0, sizeof(resp.certs));
	card_msg_clear(&resp);
	return 0;
}

void
card_certs_clear(struct card_certs *cs)
{
	size_t i;

	for (i = 0; i < nitems(cs->cert); i++)
		free(cs->cert[i].der);
	memset(cs, 0, sizeof(*cs));
}

int
card_tries(struct card_client *c, const char *reader, enum card_pin kind,
    int *tries, struct card_error *err)
{
	struct card_msg req, resp;

	card_req(&req, CARD_MSG_TRIES, reader, kind);
	if (card_call(c, &req, CARD_MSG_TRIES_OK, &resp, err) == -1)
		return -1;
	*tries = (int)resp.tries;
	card_msg_clear(&resp);
	return 0;
}

int
card_verify(struct card_client *c, const char *reader, enum card_pin kind,
    const char *pin, struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_VERIFY, reader, kind);
	card_req_pin(req.pin, pin);
	return card_call_ok(c, &req, err);
}

int
card_change_pin(struct card_client *c, const char *reader, enum card_pin kind,
    const char *old_pin, const char *new_pin, struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_CHANGE, reader, kind);
	card_req_pin(req.pin, old_pin);
	card_req_pin(req.newpin, new_pin);
	return card_call_ok(c, &req, err);
}

/* A request whose answer is DATA_OK; the data goes to the caller. */
static int
card_call_data(struct card_client *c, struct card_msg *req,
    unsigned char **out, size_t *outlen, struct card_error *err)
{
	struct card_msg resp;

	if (card_call(c, req, CARD_MSG_DATA_OK, &resp, err) == -1)
		return -1;
	*out = resp.data;
	*outlen = resp.datalen;
	resp.data = NULL;
	card_msg_clear(&resp);
	return 0;
}

int
card_sign(struct card_client *c, const char *reader, enum card_key kind,
    const char *pin, const unsigned char *digestinfo, size_t len,
    unsigned char **sig, size_t *siglen, struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_SIGN, reader, kind);
	card_req_pin(req.pin, pin);
	if (len > 0) {
		req.data = xmalloc(len);
		memcpy(req.data, digestinfo, len);
	}
	req.datalen = len;
	return card_call_data(c, &req, sig, siglen, err);
}

int
card_generate_key(struct card_client *c, const char *reader,
    enum card_key kind, unsigned char **spki, size_t *spkilen,
    struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_GENKEY, reader, kind);
	return card_call_data(c, &req, spki, spkilen, err);
}

int
card_write_cert(struct card_client *c, const char *reader,
    enum card_cert_slot slot, const unsigned char *der, size_t len,
    struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_WRITE_CERT, reader, slot);
	if (len > 0) {
		req.data = xmalloc(len);
		memcpy(req.data, der, len);
	}
	req.datalen = len;
	return card_call_ok(c, &req, err);
}

int
card_set_pin(struct card_client *c, const char *reader, enum card_pin kind,
    const char *pin, struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_SET_PIN, reader, kind);
	card_req_pin(req.pin, pin);
	return card_call_ok(c, &req, err);
}

int
card_face_lock(struct card_client *c, const char *reader,
    struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_FACE_LOCK, reader, 0);
	return card_call_ok(c, &req, err);
}

int
card_delete_sign(struct card_client *c, const char *reader,
    struct card_error *err)
{
	struct card_msg req;

	card_req(&req, CARD_MSG_DELETE_SIGN, reader, 0);
	return card_call_ok(c, &req, err);
}
