/*
 * madoguchi-sshd internals. The listener (listener.c) only accepts and
 * forks; each connection's child runs session.c (key exchange, public-key
 * auth against the clerks, the session channel) and then pump.c (the UI on
 * a pty, bytes between channel and pty master). keys.c makes ed25519 keys.
 */
#ifndef MADOGUCHI_SSHD_H
#define MADOGUCHI_SSHD_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"

/* What the listener was told and read from the settings at start. */
struct sshd_conf {
	char	*state_dir;		/* absolute path */
	char	*ui_path;		/* absolute path of `madoguchi` */
	char	*user;			/* become this after binding; NULL
					 * when started as non-root (or
					 * root kept, with a warning) */
	char	 host[64];
	int	 port;
	int	 foreground;		/* log to stderr */
	long	 login_grace_s;
	struct sshd_limits	*limits;	/* limits.c */
};

/* What the command line and the config file said (main.c, conf.c). */
struct sshd_args {
	const char	*state, *ui, *keygen, *comment, *user, *listen;
	const char	*config;	/* -f FILE */
	int		 check;		/* -n: check the config, exit */
	char		*conf_mem[4];	/* values read from the file */
};

/* conf.c: read the config file at path into a (keys a does not have
 * yet); -1 with "path:line: why" in err. sshd_conf_free frees what it
 * read. */
int	sshd_conf_read(const char *path, struct sshd_args *, char *err,
	    size_t errlen);
void	sshd_conf_free(struct sshd_args *);

/* What a session child tells the listener on the report pipe (one write
 * each, far below PIPE_BUF, so records never interleave). */
enum sshd_report_kind {
	SSHD_REPORT_FAIL = 1,		/* an authentication refused */
	SSHD_REPORT_AUTH,		/* logged in */
	SSHD_REPORT_FORGIVE		/* a FAIL of this connection, which
					   then logged in: uncount it */
};
#define SSHD_REPORT_LOGIN_MAX	40	/* the login name offered, cut */
#define SSHD_REPORT_FPR_MAX	56	/* "SHA256:" and 43 characters */
struct sshd_report {
	int32_t	pid;
	int32_t	kind;
	char	login[SSHD_REPORT_LOGIN_MAX];	/* FAIL, FORGIVE */
	char	fpr[SSHD_REPORT_FPR_MAX];	/* FAIL, FORGIVE; "-" none */
};

/* How a session child ends (its exit status), for the listener's log. */
enum sshd_exit {
	SSHD_EXIT_OK = 0,		/* logged in and logged out */
	SSHD_EXIT_AUTH = 2,		/* never authenticated */
	SSHD_EXIT_PROTO = 3,		/* key exchange or protocol failure */
	SSHD_EXIT_ERROR = 4		/* our side failed (pty, fork, store) */
};

/* One connection, owned by its session child. */
struct sshd_session {
	const struct sshd_conf	*conf;
	ssh_session		 ssh;
	ssh_event		 event;
	ssh_channel		 chan;
	struct store		*store;		/* open during auth only */
	int			 report_fd;	/* sshd_report -> listener */
	char			 id[17];
	char			 peer[80];	/* "addr port N" */
	long			 max_tries;
	int			 failures;
#define SESSION_FAILS_KEPT	8
	struct {
		char	login[SSHD_REPORT_LOGIN_MAX];
		char	fpr[SSHD_REPORT_FPR_MAX];
	}			 fail[SESSION_FAILS_KEPT];	/* to forgive */
	int			 authenticated;
	struct store_clerk	 clerk;
	char			 fpr[96];	/* key fingerprint SHA256:... */
	int			 pty;
	char			 term[64];
	int			 cols, rows;
	int			 shell;
	int			 refused;	/* a request we answer with a message */
	long			 idle_s;	/* timeout + margin, 0 none */
	int64_t			 start_ms;
	/* The pump's side (pump.c); the channel callbacks feed it. */
	int			 master;	/* pty master or -1 */
	pid_t			 ui_pid;
	int			 ui_exited, ui_status;
	int			 master_eof;
	int			 chan_closed;
	int			 stop;		/* SIGTERM */
	char			*in;		/* keystrokes the pty could */
	size_t			 inlen, incap;	/* not take yet, in order */
	int64_t			 last_input_ms;
};

/* limits.c: the login limits (failures per address, login and key; the
 * caps on connections not logged in yet). The listener owns the counts;
 * the table of locked logins and keys is shared memory made before the
 * first fork, which the session children only read. */
enum sshd_pool { SSHD_POOL_OUTSIDE, SSHD_POOL_BRANCH, SSHD_POOL_COUNT };
/* The limits' settings as read from the store. */
struct sshd_limits {
	long			source_max_failures, source_window_s;
	long			source_max_startups;
	long			login_max_failures;
	long			branch_max_failures, branch_max_startups;
	long			start, rate, full;	/* MaxStartups */
	struct util_netlist	branch;
};
/* Read the limits' settings into lim (bad stored values: the defaults,
 * with a warning). */
void	sshd_limits_read(struct sshd_limits *, struct store *);
/* In the listener, before any fork: the shared table. -1 on failure. */
int	sshd_limits_init(const struct sshd_conf *);
/* In a session child, first thing: the shared table read-only. */
void	sshd_limits_child(void);
/* On SIGHUP: read the settings again (kept as they were, with a warning,
 * when the store cannot be opened). Counts and locks stay. */
void	sshd_limits_reload(const struct sshd_conf *);
/* The pool of the address: inside the branch networks or outside. */
enum sshd_pool sshd_limits_pool(const struct sshd_conf *, const char *addr);
/* A new connection from addr with n_addr connections of that address and
 * n_pool of its pool not logged in yet: 0 take it, -1 refuse it (the
 * reason logged, address only). */
int	sshd_limits_admit(const struct sshd_conf *, const char *addr,
	    enum sshd_pool, long n_addr, long n_pool);
/* A report of a child from addr (FAIL and FORGIVE; AUTH is ignored). */
void	sshd_limits_report(const struct sshd_conf *, const char *addr,
	    enum sshd_pool, const struct sshd_report *);
/* In a session child: 1 when the login name or the key fingerprint is
 * locked now. */
int	sshd_limits_locked(const char *login, const char *fpr);

/* keys.c: write an OpenSSH-format ed25519 private key to path (0600) and
 * its authorized_keys line to path.pub. -1 with a reason in err. */
int	sshd_keygen(const char *path, const char *comment, char *err,
	    size_t errlen);
/* The host key: made (0600, directory 0700) when absent. */
int	sshd_hostkey_ensure(const char *path, char *err, size_t errlen);

/* main.c: become conf->user for good (after the bind, before the first
 * accept); nothing when it is NULL. -1 when the drop failed: exit. */
int	sshd_drop_root(const struct sshd_conf *);

/* listener.c: serve until SIGTERM, SIGINT or SIGHUP. Returns the exit
 * status. */
int	sshd_listener_run(const struct sshd_conf *, ssh_bind);

/* session.c: the child of one accepted connection; never returns. */
void	sshd_session_run(const struct sshd_conf *, ssh_bind, int fd,
	    const struct sockaddr_storage *, int report_fd)
	    __attribute__((noreturn));

/* Tell the listener (best effort: never blocks); login and fpr name the
 * attempt of a FAIL or FORGIVE (NULL for none). */
void	sshd_report(struct sshd_session *, enum sshd_report_kind,
	    const char *login, const char *fpr);
/* 1 when the client's connection is gone. */
int	sshd_session_gone(struct sshd_session *);

/* After our channel close: let the client answer with its own (up to ms)
 * so it exits with the status we sent, not a broken connection. */
void	sshd_session_wait_closed(struct sshd_session *, int ms);

/* pump.c: keystrokes for the UI; returns how many bytes were taken (the
 * rest stays in libssh's channel buffer). */
size_t	sshd_pump_input(struct sshd_session *, const void *, size_t);

/* pump.c: start the UI on a pty and pump until either side ends. Returns
 * the sshd_exit status. */
int	sshd_pump_run(struct sshd_session *);

#endif
