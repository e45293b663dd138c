/*
 * The client backend of issuer.h: every op is one request to
 * madoguchi-issuerd over STATE/run/issuerd.sock (src/issuer/PROTOCOL.md)
 * and its answer. One connection per open issuer, made at open and made
 * again when issuerd dropped it (idle, restart): a call cut by a dropped
 * connection is sent once more, which is safe because the builtin behind
 * issuerd is idempotent by request id. Each request that has a date
 * carries the client's today (util_today), the day a NULL date means, so
 * "today" is the counter's while a NULL date stays NULL (as the built-in
 * CA hashes it: a retry the next day is the same request).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "madoguchi/issuer.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "issuer_proto.h"

/* An answer takes at most this long (a CRL of a big CA is signed). */
#define ISSUER_CLIENT_TIMEOUT_MS	30000

struct issuer_client {
	char	*sock;
	int	 fd;
};

static int
issuer_client_connect(struct issuer_client *cl)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy_m(sun.sun_path, cl->sock, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	cl->fd = fd;
	return 0;
}

static void
issuer_client_disconnect(struct issuer_client *cl)
{
	if (cl->fd != -1)
		close(cl->fd);
	cl->fd = -1;
}

static enum issuer_status
issuer_client_err(struct issuer *iss, const char *what)
{
	snprintf(iss->error, sizeof(iss->error), "issuerd: %s (%s); nothing "
	    "was changed unless the same request id says so: retry", what,
	    strerror(errno));
	return ISSUER_E_FAILED;
}

/* Send q and read its answer into a, on the open connection or a new one;
 * once more on a new connection when the first one broke. An ERROR answer
 * becomes its status and reason. q is cleared. */
static enum issuer_status
issuer_client_call(struct issuer *iss, struct issuer_msg *q,
    struct issuer_msg *a, uint16_t want)
{
	struct issuer_client *cl = iss->backend;
	enum issuer_status st;
	int try, sent, e;

	issuer_msg_init(a, 0);
	for (try = 0; try < 2; try++) {
		if (cl->fd == -1 && issuer_client_connect(cl) == -1) {
			issuer_msg_clear(q);
			return issuer_client_err(iss, "cannot connect");
		}
		/* A send that failed may still have an answer waiting: the
		 * ERROR issuerd sent before it closed (a refused peer). */
		sent = issuer_msg_send(cl->fd, q) == 0;
		if (!sent && errno == EMSGSIZE) {
			issuer_msg_clear(q);
			snprintf(iss->error, sizeof(iss->error), "a parameter "
			    "is over the protocol's limit");
			return ISSUER_E_INVALID;
		}
		if (issuer_msg_recv(cl->fd, a, sent ? ISSUER_CLIENT_TIMEOUT_MS :
		    100) == 0)
			break;
		e = errno;
		issuer_client_disconnect(cl);
		errno = e;
		if (errno == ETIMEDOUT || errno == EPROTO || try == 1) {
			issuer_msg_clear(q);
			return issuer_client_err(iss, "no answer");
		}
	}
	issuer_msg_clear(q);
	if (a->type == ISSUER_MSG_ERROR) {
		snprintf(iss->error, sizeof(iss->error), "%s",
		    a->text != NULL ? a->text : "");
		st = a->status <= ISSUER_E_FAILED ?
		    (enum issuer_status)a->status : ISSUER_E_FAILED;
		if (a->status > ISSUER_E_FAILED)
			issuer_client_disconnect(cl);	/* issuerd closed it */
		issuer_msg_clear(a);
		return st == ISSUER_OK ? ISSUER_E_FAILED : st;
	}
	if (a->type != want || (want == ISSUER_MSG_CERTS_OK &&
	    a->certs == NULL)) {
		issuer_msg_clear(a);
		issuer_client_disconnect(cl);
		snprintf(iss->error, sizeof(iss->error), "issuerd: unexpected "
		    "answer");
		return ISSUER_E_FAILED;
	}
	iss->error[0] = '\0';
	return ISSUER_OK;
}

static char *
issuer_client_str(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The day a NULL date means, to send. */
static char *
issuer_client_today(void)
{
	char today[11];

	util_today(today);
	return xstrdup(today);
}

/* The one cert of an answer into *out (may be NULL: dropped). */
static enum issuer_status
issuer_client_one(struct issuer *iss, struct issuer_msg *a,
    struct issuer_cert **out)
{
	if (a->ncerts != 1) {
		issuer_msg_clear(a);
		snprintf(iss->error, sizeof(iss->error), "issuerd: %zu certs "
		    "for one", a->ncerts);
		return ISSUER_E_FAILED;
	}
	if (out != NULL) {
		*out = a->certs;	/* the array of one is the cert */
		a->certs = NULL;
		a->ncerts = 0;
	}
	issuer_msg_clear(a);
	return ISSUER_OK;
}

static enum issuer_status
issuer_client_issue(struct issuer *iss, const struct issuer_issue_req *r,
    struct issuer_cert **out)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_ISSUE);
	q.id = issuer_client_str(r->request_id);
	q.kind = (uint32_t)r->kind;
	if (r->spki_len > 0) {
		q.blob = xmalloc(r->spki_len);
		memcpy(q.blob, r->spki, r->spki_len);
	}
	q.bloblen = r->spki_len;
	q.holder.person_key = issuer_client_str(r->holder.person_key);
	q.holder.name = issuer_client_str(r->holder.name);
	q.holder.name_alt = issuer_client_str(r->holder.name_alt);
	q.holder.address = issuer_client_str(r->holder.address);
	q.holder.address_alt = issuer_client_str(r->holder.address_alt);
	q.holder.birth_date = issuer_client_str(r->holder.birth_date);
	q.holder.sex = (uint32_t)r->holder.sex;
	q.holder.card_expiry = issuer_client_str(r->holder.card_expiry);
	q.date = issuer_client_str(r->issue_date);
	q.today = issuer_client_today();
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_CERTS_OK)) !=
	    ISSUER_OK)
		return st;
	return issuer_client_one(iss, &a, out);
}

static enum issuer_status
issuer_client_change(struct issuer *iss, const struct issuer_change_req *r,
    struct issuer_cert **out)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_CHANGE);
	q.id = issuer_client_str(r->request_id);
	q.op = (uint32_t)r->op;
	q.serial = issuer_client_str(r->serial);
	q.reason = (int32_t)r->reason;
	q.date = issuer_client_str(r->date);
	q.today = issuer_client_today();
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_CERTS_OK)) !=
	    ISSUER_OK)
		return st;
	return issuer_client_one(iss, &a, out);
}

static enum issuer_status
issuer_client_status(struct issuer *iss, const char *serial, const char *on,
    struct issuer_cert **out)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_STATUS);
	q.serial = issuer_client_str(serial);
	q.date = issuer_client_str(on);
	q.today = issuer_client_today();
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_CERTS_OK)) !=
	    ISSUER_OK)
		return st;
	return issuer_client_one(iss, &a, out);
}

static enum issuer_status
issuer_client_history(struct issuer *iss, const char *serial,
    struct issuer_event **out, size_t *n)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_HISTORY);
	q.serial = issuer_client_str(serial);
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_EVENTS_OK)) !=
	    ISSUER_OK)
		return st;
	*out = a.events;
	*n = a.nevents;
	a.events = NULL;
	issuer_msg_clear(&a);
	return ISSUER_OK;
}

static enum issuer_status
issuer_client_list(struct issuer *iss, const char *person_key, const char *on,
    struct issuer_cert **out, size_t *n)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_LIST);
	q.person = issuer_client_str(person_key);
	q.date = issuer_client_str(on);
	q.today = issuer_client_today();
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_CERTS_OK)) !=
	    ISSUER_OK)
		return st;
	*out = a.certs;
	*n = a.ncerts;
	a.certs = NULL;
	a.ncerts = 0;
	issuer_msg_clear(&a);
	return ISSUER_OK;
}

static enum issuer_status
issuer_client_crl(struct issuer *iss, enum issuer_ca which,
    unsigned char **der, size_t *len)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_CRL);
	q.kind = (uint32_t)which;
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_CRL_OK)) !=
	    ISSUER_OK)
		return st;
	*der = a.blob != NULL ? a.blob : xmalloc(1);
	*len = a.bloblen;
	a.blob = NULL;
	issuer_msg_clear(&a);
	return ISSUER_OK;
}

static enum issuer_status
issuer_client_find(struct issuer *iss, const char *request_id,
    struct issuer_request *out)
{
	struct issuer_msg q, a;
	enum issuer_status st;

	issuer_msg_init(&q, ISSUER_MSG_FIND);
	q.id = issuer_client_str(request_id);
	if ((st = issuer_client_call(iss, &q, &a, ISSUER_MSG_REQUEST_OK)) !=
	    ISSUER_OK)
		return st;
	*out = a.request;
	issuer_msg_clear(&a);
	return ISSUER_OK;
}

/* A DISC_OK answer's disclosure into out. */
static enum issuer_status
issuer_client_disc(struct issuer *iss, struct issuer_msg *q,
    struct issuer_disclosure *out)
{
	struct issuer_msg a;
	enum issuer_status st;

	if ((st = issuer_client_call(iss, q, &a, ISSUER_MSG_DISC_OK)) !=
	    ISSUER_OK)
		return st;
	*out = a.disc;
	issuer_msg_clear(&a);
	return ISSUER_OK;
}

static enum issuer_status
issuer_client_disc_record(struct issuer *iss,
    const struct issuer_disclosure_req *r, struct issuer_disclosure *out)
{
	struct issuer_msg q;

	issuer_msg_init(&q, ISSUER_MSG_DISC_RECORD);
	q.id = issuer_client_str(r->request_id);
	q.kind = (uint32_t)r->kind;
	q.person = issuer_client_str(r->person_key);
	q.form = issuer_client_str(r->form);
	q.date = issuer_client_str(r->received_on);
	q.today = issuer_client_today();
	q.detail = issuer_client_str(r->detail);
	return issuer_client_disc(iss, &q, out);
}

static enum issuer_status
issuer_client_disc_mail(struct issuer *iss, const struct issuer_mail_req *r,
    struct issuer_disclosure *out)
{
	struct issuer_msg q;

	issuer_msg_init(&q, ISSUER_MSG_DISC_MAIL);
	q.id = issuer_client_str(r->request_id);
	q.disc_id = r->disclosure_id;
	q.mail_state = (uint32_t)r->state;
	q.tracking = issuer_client_str(r->tracking_no);
	q.date = issuer_client_str(r->date);
	q.today = issuer_client_today();
	return issuer_client_disc(iss, &q, out);
}

static enum issuer_status
issuer_client_disc_get(struct issuer *iss, long id,
    struct issuer_disclosure *out)
{
	struct issuer_msg q;

	issuer_msg_init(&q, ISSUER_MSG_DISC_GET);
	q.disc_id = id;
	return issuer_client_disc(iss, &q, out);
}

static void
issuer_client_close(struct issuer *iss)
{
	struct issuer_client *cl = iss->backend;

	issuer_client_disconnect(cl);
	free(cl->sock);
	free(cl);
	free(iss);
}

static const struct issuer_ops issuer_client_ops = {
	.name = "issuerd",
	.issue = issuer_client_issue,
	.change = issuer_client_change,
	.status = issuer_client_status,
	.history = issuer_client_history,
	.list = issuer_client_list,
	.crl = issuer_client_crl,
	.find_by_request = issuer_client_find,
	.disclosure_record = issuer_client_disc_record,
	.disclosure_mail = issuer_client_disc_mail,
	.disclosure_get = issuer_client_disc_get,
	.close = issuer_client_close,
};

struct issuer *
issuer_client_open(const char *state_dir, char *why, size_t whylen)
{
	struct issuer_client *cl = xcalloc(1, sizeof(*cl));
	struct issuer *iss;

	cl->sock = state_path(state_dir, STATE_ISSUERD_SOCK);
	cl->fd = -1;
	if (issuer_client_connect(cl) == -1) {
		snprintf(why, whylen, "%s: %s", cl->sock, strerror(errno));
		free(cl->sock);
		free(cl);
		return NULL;
	}
	iss = xcalloc(1, sizeof(*iss));
	iss->ops = &issuer_client_ops;
	iss->backend = cl;
	return iss;
}
