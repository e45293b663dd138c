#!/bin/sh
# `make run`: the whole product on this machine. Makes ./var with the demo
# state if it is absent (database, host key, built-in CA, demo clerk and
# registry), starts pcscd with the emulated demo card and cardd (a private
# namespace; see contrib/card-stack.sh), madoguchi-auditd (the signer of
# the audit trail) and madoguchi-issuerd (the CA), then the SSH server on
# loopback in the foreground.
# Ctrl-C stops all of it.
# As root, each process runs as its own user (mk/users.sh makes them and
# sets the state's owners): cardd as _madoguchi-card, auditd as
# _madoguchi-audit, the issuer as _madoguchi-ca, and the SSH server binds
# as root and then becomes _madoguchi (so do the sessions and the UI);
# pcscd and the emulated card stay root. As another user all of it runs as
# that user.
#   STATE=var LISTEN=127.0.0.1:2222 (environment) move it.
set -eu
BUILD=${BUILD:-build}
STATE=${STATE:-var}
LISTEN=${LISTEN:-127.0.0.1:2222}
port=${LISTEN##*:}
host=${LISTEN%:*}
cd "$(dirname "$0")/.."

"$BUILD/madoguchi" init --demo "$STATE"
# $(as USER) before a command runs it as USER for good (no capabilities,
# no new privileges); nothing when we are not root.
as() {
	[ -n "$users" ] && echo "setpriv --reuid=$1 --regid=$1 --init-groups" \
	    "--inh-caps=-all --bounding-set=-all --no-new-privs --"
	return 0
}
# reaches USER PATH...: USER can get to each PATH (every directory above
# it searchable, the last one executable).
reaches() {
	u=$1; shift
	for p in "$@"; do
		setpriv --reuid="$u" --regid="$u" --init-groups -- test -x "$p" ||
		    return 1
	done
}
users=
if [ "$(id -u)" -eq 0 ]; then
	sh mk/users.sh
	statedir=$(cd "$STATE" && pwd)
	case "$BUILD" in /*) b=$BUILD ;; *) b=$(pwd)/$BUILD ;; esac
	if reaches _madoguchi "$b/madoguchi" "$(dirname "$statedir")" &&
	    reaches _madoguchi-card "$b/madoguchi-cardd" &&
	    reaches _madoguchi-audit "$b/madoguchi-auditd" &&
	    reaches _madoguchi-ca "$b/madoguchi-issuerd"; then
		BUILD=$BUILD sh mk/users.sh --state "$STATE"
		users=1
	else
		echo "make run: the system users cannot reach $(pwd) or $statedir (a directory" \
		    "above it is closed, e.g. /root is 0700): everything runs as" \
		    "root. Put the checkout where they can (e.g. /srv or /opt)" \
		    "for each process to run as its own user." >&2
	fi
fi
sh contrib/card-stack.sh start "$STATE"
trap 'sh contrib/card-stack.sh stop "$STATE"' EXIT
# auditd writes the signed head readable (0644; its key stays 0600).
# shellcheck disable=SC2046
(umask 022; exec $(as _madoguchi-audit) "$BUILD/madoguchi-auditd" \
    --state "$STATE" --log "$STATE/log/auditd.log" \
    ${users:+--allow-uid _madoguchi}) &
auditd=$!
# --- madoguchi-issuerd: the only process that opens $STATE/ca (the CA's
# keys and database), as its own user; the clerks' UIs (_madoguchi) reach
# it on $STATE/run/issuerd.sock.
# shellcheck disable=SC2046
$(as _madoguchi-ca) "$BUILD/madoguchi-issuerd" --state "$STATE" \
    --log "$STATE/log/issuerd.log" ${users:+--allow-uid _madoguchi} &
issuerd=$!
# --- end of madoguchi-issuerd
trap 'kill $issuerd $auditd 2>/dev/null; wait $issuerd $auditd; sh contrib/card-stack.sh stop "$STATE"' EXIT

cat <<EOT

窓口 (Madoguchi) を起動しました: $LISTEN  (ログ: $STATE/log/)
デモ職員 demo でログインするには、別の端末で:

    ssh -p $port -i $STATE/demo_id_ed25519 -o UserKnownHostsFile=$STATE/known_hosts -o StrictHostKeyChecking=accept-new demo@$host

停止するには Ctrl-C を押してください。
EOT
sshd_user=_madoguchi
[ -n "$users" ] || sshd_user=$(id -un)
"$BUILD/madoguchi-sshd" --state "$STATE" --listen "$LISTEN" \
    --user "$sshd_user" &
sshd=$!
trap 'kill $sshd 2>/dev/null; wait $sshd; exit 0' INT TERM HUP
wait $sshd
