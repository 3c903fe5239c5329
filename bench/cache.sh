#!/usr/bin/env bash
# Binary cache benchmark: a tvix-node serving a closure side by side with
# nginx serving a file binary cache that `nix copy --to file://` wrote of
# the same closure, both on loopback:
#   - narinfo requests/s for hits and for misses (wrk, $BENCH_SECONDS s,
#     $BENCH_CONNS connections; goal: tvix >= nginx's rate),
#   - NAR streaming throughput, uncompressed, one stream (curl, best of
#     $BENCH_RUNS; goal: tvix >= 1 GB/s).
# Requests per second depend on the machine's load (wrk runs on the same
# cores); the servers' CPU time per request, also printed, much less.
# The closure is a fresh tree of small files (bench/gentree) and a path
# holding one $BENCH_NAR_BYTES file. Needs root (nix-store --add), Nix,
# wrk and nginx (make deps). Every figure is measured on this machine with
# whatever else runs on it: say so when you quote them.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNS:-32}
runs=${BENCH_RUNS:-3}
nar_bytes=${BENCH_NAR_BYTES:-$((1 << 30))}
tree_bytes=${BENCH_TREE_BYTES:-$((16 << 20))}
for tool in nix-store nix wrk nginx curl; do
	command -v $tool >/dev/null || { echo "cache.sh: $tool not installed (make deps)"; exit 1; }
done

source bench/lib.sh
scratch cache

go build -o "$work/tvix" ./cmd/tvix
go build -o "$work/tvix-node" ./cmd/tvix-node
go build -o "$work/gentree" ./bench/gentree
export TVIX_HOME="$work/home"

# The closure, fresh for every run of the script, and nginx over a file
# binary cache of it.
closure "$tree_bytes" "$nar_bytes"
nix --extra-experimental-features nix-command copy --to "file://$work/cache?compression=none" "$tree" "$big"
chmod -R a+rX "$work/cache"
nginx_port=$(free_port)
start_nginx "$work/cache" "$nginx_port" "tcp_nopush on;" "keepalive_requests 100000;"

# tvix-node with the same closure, imported from the Nix store.
"$work/tvix-node" --data-dir "$work/node" --api-listen 127.0.0.1:0 --p2p-listen /ip4/127.0.0.1/tcp/0 --no-mdns 2>"$work/node.log" &
node_pid=$!
pids+=($node_pid)
node=""
for _ in $(seq 100); do
	node=$(sed -n 's/^tvix-node: serving gRPC on \([^ ]*\) .*/\1/p' "$work/node.log")
	[ -n "$node" ] && break
	sleep 0.1
done
[ -n "$node" ] || { echo "cache.sh: tvix-node did not start:"; cat "$work/node.log"; exit 1; }
"$work/tvix" --node "$node" store import-nix "$tree" "$big" >/dev/null

tvix_url="http://$node"
nginx_url="http://127.0.0.1:$nginx_port"
hash_of() { basename "$1" | cut -c1-32; }
hit="/$(hash_of "$tree").narinfo"
miss="/00000000000000000000000000000000.narinfo" # a valid hash part nobody has
for u in "$tvix_url" "$nginx_url"; do
	curl -sf "$u$hit" >/dev/null || { echo "cache.sh: $u$hit is not served"; exit 1; }
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$u$miss")" = 404 ] || { echo "cache.sh: $u$miss is not a 404"; exit 1; }
done

# cpu_ticks PID...: the processes' CPU time (user + system) in clock ticks.
cpu_ticks() {
	local t=0 p
	for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
	echo "$t"
}
ticks=$(getconf CLK_TCK)

# rate URL PID...: wrk's requests per second, and the server processes'
# CPU microseconds per request (less sensitive to the machine's load).
rate() {
	local url=$1 c0 c1 out
	shift
	c0=$(cpu_ticks "$@")
	out=$(wrk -t2 -c"$conns" -d"${secs}s" "$url")
	c1=$(cpu_ticks "$@")
	awk -v cpu=$((c1 - c0)) -v ticks="$ticks" '
		/ requests in / { n = $1 }
		/^Requests\/sec:/ { r = $2 }
		END { printf "%s %.1f\n", r, cpu * 1e6 / ticks / n }' <<<"$out"
}

# nar_url BASE: the URL of the big path's NAR as BASE's narinfo names it.
nar_url() { echo "$1/$(curl -sf "$1/$(hash_of "$big").narinfo" | sed -n 's/^URL: //p')"; }

# throughput URL: best bytes per second of $runs downloads.
throughput() {
	for ((i = 0; i < runs; i++)); do curl -s -o /dev/null -w '%{speed_download}\n' "$1"; done | sort -g | tail -1
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
gbs() { awk -v b="$1" 'BEGIN { printf "%.2f GB/s", b / 1e9 }'; }

tvix_pids=("$node_pid")
nginx_pids=("$nginx_pid" $(pgrep -P "$nginx_pid"))
read -r tvix_hit tvix_hit_cpu < <(rate "$tvix_url$hit" "${tvix_pids[@]}")
read -r nginx_hit nginx_hit_cpu < <(rate "$nginx_url$hit" "${nginx_pids[@]}")
read -r tvix_miss tvix_miss_cpu < <(rate "$tvix_url$miss" "${tvix_pids[@]}")
read -r nginx_miss nginx_miss_cpu < <(rate "$nginx_url$miss" "${nginx_pids[@]}")
tvix_nar=$(throughput "$(nar_url "$tvix_url")")
nginx_nar=$(throughput "$(nar_url "$nginx_url")")

echo "binary cache on loopback ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); NAR of $nar_bytes bytes"
printf '%-22s %14s %14s %8s\n' "" tvix-node nginx tvix/nginx
printf '%-22s %14s %14s %8s\n' "narinfo hits/s" "$tvix_hit" "$nginx_hit" "$(ratio "$tvix_hit" "$nginx_hit")"
printf '%-22s %14s %14s %8s\n' "narinfo misses/s" "$tvix_miss" "$nginx_miss" "$(ratio "$tvix_miss" "$nginx_miss")"
printf '%-22s %14s %14s %8s\n' "CPU us/hit (server)" "$tvix_hit_cpu" "$nginx_hit_cpu" "$(ratio "$tvix_hit_cpu" "$nginx_hit_cpu")"
printf '%-22s %14s %14s %8s\n' "CPU us/miss (server)" "$tvix_miss_cpu" "$nginx_miss_cpu" "$(ratio "$tvix_miss_cpu" "$nginx_miss_cpu")"
printf '%-22s %14s %14s %8s\n' "NAR, one stream" "$(gbs "$tvix_nar")" "$(gbs "$nginx_nar")" "$(ratio "$tvix_nar" "$nginx_nar")"
echo "goals: narinfo hits and misses >= 1.00 of nginx's rate; NAR >= 1 GB/s"
