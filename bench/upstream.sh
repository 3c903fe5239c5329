#!/usr/bin/env bash
# Upstream substitution benchmark: a closure (a tree of small files and one
# path holding a $BENCH_NAR_BYTES file, 1 GiB by default, random) in a
# binary cache `nix copy --to file://` wrote ($BENCH_COMPRESSION, zstd by
# default, signed), served by nginx on loopback as the upstream. Timed,
# each into an empty host store (the closure deleted before each):
#   1. stock `nix-store -r` straight from the upstream (the anchor),
#   2. `nix-store -r` through a tvix-node that substitutes from the
#      upstream (goal: at least as fast, ratio >= 1.0),
#   3. `nix-store -r` through a second node of the same cluster, which
#      gets it from the first over the LAN (goal: >= 2x the anchor).
# Needs root (the host's Nix store), Nix and nginx (make deps). Figures
# depend on the machine and its load: say so when you quote them.
set -euo pipefail
cd "$(dirname "$0")/.."

nar_bytes=${BENCH_NAR_BYTES:-$((1 << 30))}
tree_bytes=${BENCH_TREE_BYTES:-$((32 << 20))}
comp=${BENCH_COMPRESSION:-zstd}
for tool in nix-store nix nginx curl; do
	command -v $tool >/dev/null || { echo "upstream.sh: $tool not installed (make deps)"; exit 1; }
done

source bench/lib.sh
scratch upstream

go build -o "$work/tvix" ./cmd/tvix
go build -o "$work/tvix-node" ./cmd/tvix-node
go build -o "$work/gentree" ./bench/gentree

closure "$tree_bytes" "$nar_bytes"
nix-store --generate-binary-cache-key bench-upstream-1 "$work/sk" "$work/pk"
nix --extra-experimental-features nix-command copy --to "file://$work/cache?compression=$comp&secret-key=$work/sk" "$tree" "$big"
chmod -R a+rX "$work/cache"
nix-store --delete "$tree" "$big" >/dev/null 2>&1

port=$(free_port)
start_nginx "$work/cache" "$port"
upstream="http://127.0.0.1:$port"

"$work/tvix" cluster new-psk >"$work/swarm.key"
chmod 600 "$work/swarm.key"
# start_node NAME ARGS...: starts a node; its API address goes to $addr.
start_node() {
	local name=$1
	shift
	addr=""
	"$work/tvix-node" --data-dir "$work/$name" --api-listen 127.0.0.1:0 --p2p-listen /ip4/127.0.0.1/tcp/0 \
		--gossip-listen 127.0.0.1:0 --no-mdns --psk-file "$work/swarm.key" "$@" >/dev/null 2>"$work/$name.log" &
	pids+=($!)
	for _ in $(seq 200); do
		addr=$(sed -n 's/^tvix-node: serving gRPC on \([^ ]*\) .*/\1/p' "$work/$name.log")
		[ -n "$addr" ] && break
		sleep 0.1
	done
	[ -n "$addr" ] || { echo "upstream.sh: $name did not start:" >&2; cat "$work/$name.log" >&2; exit 1; }
}
start_node node1 --substituters "$upstream" --trusted-public-keys "$(cat "$work/pk")"
node1=$addr
start_node node2 --join "$node1"
node2=$addr

TIMEFORMAT='%R'
# realise CACHE KEY: wall seconds of nix-store -r of the closure from CACHE
# into the host store, which is emptied of it afterwards.
realise() {
	local t
	t=$( { time nix-store -r "$tree" "$big" --option substituters "$1" --option trusted-public-keys "$2" \
		--option narinfo-cache-negative-ttl 0 >/dev/null 2>"$work/stderr"; } 2>&1 ) || {
		echo "upstream.sh: nix-store -r from $1 failed:" >&2
		tail -n 20 "$work/stderr" >&2
		exit 1
	}
	nix-store --delete "$tree" "$big" >/dev/null 2>&1
	echo "$t"
}
nix_s=$(realise "$upstream" "$(cat "$work/pk")")
node1_s=$(realise "http://$node1" "$(cat "$work/node1/public-key")")
node2_s=$(realise "http://$node2" "$(cat "$work/node2/public-key")")

total=$((nar_bytes + tree_bytes))
echo "upstream substitution on loopback ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); closure of about $total bytes, $comp"
awk -v n="$nix_s" -v a="$node1_s" -v b="$node2_s" 'BEGIN {
	printf "%-44s %8.2f s\n", "nix-store -r from the upstream (anchor)", n
	printf "%-44s %8.2f s  ratio %.2fx (goal >= 1.0)\n", "nix-store -r through a node (from upstream)", a, n / a
	printf "%-44s %8.2f s  ratio %.2fx (goal >= 2.0)\n", "nix-store -r through a second node (LAN)", b, n / b
}'
