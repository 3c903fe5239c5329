package node

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the node's Prometheus metrics, served at /metrics from a
// registry of the node's own (so several nodes can live in one process).
// Counters the node increments live here; what other parts of the node
// already count (the p2p layer, the store, the farm through StatusSource)
// is read at scrape time by nodeCollector.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	respBytes *prometheus.CounterVec
	narinfos  *prometheus.CounterVec
	uploads   *prometheus.CounterVec
	lookups   *prometheus.CounterVec
	lookupDur prometheus.Histogram
	hits      sync.Map // narinfo result -> *atomic.Uint64, for the status page
	routes    sync.Map // routeKey -> routeCounters, saving label lookups per request
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		respBytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_http_response_bytes_total", Help: "Bytes of HTTP response bodies by route.",
		}, []string{"route"}),
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
	m.reg.MustRegister(m.requests, m.respBytes, m.narinfos, m.uploads, m.lookups, m.lookupDur,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// routeCounters are the request and byte counters of one route and
// status code.
type routeCounters struct{ requests, bytes prometheus.Counter }

// observe counts one finished request.
func (m *metrics) observe(route string, code int, n int64) {
	key := routeKey{route, code}
	c, ok := m.routes.Load(key)
	if !ok {
		if route == "" {
			route = "unmatched"
		}
		c, _ = m.routes.LoadOrStore(key, routeCounters{
			m.requests.WithLabelValues(route, strconv.Itoa(code)), m.respBytes.WithLabelValues(route)})
	}
	rc := c.(routeCounters)
	rc.requests.Inc()
	rc.bytes.Add(float64(n))
}

type routeKey struct {
	route string
	code  int
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
