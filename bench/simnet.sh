#!/usr/bin/env bash
# The issue's two goal scenarios, each against its goal of at most 5
# minutes and 8 GB on this machine: the 1000-node DHT and the 200-node
# farm (10k derivations, 10% churn, one partition and heal). Prints each
# report, then wall time and peak RSS (GNU time) and their ratios to the
# goal. SEED picks the seed (default 1); SCENARIOS overrides the list.
set -euo pipefail
cd "$(dirname "$0")/.."
TVIX="${TVIX:-bin/tvix}"
SEED="${SEED:-1}"
SCENARIOS="${SCENARIOS:-simnet/testdata/dht1000.txt simnet/testdata/farm200.txt}"
[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix
[ -x /usr/bin/time ] || { echo "bench/simnet.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for s in $SCENARIOS; do
	echo "== $s (seed $SEED)"
	/usr/bin/time -v -o "$tmp" "$TVIX" simnet run --quiet --seed "$SEED" "$s"
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
		/Maximum resident set size/ { rss = $2 / 1024 / 1024 }
		END { printf "wall %.1f s (goal 300 s, ratio %.2f), peak RSS %.2f GB (goal 8 GB, ratio %.2f)\n", wall, wall / 300, rss, rss / 8 }
	' "$tmp"
done
