#!/usr/bin/env bash
# Package-set benchmark: the nixpkgs-style set in eval/testdata/pkgset,
# evaluated side by side in one run by `tvix instantiate`, Nix 2.26 (in
# its chroot, through contrib/nix226/run) and Nix 2.8 (the host's):
#   eval:        --eval --strict --json entries/all.nix (every drvPath and
#                output path of the set, its musl twin and an overlaid set)
#   instantiate: entries/instantiate.nix without --eval (writes ~400 .drvs;
#                tvix into a store in a temporary directory)
# Each output is checked against the recording of the same Nix (tvix's
# against Nix 2.26's, which it follows: --json output ends with a newline). Prints wall time,
# CPU time (user+sys, steadier on a busy machine) and peak RSS of each and
# the tvix/nix ratios. Nix 2.26 is timed inside its chroot, so mounting
# it is not counted; without the chroot its columns read "-".
set -euo pipefail
cd "$(dirname "$0")/.."
# TVIX names a tvix binary to time; by default bin/tvix is rebuilt from
# this tree first, so a stale build is never measured.
if [ -z "${TVIX:-}" ]; then
  TVIX=bin/tvix
  go build -o "$TVIX" ./cmd/tvix
fi
TVIX=$(cd "$(dirname "$TVIX")" && pwd)/$(basename "$TVIX")
NIX28=${NIX28:-nix-instantiate}
NIX226_RUN=$PWD/contrib/nix226/run
RUNS=${RUNS:-3}
set=eval/testdata/pkgset

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# GNU time runs inside the chroot too (its libc is newer than the host's).
cp /usr/bin/time "$tmp/gnutime"

have28=1
command -v "$NIX28" >/dev/null || { echo "pkgset bench: $NIX28 not installed"; have28=0; }
have226=1
"$NIX226_RUN" true 2>/dev/null || { echo "pkgset bench: no Nix 2.26 chroot (make nix226)"; have226=0; }

# measure CMD... prints "wall-seconds kilobytes cpu-seconds" of the best
# (by CPU time) of $RUNS runs of CMD, which writes its figures to
# $tmp/time; its stdout is left in $tmp/out.
measure() {
  local best_t="" best_m="" best_c="" t m u s c
  for _ in $(seq "$RUNS"); do
    "$@" >"$tmp/out" 2>"$tmp/err" || { echo "FAILED: $*" >&2; cat "$tmp/err" >&2; return 1; }
    read -r t m u s <"$tmp/time"
    c=$(awk "BEGIN{print $u + $s}")
    if [ -z "$best_c" ] || awk "BEGIN{exit !($c < $best_c)}"; then best_t=$t; best_m=$m; best_c=$c; fi
  done
  echo "$best_t $best_m $best_c"
}
timed() { "$tmp/gnutime" -f '%e %M %U %S' -o "$tmp/time" "$@"; }
tvix() { (cd "$set" && timed "$TVIX" --store "local:$tmp/store" instantiate "$@"); }
nix28() { (cd "$set" && timed "$NIX28" "$@"); }
nix226() { (cd "$set" && "$NIX226_RUN" "$tmp/gnutime" -f '%e %M %U %S' -o "$tmp/time" nix-instantiate "$@"); }

ratio() { if [ "$2" = - ]; then echo -; else awk "BEGIN{printf \"%.2f\", $1/$2}"; fi; }

printf '%-12s %7s %7s %7s %6s %6s %7s %7s %7s %6s %6s %6s %6s %6s %6s %6s %s\n' \
  workload tvix_s n226_s n28_s ×226 ×28 tvix_cpu 226_cpu 28_cpu ×226 ×28 tvixMB 226MB 28MB ×226 ×28 output
row() { # row NAME EXPECTED-NAME ARGS...
  local name=$1 exp=$2 ok=ok tt tm tc a_t=- a_m=0 a_c=- b_t=- b_m=0 b_c=-
  shift 2
  read -r tt tm tc < <(measure tvix "$@")
  cmp -s "$tmp/out" "$set/expected/$exp.nix-2.26" || ok=TVIX-MISMATCH
  if [ "$have226" = 1 ]; then
    read -r a_t a_m a_c < <(measure nix226 "$@")
    cmp -s "$tmp/out" "$set/expected/$exp.nix-2.26" || ok="$ok NIX226-MISMATCH"
  fi
  if [ "$have28" = 1 ]; then
    read -r b_t b_m b_c < <(measure nix28 "$@")
    cmp -s "$tmp/out" "$set/expected/$exp.nix-2.8" || ok="$ok NIX28-MISMATCH"
  fi
  local a_mr=- b_mr=-
  [ "$a_m" != 0 ] && a_mr=$(ratio "$tm" "$a_m")
  [ "$b_m" != 0 ] && b_mr=$(ratio "$tm" "$b_m")
  printf '%-12s %7s %7s %7s %6s %6s %7s %7s %7s %6s %6s %6d %6d %6d %6s %6s %s\n' "$name" \
    "$tt" "$a_t" "$b_t" "$(ratio "$tt" "$a_t")" "$(ratio "$tt" "$b_t")" \
    "$tc" "$a_c" "$b_c" "$(ratio "$tc" "$a_c")" "$(ratio "$tc" "$b_c")" \
    $((tm / 1024)) $((a_m / 1024)) $((b_m / 1024)) "$a_mr" "$b_mr" "$ok"
}
row eval all --eval --strict --json entries/all.nix
row instantiate instantiate entries/instantiate.nix
echo "(best of $RUNS runs by CPU time; goal: tvix wall time ≤ 0.6× Nix's on the package set)"
