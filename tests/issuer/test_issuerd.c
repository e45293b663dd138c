/*
 * madoguchi-issuerd for real, on the test CA: the client backend gives
 * what the builtin gives (certs checked by `openssl verify`), a peer of a
 * uid not allowed is refused and logged, malformed messages (garbage, a
 * cut message, another version, a huge length, an answer as a request)
 * drop only their own client, an idle client is dropped and the client
 * backend connects again by itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "issuer_proto.h"
#include "it.h"

#define IDLE_S	2	/* issuerd's --idle in these tests */

static pid_t issuerd = -1;
static char issuerd_log[4096];

static int
issuerd_up_cb(void *arg)
{
	char why[256];
	struct issuer *iss;

	(void)arg;
	if ((iss = issuer_client_open(it_state(), why, sizeof(why))) == NULL)
		return 0;
	issuer_close(iss);
	return 1;
}

static int
issuerd_start(const char *allow)
{
	snprintf(issuerd_log, sizeof(issuerd_log), "%s/issuerd.log", it_tmp());
	if ((issuerd = fork()) == 0) {
		char idle[16];
		snprintf(idle, sizeof(idle), "%d", IDLE_S);
		if (allow != NULL)
			execl(test_prog("madoguchi-issuerd"), "madoguchi-issuerd",
			    "--state", it_state(), "--log", issuerd_log, "--idle", idle,
			    "--allow-uid", allow, (char *)NULL);
		else
			execl(test_prog("madoguchi-issuerd"), "madoguchi-issuerd",
			    "--state", it_state(), "--log", issuerd_log, "--idle", idle,
			    (char *)NULL);
		_exit(127);
	}
	return test_wait(issuerd_up_cb, NULL, 10000) ? 0 : -1;
}

static void
issuerd_stop(void)
{
	if (issuerd > 0) {
		kill(issuerd, SIGTERM);
		waitpid(issuerd, NULL, 0);
	}
	issuerd = -1;
}

static int
suite_init(void)
{
	/* openssl verify uses the real clock: see it.c */
	(void)it_state();
	return issuerd_start(NULL) == 0 ? 0 : 1;
}

static int
suite_clean(void)
{
	issuerd_stop();
	return 0;
}

static int
alive(void)
{
	return issuerd > 0 && waitpid(issuerd, NULL, WNOHANG) == 0;
}

/* 1 when issuerd's log has a line with s. */
static int
log_has(const char *s)
{
	char *o = test_output(NULL, "cat '%s'", issuerd_log);
	int has = strstr(o, s) != NULL;

	free(o);
	return has;
}

static int
log_has_cb(void *arg)
{
	return log_has(arg);
}

static struct issuer *
client(void)
{
	char why[256];
	struct issuer *iss = issuer_client_open(it_state(), why, sizeof(why));

	if (iss == NULL)
		fprintf(stderr, "issuer_client_open: %s\n", why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(iss);
	return iss;
}

/* The same cert as the builtin reads it. */
static void
same_as_builtin(struct issuer *b, const struct issuer_cert *c)
{
	struct issuer_cert *bc = NULL;

	CU_ASSERT_EQUAL_FATAL(issuer_status_get(b, c->serial, NULL, &bc),
	    ISSUER_OK);
	CU_ASSERT_STRING_EQUAL(bc->serial, c->serial);
	CU_ASSERT_EQUAL(bc->state, c->state);
	CU_ASSERT_EQUAL(bc->reason, c->reason);
	CU_ASSERT_STRING_EQUAL(bc->not_after, c->not_after);
	CU_ASSERT_STRING_EQUAL(bc->request_id, c->request_id);
	CU_ASSERT(bc->der_len == c->der_len &&
	    memcmp(bc->der, c->der, c->der_len) == 0);
	issuer_cert_free(bc);
}

/* Issue, hold, revoke, status, history, list and CRLs through issuerd:
 * the results are the builtin's, `openssl verify` accepts the new certs
 * and rejects the revoked one with the CRL issuerd published. */
static void
test_same_as_builtin(void)
{
	struct issuer *iss = client(), *b = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *sig = NULL, *user = NULL, *again = NULL,
	    *c = NULL, *list = NULL;
	struct issuer_event *ev = NULL;
	struct issuer_request fr;
	unsigned char *der = NULL, *bder = NULL;
	size_t n = 0, len = 0, blen = 0;
	char id[64], *out = NULL;

	snprintf(id, sizeof(id), "%s", it_id("d-sig"));
	it_req(&r, ISSUER_KIND_SIGNATURE, id);
	r.holder.person_key = "issuerd-person";
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &sig), ISSUER_OK);
	same_as_builtin(b, sig);
	CU_ASSERT_EQUAL(it_verify(it_pem(sig, "d-sig"), 0, &out), 0);
	free(out);
	/* the same id again: the same cert; with other data: a conflict */
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &again), ISSUER_OK);
	CU_ASSERT_STRING_EQUAL(again->serial, sig->serial);
	issuer_cert_free(again);
	r.holder.name = "別の 名前";
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &again), ISSUER_E_CONFLICT);
	CU_ASSERT(strstr(issuer_error(iss), "used before") != NULL);

	it_req(&r, ISSUER_KIND_USER, it_id("d-user"));
	r.holder.person_key = "issuerd-person";
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &user), ISSUER_OK);
	CU_ASSERT_EQUAL(it_verify(it_pem(user, "d-user"), 0, NULL), 0);

	/* hold, then revoke (a hold is never released: R5.2) */
	CU_ASSERT_EQUAL(issuer_hold(iss, it_id("d-hold"), user->serial, NULL,
	    &c), ISSUER_OK);
	CU_ASSERT_EQUAL(c->state, ISSUER_STATE_ON_HOLD);
	same_as_builtin(b, c);
	issuer_cert_free(c);
	CU_ASSERT_EQUAL(issuer_release(iss, it_id("d-rel"), user->serial, NULL,
	    &c), ISSUER_E_STATE);
	CU_ASSERT(issuer_error(iss)[0] != '\0');
	CU_ASSERT_EQUAL(issuer_revoke(iss, it_id("d-rev"), sig->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, &c), ISSUER_OK);
	CU_ASSERT_EQUAL(c->state, ISSUER_STATE_REVOKED);
	same_as_builtin(b, c);
	issuer_cert_free(c);
	CU_ASSERT_NOT_EQUAL(it_verify_published(it_pem(sig, "d-sig"),
	    ISSUER_KIND_SIGNATURE, &out), 0);
	CU_ASSERT(out != NULL && strstr(out, "revoked") != NULL);
	free(out);

	CU_ASSERT_EQUAL(issuer_status_get(iss, "no-such", NULL, &c),
	    ISSUER_E_INVALID);
	CU_ASSERT_EQUAL(issuer_status_get(iss, "ABCDEF", NULL, &c),
	    ISSUER_E_NOT_FOUND);
	CU_ASSERT_EQUAL(issuer_history(iss, user->serial, &ev, &n), ISSUER_OK);
	CU_ASSERT_EQUAL(n, 2);		/* issue, hold */
	CU_ASSERT(n == 2 && ev[1].op == ISSUER_OP_HOLD);
	free(ev);
	CU_ASSERT_EQUAL(issuer_list(iss, "issuerd-person", NULL, &list, &n),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(n, 2);
	issuer_certs_free(list, n);
	CU_ASSERT_EQUAL(issuer_find_by_request(iss, id, &fr), ISSUER_OK);
	CU_ASSERT_STRING_EQUAL(fr.serial, sig->serial);

	/* The CRLs: the issuing CAs' and the root's, as the builtin has them. */
	CU_ASSERT_EQUAL(issuer_crl(iss, ISSUER_CA_USER, &der, &len), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_crl(b, ISSUER_CA_USER, &bder, &blen), ISSUER_OK);
	CU_ASSERT(len == blen && len > 0 && memcmp(der, bder, len) == 0);
	free(der);
	free(bder);
	der = NULL;
	CU_ASSERT_EQUAL(issuer_crl(iss, ISSUER_CA_ROOT, &der, &len), ISSUER_OK);
	CU_ASSERT(len > 0);
	free(der);
	CU_ASSERT_EQUAL(issuer_crl(iss, (enum issuer_ca)7, &der, &len),
	    ISSUER_E_INVALID);
	issuer_cert_free(sig);
	issuer_cert_free(user);
	issuer_close(b);
	issuer_close(iss);
	CU_ASSERT(alive());
}

/* 開示 and its mailing through issuerd. */
static void
test_disclosure(void)
{
	struct issuer *iss = client();
	struct issuer_disclosure_req r = { it_id("d-disc"), ISSUER_DISCLOSURE,
	    "issuerd-person", "様式第7号", NULL, "氏名の表記" };
	struct issuer_disclosure d, g;
	struct issuer_mail_req m = { NULL, 0, ISSUER_MAIL_SENT, "1111-2222",
	    NULL };
	char mid[64];

	CU_ASSERT_EQUAL_FATAL(issuer_disclosure_record(iss, &r, &d), ISSUER_OK);
	CU_ASSERT_EQUAL(d.mail_state, ISSUER_MAIL_RECORDED);
	snprintf(mid, sizeof(mid), "%s", it_id("d-mail"));
	m.request_id = mid;
	m.disclosure_id = d.id;
	CU_ASSERT_EQUAL(issuer_disclosure_mail(iss, &m, &d), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_disclosure_get(iss, d.id, &g), ISSUER_OK);
	CU_ASSERT_EQUAL(g.mail_state, ISSUER_MAIL_SENT);
	CU_ASSERT_STRING_EQUAL(g.tracking_no, "1111-2222");
	CU_ASSERT_STRING_EQUAL(g.form, "様式第7号");
	CU_ASSERT_EQUAL(issuer_disclosure_get(iss, 999999, &g),
	    ISSUER_E_NOT_FOUND);
	issuer_close(iss);
}

/* A raw connection to issuerd. */
static int
raw_connect(void)
{
	struct sockaddr_un sun;
	char *path = state_path(it_state(), STATE_ISSUERD_SOCK);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy_m(sun.sun_path, path, sizeof(sun.sun_path));
	free(path);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_FATAL(connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	return fd;
}

/* 1 when issuerd closes fd within ms (whatever it said first is read
 * into *first, if not NULL). */
static int
closed_within(int fd, int ms, struct issuer_msg *first)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	unsigned char buf[4096], all[8192];
	size_t have = 0;
	int64_t end = util_now_ms() + ms;
	ssize_t n;

	for (;;) {
		int left = (int)(end - util_now_ms());
		if (left <= 0 || poll(&pfd, 1, left) != 1)
			return 0;
		if ((n = read(fd, buf, sizeof(buf))) <= 0)
			break;
		if (have + (size_t)n <= sizeof(all)) {
			memcpy(all + have, buf, (size_t)n);
			have += (size_t)n;
		}
	}
	if (first != NULL && issuer_msg_decode(all, have, first) == -1)
		issuer_msg_init(first, 0);
	return 1;
}

/* Some client is served: a status of a fresh cert. */
static void
next_client_served(void)
{
	struct issuer *iss = client();
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;

	it_req(&r, ISSUER_KIND_USER, it_id("d-next"));
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	issuer_cert_free(c);
	issuer_close(iss);
	CU_ASSERT(alive());
}

static void
send_raw(int fd, const void *p, size_t n)
{
	CU_ASSERT(send(fd, p, n, MSG_NOSIGNAL) == (ssize_t)n);
}

/* Garbage, a cut field, another version, a huge length, an answer sent as
 * a request: each drops that client only; the next one is served. */
static void
test_bad_messages(void)
{
	static const char garbage[] = "GET / HTTP/1.0\r\n\r\n";
	/* STATUS whose body holds a serial length of 200 and 3 bytes */
	static const unsigned char cut[] = { 0, 1, 0, ISSUER_MSG_STATUS, 0, 0,
	    0, 7, 0, 0, 0, 200, 'A', 'B', 'C' };
	static const unsigned char v2[] = { 0, 2, 0, ISSUER_MSG_STATUS, 0, 0,
	    0, 0 };
	static const unsigned char huge[] = { 0, 1, 0, ISSUER_MSG_ISSUE, 0x7f,
	    0xff, 0xff, 0xff };
	static const unsigned char answer[] = { 0, 1, 0, ISSUER_MSG_CRL_OK, 0,
	    0, 0, 4, 0, 0, 0, 0 };
	struct issuer_msg m;
	int fd, other;

	/* A client in the middle of nothing stays served meanwhile. */
	other = raw_connect();

	fd = raw_connect();
	send_raw(fd, garbage, sizeof(garbage) - 1);
	CU_ASSERT(closed_within(fd, 5000, NULL));
	close(fd);
	next_client_served();

	fd = raw_connect();
	send_raw(fd, cut, sizeof(cut));
	CU_ASSERT(closed_within(fd, 5000, NULL));
	close(fd);
	next_client_served();

	fd = raw_connect();
	send_raw(fd, v2, sizeof(v2));
	CU_ASSERT(closed_within(fd, 5000, &m));
	CU_ASSERT_EQUAL(m.type, ISSUER_MSG_ERROR);
	CU_ASSERT_EQUAL(m.status, ISSUER_E_PROTO);
	issuer_msg_clear(&m);
	close(fd);
	next_client_served();

	fd = raw_connect();
	send_raw(fd, huge, sizeof(huge));
	CU_ASSERT(closed_within(fd, 5000, NULL));	/* no waiting for 2 GiB */
	close(fd);
	next_client_served();

	fd = raw_connect();
	send_raw(fd, answer, sizeof(answer));
	CU_ASSERT(closed_within(fd, 5000, NULL));
	close(fd);
	next_client_served();

	CU_ASSERT(log_has("malformed request"));
	CU_ASSERT(log_has("bad header"));
	close(other);
	CU_ASSERT(alive());
}

/* A client that says nothing, or half a message, is dropped after the
 * idle time; the client backend then connects again by itself. */
static void
test_idle(void)
{
	static const unsigned char half[] = { 0, 1, 0, ISSUER_MSG_STATUS, 0,
	    0, 0, 40, 0, 0 };
	struct issuer *iss = client();
	struct issuer_cert *c = NULL;
	struct issuer_issue_req r;
	int64_t t0 = util_now_ms();
	int fd = raw_connect(), fd2 = raw_connect();

	send_raw(fd2, half, sizeof(half));
	it_req(&r, ISSUER_KIND_USER, it_id("d-idle"));
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	issuer_cert_free(c);
	CU_ASSERT(closed_within(fd, (IDLE_S + 5) * 1000, NULL));
	CU_ASSERT(util_now_ms() - t0 >= IDLE_S * 1000 - 100);
	CU_ASSERT(closed_within(fd2, 5000, NULL));
	close(fd);
	close(fd2);
	CU_ASSERT(test_wait(log_has_cb, "idle; closed", 5000));
	CU_ASSERT(log_has("request not finished in time"));
	/* the backend's own connection was idle as long: dropped too, and
	 * the next call goes through on a new one */
	CU_ASSERT_EQUAL(issuer_status_get(iss, "1", NULL, &c),
	    ISSUER_E_NOT_FOUND);
	issuer_close(iss);
	CU_ASSERT(alive());
}

/* As uid 65534 (nobody): with issuerd's default list the peer is refused
 * and logged; once issuerd allows that uid, served. The socket and its
 * directories are opened up for the test, so the SO_PEERCRED check is
 * what decides. */
static int
as_nobody(void)
{
	pid_t pid;
	int st;

	if ((pid = fork()) == 0) {
		struct issuer_cert *c = NULL;
		char why[256];
		struct issuer *iss;

		if (setgid(65534) == -1 || setuid(65534) == -1)
			_exit(3);
		if ((iss = issuer_client_open(it_state(), why,
		    sizeof(why))) == NULL)
			_exit(4);
		st = issuer_status_get(iss, "ABCDEF", NULL, &c);
		if (st == ISSUER_E_NOT_FOUND)
			_exit(0);	/* served */
		_exit(strstr(issuer_error(iss), "not allowed") != NULL ? 1 : 5);
	}
	if (pid == -1 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void
test_peer_uid(void)
{
	char *sock = state_path(it_state(), STATE_ISSUERD_SOCK);
	int k;

	if (geteuid() != 0) {
		fprintf(stderr, "(not root: the uid check is not run)\n");
		free(sock);
		return;
	}
	CU_ASSERT_EQUAL_FATAL(test_system("chmod 0711 '%s/..' '%s' '%s/run' && "
	    "chmod 0666 '%s'", it_state(), it_state(), it_state(), sock), 0);
	k = as_nobody();
	if (k != 1)
		fprintf(stderr, "as_nobody: %d\n", k);
	CU_ASSERT_EQUAL(k, 1);
	CU_ASSERT(test_wait(log_has_cb, "refused peer uid=65534", 5000));
	CU_ASSERT(alive());
	next_client_served();

	issuerd_stop();
	CU_ASSERT_EQUAL_FATAL(issuerd_start("65534"), 0);
	CU_ASSERT_EQUAL(test_system("chmod 0666 '%s'", sock), 0);
	CU_ASSERT_EQUAL(as_nobody(), 0);
	issuerd_stop();
	CU_ASSERT_EQUAL_FATAL(issuerd_start(NULL), 0);
	free(sock);
}

/* The socket is 0660; issuerd never reads the root key. */
static void
test_socket_and_root_key(void)
{
	char *sock = state_path(it_state(), STATE_ISSUERD_SOCK);
	char *o = test_output(NULL, "ls -l /proc/%d/fd/ 2>/dev/null; cat "
	    "/proc/%d/maps", (int)issuerd, (int)issuerd);
	struct stat sb;

	CU_ASSERT_EQUAL(stat(sock, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 07777, 0660);
	CU_ASSERT(strstr(o, "root.key") == NULL);
	free(o);
	o = test_output(NULL, "grep -c 'root.key' '%s'", issuerd_log);
	CU_ASSERT(atoi(o) == 0);
	free(o);
	free(sock);
}

/* issuerd runs each request with the client's day as "today" while a
 * NULL date stays NULL: a hold retried the next day (same request id,
 * NULL date) is the same request, dated the first day. */
static void
test_today_given(void)
{
	struct issuer *b = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL, *h1 = NULL, *h2 = NULL;
	char id[64], today[11], next[32];
	int day;

	it_req(&r, ISSUER_KIND_USER, it_id("d-today"));
	CU_ASSERT_EQUAL_FATAL(issuer_issue(b, &r, &c), ISSUER_OK);
	util_today(today);
	/* another day of the same month, valid whatever today is */
	day = atoi(today + 8);
	snprintf(next, sizeof(next), "%.8s%02d", today,
	    day <= 27 ? day + 1 : day - 1);
	snprintf(id, sizeof(id), "%s", it_id("d-hold-next"));
	issuer_builtin_set_today(today);
	CU_ASSERT_EQUAL(issuer_hold(b, id, c->serial, NULL, &h1), ISSUER_OK);
	issuer_builtin_set_today(next);
	CU_ASSERT_EQUAL(issuer_hold(b, id, c->serial, NULL, &h2), ISSUER_OK);
	issuer_builtin_set_today(NULL);
	if (h1 != NULL && h2 != NULL) {
		CU_ASSERT_STRING_EQUAL(h1->changed_on, today);
		CU_ASSERT_STRING_EQUAL(h2->changed_on, today);
	}
	issuer_cert_free(c);
	issuer_cert_free(h1);
	issuer_cert_free(h2);
	issuer_close(b);
}

static CU_TestInfo issuerd_tests[] = {
	{ "a NULL date stays NULL; today is the client's", test_today_given },
	{ "the client gives what the builtin gives", test_same_as_builtin },
	{ "disclosure and mailing through issuerd", test_disclosure },
	{ "bad messages drop only their client", test_bad_messages },
	{ "idle clients are dropped; the backend reconnects", test_idle },
	{ "a peer of another uid is refused unless allowed", test_peer_uid },
	{ "socket mode; the root key is never opened",
	    test_socket_and_root_key },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(issuerd, "issuer.issuerd", suite_init, suite_clean,
    issuerd_tests)
