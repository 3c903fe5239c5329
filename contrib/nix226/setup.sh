#!/usr/bin/env bash
# setup.sh - make a Debian 13 chroot holding Nix 2.26 (Debian's nix-bin),
# today's reference Nix: expected outputs are re-recorded from it, and the
# Nix daemon protocol tests run it as a client. Needs root and the network
# (Debian's registry); takes a few minutes and about 500 MB. make deps runs
# it; the evaluator's tests replay recordings and never need it. The
# chroot also has OpenSSH's client, for Nix's ssh-ng:// remote builders;
# a chroot made before that gets it on the next run.
#
# Usage: setup.sh [DIR]   (default: $NIX226_ROOT or /var/cache/tvix-nix226)
set -euo pipefail

root=${1:-${NIX226_ROOT:-/var/cache/tvix-nix226}}
[[ $(id -u) == 0 ]] || { echo "setup.sh: needs root" >&2; exit 1; }

if [[ -x "$root/usr/bin/nix-instantiate" && -x "$root/usr/bin/ssh" ]]; then
	echo "Nix already set up in $root" >&2
	exit 0
fi
if ! command -v debootstrap >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
fi
mkdir -p "$root"
# A half-made chroot from an interrupted run is finished, not redone.
if [[ ! -x "$root/usr/bin/apt-get" ]]; then
	debootstrap --variant=minbase trixie "$root"
fi
# Install in a private mount namespace so the bind mounts vanish with it.
unshare --mount --propagation private bash -euc '
	root=$1
	mount --bind /proc "$root/proc"
	mount --bind /dev "$root/dev"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	chroot "$root" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		apt-get install -y -qq nix-bin openssh-client
' setup "$root"
"$(dirname "$0")/run" nix-instantiate --version
