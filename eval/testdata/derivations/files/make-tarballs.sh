#!/bin/sh
# Remakes the tarball fixtures fetch.nix and err-tarball-toplevel.nix read
# (inputs, not expected values: those come from nix-instantiate).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pkg-1.0/bin"
printf 'tool\n' > "$tmp/pkg-1.0/bin/tool"
chmod +x "$tmp/pkg-1.0/bin/tool"
printf 'readme\n' > "$tmp/pkg-1.0/README"
ln -s README "$tmp/pkg-1.0/LINK"
t="tar --sort=name --mtime=2020-01-01 --owner=0 --group=0 --numeric-owner"
$t -C "$tmp" -czf pkg.tar.gz pkg-1.0
$t -C "$tmp" -cJf pkg.tar.xz pkg-1.0
$t -C "$tmp/pkg-1.0" -czf two-top.tar.gz README bin
