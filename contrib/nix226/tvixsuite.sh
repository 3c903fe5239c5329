#!/usr/bin/env bash
# tvixsuite.sh: run Tvix's language tests (eval/src/tests of the Rust Tvix:
# tvix_tests/ and nix_tests/) against tvix and, when the chroot is set up,
# Nix 2.26; print a summary line for each. The suite lives in a directory
# outside this repository (default ~/.cache/tvix-suites/tvix) and is never
# copied into it.
#
#   contrib/nix226/tvixsuite.sh [-v|-vv] [DIR]
#
# -v lists every case that fails, -vv also those judged against Nix 2.26.
# TVIX=BINARY runs that tvix instead of building this checkout's.
#
# The cases are those Tvix's own harness runs: eval-okay-*, eval-fail-* and
# identity-* in each folder (notyetpassing/ and disabled-* apart), evaluated
# like `nix-instantiate --eval --strict`. An eval-okay case passes when its
# output, trimmed, equals its .exp (or .exp.xml with --xml); an eval-fail
# case when evaluation exits 1; an identity case when the output is the
# source. Tvix's printer is not Nix's everywhere (<LAMBDA>, ...), and a
# copy of the suite may lack an .exp or hold one of another version than its
# .nix, so Nix 2.26 is the oracle: where Nix does not meet a case's
# expectation (or there is none), tvix is judged against Nix's result
# instead (its output, or failing where Nix fails).
set -uo pipefail
verbose=
[[ ${1:-} == -v || ${1:-} == -vv ]] && { verbose=$1; shift; }
root=$(cd "$(dirname "$0")/../.." && pwd)
suite=${1:-$HOME/.cache/tvix-suites/tvix}
[[ -d $suite/tvix_tests ]] || { echo "tvixsuite: no suite at $suite (tvix_tests/ missing)" >&2; exit 1; }
nix=$root/contrib/nix226/bin/nix-instantiate
[[ -x ${NIX226_ROOT:-/var/cache/tvix-nix226}/usr/bin/nix-instantiate ]] || nix=

work=$(mktemp -d /tmp/tvix-tvixsuite-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
if [[ -n ${TVIX:-} ]]; then
	cp "$TVIX" "$work/bin/tvix" || exit 1
else
	(cd "$root" && go build -o "$work/bin/tvix" ./cmd/tvix) || exit 1
fi
printf "#!/bin/sh\\nexec %s instantiate \"\$@\"\\n" "$work/bin/tvix" >"$work/bin/tvix-instantiate"
chmod +x "$work/bin/tvix-instantiate"
cp -r "$suite" "$work/suite"
export TEST_VAR=foo NIX_REMOTE=dummy:// NIX_STORE_DIR=/nix/store HOME=/fake-home

# eval1 IMPL FILE KIND: evaluate one case, leaving FILE.IMPL.{out,err,rc}.
# Nix 2.26's results are kept in DIR/.nix226/ (keyed by the case's hash)
# and replayed while the case is unchanged.
eval1() {
	local impl=$1 f=$2 kind=$3 ni flags=(--eval --strict) rel key cache
	ni=$work/bin/tvix-instantiate
	if [[ $impl == nix ]]; then
		ni=$nix
		rel=${f#"$work/suite/"} key=$(sha256sum <"$f" | cut -c1-64)
		cache=$suite/.nix226/$rel
		if [[ $(cat "$cache.key" 2>/dev/null) == "$key" ]]; then
			for x in out err rc; do cp "$cache.$x" "$f.nix.$x"; done
			return
		fi
	fi
	[[ $kind == xml ]] && flags=(--eval --xml --no-location --strict)
	(cd "$(dirname "$f")" && timeout 30 "$ni" "${flags[@]}" "$(basename "$f")" >"$f.$impl.out" 2>"$f.$impl.err")
	echo $? >"$f.$impl.rc"
	if [[ $impl == nix ]]; then
		mkdir -p "$(dirname "$cache")"
		for x in out err rc; do cp "$f.nix.$x" "$cache.$x"; done
		echo "$key" >"$cache.key"
	fi
}

# trimmed FILE: FILE's text without leading or trailing white space.
trimmed() {
	local s
	s=$(<"$1")
	s=${s#"${s%%[![:space:]]*}"}
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

# meets IMPL FILE KIND: whether IMPL's result for the case meets the
# suite's expectation (exit 1 for eval-fail; exit 0 and the .exp, .exp.xml
# or, for identity cases, the source itself otherwise).
meets() {
	local impl=$1 f=$2 kind=$3 base=${2%.nix} exp out
	[[ $kind == fail ]] && { [[ $(cat "$f.$impl.rc") == 1 ]]; return; }
	[[ $(cat "$f.$impl.rc") == 0 ]] || return 1
	case $kind in
	identity) exp=$(trimmed "$f") out=$(trimmed "$f.$impl.out") ;;
	xml) exp=$(cat "$base.exp.xml") out=$(cat "$f.$impl.out") ;;
	okay) [[ -e $base.exp ]] || return 2; exp=$(trimmed "$base.exp") out=$(trimmed "$f.$impl.out") ;;
	esac
	[[ $out == "$exp" ]]
}

# judge IMPL FILE KIND: print "ok", "nix" (passes against Nix 2.26, the
# oracle, where the suite's expectation is missing or Nix does not meet it)
# or a one-line reason the case fails.
judge() {
	local impl=$1 f=$2 kind=$3 rc m
	rc=$(cat "$f.$impl.rc")
	meets "$impl" "$f" "$kind"; m=$?
	if [[ $impl == nix ]]; then
		case $m in 0) echo ok ;; 2) [[ $rc == 0 ]] && echo nix || echo "exits $rc (no .exp)" ;;
		*) echo "does not meet the expectation (exit $rc)" ;; esac
		return
	fi
	if [[ -z $nix ]] || meets nix "$f" "$kind"; then
		[[ $kind == fail && $m != 0 ]] && { echo "exits $rc, want 1"; return; }
		case $m in 0) echo ok ;; 2) echo "no .exp (and no Nix 2.26 to compare with)" ;;
		*) echo "exit $rc; $(if [[ $rc == 0 ]]; then echo output differs; else head -c 300 "$f.tvix.err" | grep -m1 -v '^error:$\|^ *…'; fi)" ;; esac
		return
	fi
	# Nix 2.26 does not meet the expectation (or there is none): it is the oracle.
	local nrc
	nrc=$(cat "$f.nix.rc")
	if [[ $nrc != 0 ]]; then
		[[ $rc != 0 && $rc != 124 ]] && echo nix || echo "exit $rc where Nix 2.26 fails (exit $nrc)"
	elif [[ $rc == 0 ]] && cmp -s <(trimmed "$f.tvix.out") <(trimmed "$f.nix.out"); then echo nix
	else echo "exit $rc; differs from Nix 2.26's output"; fi
}

declare -A total pass byNix
for dir in tvix_tests nix_tests tvix_tests/notyetpassing nix_tests/notyetpassing; do
	[[ -d $work/suite/$dir ]] || continue
	for f in "$work/suite/$dir"/{eval-okay,eval-fail,identity}-*.nix; do
		[[ -e $f ]] || continue
		case $(basename "$f") in
		eval-fail-*) kind=fail ;;
		identity-*) kind=identity ;;
		*) kind=okay; [[ -e ${f%.nix}.exp.xml && ! -e ${f%.nix}.exp ]] && kind=xml ;;
		esac
		group=${dir%%/*}
		[[ $dir == */notyetpassing ]] && group=notyetpassing
		[[ -n $nix ]] && eval1 nix "$f" "$kind"
		eval1 tvix "$f" "$kind"
		for impl in tvix ${nix:+nix}; do
			total[$impl.$group.$kind]=$((${total[$impl.$group.$kind]:-0} + 1))
			r=$(judge "$impl" "$f" "$kind")
			case $r in
			ok) pass[$impl.$group.$kind]=$((${pass[$impl.$group.$kind]:-0} + 1)) ;;
			nix)
				pass[$impl.$group.$kind]=$((${pass[$impl.$group.$kind]:-0} + 1))
				byNix[$impl]=$((${byNix[$impl]:-0} + 1))
				[[ $verbose == -vv ]] && echo "  $impl: $dir/$(basename "$f"): judged against Nix 2.26" ;;
			*) [[ $verbose ]] && echo "  $impl: $dir/$(basename "$f"): $r" ;;
			esac
		done
	done
done

for impl in tvix ${nix:+nix}; do
	name=$impl
	[[ $impl == nix ]] && name=nix-2.26
	line="$name:" all=0 allt=0
	for group in tvix_tests nix_tests; do
		for kind in okay xml fail identity; do
			t=${total[$impl.$group.$kind]:-0} p=${pass[$impl.$group.$kind]:-0}
			((t > 0)) || continue
			label=eval-$kind
			[[ $kind == xml ]] && label=eval-okay-xml
			[[ $kind == identity ]] && label=identity
			line+=" $group $label $p/$t,"
			all=$((all + p)) allt=$((allt + t))
		done
	done
	np=0 nt=0
	for kind in okay xml fail identity; do
		nt=$((nt + ${total[$impl.notyetpassing.$kind]:-0})) np=$((np + ${pass[$impl.notyetpassing.$kind]:-0}))
	done
	what="judged against Nix 2.26"
	[[ $impl == nix ]] && what="without an .exp to meet"
	echo "$line total $all/$allt; notyetpassing $np/$nt; $what: ${byNix[$impl]:-0}"
done
