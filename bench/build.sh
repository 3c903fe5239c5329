#!/usr/bin/env bash
# Per-build overhead: 41 trivial derivations (40 leaves and one that
# depends on them, examples/many.nix) with 2 parallel slots, built by
# `nix-build --option sandbox true -j 2` and by `tvix build-drv -j 2`
# side by side, ROUNDS times alternating (default 3), each time from
# scratch (a fresh salt changes every derivation). Prints each round and
# the ratio of the medians. Needs root, Nix (make deps) and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
TVIX="${TVIX:-bin/tvix}"
ROUNDS="${ROUNDS:-3}"
[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix

ms() { date +%s%3N; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

nix_times=()
tvix_times=()
for round in $(seq "$ROUNDS"); do
	salt="bench-$(date +%s%N)"
	# Each tool gets its own instantiation (a different salt), so neither
	# finds the other's outputs.
	nix_drv=$(nix-instantiate examples/many.nix --argstr salt "$salt-nix" 2>/dev/null)
	tvix_drv=$(nix-instantiate examples/many.nix --argstr salt "$salt-tvix" 2>/dev/null)

	start=$(ms)
	nix-build --option sandbox true --option substituters '' -j 2 --no-out-link "$nix_drv" >/dev/null 2>&1
	nix_times+=($(( $(ms) - start )))

	# Copying the .drv files into our store is what nix-instantiate did
	# for nix-build, so it is not timed either.
	TVIX_HOME="$home" "$TVIX" build-drv --import-only "$tvix_drv"
	start=$(ms)
	TVIX_HOME="$home" "$TVIX" build-drv -Q -j 2 "$tvix_drv" >/dev/null 2>&1
	tvix_times+=($(( $(ms) - start )))
	echo "build round $round: nix-build ${nix_times[-1]} ms, tvix ${tvix_times[-1]} ms"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
n=$(median "${nix_times[@]}")
t=$(median "${tvix_times[@]}")
awk -v n="$n" -v t="$t" -v r="$ROUNDS" 'BEGIN {
	printf "build: 41 trivial derivations, 2 slots, median of %d: nix-build %d ms, tvix %d ms, ratio %.2fx\n", r, n, t, n / t
}'
