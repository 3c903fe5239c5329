package binarycache

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are what the cache counts: narinfo requests by result, uploads
// by result, and its DHT lookups. Config.Metrics exports them.
type metrics struct {
	narinfos  *prometheus.CounterVec
	uploads   *prometheus.CounterVec
	lookups   *prometheus.CounterVec
	lookupDur prometheus.Histogram
	// byResult counts narinfo requests by result (foundLocal, ...), for
	// Cache.Hits and narinfos; filled by newMetrics, read-only after.
	byResult map[string]*narinfoCount
}

// narinfoCount is the counters of one narinfo result.
type narinfoCount struct {
	n        atomic.Uint64
	exported prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		narinfos: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_binary_cache_narinfo_total",
			Help: "narinfo lookups by result: hit (local shard), peer (fetched from a peer through the DHT), miss.",
		}, []string{"result"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_binary_cache_uploads_total", Help: "Uploaded store paths by result (accepted, refused, failed).",
		}, []string{"result"}),
		lookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_binary_cache_dht_lookups_total",
			Help: "DHT provider lookups for store paths made by the binary cache, by result (found, none); tvix_dht_lookups_total counts every lookup.",
		}, []string{"result"}),
		lookupDur: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "tvix_binary_cache_dht_lookup_seconds",
			Help:    "Duration of the binary cache's DHT provider lookups.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 8),
		}),
		byResult: make(map[string]*narinfoCount),
	}
	for _, r := range []string{foundLocal, foundPeer, foundUpstream, foundNone} {
		m.byResult[r] = &narinfoCount{exported: m.narinfos.WithLabelValues(r)}
	}
	return m
}

// register adds the metrics to reg.
func (m *metrics) register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{m.narinfos, m.uploads, m.lookups, m.lookupDur} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// dhtLookup counts one provider lookup.
func (m *metrics) dhtLookup(found bool, d time.Duration) {
	result := "none"
	if found {
		result = "found"
	}
	m.lookups.WithLabelValues(result).Inc()
	m.lookupDur.Observe(d.Seconds())
}

// narinfo counts one narinfo request by result (foundLocal, ...).
func (m *metrics) narinfo(result string) {
	c := m.byResult[result]
	c.exported.Inc()
	c.n.Add(1)
}

// narinfoCount is how many narinfo requests had result.
func (m *metrics) narinfoCount(result string) uint64 {
	if c, ok := m.byResult[result]; ok {
		return c.n.Load()
	}
	return 0
}
