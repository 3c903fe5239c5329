#!/usr/bin/env bash
# Build farm benchmark (needs root, busybox-static and nix-bin): 4 tvix-node
# processes on loopback with one build slot each build a graph of 200
# busybox derivations with known durations (sleeps) from one node. Prints
# the makespan against its lower bound max(critical path, total work /
# slots) (goal <= 1.1x) and the job pickup latency from ready (offered,
# with a free slot) to running (goal p50 <= 100 ms). See BenchmarkFarm in
# node/farm_bench_test.go.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench '^BenchmarkFarm$' -benchtime 1x -count 1 -timeout 30m -v ./node/ \
	| grep -E '^(Benchmark|    farm_bench_test|ok|FAIL|PASS)'
