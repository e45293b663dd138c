/*
 * Dropping root for good: a daemon that started as root (to read its
 * keys and bind its port) becomes one unprivileged user before it talks to
 * anyone. The groups come from /etc/group (initgroups), then gid, then uid;
 * the bounding set is emptied first, NO_NEW_PRIVS is set, and the drop is
 * proven by setuid(0) failing.
 */
#include <errno.h>
#include <stddef.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "madoguchi/util.h"

int
priv_lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		return -1;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int
priv_drop(const char *user, char *err, size_t errlen)
{
	uid_t uid;
	gid_t gid;
	int cap;

	if (priv_lookup(user, &uid, &gid) == -1) {
		snprintf(err, errlen, "no user %s (make it with mk/users.sh)",
		    user);
		return -1;
	}
	if (uid == 0) {
		snprintf(err, errlen, "user %s is root", user);
		return -1;
	}
	/* Nothing can be gained back through an exec or a capability.
	 * Without CAP_SETPCAP (a systemd unit's narrow bounding set) the set
	 * stays as the supervisor narrowed it: the change of uid below clears
	 * every capability we hold either way. */
	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1 &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 &&
		    errno != EPERM) {
			snprintf(err, errlen, "capability bounding set: %s",
			    strerror(errno));
			return -1;
		}
	if (initgroups(user, gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1) {
		snprintf(err, errlen, "becoming %s: %s", user, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || seteuid(0) != -1 || getuid() != uid ||
	    geteuid() != uid || getgid() != gid || getegid() != gid) {
		snprintf(err, errlen, "still privileged after becoming %s",
		    user);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The syscalls no Madoguchi process after the drop ever makes: debugging
 * other processes, mounts and namespaces, kernel modules and keys, BPF,
 * perf, io_uring, clock and reboot. A deny list (answered EPERM) rather
 * than an allow list, because the filter is inherited by everything the
 * process starts (the clerk's UI with ncurses, SQLite, OpenSSL). A foreign
 * architecture kills the process; x32 syscalls are refused too.
 */
static const int priv_denied_table[] = {
#ifndef __SANITIZE_ADDRESS__	/* LeakSanitizer stops the threads by ptrace */
	SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
#endif
	SYS_kcmp,
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_unshare,
	SYS_setns, SYS_swapon, SYS_swapoff, SYS_reboot, SYS_kexec_load,
	SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_bpf,
	SYS_perf_event_open, SYS_userfaultfd, SYS_keyctl, SYS_add_key,
	SYS_request_key, SYS_personality, SYS_acct, SYS_settimeofday,
	SYS_clock_settime, SYS_clock_adjtime, SYS_adjtimex, SYS_quotactl,
	SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_fanotify_init,
	SYS_syslog, SYS_sethostname, SYS_setdomainname, SYS_vhangup,
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
#ifdef SYS_io_uring_setup
	SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
#endif
#ifdef SYS_fsopen
	SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_move_mount, SYS_open_tree,
	SYS_fspick,
#endif
#ifdef SYS_pidfd_getfd
	SYS_pidfd_getfd,
#endif
#ifdef SYS_iopl
	SYS_iopl, SYS_ioperm,
#endif
};

#if defined(__x86_64__)
#define PRIV_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PRIV_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#endif

int
priv_seccomp(char *err, size_t errlen)
{
#ifdef PRIV_AUDIT_ARCH
	enum { HEAD = 5 };
	struct sock_filter f[HEAD + nitems(priv_denied_table) + 2];
	struct sock_fprog prog = { .len = nitems(f), .filter = f };
	size_t i, n = nitems(priv_denied_table);

	f[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    PRIV_AUDIT_ARCH, 1, 0);
	f[2] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_KILL_PROCESS);
	f[3] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	/* x32 syscalls carry this bit on x86_64: not ours. */
	f[4] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
	    0x40000000, (unsigned char)(n + 1), 0);
	/* Each denied number jumps to the EPERM return after the list. */
	for (i = 0; i < n; i++)
		f[HEAD + i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
		    BPF_K, (unsigned)priv_denied_table[i],
		    (unsigned char)(n - i), 0);
	f[HEAD + n] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	f[HEAD + n + 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == -1) {
		snprintf(err, errlen, "seccomp: %s", strerror(errno));
		return -1;
	}
	return 0;
#else
	(void)err, (void)errlen;
	return 0;		/* no filter for this architecture */
#endif
}
