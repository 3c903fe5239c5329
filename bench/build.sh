#!/usr/bin/env bash
# Per-build overhead: 41 trivial derivations (40 leaves and one that
# depends on them, examples/many.nix) with 2 parallel slots, evaluated
# and built by `nix-build --option sandbox true -j 2` and by
# `tvix build -j 2` side by side (evaluation included for both),
# ROUNDS times alternating (default 3), each time from scratch (a fresh
# salt changes every derivation). Prints wall and CPU (user+sys, builds
# included) time of each round and the ratio of the median wall times.
# Needs root, Nix (make deps) and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
TVIX="${TVIX:-bin/tvix}"
ROUNDS="${ROUNDS:-3}"
[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix
# tvix creates its containers through tvix-sandbox when it sits next to it.
sandbox="$(dirname "$TVIX")/tvix-sandbox"
[ -x "$sandbox" ] || go build -o "$sandbox" ./cmd/tvix-sandbox

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
TIMEFORMAT='%R %U %S'

# timed CMD...: runs CMD with its output discarded and prints
# "<wall ms> <cpu ms>"; on failure it prints the end of its stderr.
timed() {
	local t
	t=$( { time "$@" >/dev/null 2>"$home/stderr"; } 2>&1 ) || {
		echo "failed: $*" >&2
		tail -n 20 "$home/stderr" >&2
		return 1
	}
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}

nix_walls=()
tvix_walls=()
for round in $(seq "$ROUNDS"); do
	salt="bench-$(date +%s%N)"
	# Each tool gets its own salt, so neither finds the other's outputs.
	read -r nw nc < <(timed nix-build --option sandbox true --option substituters '' -j 2 --no-out-link \
		examples/many.nix --argstr salt "$salt-nix")
	read -r tw tc < <(timed env TVIX_HOME="$home" "$TVIX" build -Q -j 2 --no-out-link \
		examples/many.nix --argstr salt "$salt-tvix")
	nix_walls+=("$nw")
	tvix_walls+=("$tw")
	echo "build round $round: nix-build ${nw} ms wall ${nc} ms cpu, tvix ${tw} ms wall ${tc} ms cpu"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
n=$(median "${nix_walls[@]}")
t=$(median "${tvix_walls[@]}")
awk -v n="$n" -v t="$t" -v r="$ROUNDS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	printf "build: 41 trivial derivations, 2 slots, median of %d: nix-build %d ms, tvix %d ms, ratio %.2fx (goal >= 3x; load average %s)\n", r, n, t, n / t, load
}'
