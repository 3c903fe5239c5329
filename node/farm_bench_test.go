package node_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/proto/nodev1"
)

// Shape of the benchmark graph: farmLayers layers of farmWidth
// derivations; each derivation past the first layer reads two of the layer
// before.
const (
	farmLayers = 10
	farmWidth  = 20
)

// farmSleep is the known duration of derivation i of layer l: 0.5s to
// 1.3s.
func farmSleep(l, i int) time.Duration {
	return 500*time.Millisecond + time.Duration((i*37+l*11)%9)*100*time.Millisecond
}

// farmInputs are the indexes in layer l-1 that derivation i of layer l reads.
func farmInputs(i int) []int { return []int{i, (i + 7) % farmWidth} }

// writeFarmGraph writes the benchmark graph as a Nix file whose value is
// the list of the last layer's derivations.
func writeFarmGraph(t testing.TB, salt string) string {
	t.Helper()
	busybox, err := filepath.Abs("../examples/busybox.nix")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "let\n  inherit (import %s { }) mkShell;\n", busybox)
	for l := range farmLayers {
		for i := range farmWidth {
			var deps []string
			if l > 0 {
				for _, k := range farmInputs(i) {
					deps = append(deps, fmt.Sprintf("${d%d_%d}", l-1, k))
				}
			}
			fmt.Fprintf(&b, "  d%d_%d = mkShell \"d%d-%d\" ''\n    busybox sleep %.1f\n    echo %s %d %d %s > $out\n  '' { };\n",
				l, i, l, i, farmSleep(l, i).Seconds(), salt, l, i, strings.Join(deps, " "))
		}
	}
	b.WriteString("in [")
	for i := range farmWidth {
		fmt.Fprintf(&b, " d%d_%d", farmLayers-1, i)
	}
	b.WriteString(" ]\n")
	p := filepath.Join(t.TempDir(), "farm.nix")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// farmBounds returns the graph's critical path and total work.
func farmBounds() (critical, total time.Duration) {
	prev := make([]time.Duration, farmWidth)
	for l := range farmLayers {
		cur := make([]time.Duration, farmWidth)
		for i := range farmWidth {
			var in time.Duration
			if l > 0 {
				for _, k := range farmInputs(i) {
					in = max(in, prev[k])
				}
			}
			cur[i] = in + farmSleep(l, i)
			total += farmSleep(l, i)
			critical = max(critical, cur[i])
		}
		prev = cur
	}
	return critical, total
}

// BenchmarkFarm builds a graph of 200 derivations with known durations
// (sleeps) on 4 tvix-node processes with one slot each, from one node,
// and reports the makespan against its lower bound max(critical path,
// total work / slots), and the pickup latency from a job being offered to
// its build starting on a slot. bench/farm.sh runs it.
func BenchmarkFarm(b *testing.B) {
	const nodes = 4
	for k := 0; k < b.N; k++ {
		b.StopTimer()
		c := startFarmCluster(b, nodes)
		graph := writeFarmGraph(b, fmt.Sprintf("bench-%d", time.Now().UnixNano()))
		roots := strings.Fields(c.instantiateFile(0, graph))
		if len(roots) != farmWidth {
			b.Fatalf("instantiate: %d roots, want %d", len(roots), farmWidth)
		}
		b.StartTimer()
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		done, err := c.client(0).Build(ctx, &nodev1.BuildRequest{DrvPaths: roots}, nil)
		cancel()
		makespan := time.Since(start)
		b.StopTimer()
		if err != nil || done.Failed > 0 {
			b.Fatalf("build: %v (%v failed)\n%s", err, done.GetFailed(), c.logs())
		}
		critical, total := farmBounds()
		bound := max(critical, total/nodes)
		// Pickup latency: from the moment a job was offered and its
		// builder's slot was free to the build starting in that slot. Time
		// a job waits while every slot is busy is queueing, not pickup.
		var pickups, waits []time.Duration
		var built int
		var ran time.Duration
		for i := range c.procs {
			var fs []*nodev1.FinishedBuild
			for _, f := range c.status(i).Finished {
				if f.Built && f.Error == "" {
					fs = append(fs, f)
				}
			}
			sort.Slice(fs, func(a, b int) bool { return fs[a].StartedUnixUs < fs[b].StartedUnixUs })
			var slotFree int64
			for _, f := range fs {
				built++
				ran += time.Duration(f.DurationMs) * time.Millisecond
				if f.ReadyUnixUs != 0 && f.StartedUnixUs != 0 {
					pickups = append(pickups, time.Duration(f.StartedUnixUs-max(f.ReadyUnixUs, slotFree))*time.Microsecond)
					waits = append(waits, time.Duration(f.StartedUnixUs-f.ReadyUnixUs)*time.Microsecond)
				}
				slotFree = f.StartedUnixUs + int64(f.DurationMs)*1000
			}
		}
		pct := func(ds []time.Duration, p float64) time.Duration {
			if len(ds) == 0 {
				return 0
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			return ds[min(int(p*float64(len(ds))), len(ds)-1)]
		}
		b.ReportMetric(makespan.Seconds(), "makespan-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(makespan.Seconds()/bound.Seconds(), "makespan/bound")
		b.ReportMetric(float64(pct(pickups, 0.5).Microseconds())/1000, "pickup-p50-ms")
		b.ReportMetric(float64(pct(pickups, 0.9).Microseconds())/1000, "pickup-p90-ms")
		b.Logf("%d derivations built (%d pickups measured); makespan %v; critical path %v, total work %v over %d slots: bound %v, ratio %.3f; "+
			"sandboxed build time (sleeps + overhead) %v, over %d slots %v (ratio to it %.3f); pickup (ready and slot free -> started) p50 %v p90 %v max %v; ready -> started incl. queueing p50 %v",
			built, len(pickups), makespan.Round(time.Millisecond), critical, total, nodes, bound, makespan.Seconds()/bound.Seconds(),
			ran.Round(time.Millisecond), nodes, (ran / nodes).Round(time.Millisecond), makespan.Seconds()/(ran/nodes).Seconds(),
			pct(pickups, 0.5), pct(pickups, 0.9), pct(pickups, 1), pct(waits, 0.5))
	}
}
