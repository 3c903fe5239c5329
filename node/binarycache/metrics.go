package binarycache

import (
	"sync"
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
	hits      sync.Map // narinfo result -> *atomic.Uint64, for Cache.Hits
}

func newMetrics() *metrics {
	return &metrics{
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
	}
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
	m.narinfos.WithLabelValues(result).Inc()
	c, _ := m.hits.LoadOrStore(result, new(atomic.Uint64))
	c.(*atomic.Uint64).Add(1)
}

// narinfoCount is how many narinfo requests had result.
func (m *metrics) narinfoCount(result string) uint64 {
	if c, ok := m.hits.Load(result); ok {
		return c.(*atomic.Uint64).Load()
	}
	return 0
}
