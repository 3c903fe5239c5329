package gossip

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkMetaConvergence50 measures how long a metadata update takes to
// reach all 50 members of an in-memory cluster (TimeScale 2, as 50 nodes
// share this machine's cores): ms/update is the figure.
func BenchmarkMetaConvergence50(b *testing.B) {
	const n = 50
	tn := testNet{name: "mem", mem: NewMemNetwork(1)}
	nodes := startScaledCluster(b, tn, n, 0, 2)
	var total time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src := nodes[i%n]
		meta := testMeta(i % n)
		meta.FreeSlots = uint32(1000 + i)
		start := time.Now()
		if err := src.SetMeta(context.Background(), meta); err != nil {
			b.Fatal(err)
		}
		waitFor(b, 30*time.Second, "the update reaches every node", func() bool {
			for _, node := range nodes {
				m, _ := node.Member(src.Name())
				if m.Meta.FreeSlots != meta.FreeSlots {
					return false
				}
			}
			return true
		})
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/update")
}

// BenchmarkDeathDetection measures the time from killing one of 5 nodes
// (LAN profile) until every survivor has declared it dead.
func BenchmarkDeathDetection(b *testing.B) {
	for _, name := range []string{"udp", "mem"} {
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				tn := testNet{name: name}
				if name == "mem" {
					tn.mem = NewMemNetwork(int64(i))
				}
				nodes := startCluster(b, tn, 5, 0)
				victim := nodes[4]
				b.StartTimer()
				start := time.Now()
				_ = victim.Shutdown()
				waitFor(b, 20*time.Second, fmt.Sprintf("%s declared dead", victim.Name()), func() bool {
					for _, node := range nodes[:4] {
						if !node.sawEvent(EventDead, victim.Name()) {
							return false
						}
					}
					return true
				})
				total += time.Since(start)
				b.StopTimer()
				for _, node := range nodes {
					_ = node.Shutdown()
				}
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/death")
		})
	}
}
