#!/usr/bin/env bash
# langsuite.sh: run the language test suite of Nix 2.26 (tests/functional/lang
# in the source Debian ships as nix_2.26.3+dfsg.orig.tar.xz) the way its
# lang.sh runs it, against tvix and, when the chroot is set up, Nix 2.26
# itself; print a summary line for each. The suite is downloaded into a
# cache directory and never copied into this repository.
#
#   contrib/nix226/langsuite.sh [-v]     (-v lists every case that fails)
#
# TVIX_LANGSUITE_DIR=DIR runs another copy of the suite instead: DIR is a
# lang directory, either flat (lang/eval-okay-X.nix, run as lang.sh does) or
# in the per-kind folders of today's Nix (lang/eval-okay/X.nix, run as its
# test.py does).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TVIX_LANGSUITE_CACHE:-$HOME/.cache/tvix-langsuite}
tarball=nix_2.26.3+dfsg.orig.tar.xz
url=${NIX_SOURCE_URL:-http://deb.debian.org/debian/pool/main/n/nix/$tarball}
verbose=${1:-}

mkdir -p "$cache"
if [[ -n ${TVIX_LANGSUITE_DIR:-} ]]; then
	suite=$(cd "$TVIX_LANGSUITE_DIR" && pwd) || exit 1
elif [[ ! -d $cache/src ]]; then
	curl -sSfL -o "$cache/$tarball" "$url" || { echo "langsuite: cannot download $url" >&2; exit 1; }
	mkdir -p "$cache/src" && tar -xf "$cache/$tarball" -C "$cache/src" --strip-components=1 || exit 1
fi
suite=${suite:-$cache/src/tests/functional/lang}
work=$(mktemp -d /tmp/tvix-langsuite-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" && (cd "$root" && go build -o "$work/bin/tvix" ./cmd/tvix) || exit 1
printf "#!/bin/sh\\nexec %s instantiate \"\$@\"\\n" "$work/bin/tvix" >"$work/bin/tvix-instantiate"
chmod +x "$work/bin/tvix-instantiate"

# same OUT EXP: OUT equals EXP, or is empty when there is no EXP.
same() { if [[ -e $2 ]]; then cmp -s "$1" "$2"; else [[ ! -s $1 ]]; fi; }
# bad MSG: report a failing case of the run named $name under -v.
bad() { [[ $verbose == -v ]] && echo "  $name: ${*#lang/}"; true; }

# run NAME NIX_INSTANTIATE: the cases in a copy of the suite, as lang.sh
# (show-trace on, as its test configuration sets it).
run() {
	local name=$1 ni=$2 dir=$work/$1 i rc flags
	mkdir -p "$dir" && cp -r "$suite" "$dir/lang"
	cd "$dir" || return
	export TEST_VAR=foo NIX_REMOTE=dummy:// NIX_STORE_DIR=/nix/store
	local po=0 pot=0 pf=0 pft=0 ef=0 eft=0 efs=0 eo=0 eot=0
	post() { [[ -e $1.postprocess ]] && bash "$1.postprocess" "$1" >/dev/null 2>&1; true; }
	for f in lang/parse-fail-*.nix; do
		i=${f%.nix}; pft=$((pft + 1))
		timeout 30 "$ni" --parse - <"$f" >"$i.out" 2>"$i.err"; rc=$?
		if [[ $rc == 1 ]]; then pf=$((pf + 1)); else bad "$i parses (exit $rc)"; fi
	done
	for f in lang/parse-okay-*.nix; do
		i=${f%.nix}; pot=$((pot + 1))
		timeout 30 "$ni" --parse - <"$f" >"$i.out" 2>"$i.err"; rc=$?
		sed -i "s!$dir!/pwd!g" "$i.out" "$i.err"; post "$i"
		if [[ $rc == 0 ]] && same "$i.out" "$i.exp" && same "$i.err" "$i.err.exp"; then po=$((po + 1)); else bad "$i (exit $rc)"; fi
	done
	for f in lang/eval-fail-*.nix; do
		i=${f%.nix}; eft=$((eft + 1))
		flags="--eval --strict"
		[[ -e $i.flags ]] && flags=$(sed -e 's/#.*//' <"$i.flags")
		# shellcheck disable=SC2086 # flags are split on purpose
		timeout 30 "$ni" --show-trace $flags "$f" >/dev/null 2>"$i.err"; rc=$?
		sed -i "s!$dir!/pwd!g" "$i.err"; post "$i"
		if [[ $rc != 1 ]]; then bad "$i evaluates (exit $rc)"; continue; fi
		ef=$((ef + 1))
		if same "$i.err" "$i.err.exp"; then efs=$((efs + 1)); else bad "$i: stderr differs"; fi
	done
	for f in lang/eval-okay-*.nix; do
		i=${f%.nix}
		if [[ -e $i.exp.xml ]]; then
			eot=$((eot + 1))
			timeout 30 "$ni" --eval --xml --no-location --strict "$f" >"$i.out.xml" 2>"$i.err"; rc=$?; post "$i"
			if [[ $rc == 0 ]] && same "$i.out.xml" "$i.exp.xml"; then eo=$((eo + 1)); else bad "$i (exit $rc)"; fi
		elif [[ ! -e $i.exp-disabled ]]; then
			eot=$((eot + 1))
			local -a fl=()
			[[ -e $i.flags ]] && read -r -a fl <"$i.flags"
			env NIX_PATH=lang/dir3:lang/dir4 HOME=/fake-home timeout 30 "$ni" "${fl[@]}" --eval --strict "$f" >"$i.out" 2>"$i.err"; rc=$?
			sed -i "s!$dir!/pwd!g" "$i.out" "$i.err"; post "$i"
			if [[ $rc == 0 ]] && same "$i.out" "$i.exp" && same "$i.err" "$i.err.exp"; then eo=$((eo + 1)); else bad "$i (exit $rc)"; fi
		fi
	done
	echo "$name: eval-okay $eo/$eot, eval-fail failing $ef/$eft (stderr equal $efs), parse-okay $po/$pot, parse-fail failing $pf/$pft"
}

# run_dirs NAME NIX_INSTANTIATE: the folder layout, as today's test.py runs
# it (flags files replace eval-fail's defaults; settings come in NIX_CONFIG).
run_dirs() {
	local name=$1 ni=$2 dir=$work/$1 i rc
	mkdir -p "$dir" && cp -r "$suite" "$dir/lang"
	cd "$dir" || return
	export TEST_VAR=foo NIX_REMOTE=dummy:// NIX_STORE_DIR=/nix/store
	export NIX_CONFIG=$'experimental-features = nix-command flakes fetch-tree\nshow-trace = true'
	local po=0 pot=0 pf=0 pft=0 ef=0 eft=0 efs=0 eo=0 eot=0
	local -a fl
	post() { [[ -e $1.postprocess.py ]] && python3 "$1.postprocess.py" "$1" >/dev/null 2>&1; true; }
	flags() { fl=("${@:2}"); [[ -e $1.flags ]] && read -r -a fl < <(sed -e 's/#.*//' "$1.flags"); true; }
	for f in lang/parse-fail/*.nix; do
		i=${f%.nix}; pft=$((pft + 1))
		timeout 30 "$ni" --parse - <"$f" >/dev/null 2>"$i.err"; rc=$?
		if [[ $rc == 1 ]]; then pf=$((pf + 1)); else bad "$i parses (exit $rc)"; fi
	done
	for f in lang/parse-okay/*.nix; do
		i=${f%.nix}; pot=$((pot + 1))
		timeout 30 "$ni" --parse - <"$f" >"$i.out" 2>"$i.err"; rc=$?
		sed -i "s!$dir!/pwd!g" "$i.out" "$i.err"; post "$i"
		if [[ $rc == 0 ]] && same "$i.out" "$i.exp" && same "$i.err" "$i.err.exp"; then po=$((po + 1)); else bad "$i (exit $rc)"; fi
	done
	for f in lang/eval-fail/*.nix; do
		i=${f%.nix}; eft=$((eft + 1))
		flags "$i" --eval --strict --show-trace
		timeout 30 "$ni" "${fl[@]}" "$f" >/dev/null 2>"$i.err"; rc=$?
		sed -i "s!$dir!/pwd!g" "$i.err"
		if [[ $rc != 1 ]]; then bad "$i evaluates (exit $rc)"; continue; fi
		post "$i"; ef=$((ef + 1))
		if same "$i.err" "$i.err.exp"; then efs=$((efs + 1)); else bad "$i: stderr differs"; fi
	done
	for f in lang/eval-okay/*.nix; do
		i=${f%.nix}
		if [[ -e $i.exp.xml ]]; then
			eot=$((eot + 1))
			timeout 30 "$ni" --eval --xml --no-location --strict "$f" >"$i.out.xml" 2>/dev/null; rc=$?; post "$i"
			if [[ $rc == 0 ]] && same "$i.out.xml" "$i.exp.xml"; then eo=$((eo + 1)); else bad "$i (exit $rc)"; fi
		elif [[ ! -e $i.exp-disabled ]]; then
			eot=$((eot + 1))
			flags "$i"
			env NIX_PATH=lang/dir3:lang/dir4 HOME=/fake-home timeout 30 "$ni" "${fl[@]}" --eval --strict "$f" >"$i.out" 2>"$i.err"; rc=$?
			sed -i "s!$dir!/pwd!g" "$i.out" "$i.err"; post "$i"
			if [[ $rc == 0 ]] && same "$i.out" "$i.exp" && same "$i.err" "$i.err.exp"; then eo=$((eo + 1)); else bad "$i (exit $rc)"; fi
		fi
	done
	echo "$name: eval-okay $eo/$eot, eval-fail failing $ef/$eft (stderr equal $efs), parse-okay $po/$pot, parse-fail failing $pf/$pft"
}
[[ -d $suite/eval-okay ]] && run() { run_dirs "$@"; }

run tvix "$work/bin/tvix-instantiate"
if [[ -x ${NIX226_ROOT:-/var/cache/tvix-nix226}/usr/bin/nix-instantiate ]]; then
	run nix-2.26 "$root/contrib/nix226/bin/nix-instantiate"
fi
