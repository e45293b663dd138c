/*
 * The client side of auditd: one connection per request (connect, send,
 * read the answer, close), 2 s timeouts, so an appender never waits long
 * for the signer. audit_store_hook is what the UI registers on its store:
 * it only notifies auditd (connect, send, close, bounded by 50 ms) and
 * never waits for the signature; a lagging head is logged once, never a
 * failed business action.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "audit_proto.h"

#define AUDIT_CLIENT_TIMEOUT_MS	2000
/* A notification's connect and send: a Unix socket connects at once
 * unless auditd's listen backlog is full (it is busy signing); a clerk
 * waits no longer than this for it, then the head merely lags. */
#define AUDIT_NOTIFY_TIMEOUT_MS	50

static int
audit_client_connect(const char *state_dir, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	char *path = state_path(state_dir, STATE_AUDITD_SOCK);
	struct sockaddr_un sun;
	int fd, rc;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	rc = strlcpy_m(sun.sun_path, path, sizeof(sun.sun_path)) <
	    sizeof(sun.sun_path) ? 0 : -1;
	free(path);
	if (rc == -1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Read exactly n bytes (the socket's receive timeout bounds each read). */
static int
audit_read_full(int fd, unsigned char *p, size_t n)
{
	size_t off = 0;
	ssize_t r;

	while (off < n) {
		r = read(fd, p + off, n - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = ECONNRESET;
			return -1;
		}
		off += (size_t)r;
	}
	return 0;
}

static int
audit_client_recv(int fd, struct audit_msg *m)
{
	unsigned char buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	long body;
	int badver;

	if (audit_read_full(fd, buf, AUDIT_HDR_LEN) == -1)
		return -1;
	if ((body = audit_msg_body_len(buf, &badver)) < 0 ||
	    audit_read_full(fd, buf + AUDIT_HDR_LEN, (size_t)body) == -1 ||
	    audit_msg_decode(buf, AUDIT_HDR_LEN + (size_t)body, m) == -1) {
		if (errno == 0)
			errno = EPROTO;
		return -1;
	}
	return 0;
}

int
audit_client_request(const char *state_dir, enum audit_req req,
    struct audit_head *out, int *unreachable, char *err, size_t errlen)
{
	static const uint16_t types[] = { [AUDIT_REQ_ADVANCE] =
	    AUDIT_MSG_ADVANCE, [AUDIT_REQ_STATUS] = AUDIT_MSG_STATUS,
	    [AUDIT_REQ_ROTATE] = AUDIT_MSG_ROTATE };
	struct audit_msg m;
	int fd;

	*unreachable = 0;
	if ((fd = audit_client_connect(state_dir, AUDIT_CLIENT_TIMEOUT_MS)) ==
	    -1) {
		*unreachable = 1;
		snprintf(err, errlen, "madoguchi-auditd unreachable (%s)",
		    strerror(errno));
		return -1;
	}
	audit_msg_init(&m, types[req]);
	errno = 0;
	if (audit_msg_send(fd, &m) == -1 || audit_client_recv(fd, &m) == -1) {
		snprintf(err, errlen, "madoguchi-auditd did not answer (%s)",
		    strerror(errno != 0 ? errno : EPROTO));
		close(fd);
		return -1;
	}
	close(fd);
	if (m.type == AUDIT_MSG_ERROR) {
		snprintf(err, errlen, "madoguchi-auditd refused (%u): %s",
		    m.code, m.text);
		return -1;
	}
	if (m.type != AUDIT_MSG_HEAD) {
		snprintf(err, errlen, "madoguchi-auditd answered %s",
		    audit_msg_name(m.type));
		return -1;
	}
	if (out != NULL) {
		memset(out, 0, sizeof(*out));
		out->count = (int64_t)m.count;
		strlcpy_m(out->hash, m.hash, sizeof(out->hash));
		strlcpy_m(out->at, m.at, sizeof(out->at));
		strlcpy_m(out->keyid, m.keyid, sizeof(out->keyid));
	}
	return 0;
}

int
audit_client_notify(const char *state_dir, char *err, size_t errlen)
{
	struct audit_msg m;
	int fd;

	if ((fd = audit_client_connect(state_dir, AUDIT_NOTIFY_TIMEOUT_MS)) ==
	    -1) {
		snprintf(err, errlen, "madoguchi-auditd unreachable (%s)",
		    strerror(errno));
		return -1;
	}
	audit_msg_init(&m, AUDIT_MSG_NOTIFY);
	if (audit_msg_send(fd, &m) == -1) {
		snprintf(err, errlen, "madoguchi-auditd not notified (%s)",
		    strerror(errno));
		close(fd);
		return -1;
	}
	/* Closed at once: auditd reads the message before the hang-up. */
	close(fd);
	return 0;
}

void
audit_store_hook(void *state_dir)
{
	static int warned;
	char err[320];

	if (audit_client_notify(state_dir, err, sizeof(err)) == 0 || warned)
		return;
	/* The rows are committed; only the signed head lags behind. */
	warned = 1;
	log_warnx("audit: the signed head was not advanced: %s", err);
}
