#!/usr/bin/env bash
# Per-build overhead: 41 trivial derivations (40 leaves and one that
# depends on them, examples/many.nix) with 2 parallel slots, built by
# `nix-build --option sandbox true -j 2` and by `tvix build-drv -j 2`
# side by side. A fresh salt makes every run build from scratch. Needs
# root, Nix (make deps) and busybox-static.
set -euo pipefail
cd "$(dirname "$0")/.."
TVIX="${TVIX:-bin/tvix}"
[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix

salt="bench-$(date +%s%N)"
ms() { date +%s%3N; }

# Each tool builds its own instantiation of the same expression (a
# different salt), so neither finds the other's outputs.
nix_drv=$(nix-instantiate examples/many.nix --argstr salt "$salt-nix" 2>/dev/null)
tvix_drv=$(nix-instantiate examples/many.nix --argstr salt "$salt-tvix" 2>/dev/null)

start=$(ms)
nix-build --option sandbox true --option substituters '' -j 2 --no-out-link "$nix_drv" >/dev/null 2>&1
nix_ms=$(( $(ms) - start ))

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
start=$(ms)
TVIX_HOME="$home" "$TVIX" build-drv -Q -j 2 "$tvix_drv" >/dev/null
tvix_ms=$(( $(ms) - start ))

awk -v n="$nix_ms" -v t="$tvix_ms" 'BEGIN {
	printf "build: 41 trivial derivations, 2 slots: nix-build %d ms, tvix %d ms, ratio %.2fx\n", n, t, n / t
}'
