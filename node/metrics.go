package node

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the node's Prometheus counters, served at /metrics from a
// registry of the node's own (so several nodes can live in one process).
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	respBytes *prometheus.CounterVec
	narinfos  *prometheus.CounterVec
	uploads   *prometheus.CounterVec
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
			Name: "tvix_binary_cache_narinfo_total", Help: "narinfo lookups by result (hit or miss).",
		}, []string{"result"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tvix_binary_cache_uploads_total", Help: "Uploaded store paths by result (accepted, refused, failed).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.respBytes, m.narinfos, m.uploads,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// observe counts one finished request.
func (m *metrics) observe(route string, code int, n int64) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.respBytes.WithLabelValues(route).Add(float64(n))
}
