/*
 * The server tests' harness: a state dir made by `madoguchi init --demo`,
 * madoguchi-sshd started on a free loopback port (its log in the state
 * dir), OpenSSH clients under the libvterm screen harness, and reading the
 * server's log. Every server is private to one test program run.
 */
#ifndef MADOGUCHI_TEST_SERVER_HARNESS_H
#define MADOGUCHI_TEST_SERVER_HARNESS_H

#include <sys/types.h>

#include "vt.h"

/* What a clerk reads once `madoguchi ui` is up: the menu title, and the
 * demo clerk's name in the header. */
#define HS_UI_READY	"メニュー"
#define HS_DEMO_NAME	"窓口 太郎"
/* Name given to the clerks hs_add_clerk makes. */
#define HS_CLERK_NAME	"テスト 花子"

struct hs {
	char	*dir;		/* test_mkdtemp */
	char	 state[512];
	char	 log[600];
	char	 demo_key[600];
	int	 port;
	pid_t	 pid;
	pid_t	 issuerd;	/* madoguchi-issuerd of the state, or 0 */
};

/* Make a state dir, apply "key=value" settings (NULL-terminated, may be
 * NULL) and start the server (its default UI: the `madoguchi` beside it).
 * NULL on failure. */
struct hs *hs_start(const char *const settings[]);
/* Start madoguchi-issuerd on the state (hs_start does), ready when its
 * socket answers; -1 if it does not come up. */
int hs_issuerd_start(struct hs *);
/* SIGTERM madoguchi-issuerd and wait for it. */
void hs_issuerd_stop(struct hs *);
/* SIGTERM the server (and issuerd) and wait; returns the server's wait
 * status. Frees hs. */
int hs_stop(struct hs *);
/* Start (again) the server of an existing state dir. */
int hs_launch(struct hs *);
/* A new clerk with a fresh key; the key's path into keypath. */
int hs_add_clerk(struct hs *, const char *login, char *keypath, size_t size);
/* A key no clerk has. */
int hs_new_key(struct hs *, const char *name, char *keypath, size_t size);
/* `ssh -tt` as user with key on a rows x cols terminal. */
struct vt *hs_ssh(struct hs *, const char *user, const char *key, int rows,
    int cols);
/* The same from the source address src (ssh -b: any 127.0.0.0/8 address
 * is on lo, so each is a client address of its own). */
struct vt *hs_ssh_from(struct hs *, const char *src, const char *user,
    const char *key, int rows, int cols);
/* The server's child processes now. */
int hs_children(struct hs *);
/* 1 when the server log has a line containing all of the (NULL-ended)
 * strings within ms. */
int hs_log_wait(struct hs *, int ms, ...) __attribute__((sentinel));
/* The pid in the "sshd[PID]" prefix of the last log line containing s,
 * or -1; and the number after "ui pid " on it into *ui (if not NULL). */
pid_t hs_log_pid(struct hs *, const char *s, pid_t *ui);
/* Log out through the UI (F10, then y); the client's exit code or -1. */
int hs_logout(struct vt *);
/* The key bar is on row r (the UI laid out for that many rows). */
int hs_bar_on_row(struct vt *, int r, int ms);
/* 1 when the server has n child processes within ms. */
int hs_wait_children(struct hs *, int n, int ms);
/* 1 if the process is alive (not a zombie of ours either). */
int hs_alive(pid_t);
/* Wait for the process to be gone. */
int hs_wait_gone(pid_t, int ms);

#endif
