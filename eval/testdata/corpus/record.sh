#!/usr/bin/env bash
# record.sh - (re)record the expected outputs of the evaluator corpus by
# running C++ Nix (the nix-instantiate on PATH), the oracle. Never edit
# .exp/.err files by hand; run this instead. `make record226` runs it with
# Nix 2.26 from its chroot (contrib/nix226).
#
# Usage: record.sh [DIR|FILE.nix ...]   (default: every case under this dir)
#
# For every eval-okay-NAME.nix it writes eval-okay-NAME.exp (stdout) and, if
# Nix wrote anything to stderr (trace, warnings), eval-okay-NAME.err.
# For every eval-fail-NAME.nix it requires exit status 1 and writes
# eval-fail-NAME.err. See README.md for the exact command and environment.
set -euo pipefail

# CORPUS_ROOT overrides the directory whose absolute path .err files
# replace by <corpus> (for case directories outside this one).
root=${CORPUS_ROOT:-$(cd "$(dirname "$0")" && pwd)}
command -v nix-instantiate >/dev/null || { echo "record.sh: nix-instantiate not found" >&2; exit 2; }
nixbin=$(dirname "$(command -v nix-instantiate)")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

# normalise STDERR-FILE: machine-dependent absolute paths become <corpus>.
normalise() { sed -e "s|$root|<corpus>|g" "$1"; }

status=0
record() { # record DIR BASE (BASE = eval-okay-x or eval-fail-x)
	local dir=$1 base=$2 flags rc out err
	flags="--eval --strict"
	[[ -f "$dir/$base.flags" ]] && flags=$(tr '\n' ' ' <"$dir/$base.flags")
	out=$(mktemp) err=$(mktemp)
	set +e
	# shellcheck disable=SC2086 # flags are split on purpose
	(cd "$dir" && env -i PATH="$nixbin:/usr/bin:/bin" HOME="$home" NIX_PATH= TEST_VAR=foo \
		nix-instantiate $flags "$base.nix" >"$out" 2>"$err")
	rc=$?
	set -e
	case $base in
	eval-okay-*)
		if [[ $rc -ne 0 ]]; then
			echo "FAIL $dir/$base.nix: nix-instantiate exited $rc:" >&2
			cat "$err" >&2
			status=1
		else
			cp "$out" "$dir/$base.exp"
			if [[ -s "$err" ]]; then normalise "$err" >"$dir/$base.err"; else rm -f "$dir/$base.err"; fi
		fi
		;;
	eval-fail-*)
		if [[ $rc -ne 1 ]]; then
			echo "FAIL $dir/$base.nix: want exit 1, got $rc; stdout:" >&2
			cat "$out" >&2
			status=1
		else
			normalise "$err" >"$dir/$base.err"
		fi
		;;
	esac
	rm -f "$out" "$err"
}

targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("$root")
n=0
while IFS= read -r -d '' f; do
	record "$(cd "$(dirname "$f")" && pwd)" "$(basename "$f" .nix)"
	n=$((n + 1))
done < <(find "${targets[@]}" -type f \( -name 'eval-okay-*.nix' -o -name 'eval-fail-*.nix' \) -print0 | sort -z)
echo "recorded $n cases" >&2

# Expectation files whose case is gone are errors: remove them.
while IFS= read -r -d '' f; do
	if [[ ! -f "${f%.*}.nix" ]]; then
		echo "ORPHAN $f (no ${f%.*}.nix)" >&2
		status=1
	fi
done < <(find "${targets[@]}" -type f -name 'eval-*' \( -name '*.exp' -o -name '*.err' -o -name '*.flags' \) -print0)
exit $status
