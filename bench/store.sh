#!/usr/bin/env bash
# Store benchmarks against C++ Nix, in one run on one machine:
#   - tvix store add vs nix-store --add of a fresh 512 MiB tree, timed two
#     ways: to the data on disk (sync before each command, fsync of what it
#     wrote after; goal: >= 3x faster) and as the command returns (ours
#     fsyncs, Nix's leaves the data in the page cache; goal: >= 1x),
#   - tvix store dump vs nix-store --dump of it (goal: tvix time <= Nix's),
#   - chunk dedup: add a 100 MiB file, change 1 MiB in the middle, add again
#     (goal: <= 5% new bytes stored).
# Each timing is the best of $BENCH_RUNS runs (default 3), tvix and Nix
# alternating, with the page cache warm; wall time, then CPU time
# (user+sys) in parentheses. BENCH_TREE_BYTES changes the tree size.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
tree_bytes=${BENCH_TREE_BYTES:-$((512 << 20))}
command -v nix-store >/dev/null || { echo "store.sh: nix-store not installed (make deps)"; exit 1; }

work=$(mktemp -d /tmp/tvix-bench-store-XXXXXX)
nix_paths=()
cleanup() {
	for p in "${nix_paths[@]}"; do nix-store --delete "$p" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tvix" ./cmd/tvix
go build -o "$work/gentree" ./bench/gentree
export TVIX_HOME="$work/home"
tvix() { "$work/tvix" --store "local:$work/store" "$@"; }

# Fresh content for every run of the script, so that Nix has not seen it.
seed=$(date +%s%N)
"$work/gentree" -seed "$seed" -size "$tree_bytes" "$work/tree"
files=$(find "$work/tree" -type f | wc -l)
tar cf - -C "$work" tree | cat >/dev/null # warm the page cache

# timed CMD... runs CMD with stdout to /dev/null and prints "wall cpu".
timed() {
	local TIMEFORMAT='%R %U %S' out
	out=$({ time "$@" >/dev/null; } 2>&1) || { echo "failed: $*: $out" >&2; exit 1; }
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$out"
}

# timed_synced WHAT CMD... is timed from a synced state to CMD's data on
# disk: the wall time includes an fsync of every file and directory below
# WHAT, or below the path CMD prints if WHAT is "-" (only those: a plain
# sync would also wait for what other processes on the machine wrote).
timed_synced() {
	local TIMEFORMAT='%R %U %S' out what=$1
	shift
	sync
	out=$({ time { "$@" >"$work/printed" && find "$([ "$what" = - ] && cat "$work/printed" || echo "$what")" -print0 | xargs -0 sync --; }; } 2>&1) || { echo "failed: $*: $out" >&2; exit 1; }
	awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$out"
}

# best "wall cpu" "wall cpu"... keeps the lowest wall time.
best() { printf '%s\n' "$@" | sort -n | head -1; }

add_tvix=() add_nix=() sadd_tvix=() sadd_nix=() dump_tvix=() dump_nix=()
p=$(nix-store --add "$work/tree") # the path to delete before timing
for ((i = 0; i < runs; i++)); do
	rm -rf "$work/store"
	add_tvix+=("$(timed tvix store add "$work/tree")")
	nix-store --delete "$p" >/dev/null 2>&1
	add_nix+=("$(timed nix-store --add "$work/tree")")
	rm -rf "$work/store"
	sadd_tvix+=("$(timed_synced "$work/store" tvix store add "$work/tree")")
	nix-store --delete "$p" >/dev/null 2>&1
	sadd_nix+=("$(timed_synced - nix-store --add "$work/tree")")
done
nix-store --delete "$p" >/dev/null 2>&1
tvix_path=$(tvix store add "$work/tree")
nix_path=$(nix-store --add "$work/tree")
nix_paths+=("$nix_path")
[ "$tvix_path" = "$nix_path" ] || { echo "store.sh: tvix added $tvix_path, Nix $nix_path"; exit 1; }
cmp <(tvix store dump "$tvix_path") <(nix-store --dump "$nix_path") || { echo "store.sh: dumps differ"; exit 1; }
for ((i = 0; i < runs; i++)); do
	dump_tvix+=("$(timed tvix store dump "$tvix_path")")
	dump_nix+=("$(timed nix-store --dump "$nix_path")")
done

# Dedup: bytes the store grows by when a changed copy of a file is added.
rm -rf "$work/store"
mkdir "$work/dedup"
big="$work/dedup/file"
head -c $((100 << 20)) /dev/urandom >"$big"
size_of() { du -sb --apparent-size "$work/store" | cut -f1; }
tvix store add "$big" >/dev/null
before=$(size_of)
cp "$big" "$work/dedup/changed"
dd if=/dev/urandom of="$work/dedup/changed" bs=1M count=1 seek=50 conv=notrunc status=none
tvix store add "$work/dedup/changed" >/dev/null
after=$(size_of)
file_bytes=$(stat -c %s "$big")

ratio() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2fx", n / t }'; }
row() { # name tvix-best nix-best goal
	read -r tw tc <<<"$2"
	read -r nw nc <<<"$3"
	printf '%-8s %8.2fs (%5.2fs cpu) %8.2fs (%5.2fs cpu) %12s   %s\n' "$1" "$tw" "$tc" "$nw" "$nc" "$(ratio "$nw" "$tw")" "$4"
}
echo
echo "store: $(awk -v b="$tree_bytes" 'BEGIN { printf "%d MiB", b / 1048576 }') tree, $files files; best of $runs runs; $(nproc) cores"
printf '%-8s %25s %25s %12s   %s\n' "" "tvix" "nix" "nix/tvix" "goal"
row add "$(best "${add_tvix[@]}")" "$(best "${add_nix[@]}")" "add as it returns: nix/tvix >= 1.00x"
row add+sync "$(best "${sadd_tvix[@]}")" "$(best "${sadd_nix[@]}")" "add to data on disk: nix/tvix >= 3.00x"
row dump "$(best "${dump_tvix[@]}")" "$(best "${dump_nix[@]}")" "dump: nix/tvix >= 1.00x"
awk -v a="$after" -v b="$before" -v f="$file_bytes" 'BEGIN {
	printf "dedup: %.1f MiB file, 1 MiB changed in the middle: %.2f MiB new (%.1f%%)   goal <= 5%%\n", f / 1048576, (a - b) / 1048576, 100 * (a - b) / f }'
