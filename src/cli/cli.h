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
int cmd_approvals(int, char **);

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

#endif
