#!/usr/bin/env bash
# Peer-to-peer benchmarks, side by side in one run on one machine, all on
# loopback (p2p/bench_test.go):
#   - fetch a closure of many small files and one large file from one peer
#     vs the same bytes over a bare libp2p stream with the same security
#     (TLS, and TLS inside a PSK network); goal: fetch >= 80% of bare,
#   - re-fetch a 100 MiB file after a 1% change in its middle; goal: <= 5%
#     of its bytes received,
#   - FindProviders on a 20-node cluster; goal: p50 <= 2 ms ("first":
#     first provider, as a fetch starts; "complete": the whole lookup).
# BENCH_CLOSURE_MIB (default 1024) and BENCH_REFETCH_MIB (default 100)
# change the sizes; BENCH_RUNS (default 1) repeats each benchmark;
# BENCH_FILTER runs only the benchmarks matching it.
set -euo pipefail
cd "$(dirname "$0")/.."

export TVIX_BENCH_CLOSURE_MIB=${BENCH_CLOSURE_MIB:-1024}
export TVIX_BENCH_REFETCH_MIB=${BENCH_REFETCH_MIB:-100}
runs=${BENCH_RUNS:-1}

out=$(mktemp /tmp/tvix-bench-p2p-XXXXXX)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench "${BENCH_FILTER:-FetchClosure|BareStream|RefetchAfterChange|FindProviders}" \
	-benchtime 1x -count "$runs" -timeout 60m ./p2p | tee "$out" >&2

# mbps NAME prints the best MB/s of benchmark NAME.
mbps() { awk -v n="$1" '{ k = $1; sub(/-[0-9]+$/, "", k) } k == n { for (i = 1; i < NF; i++) if ($(i+1) == "MB/s" && $i > best) best = $i } END { print best + 0 }' "$out"; }
# metric NAME UNIT prints the last value of UNIT reported by NAME.
metric() { awk -v n="$1" -v u="$2" '{ k = $1; sub(/-[0-9]+$/, "", k) } k == n { for (i = 1; i < NF; i++) if ($(i+1) == u) v = $i } END { print v + 0 }' "$out"; }

echo
echo "p2p benchmarks (loopback, closure ${TVIX_BENCH_CLOSURE_MIB} MiB, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
# Wall-clock MB/s, and MB per CPU-second (the fairer figure when other
# work loads the machine).
for sec in tls tls+psk; do
	f=$(mbps "BenchmarkFetchClosure/$sec")
	b=$(mbps "BenchmarkBareStream/$sec")
	fc=$(metric "BenchmarkFetchClosure/$sec" MB/cpu-s)
	bc=$(metric "BenchmarkBareStream/$sec" MB/cpu-s)
	awk -v s="$sec" -v f="$f" -v b="$b" -v fc="$fc" -v bc="$bc" 'BEGIN {
		if (f == 0 && b == 0) exit
		printf "  closure fetch %-8s %7.1f MB/s (%6.1f MB/cpu-s)   bare stream %7.1f MB/s (%6.1f MB/cpu-s)   ratio %5.1f%% wall, %5.1f%% cpu (goal >= 80%%)\n",
			s, f, fc, b, bc, (b > 0 ? 100 * f / b : 0), (bc > 0 ? 100 * fc / bc : 0) }'
done
awk -v p="$(metric BenchmarkRefetchAfterChange %received)" -v m="$TVIX_BENCH_REFETCH_MIB" 'BEGIN { if (p == 0) exit; printf "  refetch after 1%% change of %d MiB: %.2f%% of the file received (goal <= 5%%)\n", m, p }'
for mode in first complete; do
	awk -v m="$mode" -v p50="$(metric "BenchmarkFindProviders/$mode" p50-ms)" -v p90="$(metric "BenchmarkFindProviders/$mode" p90-ms)" \
		'BEGIN { if (p50 == 0) exit; printf "  FindProviders (20 nodes, %-8s): p50 %.3f ms, p90 %.3f ms (goal p50 <= 2 ms)\n", m, p50, p90 }'
done
