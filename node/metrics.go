package node

import (
	"net/http"
	"strconv"
	"sync"

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
	}
	m.reg.MustRegister(m.requests, m.respBytes,
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
