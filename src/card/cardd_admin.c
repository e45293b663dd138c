/*
 * Issuance requests relayed to the emulated card's admin channel (one JSON
 * line each way, contrib/vcard/README.md). Real cards keep these operations
 * inside J-LIS's closed issuing chain, so for any reader other than the
 * emulated card's they are refused with CARD_E_NOT_SUPPORTED. The same
 * channel plays the emulated reader's PIN pad, which vpcd cannot offer
 * through PC/SC part 10. A new connection per request: the emulator may
 * have been restarted.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "madoguchi/util.h"
#include "cardd.h"

#define CARDD_ADMIN_TIMEOUT_MS	60000

static const char *cardd_admin_path;
static const char *cardd_admin_reader = "Virtual PCD 00 00";

static const char *const cardd_key_names[] = { NULL, "user", "sign" };
static const char *const cardd_slot_names[] = { NULL, "user", "user_ca",
	"sign", "sign_ca" };
static const char *const cardd_pin_names[] = { NULL, "user", "sign",
	"support" };

void
cardd_admin_init(const char *socket_path, const char *reader)
{
	cardd_admin_path = socket_path;
	if (reader != NULL)
		cardd_admin_reader = reader;
}

int
cardd_admin_owns(const char *reader)
{
	return cardd_admin_path != NULL &&
	    strcmp(reader, cardd_admin_reader) == 0;
}

/* One request line, one answer; the answer's "ok" decides. *out is the
 * caller's (json_decref) on success. */
static int
cardd_admin_call(json_t *req, json_t **out, struct card_error *err)
{
	struct sockaddr_un sun;
	struct pollfd pfd;
	char buf[16384], *line, *nl;
	size_t len = 0, linelen;
	int64_t deadline = util_now_ms() + CARDD_ADMIN_TIMEOUT_MS;
	ssize_t n;
	int fd, rc = -1;
	json_t *resp;

	line = json_dumps(req, JSON_COMPACT);
	linelen = strlen(line);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy_m(sun.sun_path, cardd_admin_path, sizeof(sun.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    send(fd, line, linelen, MSG_NOSIGNAL) != (ssize_t)linelen ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		cardd_err(err, CARD_E_REMOVED, -1, "emulated card not reachable: %s",
		    strerror(errno));
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	/* One answer line: read until its newline. */
	for (;;) {
		int left = (int)(deadline - util_now_ms());

		if (len > 0 && (nl = memchr(buf, '\n', len)) != NULL)
			break;
		if (left <= 0 || poll(&pfd, 1, left) <= 0 || len == sizeof(buf) ||
		    (n = read(fd, buf + len, sizeof(buf) - len)) <= 0) {
			cardd_err(err, CARD_E_REMOVED, -1,
			    "emulated card gave no answer");
			goto out;
		}
		len += (size_t)n;
	}
	*nl = '\0';
	if ((resp = json_loads(buf, 0, NULL)) == NULL) {
		cardd_err(err, CARD_E_ADMIN, -1, "admin answer is not JSON");
		goto out;
	}
	if (!json_is_true(json_object_get(resp, "ok"))) {
		const char *e = json_string_value(json_object_get(resp, "error"));
		cardd_err(err, CARD_E_ADMIN, -1, "emulated card refused: %s",
		    e != NULL ? e : "?");
		json_decref(resp);
		goto out;
	}
	*out = resp;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	OPENSSL_cleanse(line, linelen);
	free(line);
	return rc;
}

void
cardd_admin_card_number(char *buf, size_t size)
{
	struct card_error err;
	json_t *req = json_pack("{s:s}", "op", "info"), *resp;
	const char *s;

	buf[0] = '\0';
	if (cardd_admin_path != NULL && cardd_admin_call(req, &resp, &err) == 0) {
		if ((s = json_string_value(json_object_get(resp,
		    "card_number"))) != NULL)
			strlcpy_m(buf, s, size);
		json_decref(resp);
	}
	json_decref(req);
}

int
cardd_admin_pinpad(void)
{
	struct card_error err;
	json_t *req = json_pack("{s:s}", "op", "info"), *resp;
	int pad = -1;

	if (cardd_admin_path != NULL && cardd_admin_call(req, &resp, &err) == 0) {
		pad = json_is_true(json_object_get(resp, "pinpad"));
		json_decref(resp);
	} else if (cardd_admin_path != NULL)
		log_warnx("emulated reader's PIN pad unknown: %s", err.detail);
	json_decref(req);
	return pad;
}

int
cardd_admin_pad(int modify, const unsigned char hdr[4], uint16_t *sw,
    struct card_error *err)
{
	char hex[9];
	const char *s;
	unsigned int v;
	json_t *req, *resp;
	int rc = 0;

	snprintf(hex, sizeof(hex), "%02X%02X%02X%02X", hdr[0], hdr[1], hdr[2],
	    hdr[3]);
	req = json_pack("{s:s,s:s}", "op", modify ? "pad_modify" : "pad_verify",
	    "apdu", hex);
	if (cardd_admin_call(req, &resp, err) == -1) {
		json_decref(req);
		return -1;
	}
	json_decref(req);
	s = json_string_value(json_object_get(resp, "sw"));
	if (s == NULL || strlen(s) != 4 || sscanf(s, "%4x", &v) != 1) {
		cardd_err(err, CARD_E_ADMIN, -1, "PIN pad: no status word in "
		    "the emulator's answer");
		rc = -1;
	} else
		*sw = (uint16_t)v;
	json_decref(resp);
	return rc;
}

static json_t *
cardd_admin_request(const struct card_msg *req)
{
	char *b64;
	json_t *j;

	switch (req->type) {
	case CARD_MSG_GENKEY:
		return json_pack("{s:s,s:s}", "op", "genkey", "key",
		    cardd_key_names[req->kind]);
	case CARD_MSG_WRITE_CERT:
		b64 = xmalloc(4 * ((req->datalen + 2) / 3) + 1);
		EVP_EncodeBlock((unsigned char *)b64, req->data, (int)req->datalen);
		j = json_pack("{s:s,s:s,s:s}", "op", "write_cert", "slot",
		    cardd_slot_names[req->kind], "der", b64);
		free(b64);
		return j;
	case CARD_MSG_SET_PIN:
		return json_pack("{s:s,s:s,s:s}", "op", "set_pin", "pin",
		    cardd_pin_names[req->kind], "value", req->pin);
	case CARD_MSG_FACE_LOCK:
		return json_pack("{s:s}", "op", "face_lock");
	case CARD_MSG_DELETE_SIGN:
		return json_pack("{s:s}", "op", "delete_sign");
	}
	return NULL;
}

/* Wipe a PIN string held by jansson before the object is freed. */
static void
cardd_admin_wipe(json_t *j)
{
	json_t *v = json_object_get(j, "value");

	if (json_is_string(v))
		OPENSSL_cleanse((char *)json_string_value(v), json_string_length(v));
	json_decref(j);
}

int
cardd_admin_run(const struct card_msg *req, struct card_msg *resp,
    struct card_error *err)
{
	json_t *j = cardd_admin_request(req), *r;
	const char *b64;
	unsigned char *der;
	int n;

	if (j == NULL) {
		cardd_err(err, CARD_E_INVALID, -1, "not an issuance request");
		return -1;
	}
	if (cardd_admin_call(j, &r, err) == -1) {
		cardd_admin_wipe(j);
		return -1;
	}
	cardd_admin_wipe(j);
	card_msg_init(resp, CARD_MSG_OK);
	if (req->type == CARD_MSG_GENKEY) {
		b64 = json_string_value(json_object_get(r, "spki"));
		der = xmalloc(b64 != NULL ? strlen(b64) + 1 : 1);
		n = b64 != NULL ? EVP_DecodeBlock(der, (const unsigned char *)b64,
		    (int)strlen(b64)) : -1;
		if (n <= 0) {
			free(der);
			json_decref(r);
			cardd_err(err, CARD_E_ADMIN, -1, "no public key in answer");
			return -1;
		}
		/* EVP_DecodeBlock counts the padding as data bytes. */
		for (size_t k = strlen(b64); k > 0 && b64[k - 1] == '=' && n > 0; k--)
			n--;
		card_msg_init(resp, CARD_MSG_DATA_OK);
		resp->data = der;
		resp->datalen = (size_t)n;
	}
	json_decref(r);
	return 0;
}
