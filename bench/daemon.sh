#!/usr/bin/env bash
# Stock Nix (2.8) using the farm over ssh-ng://, against Nix's own
# nix-daemon --stdio as the remote program over the same sshd (Debian's,
# started here on a loopback port in a mount namespace of its own):
#  - builds: 41 trivial derivations (examples/many.nix) by nix-build
#    --max-jobs 0 --builders 'ssh-ng://... SYSTEM - 2' (two remote slots),
#    into a client store of its own; the remote side is `tvix nix-daemon
#    --node` of one tvix-node, or `nix-daemon --store DIR`;
#  - copy: a 512 MiB closure (4 paths of random data) by nix copy --to.
# ROUNDS rounds (default 3) alternate the two sides, each from scratch (a
# fresh salt, fresh random paths for the copy); prints each round and
# the ratios of the median wall times (Nix's / ours: > 1 means ours is
# faster). Needs root, Nix (make deps), openssh-server and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROUNDS="${ROUNDS:-3}"
tvix_bins
node="$(dirname "$TVIX")/tvix-node"
[ -x "$node" ] || go build -o "$node" ./cmd/tvix-node
TVIX=$(realpath "$TVIX")
node=$(realpath "$node")
nixdaemon=$(command -v nix-daemon)

tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# sshd on a free loopback port; /run/sshd on a tmpfs of its own.
ssh-keygen -q -t ed25519 -N '' -C bench -f "$tmp/host"
ssh-keygen -q -t ed25519 -N '' -C bench -f "$tmp/user"
cp "$tmp/user.pub" "$tmp/authorized_keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
EOF
unshare --mount --propagation private sh -c \
	'mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -m 0755 /run/sshd && exec /usr/sbin/sshd -D -f "$1"' \
	sh "$tmp/sshd_config" 2>"$tmp/sshd.log" &
pids+=($!)

# One tvix-node.
"$node" --data-dir "$tmp/node" --api-listen 127.0.0.1:0 --no-mdns >"$tmp/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
	[ -S "$tmp/node/nix-daemon.sock" ] && (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done
[ -S "$tmp/node/nix-daemon.sock" ] || { echo "tvix-node did not start:" >&2; cat "$tmp/node.log" >&2; exit 1; }

# The client's configuration and state under $tmp.
mkdir -p "$tmp/etc"
printf 'experimental-features = nix-command\nsubstituters =\n' >"$tmp/etc/nix.conf"
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" NIX_CONF_DIR="$tmp/etc" NIX_USER_CONF_FILES="$tmp/etc/nix.conf"
export NIX_STATE_DIR="$tmp/state" NIX_LOG_DIR="$tmp/log"
export NIX_SSHOPTS="-F /dev/null -p $port -i $tmp/user -o UserKnownHostsFile=$tmp/known_hosts -o StrictHostKeyChecking=no -o BatchMode=yes"
system=$(nix-instantiate --eval --raw --expr builtins.currentSystem 2>/dev/null || nix-instantiate --eval --expr builtins.currentSystem | tr -d '"')
url() { echo "ssh-ng://root@127.0.0.1?remote-program=$(echo "$*" | sed 's/ /%20/g')"; }
ours=$(url env "TVIX_HOME=$tmp/tvix-home" "$TVIX" nix-daemon --node "$tmp/node/tvix.sock")

TIMED_DIR="$tmp"

# closure: a fresh closure to copy, 4 paths of 128 MiB of random data in
# the client store, listed in $tmp/closure.
closure() {
	: >"$tmp/closure"
	for i in 1 2 3 4; do
		mkdir -p "$tmp/data$i"
		head -c $((128 << 20)) /dev/urandom >"$tmp/data$i/blob"
		nix-store --store "$tmp/client" --add "$tmp/data$i" >>"$tmp/closure"
		rm -rf "$tmp/data$i"
	done
}

nix_builds=() tvix_builds=() nix_copies=() tvix_copies=()
for round in $(seq "$ROUNDS"); do
	salt="bench-$(date +%s%N)"
	theirs=$(url "$nixdaemon" --store "$tmp/nixd-$round")
	read -r nb _ < <(timed nix-build --store "$tmp/client-nix" --max-jobs 0 --builders "$theirs $system - 2" \
		--no-out-link examples/many.nix --argstr salt "$salt-nix")
	read -r tb _ < <(timed nix-build --store "$tmp/client-tvix" --max-jobs 0 --builders "$ours $system - 2" \
		--no-out-link examples/many.nix --argstr salt "$salt-tvix")
	closure # new paths, so neither side has them
	read -r nc _ < <(timed nix copy --no-check-sigs --from "$tmp/client" --to "$theirs" $(cat "$tmp/closure"))
	read -r tc _ < <(timed nix copy --no-check-sigs --from "$tmp/client" --to "$ours" $(cat "$tmp/closure"))
	rm -rf "$tmp/nixd-$round"
	nix_builds+=("$nb") tvix_builds+=("$tb") nix_copies+=("$nc") tvix_copies+=("$tc")
	echo "daemon round $round: 41 builds: nix-daemon ${nb} ms, tvix ${tb} ms; copy 512 MiB: nix-daemon ${nc} ms, tvix ${tc} ms"
done

awk -v nb="$(median "${nix_builds[@]}")" -v tb="$(median "${tvix_builds[@]}")" \
	-v nc="$(median "${nix_copies[@]}")" -v tc="$(median "${tvix_copies[@]}")" \
	-v r="$ROUNDS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	printf "daemon: 41 builds over ssh-ng, 2 remote slots, median of %d: nix-daemon %d ms, tvix %d ms, ratio %.2fx\n", r, nb, tb, nb / tb
	printf "daemon: nix copy --to ssh-ng of 512 MiB, median of %d: nix-daemon %d ms, tvix %d ms, ratio %.2fx (load average %s)\n", r, nc, tc, nc / tc, load
}'
