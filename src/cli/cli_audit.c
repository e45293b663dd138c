/*
 * The audit events the admin commands write, as a table like
 * src/proc/proc_audit.c's: each kind's name in the trail, what its object
 * names and what its detail carries (ids, reasons and dates only, never
 * personal data). The actor is always cli_actor(), the OS user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

static const struct {
	const char	*kind;
	const char	*object;	/* what the object column names */
	const char	*detail;	/* what the detail column carries */
} cli_audit_table[CLI_AUDIT_COUNT] = {
	[CLI_AUDIT_CA_INIT] = { "ca.init", "state dir's CA", "created or "
	  "already there" },
	[CLI_AUDIT_CA_ISSUE] = { "ca.issue", "serial", "kind, request id, "
	  "date when back-dated (tests only)" },
	[CLI_AUDIT_CA_REVOKE] = { "ca.revoke", "serial", "RFC 5280 reason, "
	  "request id, date" },
	[CLI_AUDIT_CA_HOLD] = { "ca.hold", "serial", "request id, date" },
	[CLI_AUDIT_CA_RELEASE] = { "ca.release", "serial", "request id" },
	[CLI_AUDIT_CA_DISCLOSURE] = { "ca.disclosure", "disclosure id",
	  "kind, request id" },
	[CLI_AUDIT_CA_MAIL] = { "ca.mail", "disclosure id", "mail state, "
	  "request id" },
	[CLI_AUDIT_CA_RECONCILE] = { "ca.reconcile", "", "open applications, "
	  "certs brought in line, certs left, persons with duplicates" },
	/* The signer's key replaced; old and new key ids. */
	[CLI_AUDIT_KEY_ROTATE] = { "audit.key_rotate", "new key id",
	  "old key id" },
};

const char *
cli_audit_kind(enum cli_audit_kind k)
{
	return cli_audit_table[k].kind;
}

int
cli_audit(const char *dir, enum cli_audit_kind k, const char *object,
    const char *detail)
{
	char *db = state_path(dir, STATE_DB);
	struct store *st;
	int rc;

	rc = access(db, F_OK);
	free(db);
	if (rc == -1)
		return 0;	/* no counter here: nothing to record into */
	if ((st = cli_store_open(dir, 0)) == NULL)
		return -1;
	if ((rc = store_audit(st, cli_actor(), cli_audit_table[k].kind,
	    object, detail)) == -1)
		cli_store_error(st, cli_audit_table[k].kind);
	store_close(st);
	return rc;
}
