#!/usr/bin/env bash
# Per-build overhead: 41 trivial derivations (40 leaves and one that
# depends on them, examples/many.nix) with 2 parallel slots, evaluated
# and built by `nix-build --option sandbox true -j 2` and by
# `tvix build -j 2` side by side (evaluation included for both),
# ROUNDS times alternating (default 3), each time from scratch (a fresh
# salt changes every derivation). Prints wall and CPU (user+sys, builds
# included) time of each round and the ratio of the median wall times,
# then where tvix's CPU goes, phase by phase and process by process, in
# one more build with TVIX_BUILD_PROFILE set (package builder/buildprof;
# the containers' unattributed rest is runc's nsexec stages: the exec of
# tvix-sandbox, its loading and the clones).
# Needs root, Nix (make deps) and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROUNDS="${ROUNDS:-3}"
tvix_bins

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
TIMED_DIR="$home"

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

n=$(median "${nix_walls[@]}")
t=$(median "${tvix_walls[@]}")
awk -v n="$n" -v t="$t" -v r="$ROUNDS" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
	printf "build: 41 trivial derivations, 2 slots, median of %d: nix-build %d ms, tvix %d ms, ratio %.2fx (goal >= 3x; load average %s)\n", r, n, t, n / t, load
}'

salt="bench-$(date +%s%N)"
TVIX_BUILD_PROFILE=1 TVIX_HOME="$home" "$TVIX" build -Q -j 2 --no-out-link \
	examples/many.nix --argstr salt "$salt-profile" 2>&1 >/dev/null | grep '^build profile: '
