#!/usr/bin/env bash
# S3 store benchmark against rclone (what `nix copy --to s3://` amounts
# to: the closure's NARs copied to a bucket), in one run, both against the
# same S3 server (versitygw, make deps) on loopback:
#   - upload: tvix store add of a fresh 512 MiB tree into s3:// vs rclone
#     copy of its NAR (goal: rclone/tvix >= 1.0x),
#   - re-upload after a 1% change: bytes the bucket grows by (goal <= 5%;
#     Nix sends the whole NAR again),
#   - fetch: tvix store dump from s3:// vs rclone copy of the NAR back
#     (goal: rclone/tvix >= 1.0x).
# Wall time, best of $BENCH_RUNS runs (default 3). BENCH_TREE_BYTES
# changes the tree size.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
tree_bytes=${BENCH_TREE_BYTES:-$((512 << 20))}
command -v rclone >/dev/null || { echo "s3.sh: rclone not installed (make deps)"; exit 1; }
gw=$(command -v versitygw || echo "$(go env GOPATH)/bin/versitygw")
[ -x "$gw" ] || { echo "s3.sh: versitygw not installed (make deps)"; exit 1; }

work=$(mktemp -d /tmp/tvix-bench-s3-XXXXXX)
gwpid=
cleanup() {
	[ -n "$gwpid" ] && kill "$gwpid" 2>/dev/null && wait "$gwpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tvix" ./cmd/tvix
go build -o "$work/gentree" ./bench/gentree
export TVIX_HOME="$work/home"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/gw"
unset AWS_CA_BUNDLE # plain http on loopback; rclone refuses a bundle with its transport
export AWS_ACCESS_KEY_ID=benchaccess AWS_SECRET_ACCESS_KEY=benchsecret0123456789 AWS_EC2_METADATA_DISABLED=true
"$gw" --access "$AWS_ACCESS_KEY_ID" --secret "$AWS_SECRET_ACCESS_KEY" --port "127.0.0.1:$port" --quiet posix "$work/gw" >"$work/gw.log" 2>&1 &
gwpid=$!
endpoint="http://127.0.0.1:$port"
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="$endpoint" \
	RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
	RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG=/dev/null
for ((i = 0; i < 100; i++)); do rclone lsd bench: >/dev/null 2>&1 && break; sleep 0.1; done
bucket_url() { echo "s3://$1?endpoint=$endpoint&region=us-east-1"; }

seed=$(date +%s%N)
"$work/gentree" -seed "$seed" -size "$tree_bytes" "$work/tree"
files=$(find "$work/tree" -type f | wc -l)
path=$("$work/tvix" --store "local:$work/local" store add "$work/tree")
mkdir "$work/nar"
"$work/tvix" --store "local:$work/local" store dump "$path" >"$work/nar/$(basename "$path").nar"
nar_bytes=$(stat -c %s "$work/nar/"*.nar)
tar cf - -C "$work" tree nar | cat >/dev/null # warm the page cache

# timed CMD... prints the wall time of CMD (stdout to /dev/null).
timed() {
	local TIMEFORMAT='%R' out
	out=$({ time "$@" >/dev/null; } 2>&1) || { echo "failed: $*: $out" >&2; exit 1; }
	echo "$out"
}
best() { printf '%s\n' "$@" | sort -n | head -1; }

up_tvix=() up_rclone=() get_tvix=() get_rclone=()
for ((i = 0; i < runs; i++)); do
	rclone mkdir "bench:tvix$i" && rclone mkdir "bench:nar$i"
	up_tvix+=("$(timed "$work/tvix" --store "$(bucket_url "tvix$i")" store add "$work/tree")")
	up_rclone+=("$(timed rclone copy "$work/nar" "bench:nar$i")")
	get_tvix+=("$(timed "$work/tvix" --store "$(bucket_url "tvix$i")" store dump "$path")")
	rm -rf "$work/back"
	get_rclone+=("$(timed rclone copy "bench:nar$i" "$work/back")")
done
cmp <("$work/tvix" --store "$(bucket_url tvix0)" store dump "$path") "$work/nar/"*.nar || { echo "s3.sh: dump from the bucket differs"; exit 1; }

# 1% of the bytes changed, in the four largest files (a quarter each,
# contiguous, in the middle of the file).
change=$((tree_bytes / 100 / 4))
find "$work/tree" -type f -printf '%s %p\n' | sort -rn | head -4 | while read -r size f; do
	dd if=/dev/urandom of="$f" bs=4096 count=$((change / 4096)) seek=$((size / 2 / 4096)) conv=notrunc status=none
done
bucket_bytes() { du -sb --apparent-size "$work/gw/tvix0" | cut -f1; }
before=$(bucket_bytes)
"$work/tvix" --store "$(bucket_url tvix0)" store add "$work/tree" >/dev/null
after=$(bucket_bytes)

ratio() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2fx", n / t }'; }
echo
echo "s3: $(awk -v b="$tree_bytes" 'BEGIN { printf "%d MiB", b / 1048576 }') tree, $files files, NAR $((nar_bytes >> 20)) MiB; versitygw on loopback; best of $runs runs; $(nproc) cores"
printf '%-7s %10s %10s %12s   %s\n' "" "tvix" "rclone" "rclone/tvix" "goal"
printf '%-7s %9.2fs %9.2fs %12s   %s\n' upload "$(best "${up_tvix[@]}")" "$(best "${up_rclone[@]}")" "$(ratio "$(best "${up_rclone[@]}")" "$(best "${up_tvix[@]}")")" ">= 1.00x"
printf '%-7s %9.2fs %9.2fs %12s   %s\n' fetch "$(best "${get_tvix[@]}")" "$(best "${get_rclone[@]}")" "$(ratio "$(best "${get_rclone[@]}")" "$(best "${get_tvix[@]}")")" ">= 1.00x"
awk -v a="$after" -v b="$before" -v n="$nar_bytes" 'BEGIN {
	printf "re-upload after a 1%% change: %.1f MiB sent (%.1f%% of the NAR; rclone/Nix send 100%%)   goal <= 5%%\n", (a - b) / 1048576, 100 * (a - b) / n }'
