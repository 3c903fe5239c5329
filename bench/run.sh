#!/usr/bin/env bash
# Runs every benchmark script, each printing its figures side by side with
# C++ Nix. `make bench` calls this after the go test benchmarks. Add a
# line per script.
set -euo pipefail
cd "$(dirname "$0")"

bash ./store.sh
bash ./s3.sh
bash ./eval.sh
bash ./pkgset.sh
bash ./build.sh
bash ./daemon.sh
bash ./p2p.sh
bash ./cache.sh
bash ./upstream.sh
bash ./farm.sh
bash ./check.sh
bash ./simnet.sh
