package p2p

import (
	"context"
	"sync"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p/core/peer"
)

// LookupBounds are the upper bounds, in seconds, of the buckets of
// LookupStats.Buckets: 1 ms to 16 s, each four times the last.
var LookupBounds = [...]float64{0.001, 0.004, 0.016, 0.064, 0.256, 1.024, 4.096, 16.384}

// LookupStats counts the DHT provider lookups a node made since it
// started (every one: store paths, blobs, directories, chunks).
type LookupStats struct {
	// Found is how many lookups found a provider other than this node;
	// None how many ended, or were abandoned, without one.
	Found, None uint64
	// Seconds is the sum of the lookups' latencies: the time to the
	// first other provider, or to the end of a lookup that found none.
	Seconds float64
	// Buckets[i] is how many latencies were at most LookupBounds[i]
	// (cumulative, as Prometheus histograms count).
	Buckets [len(LookupBounds)]uint64
}

// lookupStats accumulates LookupStats; the zero value is ready.
type lookupStats struct {
	mu     sync.Mutex
	s      LookupStats
	counts [len(LookupBounds)]uint64 // per bucket, not cumulative
}

func (l *lookupStats) record(found bool, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if found {
		l.s.Found++
	} else {
		l.s.None++
	}
	secs := d.Seconds()
	l.s.Seconds += secs
	for i, b := range LookupBounds {
		if secs <= b {
			l.counts[i]++
			break
		}
	}
}

func (l *lookupStats) snapshot() LookupStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.s
	var sum uint64
	for i, c := range l.counts {
		sum += c
		s.Buckets[i] = sum
	}
	return s
}

// LookupStats returns the counts of the node's DHT provider lookups so
// far. Safe for concurrent use.
func (n *Node) LookupStats() LookupStats { return n.lookups.snapshot() }

// findProvidersAsync is the DHT's FindProvidersAsync, counted in
// n.lookups. The returned channel closes when the lookup ends or ctx
// does; the caller must end ctx when it stops reading.
func (n *Node) findProvidersAsync(ctx context.Context, key cid.Cid, max int) <-chan peer.AddrInfo {
	start := time.Now()
	n.falselyProvide(key)
	in := n.dht.FindProvidersAsync(ctx, key, max)
	out := make(chan peer.AddrInfo)
	go func() {
		defer close(out)
		found := false
		defer func() {
			if !found {
				n.lookups.record(false, time.Since(start))
			}
		}()
		for ai := range in {
			if !found && ai.ID != n.host.ID() {
				found = true
				n.lookups.record(true, time.Since(start))
			}
			select {
			case out <- ai:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
