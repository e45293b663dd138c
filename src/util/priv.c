/*
 * Dropping root for good: a daemon that started as root (to read its
 * keys and bind its port) becomes one unprivileged user before it talks to
 * anyone. The groups come from /etc/group (initgroups), then gid, then uid;
 * the bounding set is emptied first, NO_NEW_PRIVS is set, and the drop is
 * proven by setuid(0) failing.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <linux/capability.h>

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
