#!/usr/bin/env bash
# Reproducibility check benchmark (needs root, busybox-static and
# nix-bin): the wall time of building a fresh busybox derivation and
# checking it, side by side:
#   tvix: tvix build --check-reproducible through one of two tvix-node
#         processes on loopback (one slot each): built on one peer,
#         rebuilt on the other, NAR hashes compared;
#   nix:  nix-build, then nix-build --check on this machine (C++ Nix).
# Both run two builds of the same derivation; tvix's also cross machines.
# BENCH_RUNS (default 5) fresh derivations each; medians are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${BENCH_RUNS:-5}
scratch check
TIMED_DIR=$work
TVIX=$work/tvix
tvix_bins
go build -o "$work/tvix-node" ./cmd/tvix-node
"$TVIX" cluster new-psk >"$work/swarm.key"

# start_node NAME [FLAG...]: starts a tvix-node in $work/NAME; sets addr.
start_node() {
	local name=$1
	shift
	"$work/tvix-node" --data-dir "$work/$name" --api-listen 127.0.0.1:0 --p2p-listen /ip4/127.0.0.1/tcp/0 \
		--gossip-listen 127.0.0.1:0 --no-mdns --psk-file "$work/swarm.key" --max-builds 1 "$@" 2>"$work/$name.log" &
	pids+=($!)
	addr=
	for _ in $(seq 100); do
		addr=$(sed -n 's/^tvix-node: serving gRPC on \([^ ]*\) .*/\1/p' "$work/$name.log")
		[ -n "$addr" ] && return
		sleep 0.1
	done
	echo "check.sh: tvix-node $name did not start:" >&2
	cat "$work/$name.log" >&2
	exit 1
}
start_node a
a=$addr
start_node b --join "$a"
for _ in $(seq 300); do
	[ "$("$TVIX" --node "$a" cluster status --json | grep -c '"peerId"')" -ge 3 ] && break
	sleep 0.1
done

file=node/testdata/farm_repro.nix
ours=() anchor=()
for i in $(seq "$runs"); do
	salt="bench-$(date +%s%N)-$i"
	ours+=("$(timed env TVIX_HOME="$work/home" TVIX_STORE= TVIX_NODE= "$TVIX" build --node "$a" --no-out-link --check-reproducible --argstr salt "$salt" -A same "$file" | cut -d' ' -f1)")
	salt="bench-nix-$(date +%s%N)-$i"
	start=$(date +%s%N)
	out=$(nix-build --no-out-link --argstr salt "$salt" -A same "$file" 2>"$work/nix.err") || { cat "$work/nix.err" >&2; exit 1; }
	nix-build --no-out-link --check --argstr salt "$salt" -A same "$file" >/dev/null 2>"$work/nix.err" || { cat "$work/nix.err" >&2; exit 1; }
	anchor+=("$((($(date +%s%N) - start) / 1000000))")
	nix_paths+=("$out" "$(nix-instantiate --argstr salt "$salt" -A same "$file" 2>/dev/null)")
done
t=$(median "${ours[@]}")
n=$(median "${anchor[@]}")
echo
echo "reproducibility check of one busybox derivation ($runs runs, medians, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
awk -v t="$t" -v n="$n" 'BEGIN { printf "  build + check: tvix --check-reproducible (2 peers) %d ms, nix-build + nix-build --check %d ms, ratio %.2f\n", t, n, t / n }'
