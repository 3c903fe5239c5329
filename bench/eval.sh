#!/usr/bin/env bash
# Evaluator benchmarks: runs each bench/eval/*.nix under
# `tvix instantiate --eval --strict` and `nix-instantiate --eval --strict`,
# checks both outputs against the recorded .exp (from Nix 2.8), and prints
# wall time, CPU time (user+sys, steadier on a busy machine) and peak RSS
# of each plus the tvix/nix ratios and their geometric means. Workloads that need features not built yet are listed
# in PENDING and reported, not run.
set -euo pipefail
cd "$(dirname "$0")/.."
# TVIX names a tvix binary to time; by default bin/tvix is rebuilt from
# this tree first, so a stale build is never measured.
if [ -z "${TVIX:-}" ]; then
  TVIX=bin/tvix
  go build -o "$TVIX" ./cmd/tvix
fi
NIX=${NIX:-nix-instantiate}
PENDING=" "   # workloads needing features not built yet
RUNS=${RUNS:-1}

have_nix=1
command -v "$NIX" >/dev/null || { echo "eval bench: $NIX not installed; timing tvix only"; have_nix=0; }

# measure CMD... prints "wall-seconds kilobytes cpu-seconds" of the best
# (by CPU time) of $RUNS runs and leaves stdout in $tmp/out.
measure() {
  local best_t="" best_m="" best_c="" t m u s c
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || { echo "FAILED: $*" >&2; cat "$tmp/err" >&2; return 1; }
    read -r t m u s <"$tmp/time"
    c=$(awk "BEGIN{print $u + $s}")
    if [ -z "$best_c" ] || awk "BEGIN{exit !($c < $best_c)}"; then best_t=$t; best_m=$m; best_c=$c; fi
  done
  echo "$best_t $best_m $best_c"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-12s %7s %7s %6s %8s %8s %6s %8s %8s %6s %s\n' workload tvix_s nix_s time× tvix_cpu nix_cpu cpu× tvix_MB nix_MB rss× output
lt=0; lm=0; lc=0; n=0
for f in bench/eval/*.nix; do
  name=$(basename "$f" .nix)
  if [[ "$PENDING" == *" $name "* ]]; then
    printf '%-12s %s\n' "$name" "pending (needs the derivation issue)"
    continue
  fi
  read -r tt tm tc < <(measure "$TVIX" instantiate --eval --strict "$f")
  ok=ok
  cmp -s "$tmp/out" "${f%.nix}.exp" || ok="TVIX-MISMATCH"
  if [ "$have_nix" = 1 ]; then
    read -r nt nm nc < <(measure "$NIX" --eval --strict "$f")
    cmp -s "$tmp/out" "${f%.nix}.exp" || ok="$ok NIX-MISMATCH"
    rt=$(awk "BEGIN{printf \"%.2f\", $tt/$nt}")
    rc=$(awk "BEGIN{printf \"%.2f\", $tc/$nc}")
    rm=$(awk "BEGIN{printf \"%.2f\", $tm/$nm}")
    lt=$(awk "BEGIN{print $lt + log($tt/$nt)}")
    lc=$(awk "BEGIN{print $lc + log($tc/$nc)}")
    lm=$(awk "BEGIN{print $lm + log($tm/$nm)}")
    n=$((n + 1))
  else
    nt=-; nm=0; nc=-; rt=-; rc=-; rm=-
  fi
  printf '%-12s %7s %7s %6s %8s %8s %6s %8d %8d %6s %s\n' "$name" "$tt" "$nt" "$rt" "$tc" "$nc" "$rc" $((tm / 1024)) $((nm / 1024)) "$rm" "$ok"
done
if [ "$n" -gt 0 ]; then
  printf 'geomean (tvix / nix): wall time %.2f×, CPU time %.2f×, peak RSS %.2f× (goals: time ≤ 0.70×, RSS ≤ 0.50×)\n' \
    "$(awk "BEGIN{print exp($lt/$n)}")" "$(awk "BEGIN{print exp($lc/$n)}")" "$(awk "BEGIN{print exp($lm/$n)}")"
fi
