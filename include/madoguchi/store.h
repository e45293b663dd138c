/*
 * The counter database: one SQLite file in WAL mode under the state dir,
 * forward-only migrations embedded from db/NNNN_name.sql and tracked by
 * PRAGMA user_version. This module is the only place with SQL. A struct
 * store is one connection: open it after fork(), never carry it across.
 *
 * Return convention: 0 done/found, 1 not found (where a lookup can miss),
 * -1 error (store_errmsg() says what, in English, for logs and CLI).
 */
#ifndef MADOGUCHI_STORE_H
#define MADOGUCHI_STORE_H

#include <stddef.h>
#include <stdint.h>

/* The state directory's layout, relative to its top. */
#define STATE_DB		"madoguchi.db"
#define STATE_HOSTKEY		"ssh/ssh_host_ed25519_key"
#define STATE_DEMO_KEY		"demo_id_ed25519"
#define STATE_LOG_DIR		"log"
#define STATE_RUN_DIR		"run"
#define STATE_CA_DIR		"ca"
#define STATE_CARD_DIR		"card"

struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,	/* create the file if absent */
	STORE_NOMIGRATE = 1 << 1	/* do not refuse an old schema */
};

/* Open DIR/madoguchi.db. On failure returns NULL and writes a reason into
 * err. A database whose schema is older than this program's is refused
 * unless STORE_NOMIGRATE (then call store_migrate). */
struct store *store_open(const char *state_dir, int flags, char *err,
    size_t errlen);
void store_close(struct store *);
const char *store_errmsg(const struct store *);
/* Apply pending migrations in one transaction each; *from and *to get the
 * versions before and after. */
int store_migrate(struct store *, int *from, int *to);
/* Newest schema version this program knows. */
int store_schema_latest(void);

/* Load the demo registry (invented residents and overseas persons) if
 * the registry is empty; *added gets the number of persons added (0 when
 * the registry already had persons). */
int store_load_demo(struct store *, int *added);
/* Number of persons in the registry, -1 on error. */
long store_person_count(struct store *);

/* Settings: key/value text. get: 0 found (copied into buf), 1 absent. */
int store_setting_get(struct store *, const char *key, char *buf,
    size_t size);
/* Integer setting or def when absent or not a number. */
long store_setting_int(struct store *, const char *key, long def);
int store_setting_set(struct store *, const char *key, const char *value);

/* Clerks. login: [a-z0-9_.-]{1,32}; role/window as in the CHECKs of db/. */
struct store_clerk {
	int64_t	id;
	char	login[33];
	char	name[96];	/* display name, UTF-8 (kanji) */
	char	role[16];	/* clerk | supervisor | admin */
	char	window[24];	/* citizens | shonai | shinsenri | embassy | via_municipality */
	int	disabled;
};

/* Add a clerk with one OpenSSH public key line ("ssh-ed25519 AAAA... c").
 * -1 with store_errmsg() on a bad key, a duplicate login or key. */
int store_clerk_add(struct store *, const struct store_clerk *,
    const char *pubkey_line);
/* Add one more key to an existing clerk. */
int store_clerk_add_key(struct store *, const char *login,
    const char *pubkey_line);
int store_clerk_by_login(struct store *, const char *login,
    struct store_clerk *out);
/* The clerk owning the key (type name as "ssh-ed25519", base64 blob as in
 * an authorized_keys line). Disabled clerks are found too: the caller
 * checks out->disabled, so it can log why a login was refused. */
int store_clerk_by_key(struct store *, const char *keytype,
    const char *key_b64, struct store_clerk *out);
int store_clerk_set_disabled(struct store *, const char *login,
    int disabled);
/* Calls cb for each clerk in login order; stops early if cb returns
 * nonzero. */
int store_clerk_foreach(struct store *,
    int (*cb)(const struct store_clerk *, void *), void *arg);
/* "SHA256:..." fingerprint of an OpenSSH public key line, into buf. */
int store_key_fingerprint(const char *pubkey_line, char *buf, size_t size);

/* The audit trail: one hash-chained row per business event. detail must
 * not carry PINs or anything not needed to explain the event. */
int store_audit(struct store *, const char *actor, const char *kind,
    const char *object, const char *detail);
/* Recompute the chain; 0 if intact, else 1 and *bad_id = first bad row. */
int store_audit_verify(struct store *, int64_t *bad_id);

#endif
