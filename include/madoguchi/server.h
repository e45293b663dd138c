/*
 * madoguchi-sshd: the libssh server in front of `madoguchi ui`. This header
 * names what other modules and the tests see of it: the settings it reads
 * from the store (with their defaults) and the environment it gives the UI.
 * Only src/server/ links libssh.
 */
#ifndef MADOGUCHI_SERVER_H
#define MADOGUCHI_SERVER_H

/* Settings (store_setting_int) and their defaults. */
#define SERVER_SET_AUTH_MAX_TRIES	"server.auth_max_tries"
#define SERVER_DEF_AUTH_MAX_TRIES	3	/* refused keys per connection */
#define SERVER_SET_SOURCE_MAX_FAILURES	"server.source_max_failures"
#define SERVER_DEF_SOURCE_MAX_FAILURES	10	/* per address, in the window */
#define SERVER_SET_SOURCE_WINDOW_S	"server.source_window_s"
#define SERVER_DEF_SOURCE_WINDOW_S	300	/* and blocked that long after */
#define SERVER_SET_SOURCE_MAX_STARTUPS	"server.source_max_startups"
#define SERVER_DEF_SOURCE_MAX_STARTUPS	10	/* not yet logged in, at once */
/* Login limits that fit a city (listener, src/server/limits.c): failures
 * per login name and per key fingerprint in the same window; the branch
 * networks (CIDR list) where clerks sit, each address there with its own
 * higher limits and never dropped early; and OpenSSH's MaxStartups for
 * connections not logged in yet from outside those networks. */
#define SERVER_SET_LOGIN_MAX_FAILURES	"server.login_max_failures"
#define SERVER_DEF_LOGIN_MAX_FAILURES	10	/* per login / key */
#define SERVER_SET_BRANCH_NETWORKS	"server.branch_networks"
#define SERVER_DEF_BRANCH_NETWORKS	""	/* none */
#define SERVER_SET_BRANCH_MAX_FAILURES	"server.branch_max_failures"
#define SERVER_DEF_BRANCH_MAX_FAILURES	100	/* per branch address */
#define SERVER_SET_BRANCH_MAX_STARTUPS	"server.branch_max_startups"
#define SERVER_DEF_BRANCH_MAX_STARTUPS	100	/* per branch address */
#define SERVER_SET_MAX_STARTUPS		"server.max_startups"
#define SERVER_DEF_MAX_STARTUPS		"100:30:200"	/* start:rate:full */
#define SERVER_SET_LOGIN_GRACE_S	"server.login_grace_s"
#define SERVER_DEF_LOGIN_GRACE_S	30	/* connect to shell started */
#define SERVER_SET_IDLE_TIMEOUT_S	"session.idle_timeout_s"
#define SERVER_DEF_IDLE_TIMEOUT_S	900	/* no input that long: end */
/* `madoguchi ui` ends an idle session itself (with its own message); the
 * server ends it this much later if the UI did not (a hung UI). */
#define SERVER_SET_IDLE_MARGIN_S	"server.idle_margin_s"
#define SERVER_DEF_IDLE_MARGIN_S	30

/* The environment of `madoguchi ui` under the server (built by the server,
 * never taken from the client): the clerk's login, a session id, the
 * absolute state dir; plus TERM, LANG=C.UTF-8, LC_ALL=C.UTF-8 and PATH. */
#define SERVER_ENV_CLERK	"MADOGUCHI_CLERK"
#define SERVER_ENV_SESSION	"MADOGUCHI_SESSION"
#define SERVER_ENV_STATE	"MADOGUCHI_STATE"

/* After session.idle_timeout_s without a key the UI locks its screen (the
 * work kept under it); a locked screen not unlocked within this many
 * seconds ends the session. The server's own idle cut waits for both. */
#define SERVER_SET_LOCK_TIMEOUT_S	"session.lock_timeout_s"
#define SERVER_DEF_LOCK_TIMEOUT_S	1800

#endif
