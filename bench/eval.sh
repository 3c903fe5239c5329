#!/usr/bin/env bash
# Evaluator benchmarks: runs each bench/eval/*.nix under
# `tvix instantiate --eval --strict`, Nix 2.26 (in its chroot, through
# contrib/nix226/run, timed inside it so mounting it is not counted) and
# Nix 2.8 (the host's) side by side in one run, checks every output
# against the recorded .exp (both Nix versions print the same), and prints
# wall time, CPU time (user+sys, steadier on a busy machine) and peak RSS
# of each, the tvix/2.26 and tvix/2.8 ratios and their geometric means.
# A Nix that is missing has "-" in its columns.
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
RUNS=${RUNS:-1}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# GNU time runs inside the chroot too (its libc is newer than the host's).
cp /usr/bin/time "$tmp/gnutime"

have28=1
command -v "$NIX28" >/dev/null || { echo "eval bench: $NIX28 not installed"; have28=0; }
have226=1
"$NIX226_RUN" true 2>/dev/null || { echo "eval bench: no Nix 2.26 chroot (make nix226)"; have226=0; }

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
tvix() { timed "$TVIX" instantiate --eval --strict "$1"; }
nix28() { timed "$NIX28" --eval --strict "$1"; }
nix226() { "$NIX226_RUN" "$tmp/gnutime" -f '%e %M %U %S' -o "$tmp/time" nix-instantiate --eval --strict "$1"; }

ratio() { if [ "$2" = - ]; then echo -; else awk "BEGIN{printf \"%.2f\", $1/$2}"; fi; }
# Sums of the logarithms of the ratios, for the geometric means.
declare -A logsum=([t226]=0 [c226]=0 [m226]=0 [t28]=0 [c28]=0 [m28]=0)
addlog() { logsum[$1]=$(awk "BEGIN{print ${logsum[$1]} + log($2/$3)}"); }

printf '%-12s %6s %6s %6s %5s %5s %6s %6s %6s %5s %5s %5s %5s %5s %5s %5s %s\n' \
  workload tvix_s 226_s 28_s ×226 ×28 tvixcpu 226cpu 28cpu ×226 ×28 tvMB 226MB 28MB ×226 ×28 output
n226=0 n28=0
for f in bench/eval/*.nix; do
  name=$(basename "$f" .nix)
  exp=${f%.nix}.exp
  ok=ok
  a_t=- a_m=0 a_c=- b_t=- b_m=0 b_c=-
  read -r tt tm tc < <(measure tvix "$f")
  cmp -s "$tmp/out" "$exp" || ok=TVIX-MISMATCH
  if [ "$have226" = 1 ]; then
    read -r a_t a_m a_c < <(measure nix226 "$f")
    cmp -s "$tmp/out" "$exp" || ok="$ok NIX226-MISMATCH"
    addlog t226 "$tt" "$a_t"
    addlog c226 "$tc" "$a_c"
    addlog m226 "$tm" "$a_m"
    n226=$((n226 + 1))
  fi
  if [ "$have28" = 1 ]; then
    read -r b_t b_m b_c < <(measure nix28 "$f")
    cmp -s "$tmp/out" "$exp" || ok="$ok NIX28-MISMATCH"
    addlog t28 "$tt" "$b_t"
    addlog c28 "$tc" "$b_c"
    addlog m28 "$tm" "$b_m"
    n28=$((n28 + 1))
  fi
  a_mr=- b_mr=-
  [ "$a_m" != 0 ] && a_mr=$(ratio "$tm" "$a_m")
  [ "$b_m" != 0 ] && b_mr=$(ratio "$tm" "$b_m")
  printf '%-12s %6s %6s %6s %5s %5s %6s %6s %6s %5s %5s %5d %5d %5d %5s %5s %s\n' "$name" \
    "$tt" "$a_t" "$b_t" "$(ratio "$tt" "$a_t")" "$(ratio "$tt" "$b_t")" \
    "$tc" "$a_c" "$b_c" "$(ratio "$tc" "$a_c")" "$(ratio "$tc" "$b_c")" \
    $((tm / 1024)) $((a_m / 1024)) $((b_m / 1024)) "$a_mr" "$b_mr" "$ok"
done
geo() { awk "BEGIN{printf \"%.2f\", exp($1/$2)}"; }
if [ "$n226" -gt 0 ]; then
  printf 'geomean tvix/2.26: wall %s×, CPU %s×, peak RSS %s× (goals: wall ≤ 0.40×, RSS ≤ 0.50×)\n' \
    "$(geo "${logsum[t226]}" $n226)" "$(geo "${logsum[c226]}" $n226)" "$(geo "${logsum[m226]}" $n226)"
fi
if [ "$n28" -gt 0 ]; then
  printf 'geomean tvix/2.8:  wall %s×, CPU %s×, peak RSS %s×\n' \
    "$(geo "${logsum[t28]}" $n28)" "$(geo "${logsum[c28]}" $n28)" "$(geo "${logsum[m28]}" $n28)"
fi
echo "(best of $RUNS run(s) by CPU time)"
