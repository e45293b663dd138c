#!/bin/sh
# mk/users.sh: the system users Madoguchi's processes run as, and (with
# --state DIR) the owners and modes of a state directory. Idempotent: a
# second run changes nothing. Needs root; as another user it says so and
# exits 0 without doing anything (the demo then runs as that user).
#
#   sh mk/users.sh                 make the users and groups
#   sh mk/users.sh --state DIR     the same, then DIR's owners and modes
#   sh mk/users.sh --check         exit 0 if every user exists, else 1
#
# Users (useradd --system, no home, shell /usr/sbin/nologin), each with its
# own group:
#   _madoguchi        the SSH listener after binding, the pre-login child,
#                     the clerk's UI (`madoguchi ui`); owns madoguchi.db
#   _madoguchi-card   madoguchi-cardd (the card service)
#   _madoguchi-ca     madoguchi-issuerd (the CA keys and ca.db)
#   _madoguchi-audit  madoguchi-auditd (the audit key)
# Group memberships:
#   _madoguchi in _madoguchi-card, _madoguchi-ca, _madoguchi-audit: the
#       daemons' own peer checks let it in (cardd checks the group; auditd
#       and issuerd take --allow-uid _madoguchi).
#   madoguchi.db and its -wal/-shm are _madoguchi:_madoguchi-audit 0640:
#       auditd reads them (the writers keep -wal/-shm, SQLite's PERSIST_WAL,
#       so a read-only reader never has to make them).
#   every one of them in _madoguchi-run: the group of STATE/run (3770:
#       each daemon binds its socket there; sticky, so none removes
#       another's; setgid, so every socket is group _madoguchi-run, 0660).
# Modes under STATE (see README "Users and file modes"):
#   STATE            root:_madoguchi 1771  (_madoguchi makes the -wal/-shm
#                    files; sticky, so it cannot rename ca/, audit/, ssh/)
#   madoguchi.db*    _madoguchi:_madoguchi-audit 0640
#   ssh/             root 0700             (host key, read before the drop)
#   ca/              _madoguchi-ca 0700 when madoguchi-issuerd is built,
#                    else _madoguchi 0700 (the UI still opens it directly)
#   audit/           _madoguchi-audit 0711: key 0600; head, keys/ public
#   card/            _madoguchi-card 0700
#   run/             root:_madoguchi-run 3770 (setgid: every socket there
#                    is group _madoguchi-run, 0660); run/pcscd root 0755
#   log/             root 0755; each log file 0640 owned by its writer
#   print/, backup/  _madoguchi 0700
set -eu

USERS="_madoguchi _madoguchi-card _madoguchi-ca _madoguchi-audit"
RUNGROUP=_madoguchi-run
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) bin=$BUILD ;; *) bin=$top/$BUILD ;; esac

say() { echo "users: $*"; }

nologin() {
	for s in /usr/sbin/nologin /sbin/nologin /bin/false; do
		[ -x "$s" ] && { echo "$s"; return; }
	done
	echo /bin/false
}

have_user() { getent passwd "$1" >/dev/null 2>&1; }
have_group() { getent group "$1" >/dev/null 2>&1; }

# in_group USER GROUP: USER is a supplementary member of GROUP.
in_group() {
	getent group "$2" | cut -d: -f4 | tr ',' '\n' | grep -qx "$1"
}

add_member() {
	in_group "$1" "$2" && return 0
	usermod -a -G "$2" "$1"
	say "$1 added to group $2"
}

make_users() {
	shell=$(nologin)
	for u in $USERS; do
		if ! have_user "$u"; then
			useradd --system --user-group --no-create-home \
			    --home-dir /nonexistent --shell "$shell" \
			    --comment "Madoguchi ${u#_madoguchi}" "$u"
			say "made user $u"
		fi
	done
	if ! have_group "$RUNGROUP"; then
		groupadd --system "$RUNGROUP"
		say "made group $RUNGROUP"
	fi
	add_member _madoguchi _madoguchi-card
	add_member _madoguchi _madoguchi-ca
	add_member _madoguchi _madoguchi-audit
	for u in $USERS; do add_member "$u" "$RUNGROUP"; done
}

# set_owner OWNER:GROUP MODE PATH: only when different (nothing changes on
# a second run, and ctime stays).
set_owner() {
	[ -e "$3" ] || return 0
	cur=$(stat -c '%U:%G %a' "$3")
	want="$1 $(printf '%o' "0$2")"
	[ "$cur" = "$want" ] && return 0
	chown "$1" "$3"
	chmod "$2" "$3"
	say "$3: $cur -> $want"
}

# set_tree OWNER:GROUP DIRMODE FILEMODE DIR: DIR and everything under it.
set_tree() {
	[ -d "$4" ] || return 0
	set_owner "$1" "$2" "$4"
	find "$4" -mindepth 1 | while read -r p; do
		if [ -d "$p" ]; then set_owner "$1" "$2" "$p"
		elif [ -S "$p" ]; then :
		else set_owner "$1" "$3" "$p"; fi
	done
}

state_owners() {
	s=$1
	[ -d "$s" ] || { echo "users: $s: no such directory" >&2; exit 1; }
	mkdir -p "$s/log" "$s/run" "$s/print" "$s/backup" "$s/card" "$s/audit"
	set_owner root:_madoguchi 1771 "$s"
	for f in "$s/madoguchi.db" "$s/madoguchi.db-wal" "$s/madoguchi.db-shm" \
	    "$s/madoguchi.db-journal"; do
		set_owner _madoguchi:_madoguchi-audit 640 "$f"
	done
	set_tree root:root 700 600 "$s/ssh"
	if [ -x "$bin/madoguchi-issuerd" ]; then
		set_tree _madoguchi-ca:_madoguchi-ca 700 600 "$s/ca"
	else
		set_tree _madoguchi:_madoguchi 700 600 "$s/ca"
	fi
	# audit/: the key 0600; the signed head and the public keys readable
	# (the UI's verify screen reads them), the directory not listable.
	a=_madoguchi-audit:_madoguchi-audit
	set_owner $a 711 "$s/audit"
	for p in "$s/audit"/* "$s/audit/keys"/*; do
		case "$p" in
		*/keys) set_owner $a 755 "$p" ;;
		*/key) set_owner $a 600 "$p" ;;
		*/head|*/keys/*) set_owner $a 644 "$p" ;;
		*) set_owner $a 600 "$p" ;;
		esac
	done
	set_tree _madoguchi-card:_madoguchi-card 700 600 "$s/card"
	set_tree _madoguchi:_madoguchi 700 600 "$s/print"
	set_tree _madoguchi:_madoguchi 700 600 "$s/backup"
	set_owner root:$RUNGROUP 3770 "$s/run"
	[ -d "$s/run/pcscd" ] && set_owner root:root 755 "$s/run/pcscd"
	set_owner root:root 755 "$s/log"
	for l in sshd:root:root ui:_madoguchi:_madoguchi \
	    cardd:_madoguchi-card:_madoguchi-card \
	    auditd:_madoguchi-audit:_madoguchi-audit \
	    issuerd:_madoguchi-ca:_madoguchi-ca \
	    pcscd:root:root vcard:root:root; do
		f=$s/log/${l%%:*}.log
		[ -e "$f" ] || { : >"$f"; }
		set_owner "${l#*:}" 640 "$f"
	done
}

case "${1:-}" in
--check)
	for u in $USERS; do have_user "$u" || exit 1; done
	exit 0
	;;
esac
if [ "$(id -u)" -ne 0 ]; then
	say "not root: no system users made (everything runs as $(id -un))"
	exit 0
fi
command -v useradd >/dev/null || { echo "users: useradd missing (passwd)" >&2; exit 1; }
make_users
if [ "${1:-}" = "--state" ]; then
	[ $# -ge 2 ] || { echo "usage: mk/users.sh [--state DIR | --check]" >&2; exit 2; }
	state_owners "$2"
fi
