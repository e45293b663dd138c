/*
 * The state directory's layout: every file and directory the processes
 * keep under it, as paths relative to its top, and the one function that
 * joins the directory with them. Nothing else builds such a path.
 */
#ifndef MADOGUCHI_STATE_H
#define MADOGUCHI_STATE_H

#define STATE_DB		"madoguchi.db"
#define STATE_HOSTKEY		"ssh/ssh_host_ed25519_key"
#define STATE_DEMO_KEY		"demo_id_ed25519"
#define STATE_DEMO_KEY_PUB	STATE_DEMO_KEY ".pub"
#define STATE_LOG_DIR		"log"
#define STATE_SSHD_LOG		STATE_LOG_DIR "/sshd.log"
#define STATE_UI_LOG		STATE_LOG_DIR "/ui.log"
#define STATE_RUN_DIR		"run"
#define STATE_CARDD_SOCK	STATE_RUN_DIR "/cardd.sock"
#define STATE_CA_DIR		"ca"
#define STATE_CARD_DIR		"card"
#define STATE_PRINT_DIR		"print"
#define STATE_AUDIT_DIR		"audit"
#define STATE_AUDIT_KEY		STATE_AUDIT_DIR "/key"
#define STATE_AUDIT_KEYS_DIR	STATE_AUDIT_DIR "/keys"
#define STATE_AUDIT_HEAD	STATE_AUDIT_DIR "/head"
#define STATE_AUDITD_SOCK	STATE_RUN_DIR "/auditd.sock"
#define STATE_AUDITD_LOG	STATE_LOG_DIR "/auditd.log"
#define STATE_ISSUERD_SOCK	STATE_RUN_DIR "/issuerd.sock"
#define STATE_ISSUERD_LOG	STATE_LOG_DIR "/issuerd.log"

/* state_dir/rel as a newly allocated string the caller frees; never NULL
 * (allocation failure is fatal, as with xasprintf). */
char *state_path(const char *state_dir, const char *rel);

#endif
