#!/bin/sh
# `make run`: the whole product on this machine. Makes ./var with the demo
# state if it is absent (database, host key, built-in CA, demo clerk and
# registry), starts pcscd with the emulated demo card and cardd (a private
# namespace; see contrib/card-stack.sh), madoguchi-auditd (the signer of
# the audit trail) and madoguchi-issuerd (the CA), then the SSH server on
# loopback in the foreground.
# Ctrl-C stops all of it.
#   STATE=var LISTEN=127.0.0.1:2222 (environment) move it.
set -eu
BUILD=${BUILD:-build}
STATE=${STATE:-var}
LISTEN=${LISTEN:-127.0.0.1:2222}
port=${LISTEN##*:}
host=${LISTEN%:*}
cd "$(dirname "$0")/.."

"$BUILD/madoguchi" init --demo "$STATE"
sh contrib/card-stack.sh start "$STATE"
trap 'sh contrib/card-stack.sh stop "$STATE"' EXIT
"$BUILD/madoguchi-auditd" --state "$STATE" --log "$STATE/log/auditd.log" &
auditd=$!
# --- madoguchi-issuerd: the only process that opens $STATE/ca (the CA's
# keys and database); the clerks' UIs reach it on $STATE/run/issuerd.sock.
# (To run it as its own user: start it here under that user and pass the
# UI's uid with --allow-uid.)
"$BUILD/madoguchi-issuerd" --state "$STATE" --log "$STATE/log/issuerd.log" &
issuerd=$!
# --- end of madoguchi-issuerd
trap 'kill $issuerd $auditd 2>/dev/null; wait $issuerd $auditd; sh contrib/card-stack.sh stop "$STATE"' EXIT

cat <<EOT

窓口 (Madoguchi) を起動しました: $LISTEN  (ログ: $STATE/log/)
デモ職員 demo でログインするには、別の端末で:

    ssh -p $port -i $STATE/demo_id_ed25519 -o UserKnownHostsFile=$STATE/known_hosts -o StrictHostKeyChecking=accept-new demo@$host

停止するには Ctrl-C を押してください。
EOT
"$BUILD/madoguchi-sshd" --state "$STATE" --listen "$LISTEN" &
sshd=$!
trap 'kill $sshd 2>/dev/null; wait $sshd; exit 0' INT TERM HUP
wait $sshd
