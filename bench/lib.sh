# lib.sh - helpers the bench scripts source (from the repository's top
# directory). TIMED_DIR must name a scratch directory for timed.

# timed CMD...: runs CMD with its output discarded and prints
# "<wall ms> <cpu ms>" (user+sys); on failure it prints the end of its
# stderr and fails.
timed() {
	local t TIMEFORMAT='%R %U %S'
	t=$( { time "$@" >/dev/null 2>"$TIMED_DIR/stderr"; } 2>&1 ) || {
		echo "failed: $*" >&2
		tail -n 20 "$TIMED_DIR/stderr" >&2
		return 1
	}
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}

# median N...: the median of the numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# tvix_bins: builds $TVIX (default bin/tvix) unless it exists, and
# tvix-sandbox next to it (tvix creates its containers through it when
# it sits there); sets TVIX.
tvix_bins() {
	TVIX="${TVIX:-bin/tvix}"
	[ -x "$TVIX" ] || go build -o "$TVIX" ./cmd/tvix
	local sandbox
	sandbox="$(dirname "$TVIX")/tvix-sandbox"
	[ -x "$sandbox" ] || go build -o "$sandbox" ./cmd/tvix-sandbox
}
