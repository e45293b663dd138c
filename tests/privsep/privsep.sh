#!/bin/sh
# tests/privsep: the processes of `make run` each as its own user. As root
# (as CI runs): make the users (mk/users.sh), a demo state set up for them,
# madoguchi-auditd and madoguchi-sshd started as contrib/run.sh starts them
# on a free loopback port, a clerk logged in with the real ssh, and then
# what a person would check in /proc and with the users' own rights:
# nobody of the counter is root, the UI has no capabilities and cannot read
# a secret, the files have the modes mk/users.sh documents; the config
# check (madoguchi-sshd -n), the units (systemd-analyze verify) and
# `make install DESTDIR=...`. Ends with "tests: N passed, N failed".
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/../.." 2>/dev/null && pwd)
[ -f "$top/mk/users.sh" ] || top=$(pwd)
cd "$top" || exit 1
case "$BUILD" in /*) bin=$BUILD ;; *) bin=$top/$BUILD ;; esac

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
finish() {
	echo "tests: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

if [ "$(id -u)" -ne 0 ]; then
	echo "privsep: not root: skipped (the users need root)"
	finish
fi

# wait_for SECONDS COMMAND...: poll every 50 ms until it succeeds.
wait_for() {
	limit=$1; shift
	end=$(( $(date +%s) + limit ))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
as() {
	u=$1; shift
	setpriv --reuid="$u" --regid="$u" --init-groups --inh-caps=-all \
	    --no-new-privs -- "$@"
}
mode() { stat -c '%U:%G %a' "$1"; }
# A loopback port nobody listens on (iproute2's ss).
free_port() {
	while :; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

tmp=$(mktemp -d /tmp/madoguchi-privsep-XXXXXX)
chmod 711 "$tmp"	# the users go through it to the state
# The users run the programs: from a copy they can reach, since the
# checkout may sit under a closed directory (a clone in mktemp -d is 0700).
mkdir "$tmp/bin" && cp "$bin"/madoguchi "$bin"/madoguchi-* "$tmp/bin"/ &&
    chmod 755 "$tmp/bin" && bin=$tmp/bin
state=$tmp/state
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# --- the users and the state ------------------------------------------------
check "mk/users.sh makes the users" sh mk/users.sh
check "every user exists" sh mk/users.sh --check
out=$(sh mk/users.sh)
check "mk/users.sh again changes nothing" test -z "$out"
"$bin/madoguchi" init --demo "$state" >"$tmp/init.log" 2>&1 ||
    { cat "$tmp/init.log"; bad "madoguchi init --demo"; finish; }
BUILD=$BUILD sh mk/users.sh --state "$state" >"$tmp/owners.log" 2>&1
check "mk/users.sh --state sets the owners" test -s "$tmp/owners.log"
out=$(BUILD=$BUILD sh mk/users.sh --state "$state")
check "mk/users.sh --state again changes nothing" test -z "$out"

uid=$(id -u _madoguchi)
check "state dir root:_madoguchi 1771" test "$(mode "$state")" = "root:_madoguchi 1771"
check "madoguchi.db _madoguchi:_madoguchi-audit 640" \
    test "$(mode "$state/madoguchi.db")" = "_madoguchi:_madoguchi-audit 640"
check "madoguchi.db-shm kept with the same owner and mode" \
    test "$(mode "$state/madoguchi.db-shm")" = "_madoguchi:_madoguchi-audit 640"
check "ssh/ root 700" test "$(mode "$state/ssh")" = "root:root 700"
check "audit/ _madoguchi-audit 711" \
    test "$(mode "$state/audit")" = "_madoguchi-audit:_madoguchi-audit 711"
check "audit/key 600" \
    test "$(mode "$state/audit/key")" = "_madoguchi-audit:_madoguchi-audit 600"
check "card/ _madoguchi-card 700" \
    test "$(mode "$state/card")" = "_madoguchi-card:_madoguchi-card 700"
check "run/ root:_madoguchi-run 3770" \
    test "$(mode "$state/run")" = "root:_madoguchi-run 3770"
if [ -x "$bin/madoguchi-issuerd" ]; then
	check "ca/ _madoguchi-ca 700" \
	    test "$(mode "$state/ca")" = "_madoguchi-ca:_madoguchi-ca 700"
else
	check "ca/ _madoguchi 700 (no issuerd built yet)" \
	    test "$(mode "$state/ca")" = "_madoguchi:_madoguchi 700"
fi
for f in "$state"/log/*.log; do
	m=$(stat -c %a "$f")
	check "log $(basename "$f") 0640 or tighter ($m)" \
	    test $(( 0$m & 037 )) -eq 0
done
check "ui.log is _madoguchi's" test "$(stat -c %U "$state/log/ui.log")" = _madoguchi
check "auditd.log is _madoguchi-audit's" \
    test "$(stat -c %U "$state/log/auditd.log")" = _madoguchi-audit

# What each user can read.
check "_madoguchi cannot read audit/key" as _madoguchi test ! -r "$state/audit/key"
check "_madoguchi cannot read the host key" \
    as _madoguchi test ! -r "$state/ssh/ssh_host_ed25519_key"
check "_madoguchi can write the database" as _madoguchi test -w "$state/madoguchi.db"
check "_madoguchi-card cannot read the database" \
    as _madoguchi-card test ! -r "$state/madoguchi.db"
check "_madoguchi-audit reads the database read only (WAL)" \
    as _madoguchi-audit sqlite3 -readonly "$state/madoguchi.db" \
    "SELECT count(*) FROM audit_events" >/dev/null
if [ -x "$bin/madoguchi-issuerd" ]; then
	n=0
	for k in $(find "$state/ca" -type f 2>/dev/null); do
		as _madoguchi test -r "$k" && n=$((n + 1))
	done
	check "_madoguchi reads no CA file" test "$n" -eq 0
fi

# --- the servers as make run starts them -------------------------------------
(umask 022; exec setpriv --reuid=_madoguchi-audit --regid=_madoguchi-audit \
    --init-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- \
    "$bin/madoguchi-auditd" --state "$state" --log "$state/log/auditd.log" \
    --allow-uid _madoguchi) &
auditd=$!
pids="$auditd"
port=$(free_port)
"$bin/madoguchi-sshd" --state "$state" --listen "127.0.0.1:$port" \
    --user _madoguchi &
sshd=$!
pids="$pids $sshd"
listening() { grep -q "listening on 127.0.0.1:$port " "$state/log/sshd.log"; }
check "sshd listens" wait_for 10 listening
check "auditd runs as _madoguchi-audit" \
    test "$(field "$auditd" Uid)" = "$(id -u _madoguchi-audit)"
auditd_up() { grep -q "listening on" "$state/log/auditd.log"; }
check "auditd listens" wait_for 10 auditd_up
# The counter's user changes a setting (an audit row, as the UI writes
# them): auditd, another user reading the database read only, signs it.
before=$("$bin/madoguchi" audit head --state "$state" | awk '$1 == "count" { print $2 }')
as _madoguchi "$bin/madoguchi" settings set city.name 試験市 --state "$state" \
    >"$tmp/set.out" 2>&1
check "_madoguchi changes a setting" test $? -eq 0
check "... with no word from the signer" sh -c "! grep -q 署名 '$tmp/set.out'"
after=$("$bin/madoguchi" audit head --state "$state" | awk '$1 == "count" { print $2 }')
check "auditd signed the new row ($before -> $after)" \
    test "$after" -gt "$before"
check "the trail verifies" "$bin/madoguchi" audit verify --state "$state"
# A backup taken as the counter's user (the 保守 screen's F5) cannot read
# the CA's files: it says so and leaves them out, never a silent gap.
if [ -x "$bin/madoguchi-issuerd" ]; then
	as _madoguchi "$bin/madoguchi" backup --state "$state" \
	    --out "$state/backup/as-ui" >"$tmp/bk.out" 2>&1
	check "a backup as _madoguchi is made" test $? -eq 0
	check "... and says the CA is not in it" grep -q "認証局: 含みません" \
	    "$tmp/bk.out"
	check "... whose MANIFEST names no CA file" \
	    sh -c "! grep -q ' ca/' '$state/backup/as-ui/MANIFEST'"
	"$bin/madoguchi" restore "$state/backup/as-ui" --state "$tmp/restored" \
	    >"$tmp/rs.out" 2>&1
	check "... restores, saying the CA's database is not in it" \
	    grep -q "認証局のデータベースはバックアップにありません" "$tmp/rs.out"
fi
check "the database files keep their owner and mode" \
    test "$(mode "$state/madoguchi.db-wal")" = "_madoguchi:_madoguchi-audit 640"
check "the listener after bind is _madoguchi (uid $uid)" \
    test "$(field "$sshd" Uid)" = "$uid"
check "the listener has no capabilities" test "$(field "$sshd" CapEff)" = 0000000000000000
check "the listener has NoNewPrivs" test "$(field "$sshd" NoNewPrivs)" = 1

# A connection that never logs in: its child is not root.
bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && exec sleep 6' probe "$port" &
probe=$!
pids="$pids $probe"
child() { pgrep -P "$sshd" | head -n 1 | grep .; }
check "a connection gets its child" wait_for 5 child
c=$(child)
if [ -n "$c" ]; then
	check "the pre-login child is not root (uid $(field "$c" Uid))" \
	    test "$(field "$c" Uid)" = "$uid"
	check "the pre-login child has no capabilities" \
	    test "$(field "$c" CapEff)" = 0000000000000000
	check "the pre-login child has NoNewPrivs" test "$(field "$c" NoNewPrivs)" = 1
	check "the pre-login child runs under a seccomp filter" \
	    test "$(field "$c" Seccomp)" = 2
fi
kill "$probe" 2>/dev/null

# A clerk logs in with the real ssh client.
mkfifo "$tmp/in"
ssh -tt -F /dev/null -p "$port" -i "$state/demo_id_ed25519" \
    -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no \
    -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR \
    demo@127.0.0.1 <"$tmp/in" >"$tmp/ssh.out" 2>&1 &
sshc=$!
pids="$pids $sshc"
exec 3>"$tmp/in"
ui() { pgrep -f "madoguchi ui --state $state" | head -n 1 | grep .; }
check "the clerk's UI starts" wait_for 10 ui
u=$(ui)
if [ -n "$u" ]; then
	check "the UI runs as _madoguchi" test "$(field "$u" Uid)" = "$uid"
	check "the UI's gid is _madoguchi's" \
	    test "$(field "$u" Gid)" = "$(id -g _madoguchi)"
	check "the UI has no capabilities (CapEff 0)" \
	    test "$(field "$u" CapEff)" = 0000000000000000
	check "the UI has an empty bounding set" \
	    test "$(field "$u" CapBnd)" = 0000000000000000
	check "the UI has NoNewPrivs 1" test "$(field "$u" NoNewPrivs)" = 1
	check "the UI runs under the seccomp filter" test "$(field "$u" Seccomp)" = 2
	if [ -x "$bin/madoguchi-issuerd" ]; then
		n=$(ls -l "/proc/$u/fd" 2>/dev/null | grep -c "$state/ca/")
		check "the UI has no descriptor into ca/" test "$n" -eq 0
	fi
	check "the UI's screen shows the menu" \
	    wait_for 5 grep -q "メニュー" "$tmp/ssh.out"
fi
exec 3>&-

# The server as its systemd unit starts it: root with only the unit's
# bounding set (no CAP_SETPCAP); it still drops to _madoguchi.
port2=$(free_port)
setpriv --bounding-set=-all,+net_bind_service,+setuid,+setgid,+dac_override,+chown \
    --inh-caps=-all -- "$bin/madoguchi-sshd" --state "$state" \
    --listen "127.0.0.1:$port2" --user _madoguchi --foreground \
    2>"$tmp/unit-sshd.log" &
sshd2=$!
pids="$pids $sshd2"
listening2() { grep -q "listening on 127.0.0.1:$port2 " "$tmp/unit-sshd.log"; }
check "sshd with the unit's capabilities listens" wait_for 10 listening2
check "... as _madoguchi with no capabilities" sh -c \
    "grep -q '^Uid:.$uid' /proc/$sshd2/status && grep -q '^CapEff:.0000000000000000' /proc/$sshd2/status"

# --- the config check ----------------------------------------------------------
cat >"$tmp/good.conf" <<EOT
# a comment
listen 127.0.0.1:$port
state $state
user _madoguchi
ui $bin/madoguchi
EOT
check "madoguchi-sshd -n accepts a good config" \
    "$bin/madoguchi-sshd" -f "$tmp/good.conf" -n
printf 'listen 127.0.0.1:1\nstate %s\nport 22\n' "$state" >"$tmp/bad.conf"
"$bin/madoguchi-sshd" -f "$tmp/bad.conf" -n >"$tmp/bad.out" 2>&1
check "madoguchi-sshd -n refuses an unknown key (exit 1)" test $? -eq 1
check "... naming the line" grep -q "bad.conf:3: unknown key" "$tmp/bad.out"
printf 'state %s\nuser _madoguchi-nobody\n' "$state" >"$tmp/bad2.conf"
"$bin/madoguchi-sshd" -f "$tmp/bad2.conf" -n >/dev/null 2>&1
check "madoguchi-sshd -n refuses a user that does not exist" test $? -eq 1
printf 'state %s/nowhere\n' "$tmp" >"$tmp/bad3.conf"
"$bin/madoguchi-sshd" -f "$tmp/bad3.conf" -n >/dev/null 2>&1
check "madoguchi-sshd -n refuses a missing state dir" test $? -eq 1

# --- make install ----------------------------------------------------------------
dest=$tmp/dest
if make -s --no-print-directory BUILD="$BUILD" install DESTDIR="$dest" \
    PREFIX=/usr >"$tmp/install.log" 2>&1; then
	ok "make install DESTDIR"
	for f in usr/bin/madoguchi usr/sbin/madoguchi-sshd \
	    usr/libexec/madoguchi/madoguchi-cardd \
	    usr/libexec/madoguchi/madoguchi-auditd \
	    usr/libexec/madoguchi/madoguchi-vcard \
	    etc/madoguchi/madoguchi.conf \
	    usr/lib/systemd/system/madoguchi-sshd.service \
	    usr/lib/systemd/system/madoguchi-cardd.service \
	    usr/lib/systemd/system/madoguchi-auditd.service \
	    usr/share/man/man1/madoguchi.1 usr/share/man/man5/madoguchi.conf.5 \
	    usr/share/man/man8/madoguchi-sshd.8 \
	    usr/share/man/man8/madoguchi-cardd.8 \
	    usr/share/man/man8/madoguchi-auditd.8; do
		check "installed /$f" test -s "$dest/$f"
	done
	check "state dir /var/lib/madoguchi" test -d "$dest/var/lib/madoguchi"
	check "the config names the installed UI" \
	    grep -qx "ui /usr/bin/madoguchi" "$dest/etc/madoguchi/madoguchi.conf"
	check "the unit names the installed server" grep -q \
	    "^ExecStart=/usr/sbin/madoguchi-sshd -f /etc/madoguchi/madoguchi.conf" \
	    "$dest/usr/lib/systemd/system/madoguchi-sshd.service"
	if command -v man >/dev/null 2>&1; then
		for m in "$dest"/usr/share/man/man*/*; do
			check "man -l $(basename "$m") renders without a warning" sh -c \
			    "[ -z \"\$(man -l '$m' 2>&1 >/dev/null)\" ] && man -l '$m' | grep -q NAME"
		done
	else
		echo "privsep: man absent: the man pages are not rendered"
	fi
else
	cat "$tmp/install.log"
	bad "make install DESTDIR"
fi

# --- the units ---------------------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
	# Installed for real under a scratch prefix, so every ExecStart exists.
	pfx=$tmp/prefix
	if make -s --no-print-directory BUILD="$BUILD" install PREFIX="$pfx" \
	    SYSCONFDIR="$pfx/etc" STATEDIR="$pfx/state" >"$tmp/install2.log" 2>&1; then
		for u in "$pfx"/lib/systemd/system/*.service; do
			n=$(basename "$u")
			check "systemd-analyze verify $n" sh -c "cd '$pfx/lib/systemd/system' &&
			    MANPATH='$pfx/share/man:' systemd-analyze verify '$n'"
		done
	else
		cat "$tmp/install2.log"
		bad "make install PREFIX=$pfx"
	fi
else
	echo "privsep: systemd-analyze absent: the units are not verified"
fi
finish
