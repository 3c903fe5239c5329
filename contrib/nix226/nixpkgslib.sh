#!/usr/bin/env bash
# nixpkgslib.sh: evaluate nixpkgs lib's own tests (lib/tests/misc.nix, which
# prints the list of failing tests, [ ] when all pass) with tvix and, when the
# chroot is set up, Nix 2.26; print each one's result and time, and whether
# tvix printed what Nix printed.
#
# The lib copies are not part of this repository: each is a directory under
# $TVIX_NIXPKGSLIB (default ~/.cache/tvix-suites/nixpkgs-lib) holding lib/
# and the file SOURCE that says where its files came from.
#
#   contrib/nix226/nixpkgslib.sh [COPY...]   (default: every copy)
#
# Exits 1 if tvix's output differs from Nix 2.26's for any copy, or if a copy
# cannot be evaluated by tvix.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
suites=${TVIX_NIXPKGSLIB:-$HOME/.cache/tvix-suites/nixpkgs-lib}
nixroot=${NIX226_ROOT:-/var/cache/tvix-nix226}

work=$(mktemp -d /tmp/tvix-nixpkgslib-XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/tvix" ./cmd/tvix) || exit 1

copies=("$@")
if [[ ${#copies[@]} == 0 ]]; then
	for d in "$suites"/*/; do
		[[ -e $d/lib/tests/misc.nix ]] && copies+=("$(basename "$d")")
	done
fi
if [[ ${#copies[@]} == 0 ]]; then
	echo "nixpkgslib: no lib copies in $suites (see contrib/nix226/nixpkgslib.sh)" >&2
	exit 1
fi

# summary FILE: "[ ]" or the number and names of the failing tests.
summary() {
	if [[ $(tr -d ' \n' <"$1") == "[]" ]]; then
		echo "[ ]"
	else
		local names
		names=$(grep -o 'name = "[^"]*"' "$1" | sed 's/name = "\(.*\)"/\1/' | tr '\n' ' ' | sed 's/ $//')
		echo "$(wc -w <<<"$names") failing: $names"
	fi
}

status=0
for c in "${copies[@]}"; do
	dir=$suites/$c
	out=$work/$c
	mkdir -p "$out"
	# Both run in lib/, as lib/tests/misc.nix says to; TIMEFORMAT gives
	# wall-clock and CPU seconds of the evaluator alone.
	(cd "$dir/lib" && TIMEFORMAT='%R s wall, %U s user, %S s sys' bash -c \
		'time "$0" instantiate --eval --strict tests/misc.nix' "$work/tvix" \
		>"$out/tvix.out" 2>"$out/tvix.err")
	rc=$?
	t=$(tail -1 "$out/tvix.err")
	if [[ $rc != 0 ]]; then
		echo "$c: tvix: exit $rc ($t): $(grep -m1 error "$out/tvix.err")"
		status=1
	else
		echo "$c: tvix: $(summary "$out/tvix.out") ($t)"
	fi
	if [[ -x $nixroot/usr/bin/nix-instantiate && $(id -u) == 0 ]]; then
		(cd "$dir/lib" && NIX226_BIND=$dir NIX226_ROOT=$nixroot "$root/contrib/nix226/run" \
			bash -c 'TIMEFORMAT="%R s wall, %U s user, %S s sys"; time nix-instantiate --eval --strict tests/misc.nix' \
			>"$out/nix.out" 2>"$out/nix.err")
		nrc=$?
		t=$(tail -1 "$out/nix.err")
		if [[ $nrc != 0 ]]; then
			echo "$c: nix-2.26: exit $nrc ($t): $(grep -m1 error "$out/nix.err")"
		else
			echo "$c: nix-2.26: $(summary "$out/nix.out") ($t)"
		fi
		if [[ $rc == "$nrc" ]] && cmp -s "$out/tvix.out" "$out/nix.out"; then
			echo "$c: tvix prints what Nix 2.26 prints"
		else
			echo "$c: tvix and Nix 2.26 differ:"
			diff <(tr ';' '\n' <"$out/tvix.out") <(tr ';' '\n' <"$out/nix.out") | head -20
			status=1
		fi
	fi
done
exit $status
