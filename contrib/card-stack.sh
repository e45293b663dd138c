#!/bin/sh
# card-stack.sh: pcscd + the emulated My Number card + cardd under one state
# directory, in a private network and mount namespace, so several stacks (the
# demo, parallel test runs) never share vpcd's TCP port 35963 or pcscd's
# /run/pcscd (pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME and always uses
# /run/pcscd/pcscd.comm and pcscd.pid: inside the namespace that directory is
# a bind mount of STATE/run/pcscd).
#
# Usage (as root; BUILD=build by default):
#   contrib/card-stack.sh start STATE [--profile FILE] [--no-cardd]
#       Start everything and wait (polling, 20 s at most) until cardd sees
#       the card. The profile is copied to STATE/card/profile.json on the first
#       start (default contrib/vcard/demo-card.json); the card's state (keys,
#       certs, PINs) lives in STATE/card/state.json and survives restarts.
#   contrib/card-stack.sh stop STATE          stop all of it (idempotent)
#   contrib/card-stack.sh status STATE        exit 0 if all processes run
#   contrib/card-stack.sh env STATE           print sh exports: PCSCLITE_CSOCK_NAME,
#       MADOGUCHI_CARDD (cardd socket), MADOGUCHI_VCARD_ADMIN
#   contrib/card-stack.sh vcard-stop STATE    pull the card (kill the emulator)
#   contrib/card-stack.sh vcard-start STATE [ARGS]   insert it again, with
#       extra madoguchi-vcard arguments (e.g. --die-after-apdus 3)
#   contrib/card-stack.sh vcard-swap STATE FILE [ARGS]   pull the card and put
#       another in: the card of profile FILE, its state (keys, certs, PINs)
#       in STATE/card/NAME.state.json for FILE's NAME (vcard-start puts the
#       first card back)
#   contrib/card-stack.sh pcscd-restart STATE restart pcscd only
# A pull as a person does it, from a test or a shell:
#   contrib/card-stack.sh vcard-stop STATE
#   madoguchi card --state STATE --reader 'Virtual PCD 00 00' status --wait absent
#   contrib/card-stack.sh vcard-start STATE
#   madoguchi card --state STATE --reader 'Virtual PCD 00 00' status --wait present
#
# Files:
#   STATE/run/pcscd/pcscd.comm   pcscd's socket: PCSCLITE_CSOCK_NAME for clients
#                                (STATE/run/pcscd.comm is a symlink to it)
#   STATE/run/cardd.sock         cardd (madoguchi card --socket, the UI)
#   STATE/run/vcard-admin.sock   the emulator's admin channel (issuance)
#   STATE/run/*.pid              ns (namespace holder), pcscd, vcard, cardd
#   STATE/card/profile.json, state.json, reader.conf
#   STATE/log/pcscd.log, vcard.log, cardd.log
set -eu

BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) bin=$BUILD ;; *) bin=$top/$BUILD ;; esac

die() { echo "card-stack: $*" >&2; exit 1; }

# wait_for SECONDS COMMAND...: poll COMMAND every 50 ms until it succeeds.
wait_for() {
	limit=$1; shift
	end=$(( $(date +%s) + limit ))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# running PID: the process exists and is not a zombie (a dead child
# re-parented to an init that reaps slowly still answers kill -0).
running() {
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "${st%% *}" != Z ]
}

alive() { [ -f "$1" ] && running "$(cat "$1")"; }

not_running() { ! running "$1"; }

# stop_pid FILE: TERM, then KILL after 3 s; remove the file.
stop_pid() {
	[ -f "$1" ] || return 0
	p=$(cat "$1")
	if running "$p"; then
		kill "$p" 2>/dev/null || true
		if ! wait_for 3 not_running "$p"; then
			kill -9 "$p" 2>/dev/null || true
			wait_for 2 not_running "$p" || true
		fi
	fi
	rm -f "$1"
}

in_ns() { nsenter -t "$(cat "$run/ns.pid")" -n -m -- "$@"; }

start_ns() {
	[ -d /run/pcscd ] || mkdir -p /run/pcscd
	userns=""
	[ "$(id -u)" -eq 0 ] || userns="-r"
	# The holder: owns the namespaces, does nothing else.
	# shellcheck disable=SC2086
	unshare $userns -n -m --propagation private sh -c '
		ip link set lo up && mount --bind "$1" /run/pcscd && exec sleep 2147483647
	' holder "$run/pcscd" >>"$logs/pcscd.log" 2>&1 &
	echo $! >"$run/ns.pid"
	if ! wait_for 5 in_ns test -e /run/pcscd/.stack; then
		stop_pid "$run/ns.pid"
		die "cannot make a private network namespace (unshare -n -m needs root or user namespaces); see $logs/pcscd.log"
	fi
}

start_pcscd() {
	rm -f "$run/pcscd/pcscd.comm" "$run/pcscd/pcscd.pid"
	PCSCLITE_CSOCK_NAME="$run/pcscd/pcscd.comm" \
	    nsenter -t "$(cat "$run/ns.pid")" -n -m -- \
	    pcscd -f -c "$card/reader.conf" >>"$logs/pcscd.log" 2>&1 &
	echo $! >"$run/pcscd.pid"
	wait_for 10 test -S "$run/pcscd/pcscd.comm" || die "pcscd did not start; see $logs/pcscd.log"
}

start_vcard() {
	nsenter -t "$(cat "$run/ns.pid")" -n -- "$bin/madoguchi-vcard" \
	    --profile "$card/profile.json" --state "$card/state.json" \
	    --admin "$run/vcard-admin.sock" "$@" >>"$logs/vcard.log" 2>&1 &
	echo $! >"$run/vcard.pid"
	wait_for 10 test -S "$run/vcard-admin.sock" || die "vcard did not start; see $logs/vcard.log"
}

# $(cardd_as) before cardd: it runs as _madoguchi-card when we are root and
# the state was set up for the users (mk/users.sh --state: run/ belongs to
# group _madoguchi-run), else as we are.
cardd_as() {
	if [ "$(id -u)" -eq 0 ] &&
	    [ "$(stat -c %G "$run" 2>/dev/null)" = _madoguchi-run ] &&
	    setpriv --reuid=_madoguchi-card --regid=_madoguchi-card \
	    --init-groups -- test -x "$bin/madoguchi-cardd" 2>/dev/null; then
		echo "setpriv --reuid=_madoguchi-card --regid=_madoguchi-card" \
		    "--init-groups --inh-caps=-all --bounding-set=-all" \
		    "--no-new-privs --"
	fi
}

start_cardd() {
	# shellcheck disable=SC2046
	PCSCLITE_CSOCK_NAME="$run/pcscd/pcscd.comm" $(cardd_as) "$bin/madoguchi-cardd" \
	    --socket "$run/cardd.sock" --vcard-admin "$run/vcard-admin.sock" \
	    >>"$logs/cardd.log" 2>&1 &
	echo $! >"$run/cardd.pid"
	wait_for 10 test -S "$run/cardd.sock" || die "cardd did not start; see $logs/cardd.log"
}

[ $# -ge 2 ] || { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2; }
cmd=$1; state=$2; shift 2
mkdir -p "$state"
state=$(cd "$state" && pwd)
run=$state/run; card=$state/card; logs=$state/log

case "$cmd" in
start)
	profile=$top/contrib/vcard/demo-card.json
	cardd=1
	while [ $# -gt 0 ]; do
		case "$1" in
		--profile) profile=$2; shift 2 ;;
		--no-cardd) cardd=0; shift ;;
		*) die "unknown option $1" ;;
		esac
	done
	alive "$run/ns.pid" && die "already running under $state (stop it first)"
	[ -x "$bin/madoguchi-vcard" ] || die "$bin/madoguchi-vcard missing: run make"
	mkdir -p "$run/pcscd" "$card" "$logs"
	chmod 700 "$card"
	: >"$run/pcscd/.stack"
	[ -f "$card/profile.json" ] || cp "$profile" "$card/profile.json"
	cat >"$card/reader.conf" <<-EOF
	FRIENDLYNAME "Virtual PCD"
	DEVICENAME   /dev/null:0x8C7B
	LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
	CHANNELID    0x8C7B
	EOF
	ln -sf pcscd/pcscd.comm "$run/pcscd.comm"
	start_ns
	start_pcscd
	start_vcard
	if [ $cardd -eq 1 ]; then
		start_cardd
		wait_for 20 "$bin/madoguchi" card status --socket "$run/cardd.sock" \
		    --wait present --timeout 1000 || die "cardd does not see the card; see $logs/"
	fi
	;;
stop)
	for p in cardd vcard pcscd ns; do stop_pid "$run/$p.pid"; done
	rm -f "$run/cardd.sock" "$run/vcard-admin.sock" "$run/pcscd/pcscd.comm" \
	    "$run/pcscd/pcscd.pid"
	;;
status)
	for p in ns pcscd vcard; do alive "$run/$p.pid" || { echo "$p: down"; exit 1; }; done
	if [ -f "$run/cardd.pid" ]; then alive "$run/cardd.pid" || { echo "cardd: down"; exit 1; }; fi
	echo "up"
	;;
env)
	echo "PCSCLITE_CSOCK_NAME=$run/pcscd/pcscd.comm; export PCSCLITE_CSOCK_NAME"
	echo "MADOGUCHI_CARDD=$run/cardd.sock; export MADOGUCHI_CARDD"
	echo "MADOGUCHI_VCARD_ADMIN=$run/vcard-admin.sock; export MADOGUCHI_VCARD_ADMIN"
	;;
vcard-stop)
	stop_pid "$run/vcard.pid"
	rm -f "$run/vcard-admin.sock"
	;;
vcard-start)
	alive "$run/ns.pid" || die "no stack under $state"
	stop_pid "$run/vcard.pid"
	start_vcard "$@"
	;;
vcard-swap)
	alive "$run/ns.pid" || die "no stack under $state"
	[ $# -ge 1 ] || die "vcard-swap needs the other card's profile"
	other=$1; shift
	stop_pid "$run/vcard.pid"
	rm -f "$run/vcard-admin.sock"
	start_vcard --profile "$other" \
	    --state "$card/$(basename "$other" .json).state.json" "$@"
	;;
pcscd-restart)
	alive "$run/ns.pid" || die "no stack under $state"
	stop_pid "$run/pcscd.pid"
	start_pcscd
	;;
*)
	die "unknown command $cmd (start, stop, status, env, vcard-stop, vcard-start, vcard-swap, pcscd-restart)"
	;;
esac
