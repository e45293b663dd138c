/*
 * The `madoguchi` subcommands. Each lives in its own cmd_<name>.c and is
 * listed once in the command table of main.c. A command returns the process
 * exit status: 0 done, 1 failed (message already printed), 2 usage error.
 * Every message to the admin is Japanese, naming options as the command
 * takes them (--role); the store's and issuer's English reasons (for logs)
 * are translated here at the edge, or quoted after the Japanese sentence
 * when they are a technical detail (an SQLite error).
 */
#ifndef MADOGUCHI_CLI_H
#define MADOGUCHI_CLI_H

struct cli_command {
	const char	*name;
	int		(*run)(int argc, char **argv);
	const char	*usage;		/* one line, after "madoguchi " */
	const char	*summary;	/* Japanese, for `madoguchi help` */
};

int cmd_init(int, char **);
int cmd_clerk(int, char **);
int cmd_ui(int, char **);
int cmd_registry(int, char **);
int cmd_ca(int, char **);
int cmd_card(int, char **);
int cmd_rules(int, char **);
int cmd_retention(int, char **);
int cmd_backup(int, char **);
int cmd_restore(int, char **);
int cmd_stats(int, char **);
int cmd_close(int, char **);
int cmd_audit(int, char **);
int cmd_settings(int, char **);
int cmd_approvals(int, char **);
int cmd_print(int, char **);

struct store;

/* Print "madoguchi: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Open DIR's database (store_open flags), after saying in Japanese what is
 * wrong with DIR if anything; NULL after the message. */
struct store *cli_store_open(const char *dir, int flags);
/* A store call failed: "what: データベースの誤りです (detail)". */
void cli_store_error(struct store *, const char *what);
/* errno as the end of a Japanese sentence ("ありません"). */
const char *cli_errno_ja(int);
/* The value of --state, or $MADOGUCHI_STATE, or "./var". */
const char *cli_state_dir(const char *given);
/* Find "--name VALUE" or "--name=VALUE" in argv (and remove it); NULL if absent. */
const char *cli_take_opt(int *argc, char **argv, const char *name);
/* Find a bare "--flag" in argv (and remove it); 1 if present. */
int cli_take_flag(int *argc, char **argv, const char *name);
/* Who runs this command, as the audit trail records a CLI actor: the
 * operating-system user of the real uid ("os:root"), and the user sudo
 * names when the command runs under sudo ("os:root sudo:alice"). Never
 * from MADOGUCHI_CLERK: any shell can set that. Static storage. */
const char *cli_actor(void);

/* The SSH host key of DIR made with ssh-keygen when absent (as init
 * makes it; cmd_init.c): 0, or -1 after the message. */
int cli_host_key(const char *dir);
/* The audit events of the admin commands (cli_audit.c's table). */
enum cli_audit_kind {
	CLI_AUDIT_CA_INIT,
	CLI_AUDIT_CA_ISSUE,
	CLI_AUDIT_CA_REVOKE,
	CLI_AUDIT_CA_HOLD,
	CLI_AUDIT_CA_RELEASE,
	CLI_AUDIT_CA_DISCLOSURE,
	CLI_AUDIT_CA_MAIL,
	CLI_AUDIT_CA_RECONCILE,
	CLI_AUDIT_KEY_ROTATE,
	CLI_AUDIT_COUNT
};
const char *cli_audit_kind(enum cli_audit_kind);
/* One row in DIR's counter trail as cli_actor(), when DIR has the counter
 * database (else nothing, 0); -1 after a message. */
int cli_audit(const char *dir, enum cli_audit_kind, const char *object,
    const char *detail);

/* A passphrase from the first line of file, or asked on the terminal
 * without echo (twice, compared, when twice); -1 said on stderr. */
int cli_passphrase_get(const char *file, int twice, char *buf, size_t size);

#endif
